"""Reads of the approved aggregates (indicator summaries) that the portal, the API and the
annual report publish. Every row here is approved figures only; the across-units rows
(organisation None) are what the public sees, and each carries `sample` where it says whether
its period is a sample one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import QuerySet

from esitkent.monitoring.report_selectors import from_sample_period
from esitkent.plans.models import Indicator, Plan

from .models import IndicatorSummary

_AREA = "indicator__activity__subgoal__goal__area"


def _across_units() -> QuerySet[IndicatorSummary]:
    return IndicatorSummary.objects.filter(organisation=None)


def year_totals(plan: Plan, period: str) -> dict[int, Decimal]:
    """Each indicator's approved total across units for one period, by indicator id."""
    return {
        s.indicator_id: s.value
        for s in _across_units().filter(
            indicator__activity__subgoal__goal__area__plan=plan, period=period, dimensions=""
        )
    }


def series_rows(indicators: Iterable[Indicator]) -> QuerySet:
    """(indicator id, period, breakdown key, value, sample) of every approved figure across
    units of these indicators, by period and breakdown."""
    return (
        _across_units()
        .filter(indicator__in=indicators)
        .annotate(sample=from_sample_period())
        .order_by("period", "dimensions", "breakdown_key")
        .values_list("indicator_id", "period", "breakdown_key", "value", "sample")
    )


def indicator_totals(indicator: Indicator) -> list[tuple[str, Decimal, bool]]:
    """(period, value, sample) of the indicator's approved totals across units."""
    return list(
        _across_units()
        .filter(indicator=indicator, dimensions="")
        .annotate(sample=from_sample_period())
        .values_list("period", "value", "sample")
    )


def breakdown_periods(indicator: Indicator, dimensions: Iterable[str]) -> set[tuple[str, str]]:
    """(dimension, period) of every approved breakdown across units the indicator has."""
    return set(
        _across_units()
        .filter(indicator=indicator, dimensions__in=list(dimensions))
        .order_by()
        .values_list("dimensions", "period")
        .distinct()
    )


def plan_total_rows(plan: Plan) -> QuerySet:
    """(indicator code, name, period, value, sample) of every approved total across units of
    the plan, in plan order: one row per indicator and period."""
    return (
        _across_units()
        .filter(indicator__activity__subgoal__goal__area__plan=plan, dimensions="")
        .annotate(sample=from_sample_period())
        .values_list("indicator__code", "indicator__name", "period", "value", "sample")
        .order_by("indicator__activity__row", "indicator__position")
    )


def open_data_summaries() -> Iterator[tuple]:
    """Every approved aggregate across units of every approved plan: (plan slug, area code,
    activity code, indicator code, indicator name, period, breakdown key, value, units,
    sample), in plan order, read in chunks."""
    return (
        _across_units()
        .filter(**{f"{_AREA}__plan__status": Plan.Status.APPROVED})
        .annotate(sample=from_sample_period())
        .order_by("indicator__activity__row", "indicator__position", "period", "breakdown_key")
        .values_list(
            f"{_AREA}__plan__slug",
            f"{_AREA}__code",
            "indicator__activity__code_printed",
            "indicator__code",
            "indicator__name",
            "period",
            "breakdown_key",
            "value",
            "organisations",
            "sample",
        )
        .iterator(chunk_size=2000)
    )


def summaries_of(plans: QuerySet[Plan], *, per_unit: bool) -> QuerySet[IndicatorSummary]:
    """Approved aggregates of these plans, annotated `sample`: across units, and with
    per_unit each unit's own too."""
    rows = IndicatorSummary.objects.filter(**{f"{_AREA}__plan__in": plans})
    if not per_unit:
        rows = rows.filter(organisation=None)
    return rows.select_related("indicator", "organisation", f"{_AREA}__plan").annotate(
        sample=from_sample_period()
    )
