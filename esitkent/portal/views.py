import json

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from esitkent.analytics import charts
from esitkent.analytics.charts import Chart
from esitkent.core import xlsx
from esitkent.core.downloads import attachment, csv_bytes
from esitkent.monitoring.domain import RAG_LABELS
from esitkent.plans.models import Activity
from esitkent.reports.render import report_filename
from esitkent.reports.selectors import (
    current_edition_pdf,
    current_editions,
    report_sample_periods,
)

from .caching import public, public_language
from .glance_selectors import RAG_ORDER, plan_glance
from .selectors import (
    OPEN_DATA_COLUMNS,
    activity_series,
    indicator_page,
    open_data_rows,
    plan_outline,
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
        _with_charts(glance)
        for glance in (plan_glance(p, as_of=timezone.localdate()) for p in public_plans())
    ]
    if response := charts.csv_download(
        request, [c for g in glances for c in (g["bars"], g["map"])]
    ):
        return response
    return _page(request, "portal/home.html", {"glances": glances, "rag_order": RAG_ORDER})


# The home's map is a thumbnail beside its table; the map page draws it full size.
HOME_MAP_SIZE = 320


def _with_charts(glance) -> dict:
    """A plan's glance with its two figures: progress by area and the district map, each
    named by the plan so that several plans' charts and CSVs stay apart on one page."""
    slug = glance.plan.slug
    rows = [
        {
            "label": a.title,
            "progress": round(a.progress, 1) if a.progress is not None else None,
            "rag": a.rag,
            **a.counts,
        }
        for a in glance.areas
    ]
    bars = Chart(
        f"ilerleme-{slug}",
        charts.progress_by_area(
            [{k: r[k] for k in ("label", "progress", "rag")} for r in rows],
            _("Alanlara göre ilerleme (onaylı faaliyet raporları)"),
            axis_title=_("İlerleme (%)"),
        ),
        [
            ("label", _("Alan")),
            ("progress", _("İlerleme (%)")),
            *((rag, _(RAG_LABELS[rag])) for rag in RAG_ORDER),
        ],
        rows,
        measure="progress",
    )
    shown = glance.map
    district_chart = None
    if shown.source:
        district_chart = charts.map_chart(
            shown.data,
            f"{shown.source.label} — {shown.period}" + (f" ({_('ÖRNEK')})" if shown.sample else ""),
        )
        district_chart.name = f"harita-{slug}"
        district_chart.dom_id = f"spec-harita-{slug}"
        district_chart.spec["width"] = district_chart.spec["height"] = HOME_MAP_SIZE
    # The table beside the map lists the districts with a figure; the rest are counted.
    with_value = [r for r in shown.data.rows if r["value"] is not None] if shown.data else []
    return {
        "glance": glance,
        "bars": bars,
        "map": district_chart,
        "map_rows": with_value,
        "map_missing": len(shown.data.rows) - len(with_value) if shown.data else 0,
    }


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
def indicator(request, slug, code):
    found = _plan_or_404(slug)
    item = public_indicator(found, code)
    if item is None:
        raise Http404
    page = indicator_page(item)
    title = f"{item.name} ({item.code})"
    # Figures of a sample period say so in the chart's title and in a column of its CSV.
    sample_column = [("sample_label", _("Örnek veri"))] if page.sample_periods else []
    if page.sample_periods:
        title += " — " + _("ÖRNEK veri: %(periods)s") % {"periods": ", ".join(page.sample_periods)}
    series_chart = (
        Chart(
            f"{item.code}-seri",
            charts.series(
                page.series,
                title,
                baseline=page.definition.baseline_value if page.definition else None,
                targets=page.targets,
            ),
            [
                ("period", _("Dönem")),
                ("value", _("Değer")),
                ("target", _("Hedef")),
                *sample_column,
            ],
            _labelled(page.series, page.sample_periods),
        )
        if page.series
        else None
    )
    # Districts are many: the table and the map show them, the bars show the rest.
    bars = [r for r in page.breakdowns if r["dimension"] != "district"]
    breakdown_chart = (
        Chart(
            f"{item.code}-kirilim",
            charts.bars(
                bars,
                _("%(code)s — kırılımlar (%(period)s)")
                % {"code": item.code, "period": bars[0]["period"]}
                + (" — " + _("ÖRNEK veri") if page.breakdowns_sample else ""),
                x_title=_("Değer"),
            ),
            [
                ("period", _("Dönem")),
                ("group", _("Kırılım")),
                ("label", _("Seçenek")),
                ("value", _("Değer")),
                *(sample_column if page.breakdowns_sample else []),
            ],
            _labelled(page.breakdowns, page.sample_periods),
        )
        if bars
        else None
    )
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


def _labelled(rows: list[dict], sample_periods: list[str]) -> list[dict]:
    """Chart rows with the ÖRNEK mark for a CSV's sample column."""
    return [
        {**row, "sample_label": _("ÖRNEK") if row["period"] in sample_periods else ""}
        for row in rows
    ]


@public
def district_map(request, slug):
    found = _plan_or_404(slug)
    shown = public_map(
        found,
        key=request.GET.get("kaynak"),
        period=request.GET.get("donem"),
        per=request.GET.get("olcek"),
    )
    chart = (
        charts.map_chart(
            shown.data,
            f"{shown.source.label} — {shown.period}" + (f" ({_('ÖRNEK')})" if shown.sample else ""),
        )
        if shown.source
        else None
    )
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
