"""Reads of monitoring data that analytics (and the reports above it) summarise: approved
values, definitions' aggregation, periods, assignments, activity reports and context figures.
Analytics draws from these, never from monitoring's tables, so monitoring's rooms can change
without touching the dashboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from esitkent.core import progress_rating
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, Indicator, Plan

from .models import (
    ActivityReport,
    ContextCheck,
    ContextSeries,
    ContextValue,
    DataValue,
    IndicatorDefinition,
    ReportingPeriod,
    Submission,
)
from .progress_selectors import activity_rag

# --- Approved values, the summaries' source --------------------------------------------------


def approved_values(indicator_id: int, period: str) -> list[tuple[str, int, Decimal]]:
    """One (indicator, period) group's approved figures: (breakdown key, organisation, value)."""
    return list(
        DataValue.objects.filter(
            indicator_id=indicator_id, period=period, approved=True, value__isnull=False
        ).values_list("breakdown_key", "organisation_id", "value")
    )


def approved_groups() -> set[tuple[int, str]]:
    """Every (indicator, period) group that holds an approved value."""
    return set(
        DataValue.objects.filter(approved=True).values_list("indicator_id", "period").distinct()
    )


def aggregations(indicator_ids: Iterable[int]) -> dict[int, str]:
    """How each indicator's figures combine across units ("sum", "average"), where defined."""
    return dict(
        IndicatorDefinition.objects.filter(indicator_id__in=set(indicator_ids)).values_list(
            "indicator_id", "aggregation"
        )
    )


# --- Periods and assignments ------------------------------------------------------------------


def plan_periods(plan: Plan, *, started_by: dt.date | None = None) -> QuerySet[ReportingPeriod]:
    """The plan's reporting periods in order, those begun by a date if one is given."""
    periods = ReportingPeriod.objects.filter(plan=plan)
    if started_by is not None:
        periods = periods.filter(start__lte=started_by)
    return periods.order_by("start")


def report_years(plan: Plan, *, as_of: dt.date | None = None) -> list[int]:
    """Years offered for a report: the plan's own that have a reporting period ending in
    them, and with as_of none after its year (a year not yet begun has nothing to report).
    A year past the plan's end has nothing of the plan to report, whatever its periods."""
    last = plan.end_year if as_of is None else min(plan.end_year, as_of.year)
    return sorted(
        set(
            ReportingPeriod.objects.filter(
                plan=plan, end__year__gte=plan.start_year, end__year__lte=last
            ).values_list("end__year", flat=True)
        )
    )


def assigned_organisations(plan: Plan) -> QuerySet[Organisation]:
    """Units assigned to report some indicator of the plan."""
    return Organisation.objects.filter(
        assignments__indicator__activity__subgoal__goal__area__plan=plan
    ).distinct()


def assigned_indicators(plan: Plan, organisation: Organisation) -> list[Indicator]:
    """The plan's indicators a unit is assigned to report, in plan order."""
    return list(
        Indicator.objects.filter(
            assignments__organisation=organisation,
            activity__subgoal__goal__area__plan=plan,
        ).order_by("activity__row", "position")
    )


# --- Activity reports: how activities stand --------------------------------------------------


def is_behind(rag: str) -> bool:
    """Whether a rating says the activity is behind its schedule (red or amber)."""
    return rag in (progress_rating.RED, progress_rating.AMBER)


@dataclass
class Standing:
    """How a unit stands on the activities it answers for."""

    rag: str  # the worst of theirs; "none" when none could be rated
    progress: float | None  # None when none could be rated
    reported: int
    behind: int


def responsibility_standing(
    activities: list[Activity], latest, *, plan: Plan, as_of: dt.date
) -> Standing:
    """The activities' ratings and progress rolled into one, from `latest`
    (latest_activity_status): a unit is judged only on what it answers for."""
    rags = [activity_rag(a, latest, plan=plan, as_of=as_of) for a in activities]
    rag = progress_rating.worst_rag(rags)
    progress = progress_rating.roll_up(
        progress_rating.activity_progress(*latest.get(a.id, (None, None))) for a in activities
    )
    return Standing(
        rag=rag,
        progress=None if rag == progress_rating.NONE else progress.value,
        reported=sum(1 for a in activities if a.id in latest),
        behind=sum(1 for r in rags if is_behind(r)),
    )


@dataclass
class OwnReport:
    """A unit's own latest approved report on an activity, and its rating."""

    report: ActivityReport | None
    rag: str


def own_reports(
    plan: Plan, organisation: Organisation, activities: dict[Activity, bool], *, as_of: dt.date
) -> dict[int, OwnReport]:
    """Per activity (mapped to whether the unit answers for it): the unit's own latest approved
    report, rated only where the unit answers for the activity."""
    latest: dict[int, ActivityReport] = {}
    for report in (
        ActivityReport.objects.filter(
            period__plan=plan,
            organisation=organisation,
            submission__status=Submission.Status.APPROVED,
        )
        .select_related("period")
        .order_by("period__end", "id")
    ):
        latest[report.activity_id] = report
    start = dt.date(plan.start_year, 1, 1)
    out = {}
    for activity, responsible in activities.items():
        report = latest.get(activity.id)
        rag = (
            progress_rating.activity_rag(
                status=report.status,
                progress=report.progress,
                start=start,
                due=activity.due_date,
                as_of=as_of,
            )
            if report and responsible
            else progress_rating.NONE
        )
        out[activity.id] = OwnReport(report, rag)
    return out


# --- Context figures (citywide statistics beside the plan's own) ------------------------------


def themed_context_series() -> QuerySet[ContextSeries]:
    """The context series shown by theme, each with its values."""
    return ContextSeries.objects.exclude(theme="").prefetch_related("values").order_by("code")


def context_value_index() -> dict[tuple[int, str, str], Decimal]:
    """Every context value by (series, period, breakdown key)."""
    return {
        (v.series_id, v.period, v.breakdown_key): v.value
        for v in ContextValue.objects.filter(kind="value")
    }


def context_checks_stored() -> QuerySet[ContextCheck]:
    """The printed percentages to recompute from their counts."""
    return ContextCheck.objects.select_related("percentage_of")


def context_values_newest_first() -> QuerySet[ContextValue]:
    """Every context value with its series, per series newest period first."""
    return (
        ContextValue.objects.filter(kind="value")
        .select_related("series")
        .order_by("series__code", "-period")
    )


def district_context_periods() -> list[tuple[str, str, str]]:
    """(series code, series name, period) of every context value given by district."""
    return list(
        ContextValue.objects.filter(
            breakdown_key__startswith="district=", kind="value"
        ).values_list("series__code", "series__name", "period")
    )


def district_context_values(series_code: str, period: str) -> list[tuple[str, Decimal]]:
    """A series' values by district for a period: (breakdown key, value)."""
    return list(
        ContextValue.objects.filter(
            series__code=series_code,
            period=period,
            breakdown_key__startswith="district=",
            kind="value",
        ).values_list("breakdown_key", "value")
    )
