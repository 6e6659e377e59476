import json

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook

from esitkent.analytics import charts
from esitkent.core import xlsx
from esitkent.core.downloads import attachment, csv_bytes
from esitkent.reports.render import report_filename
from esitkent.reports.selectors import (
    current_edition_pdf,
    current_editions,
    report_sample_periods,
)

from .caching import public, public_language
from .chart_selectors import glance_with_charts, indicator_charts, map_chart
from .glance_selectors import RAG_ORDER, plan_glance
from .selectors import (
    OPEN_DATA_COLUMNS,
    activity_series,
    indicator_page,
    open_data_rows,
    plan_outline,
    public_activity,
    public_indicator,
    public_map,
    public_plan,
    public_plans,
)

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.tr"


def _page(request, template, context):
    context["dil"] = public_language(request)
    context["q"] = "?dil=en" if context["dil"] == "en" else ""
    return render(request, template, context)


def _plan_or_404(slug):
    found = public_plan(slug)
    if found is None:
        raise Http404
    return found


@public
def home(request):
    glances = [
        glance_with_charts(glance)
        for glance in (plan_glance(p, as_of=timezone.localdate()) for p in public_plans())
    ]
    if response := charts.csv_download(
        request, [c for g in glances for c in (g["bars"], g["map"])]
    ):
        return response
    return _page(request, "portal/home.html", {"glances": glances, "rag_order": RAG_ORDER})


@public
def plan(request, slug):
    found = _plan_or_404(slug)
    tree, areas, statuses, coverage = plan_outline(found, as_of=timezone.localdate())
    return _page(
        request,
        "portal/plan.html",
        {
            "plan": found,
            "tree": tree,
            "areas": areas,
            "statuses": statuses,
            "coverage": coverage,
            "section": "plan",
        },
    )


@public
def activity(request, slug, row):
    found = public_plan(slug)
    item = public_activity(found, row) if found else None
    if item is None:
        raise Http404
    return _page(
        request,
        "portal/activity.html",
        {"plan": found, "activity": item, "series": activity_series(item)},
    )


@public
def indicator(request, slug, code):
    found = _plan_or_404(slug)
    item = public_indicator(found, code)
    if item is None:
        raise Http404
    page = indicator_page(item)
    series_chart, breakdown_chart = indicator_charts(page)
    if response := charts.csv_download(request, [series_chart, breakdown_chart]):
        return response
    return _page(
        request,
        "portal/indicator.html",
        {
            "plan": found,
            "activity": item.activity,
            "page": page,
            "series_chart": series_chart,
            "breakdown_chart": breakdown_chart,
        },
    )


@public
def district_map(request, slug):
    found = _plan_or_404(slug)
    shown = public_map(
        found,
        key=request.GET.get("kaynak"),
        period=request.GET.get("donem"),
        per=request.GET.get("olcek"),
    )
    chart = map_chart(shown)
    if response := charts.csv_download(request, [chart]):
        return response
    return _page(
        request,
        "portal/map.html",
        {"plan": found, "map": shown, "chart": chart, "section": "map"},
    )


@public
def reports(request, slug):
    found = _plan_or_404(slug)
    return _page(
        request,
        "portal/reports.html",
        {"plan": found, "reports": current_editions(found), "section": "reports"},
    )


@public
def report_file(request, slug, year, lang):
    found = _plan_or_404(slug)
    body = current_edition_pdf(found, year, lang)
    if body is None:
        raise Http404
    sample = bool(report_sample_periods(found, year))
    return attachment(body, report_filename(found.slug, year, lang, sample=sample))


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
        # The sample flag as JSON and the API write it, not Python's True/False.
        body = csv_bytes(names, ((*r[:-1], "true" if r[-1] else "false") for r in rows))
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
