"""The district map: which indicators and context series have figures by district, and one
of them for a period as the map draws it (raw, or per 10,000 women or people)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from esitkent.core import period_codes
from esitkent.core.maps import district_feature, quantile_breaks
from esitkent.monitoring.selectors import sample_period_codes
from esitkent.monitoring.summary_selectors import district_context_periods, district_context_values
from esitkent.orgs.models import District, DistrictPopulation
from esitkent.plans.models import Indicator, Plan

from . import charts, domain
from .charts import Chart
from .models import IndicatorSummary


@dataclass
class MapSource:
    key: str  # "g:<indicator code>" or "s:<series code>"
    label: str
    periods: list[str]
    # Indicator codes are unique within a plan only: the map reads the plan's own indicator.
    indicator_id: int | None = None


MAP_SCALES = ("raw", "women", "population")


def map_sources(plan: Plan) -> list[MapSource]:
    """Indicators and context series that have values by district."""
    sources: dict[str, MapSource] = {}
    pairs = (
        IndicatorSummary.objects.filter(
            indicator__activity__subgoal__goal__area__plan=plan,
            dimensions="district",
            organisation=None,
        )
        .values_list("indicator_id", "period")
        .distinct()
    )
    names = dict(
        (i.id, (i.code, i.name))
        for i in Indicator.objects.filter(activity__subgoal__goal__area__plan=plan)
    )
    for indicator_id, period in pairs:
        code, name = names[indicator_id]
        sources.setdefault(
            f"g:{code}", MapSource(f"g:{code}", f"{name} ({code})", [], indicator_id)
        ).periods.append(period)
    for code, name, period in district_context_periods():
        sources.setdefault(f"s:{code}", MapSource(f"s:{code}", name, [])).periods.append(period)
    for source in sources.values():
        source.periods = sorted(set(source.periods))
    return sorted(sources.values(), key=lambda s: s.label)


def map_choice(
    sources: list[MapSource], *, key: str | None, period: str | None, per: str | None
) -> tuple[MapSource | None, str | None, str]:
    """The source, period and scale a request asks for, each falling back (to the first source,
    its latest period, raw values) when it is unknown: an old link whose period has gone, or a
    form sent after choosing another source, still shows a map."""
    source = next((s for s in sources if s.key == key), sources[0] if sources else None)
    if source is None:
        return None, None, "raw"
    chosen = period if period in source.periods else source.periods[-1]
    return source, chosen, per if per in MAP_SCALES else "raw"


@dataclass
class MapPage:
    sources: list[MapSource]
    source: MapSource | None  # None: nothing has figures by district
    period: str | None
    per: str
    chart: Chart | None


def map_is_sample(plan: Plan, source: MapSource, period: str) -> bool:
    """Context figures are printed sources; only an indicator's can come from a sample period."""
    return source.indicator_id is not None and period in sample_period_codes(plan)


def map_title(source: MapSource, period: str, *, sample: bool) -> str:
    """The map's title, marking the demo's sample figures (ÖRNEK) on the dashboard and portal."""
    return f"{source.label} — {period}" + (f" ({_('ÖRNEK')})" if sample else "")


def map_page(plan: Plan, *, key: str | None, period: str | None, per: str | None) -> MapPage:
    """The dashboard's map as asked for (see map_choice)."""
    sources = map_sources(plan)
    source, period, per = map_choice(sources, key=key, period=period, per=per)
    chart = None
    if source:
        title = map_title(source, period, sample=map_is_sample(plan, source, period))
        chart = charts.map_chart(map_data(source, period, per=per), title)
    return MapPage(sources, source, period, per, chart)


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
            indicator_id=source.indicator_id,
            period=period,
            dimensions="district",
            organisation=None,
        ).values_list("breakdown_key", "value")
    else:
        pairs = district_context_values(code, period)
    values = {key.split("=", 1)[1]: value for key, value in pairs}
    population = _population_near(period_codes.parse_period(period).year)
    features, rows = [], []
    for district in District.objects.all():
        raw = values.get(district.code)
        pop = population.get(district.code)
        shown = raw
        if per in ("women", "population") and raw is not None:
            shown = domain.per_10000(
                raw, (pop.female if per == "women" else pop.total) if pop else None
            )
        features.append(district_feature(district.name, district.boundary, shown))
        rows.append(
            {
                "district": district.name,
                "pcode": district.pcode,
                "value": raw,
                "shown": shown,
                "population_year": pop.year if pop else None,
            }
        )
    legend = {
        "raw": _("Değer"),
        "women": _("10.000 kadın başına"),
        "population": _("10.000 kişi başına"),
    }[per]
    return MapData(
        features,
        rows,
        quantile_breaks([r["shown"] for r in rows if r["shown"] is not None]),
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
