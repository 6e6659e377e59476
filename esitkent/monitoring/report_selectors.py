"""Monitoring reads the layers above need: the annual report, the public portal and the API see
reporting periods, submissions and activity reports only through these (and the other
monitoring selectors), never through monitoring's models."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from esitkent.accounts.policies import coordinates_plan, is_admin
from esitkent.accounts.selectors import coordinating_units, reporting_units
from esitkent.plans.models import Plan

from .models import ActivityReport, ReportingPeriod, Submission

# An activity report's status as its form names it (lazy: the page's language names it).
ACTIVITY_STATUS_LABELS = dict(ActivityReport.Status.choices)


def from_sample_period(indicator: str = "indicator") -> Exists:
    """Whether a summary row's period is one of its plan's sample reporting periods (the demo
    keeps its last year open as sample): an annotation, so no page or file spends a query on
    it. `indicator` is the path from the row to its indicator."""
    return Exists(
        ReportingPeriod.objects.filter(
            plan=OuterRef(f"{indicator}__plan"), code=OuterRef("period"), is_sample=True
        )
    )


def periods_of(plans: QuerySet[Plan]) -> QuerySet[ReportingPeriod]:
    """The reporting periods of these plans, each with its plan."""
    return ReportingPeriod.objects.filter(plan__in=plans).select_related("plan")


def submissions_visible_to(user) -> QuerySet[Submission]:
    """Submissions the person may see: reporters their units', coordinators their plans',
    administrators all. The same rule as monitoring.view_submission, as a query."""
    rows = Submission.objects.select_related("period__plan", "organisation")
    if is_admin(user):
        return rows
    coordinating = coordinating_units(user)
    coordinated = Plan.objects.filter(coordinating_unit_id__in=coordinating).values("pk")
    # A plan without a coordinating unit is run by its owner's coordinators (coordinates_plan).
    unowned = [
        plan.pk
        for plan in Plan.objects.filter(coordinating_unit=None).select_related("owner")
        if coordinating and coordinates_plan(user, plan)
    ]
    return rows.filter(
        Q(organisation_id__in=reporting_units(user))
        | Q(period__plan__in=coordinated)
        | Q(period__plan_id__in=unowned)
    )


def approved_submissions_count(plan: Plan, year: int) -> int:
    """Approved submissions of the plan's periods ending in the year."""
    return Submission.objects.filter(
        period__plan=plan, period__end__year=year, status=Submission.Status.APPROVED
    ).count()


def last_approval(plan: Plan) -> dt.datetime | None:
    """When a submission of the plan was last approved."""
    return Submission.objects.filter(
        period__plan=plan, status=Submission.Status.APPROVED
    ).aggregate(last=Max("reviewed_at"))["last"]


def sample_statuses(plan: Plan, *, periods_ending_by: dt.date | None = None) -> set[int]:
    """Activities whose standing status (each unit's latest approved report, as
    latest_activity_status and activity_status_as_of read it) takes one unit's report from a
    sample period: that status and progress are sample figures, not real ones."""
    reports = ActivityReport.objects.filter(
        period__plan=plan, submission__status=Submission.Status.APPROVED
    )
    if periods_ending_by is not None:
        reports = reports.filter(period__end__lte=periods_ending_by)
    latest: dict[tuple[int, int], bool] = {}
    for activity_id, unit_id, sample in reports.order_by("period__end", "id").values_list(
        "activity_id", "organisation_id", "period__is_sample"
    ):
        latest[(activity_id, unit_id)] = sample
    return {activity_id for (activity_id, _unit), sample in latest.items() if sample}


def sample_periods_reached(plan: Plan) -> list[tuple[int, str, bool]]:
    """The plan's sample periods as (end year, code, has an approved submission)."""
    return [
        (end.year, code, approved)
        for end, code, approved in ReportingPeriod.objects.filter(plan=plan, is_sample=True)
        .annotate(
            approved=Exists(
                Submission.objects.filter(period=OuterRef("pk"), status=Submission.Status.APPROVED)
            )
        )
        .order_by("end", "code")
        .values_list("end", "code", "approved")
    ]
