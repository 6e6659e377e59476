import json

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from esitkent.core import xlsx
from esitkent.core.downloads import attachment, csv_bytes
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
        body = csv_bytes(names, rows)
    elif fmt == "json":
        document = {
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "columns": dict(OPEN_DATA_COLUMNS),
            "values": [dict(zip(names, row, strict=True)) for row in rows],
        }
        body = json.dumps(document, ensure_ascii=False, indent=1).encode()
    elif fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = "Değerler"
        xlsx.header(ws, names)
        xlsx.put_rows(ws, rows)
        about = wb.create_sheet("Sözlük")
        xlsx.header(about, ["Sütun", "Anlamı"])
        xlsx.put_rows(about, [*OPEN_DATA_COLUMNS, ("lisans", f"{LICENCE} {LICENCE_URL}")])
        body = xlsx.workbook_bytes(wb)
    else:
        raise Http404
    return attachment(body, f"esitkent-acik-veri.{fmt}")
