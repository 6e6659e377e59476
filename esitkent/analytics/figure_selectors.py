"""Approved figures from the summaries: totals per indicator and period grouped by area, and an
indicator's latest figures by breakdown. Dashboards and the public read these, never values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from esitkent.core import value_breakdowns
from esitkent.orgs.models import District
from esitkent.plans.models import Indicator, Plan

from . import domain
from .models import IndicatorSummary


@dataclass
class IndicatorFigures:
    indicator: Indicator
    rows: list[dict]  # {period, value}
    targets: dict
    baseline: Decimal | None
    chart: object = None
    breakdown_chart: object = None


@dataclass
class AreaFigures:
    title: str
    indicators: list[IndicatorFigures] = field(default_factory=list)


def figures_by_area(
    plan: Plan, *, year: int | None = None, area: str | None = None, organisation=None
) -> list[AreaFigures]:
    """Approved totals per indicator and period, from the summaries, grouped by area.

    Reads plain tuples through the across-units (or per-unit) index and loads each indicator,
    its definition and targets once: the number of rows grows with periods, the objects do not.
    """
    summaries = IndicatorSummary.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan,
        dimensions="",
        organisation=organisation,  # None: across all organisations
    )
    if area:
        summaries = summaries.filter(indicator__activity__subgoal__goal__area__code=area)
    if year:
        periods = set(summaries.values_list("period", flat=True).distinct())
        summaries = summaries.filter(
            period__in=[p for p in periods if domain.period_touches(p, year)]
        )
    rows = list(summaries.values_list("indicator_id", "period", "value"))
    indicators = (
        Indicator.objects.filter(id__in={r[0] for r in rows})
        .select_related("activity__subgoal__goal__area", "definition")
        .prefetch_related("definition__targets")
        .order_by("activity__row", "position")
    )
    by_indicator: dict[int, IndicatorFigures] = {}
    areas: dict[int, AreaFigures] = {}
    for indicator in indicators:
        area_obj = indicator.activity.subgoal.goal.area
        definition = getattr(indicator, "definition", None)
        targets = {t.year: t.value for t in definition.targets.all()} if definition else {}
        by_indicator[indicator.id] = IndicatorFigures(
            indicator, [], targets, definition.baseline_value if definition else None
        )
        areas.setdefault(area_obj.id, AreaFigures(area_obj.title)).indicators.append(
            by_indicator[indicator.id]
        )
    for indicator_id, period, value in sorted(rows, key=lambda r: r[1]):
        by_indicator[indicator_id].rows.append({"period": period, "value": value})
    return list(areas.values())


# --- Breakdowns of an indicator ---------------------------------------------------------------

BREAKDOWN_DIMENSIONS = ("sex", "age", "disability")


def indicator_breakdowns(
    latest: dict[int, str], *, organisation=None, dimensions: tuple[str, ...] = BREAKDOWN_DIMENSIONS
) -> dict[int, list[dict]]:
    """Per indicator, its approved figures for the given (latest) period by sex, by age band
    and by disability (one dimension at a time, as reported), from the summaries. The portal
    asks for districts too; the dashboard leaves them to the map."""
    rows = IndicatorSummary.objects.filter(
        indicator_id__in=latest,
        period__in=set(latest.values()),
        organisation=organisation,
        dimensions__in=dimensions,
    )
    order = {d: i for i, d in enumerate(dimensions)}
    # Districts in Turkish alphabetical order (the table's), named rather than coded.
    districts = (
        {
            code: (rank, name)
            for rank, (code, name) in enumerate(District.objects.values_list("code", "name"))
        }
        if "district" in dimensions
        else {}
    )
    found: dict[int, list[tuple[str, str, Decimal]]] = defaultdict(list)
    for indicator_id, period, dimension, key, value in rows.values_list(
        "indicator_id", "period", "dimensions", "breakdown_key", "value"
    ):
        if latest[indicator_id] == period:
            found[indicator_id].append((dimension, key.partition("=")[2], value))

    def rank(dimension: str, option: str) -> int:
        if dimension == "district":
            return districts.get(option, (len(districts), option))[0]
        return option_rank(dimension, option)

    def label(dimension: str, option: str) -> str:
        if dimension == "district":
            return districts.get(option, (0, option))[1]
        return option_label(dimension, option)

    out: dict[int, list[dict]] = {}
    for indicator_id, figures in found.items():
        figures.sort(key=lambda f: (order[f[0]], rank(f[0], f[1])))
        out[indicator_id] = [
            {
                "period": latest[indicator_id],
                "dimension": dimension,
                "group": _(value_breakdowns.DIMENSION_LABELS[dimension]),
                "label": label(dimension, option),
                "value": value,
            }
            for dimension, option, value in figures
        ]
    return out


def option_rank(dimension: str, option: str) -> int:
    """A breakdown option's place in its dimension's own order (age bands young to old)."""
    options = list(value_breakdowns.dimension_options(dimension))
    return options.index(option) if option in options else len(options)


def option_label(dimension: str, option: str) -> str:
    """A breakdown option's name in the page's language; an unknown code as itself."""
    return _(value_breakdowns.dimension_options(dimension).get(option, option))
