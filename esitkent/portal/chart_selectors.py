"""The charts the public pages draw, made from what the portal's selectors read: each a
Vega-Lite spec with the table its CSV download gives. Titles are in the page's language and
say ÖRNEK wherever a figure is from a sample period."""

from __future__ import annotations

from django.utils.translation import gettext as _

from esitkent.analytics import charts, map_selectors
from esitkent.analytics.charts import Chart
from esitkent.core.progress_rating import RAG_LABELS

from .glance_selectors import RAG_ORDER, PlanGlance
from .selectors import IndicatorPage, PublicMap

# The home's map is a thumbnail beside its table; the map page draws it full size.
HOME_MAP_SIZE = 320


def glance_with_charts(glance: PlanGlance) -> dict:
    """A plan's glance with its two figures: progress by area and the district map, each
    named by the plan so that several plans' charts and CSVs stay apart on one page."""
    slug = glance.plan.slug
    shown = glance.map
    district_chart = map_chart(shown)
    if district_chart:
        district_chart.name = f"harita-{slug}"
        district_chart.dom_id = f"spec-harita-{slug}"
        district_chart.spec["width"] = district_chart.spec["height"] = HOME_MAP_SIZE
    # The table beside the map lists the districts with a figure; the rest are counted.
    with_value = [r for r in shown.data.rows if r["value"] is not None] if shown.data else []
    return {
        "glance": glance,
        "bars": _progress_bars(glance),
        "map": district_chart,
        "map_rows": with_value,
        "map_missing": len(shown.data.rows) - len(with_value) if shown.data else 0,
    }


def _progress_bars(glance: PlanGlance) -> Chart:
    """Progress by area, with each area's count of activities by colour in the CSV."""
    rows = [
        {
            "label": a.title,
            "progress": round(a.progress, 1) if a.progress is not None else None,
            "rag": a.rag,
            **a.counts,
        }
        for a in glance.areas
    ]
    return Chart(
        f"ilerleme-{glance.plan.slug}",
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


def map_chart(shown: PublicMap) -> Chart | None:
    """The district map of the source and period shown, if there is one."""
    if not shown.source:
        return None
    return charts.map_chart(
        shown.data, map_selectors.map_title(shown.source, shown.period, sample=shown.sample)
    )


def indicator_charts(page: IndicatorPage) -> tuple[Chart | None, Chart | None]:
    """The indicator's series by period and its latest breakdowns, where it has them.
    Figures of a sample period say so in the chart's title and in a column of its CSV."""
    return _series_chart(page), _breakdown_chart(page)


def _sample_column(page: IndicatorPage) -> list[tuple[str, str]]:
    return [("sample_label", _("Örnek veri"))] if page.sample_periods else []


def _series_chart(page: IndicatorPage) -> Chart | None:
    if not page.series:
        return None
    item = page.indicator
    title = f"{item.name} ({item.code})"
    if page.sample_periods:
        title += " — " + _("ÖRNEK veri: %(periods)s") % {"periods": ", ".join(page.sample_periods)}
    return Chart(
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
            *_sample_column(page),
        ],
        _labelled(page.series, page.sample_periods),
    )


def _breakdown_chart(page: IndicatorPage) -> Chart | None:
    # Districts are many: the table and the map show them, the bars show the rest.
    bars = [r for r in page.breakdowns if r["dimension"] != "district"]
    if not bars:
        return None
    code = page.indicator.code
    return Chart(
        f"{code}-kirilim",
        charts.bars(
            bars,
            _("%(code)s — kırılımlar (%(period)s)") % {"code": code, "period": bars[0]["period"]}
            + (" — " + _("ÖRNEK veri") if page.breakdowns_sample else ""),
            x_title=_("Değer"),
        ),
        [
            ("period", _("Dönem")),
            ("group", _("Kırılım")),
            ("label", _("Seçenek")),
            ("value", _("Değer")),
            *(_sample_column(page) if page.breakdowns_sample else []),
        ],
        _labelled(page.breakdowns, page.sample_periods),
    )


def _labelled(rows: list[dict], sample_periods: list[str]) -> list[dict]:
    """Chart rows with the ÖRNEK mark for a CSV's sample column."""
    return [
        {**row, "sample_label": _("ÖRNEK") if row["period"] in sample_periods else ""}
        for row in rows
    ]
