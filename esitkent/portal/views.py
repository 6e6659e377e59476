import csv
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from esitkent.core import xlsx
from esitkent.plans.models import Activity

from .caching import public, public_language
from .selectors import (
    OPEN_DATA_COLUMNS,
    activity_series,
    open_data_rows,
    plan_outline,
    public_plan,
    public_plans,
)

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.tr"


def _page(request, template, context):
    context["dil"] = public_language(request)
    context["q"] = "?dil=en" if context["dil"] == "en" else ""
    return render(request, template, context)


@public
def home(request):
    return _page(request, "portal/home.html", {"plans": public_plans()})


@public
def plan(request, slug):
    found = public_plan(slug)
    if found is None:
        raise Http404
    tree, areas, statuses = plan_outline(found, as_of=timezone.localdate())
    return _page(
        request,
        "portal/plan.html",
        {"plan": found, "tree": tree, "areas": areas, "statuses": statuses},
    )


@public
def activity(request, slug, row):
    found = public_plan(slug)
    item = (
        Activity.objects.filter(subgoal__goal__area__plan=found, row=row)
        .select_related("subgoal__goal__area")
        .prefetch_related("parties")
        .first()
        if found
        else None
    )
    if item is None:
        raise Http404
    return _page(
        request,
        "portal/activity.html",
        {"plan": found, "activity": item, "series": activity_series(item)},
    )


@public
def methodology(request):
    return _page(request, "portal/methodology.html", {})


@public
def open_data(request):
    return _page(
        request,
        "portal/open_data.html",
        {"columns": OPEN_DATA_COLUMNS, "licence": LICENCE, "licence_url": LICENCE_URL},
    )


@public
def open_data_file(request, fmt):
    names = [name for name, _ in OPEN_DATA_COLUMNS]
    rows = list(open_data_rows())
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            # A leading =, +, - or @ is never run as a formula by a spreadsheet program.
            writer.writerow(
                {k: f"'{v}" if str(v).startswith(("=", "+", "@")) else v for k, v in row.items()}
            )
        body, content_type = out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8"
    elif fmt == "json":
        document = {
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "columns": dict(OPEN_DATA_COLUMNS),
            "values": rows,
        }
        body = json.dumps(document, ensure_ascii=False, indent=1).encode()
        content_type = "application/json"
    elif fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = "Değerler"
        xlsx.header(ws, names)
        for r, row in enumerate(rows, start=2):
            for c, name in enumerate(names, start=1):
                xlsx.put(ws, r, c, row[name])
        about = wb.create_sheet("Sözlük")
        xlsx.header(about, ["Sütun", "Anlamı"])
        for r, (name, meaning) in enumerate(
            [*OPEN_DATA_COLUMNS, ("lisans", f"{LICENCE} {LICENCE_URL}")], start=2
        ):
            xlsx.put(about, r, 1, name)
            xlsx.put(about, r, 2, meaning)
        body = xlsx.workbook_bytes(wb)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="esitkent-acik-veri.{fmt}"'
    return response
