"""Reads for dashboards, the district map and context indicators. Dashboards read summaries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from esitkent.monitoring import domain as monitoring_domain
from esitkent.monitoring.models import ContextCheck, ContextSeries, ContextValue
from esitkent.monitoring.selectors import progress_tree
from esitkent.orgs.models import District, DistrictPopulation
from esitkent.plans.models import Indicator, Plan

from . import domain
from .models import IndicatorSummary

THEMES = {
    "nufus": "Nüfus",
    "egitim": "Eğitim",
    "saglik": "Sağlık",
    "istihdam": "İstihdam",
    "katilim": "Katılım ve temsil",
    "siddet": "Kadına yönelik şiddet",
}


def area_progress(plan: Plan, *, as_of: dt.date) -> list[dict]:
    tree = progress_tree(plan, as_of=as_of)
    return [
        {"label": area.label, "progress": area.progress.value, "rag": area.rag}
        for area in tree.children
    ]


@dataclass
class IndicatorFigures:
    indicator: Indicator
    rows: list[dict]  # {period, value}
    targets: dict
    baseline: Decimal | None


@dataclass
class AreaFigures:
    title: str
    indicators: list[IndicatorFigures] = field(default_factory=list)


def figures_by_area(
    plan: Plan, *, year: int | None = None, area: str | None = None, organisation=None
) -> list[AreaFigures]:
    """Approved totals per indicator and period, from the summaries, grouped by area."""
    summaries = IndicatorSummary.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan, breakdown_key=""
    )
    if area:
        summaries = summaries.filter(indicator__activity__subgoal__goal__area__code=area)
    if organisation is not None:
        summaries = summaries.filter(indicator__assignments__organisation=organisation)
    summaries = summaries.select_related(
        "indicator__activity__subgoal__goal__area", "indicator__definition"
    ).prefetch_related("indicator__definition__targets")
    areas: dict[int, AreaFigures] = {}
    by_indicator: dict[int, IndicatorFigures] = {}
    for summary in summaries.order_by("indicator__activity__row", "indicator__position", "period"):
        if year and not _period_touches(summary.period, year):
            continue
        indicator = summary.indicator
        area_obj = indicator.activity.subgoal.goal.area
        if indicator.id not in by_indicator:
            definition = getattr(indicator, "definition", None)
            targets = {t.year: t.value for t in definition.targets.all()} if definition else {}
            by_indicator[indicator.id] = IndicatorFigures(
                indicator, [], targets, definition.baseline_value if definition else None
            )
            areas.setdefault(area_obj.id, AreaFigures(area_obj.title)).indicators.append(
                by_indicator[indicator.id]
            )
        by_indicator[indicator.id].rows.append({"period": summary.period, "value": summary.value})
    return list(areas.values())


def _period_touches(code: str, year: int) -> bool:
    try:
        period = monitoring_domain.parse_period(code)
    except ValueError:
        return False
    return period.start.year <= year <= period.end.year


# --- The district map ---------------------------------------------------------------------------


@dataclass
class MapSource:
    key: str  # "g:<indicator code>" or "s:<series code>"
    label: str
    periods: list[str]


def map_sources(plan: Plan) -> list[MapSource]:
    """Indicators and context series that have values by district."""
    sources: dict[str, MapSource] = {}
    rows = IndicatorSummary.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan, breakdown_key__startswith="district="
    ).values_list("indicator__code", "indicator__name", "period")
    for code, name, period in rows:
        sources.setdefault(
            f"g:{code}", MapSource(f"g:{code}", f"{name} ({code})", [])
        ).periods.append(period)
    for code, name, period in ContextValue.objects.filter(
        breakdown_key__startswith="district=", kind="value"
    ).values_list("series__code", "series__name", "period"):
        sources.setdefault(f"s:{code}", MapSource(f"s:{code}", name, [])).periods.append(period)
    for source in sources.values():
        source.periods = sorted(set(source.periods))
    return sorted(sources.values(), key=lambda s: s.label)


@dataclass
class MapData:
    features: list[dict]
    rows: list[dict]
    breaks: list[Decimal]
    legend: str


def map_data(source: MapSource, period: str, *, per: str = "raw") -> MapData:
    kind, code = source.key.split(":", 1)
    if kind == "g":
        pairs = IndicatorSummary.objects.filter(
            indicator__code=code, period=period, breakdown_key__startswith="district="
        ).values_list("breakdown_key", "value")
    else:
        pairs = ContextValue.objects.filter(
            series__code=code, period=period, breakdown_key__startswith="district=", kind="value"
        ).values_list("breakdown_key", "value")
    values = {key.split("=", 1)[1]: value for key, value in pairs}
    year = monitoring_domain.parse_period(period).end.year
    population = _population_near(year)
    features, rows = [], []
    for district in District.objects.all():
        raw = values.get(district.code)
        pop = population.get(district.code)
        shown = raw
        if per in ("women", "population") and raw is not None:
            shown = domain.per_10000(
                raw, (pop.female if per == "women" else pop.total) if pop else None
            )
        features.append(
            {
                "type": "Feature",
                "geometry": domain.rewind_for_d3(district.boundary),
                "properties": {
                    "name": district.name,
                    "value": None if shown is None else float(shown),
                },
            }
        )
        rows.append(
            {
                "district": district.name,
                "pcode": district.pcode,
                "value": raw,
                "shown": shown,
                "population_year": pop.year if pop else None,
            }
        )
    legend = {"raw": "Değer", "women": "10.000 kadın başına", "population": "10.000 kişi başına"}[
        per
    ]
    return MapData(
        features,
        rows,
        domain.quantile_breaks([r["shown"] for r in rows if r["shown"] is not None]),
        legend,
    )


def _population_near(year: int) -> dict[str, DistrictPopulation]:
    """Each district's population figure with sex split from the nearest year not after `year`,
    else the earliest one."""
    out: dict[str, DistrictPopulation] = {}
    for pop in (
        DistrictPopulation.objects.filter(female__isnull=False)
        .select_related("district")
        .order_by("year")
    ):
        if pop.district.code not in out or pop.year <= year:
            out[pop.district.code] = pop
    return out


# --- Context indicators -----------------------------------------------------------------------


@dataclass
class ContextRow:
    period: str
    label: str
    value: Decimal
    printed: str
    source: str


@dataclass
class GapRow:
    period: str
    breakdown: str
    gap: domain.Gap


@dataclass
class CheckRow:
    check: ContextCheck
    result: domain.Consistency | None
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass
class SeriesView:
    series: ContextSeries
    rows: list[ContextRow]
    gaps: list[GapRow]


def context_overview() -> tuple[dict[str, list[SeriesView]], list[CheckRow]]:
    themes: dict[str, list[SeriesView]] = defaultdict(list)
    for series in (
        ContextSeries.objects.exclude(theme="").prefetch_related("values").order_by("code")
    ):
        rows, by_key = [], {}
        for v in series.values.all():
            if v.kind != "value":
                continue
            rows.append(
                ContextRow(
                    v.period,
                    monitoring_domain.breakdown_label(v.breakdown) if v.breakdown else "Toplam",
                    v.value,
                    v.printed,
                    v.source,
                )
            )
            by_key[(v.period, v.breakdown_key)] = v.value
        gaps = []
        for (period, key), value in by_key.items():
            parts = monitoring_domain.parse_breakdown_key(key)
            if parts.get("sex") != "F":
                continue
            other = dict(parts, sex="M")
            men = by_key.get((period, monitoring_domain.breakdown_key(other)))
            if men is not None:
                rest = {k: v for k, v in parts.items() if k != "sex"}
                gaps.append(
                    GapRow(
                        period,
                        monitoring_domain.breakdown_label(rest) if rest else "",
                        domain.Gap(value, men),
                    )
                )
        themes[THEMES.get(series.theme, series.theme)].append(SeriesView(series, rows, gaps))
    return dict(themes), context_checks()


def context_checks() -> list[CheckRow]:
    out = []
    values = {
        (v.series_id, v.period, v.breakdown_key): v.value
        for v in ContextValue.objects.filter(kind="value")
    }
    for check in ContextCheck.objects.select_related("percentage_of"):

        def get(ref, c=check):
            return values.get((c.percentage_of_id, ref["period"], ref["breakdown_key"]))

        numerator = get(check.numerator)
        refs = check.denominator if isinstance(check.denominator, list) else [check.denominator]
        parts = [get(r) for r in refs]
        denominator = None if any(p is None for p in parts) else sum(parts, Decimal(0))
        result = (
            domain.check_percentage(
                printed=Decimal(check.printed_percentage),
                numerator=numerator,
                denominator=denominator,
            )
            if numerator is not None and denominator
            else None
        )
        out.append(CheckRow(check, result, numerator, denominator))
    return out
