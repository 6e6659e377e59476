"""The table builder (pivot explorer): indicators with approved figures, their periods, and
a table of stored summary figures along the axes a reader picks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from esitkent.core import value_breakdowns
from esitkent.orgs.models import District
from esitkent.plans.models import Indicator, Plan

from . import domain
from .figure_selectors import option_label, option_rank
from .models import IndicatorSummary

PIVOT_DIMENSIONS = {
    "indicator": gettext_noop("Gösterge"),
    "period": gettext_noop("Dönem"),
    "organisation": gettext_noop("Birim"),
    "sex": value_breakdowns.DIMENSION_LABELS["sex"],
    "age": value_breakdowns.DIMENSION_LABELS["age"],
    "disability": value_breakdowns.DIMENSION_LABELS["disability"],
    "district": value_breakdowns.DIMENSION_LABELS["district"],
}
PIVOT_BREAKDOWNS = ("sex", "age", "disability", "district")
SUMMABLE_TYPES = ("count", "currency")


def pivot_indicators(plan: Plan) -> list[Indicator]:
    """Indicators with approved figures, in plan order."""
    ids = IndicatorSummary.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan, organisation=None
    ).values("indicator_id")
    return list(
        Indicator.objects.filter(id__in=ids)
        .select_related("activity", "definition")
        .order_by("activity__row", "position")
    )


def pivot_periods(indicators: list[Indicator]) -> list[str]:
    return sorted(
        set(
            IndicatorSummary.objects.filter(
                indicator__in=indicators, organisation=None
            ).values_list("period", flat=True)
        )
    )


@dataclass
class PivotPage:
    available: list[Indicator]  # every indicator with approved figures
    chosen: list[Indicator]
    rows: list[str]
    columns: list[str]
    notes: list[str]  # what was changed in the request, and totals withheld
    periods: list[str]  # the chosen indicators' periods
    period: str | None  # the period the table is fixed to, unless on an axis
    table: domain.PivotTable
    header: list[str]  # the table flattened for CSV and XLSX
    body: list[list]

    @property
    def period_fixed(self) -> bool:
        return "period" not in self.rows + self.columns


def pivot_page(
    plan: Plan, *, codes: list[str], rows: list[str], columns: list[str], period: str | None
) -> PivotPage:
    """The table asked for, made valid: the indicators known among the codes (else the first
    one), the axes (see domain.pivot_axes), and the period if it is theirs (else their latest)."""
    available = pivot_indicators(plan)
    by_code = {i.code: i for i in available}
    chosen = [by_code[c] for c in dict.fromkeys(codes) if c in by_code] or available[:1]
    rows, columns, notes = domain.pivot_axes(
        rows, columns, known=PIVOT_DIMENSIONS, several_indicators=len(chosen) > 1
    )
    periods = pivot_periods(chosen)
    period = period if period in periods else (periods[-1] if periods else None)
    table = pivot(chosen, rows=rows, columns=columns, period=period)
    header, body = domain.pivot_grid(
        table,
        row_titles=[_(PIVOT_DIMENSIONS[d]) for d in rows],
        total_title=_("Toplam"),
        value_title=_("Değer"),
    )
    if table.overlap_withheld:
        notes.append(
            _(
                "Dönemler çakışıyor (ör. 2020/2021 değeri 2020 ve 2021'i de kapsar): aynı "
                "günleri iki kez sayacak toplamlar verilmedi."
            )
        )
    return PivotPage(available, chosen, rows, columns, notes, periods, period, table, header, body)


def pivot(
    indicators: list[Indicator], *, rows: list[str], columns: list[str], period: str | None
) -> domain.PivotTable:
    """Every cell is one stored summary figure: breakdown dimensions not on an axis are not
    summed over (the reported total for them is used), and a period not on an axis is fixed."""
    place = _Placement(indicators)
    records = []
    for summary in _pivot_summaries(indicators, axes=[*rows, *columns], period=period):
        parts = value_breakdowns.parse_breakdown_key(summary.breakdown_key)
        records.append(
            domain.PivotRecord(
                row=tuple(place.coordinate(summary, parts, d) for d in rows),
                column=tuple(place.coordinate(summary, parts, d) for d in columns),
                value=summary.value,
                measure=str(summary.indicator_id),
                span=domain.period_span(summary.period),
            )
        )
    return domain.pivot_table(records, summable=_summable(indicators))


def _pivot_summaries(
    indicators: list[Indicator], *, axes: list[str], period: str | None
) -> QuerySet[IndicatorSummary]:
    """The summary rows of exactly the granularity the axes name: per unit or across units,
    one period or all, and the breakdown dimensions on an axis and no others."""
    breakdown = {d for d in axes if d in PIVOT_BREAKDOWNS}
    summaries = IndicatorSummary.objects.filter(indicator__in=indicators)
    summaries = (
        summaries.filter(organisation__isnull=False)
        if "organisation" in axes
        else summaries.filter(organisation=None)
    )
    if "period" not in axes:
        summaries = summaries.filter(period=period)
    summaries = summaries.filter(dimensions=";".join(sorted(breakdown)))
    return summaries.select_related("organisation")


def _summable(indicators: list[Indicator]) -> frozenset[str]:
    """The indicators whose figures add up: counts and amounts summed across units."""
    return frozenset(
        str(i.id)
        for i in indicators
        if getattr(i, "definition", None) is None
        or (i.definition.measure_type in SUMMABLE_TYPES and i.definition.aggregation == "sum")
    )


class _Placement:
    """Where a summary figure goes along one dimension: (sort key, label)."""

    def __init__(self, indicators: list[Indicator]):
        self.by_id = {i.id: i for i in indicators}
        self.districts = dict(District.objects.values_list("code", "name"))
        self.ordered_districts = {code: i for i, code in enumerate(sorted(self.districts))}

    def coordinate(self, summary, parts, dimension):
        if dimension == "indicator":
            indicator = self.by_id[summary.indicator_id]
            return (
                (indicator.activity.row, indicator.position),
                f"{indicator.code} {indicator.name}",
            )
        if dimension == "period":
            # By last day, a span of years after the years it ends with: 2020, 2021, 2020/2021.
            span = domain.period_span(summary.period)
            key = (span[1], -span[0].toordinal()) if span else (dt.date.max, 0)
            return ((*key, summary.period), summary.period)
        if dimension == "organisation":
            return (summary.organisation.sort_key, summary.organisation.name)
        option = parts[dimension]
        if dimension == "district":
            return (
                self.ordered_districts.get(option, 999),
                self.districts.get(option, option),
            )
        return (option_rank(dimension, option), option_label(dimension, option))
