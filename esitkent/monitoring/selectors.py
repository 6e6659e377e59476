"""Reads for the monitoring cycle: a reporter's tasks, the plans a person manages, a plan's
periods and units. The entry form's reads are in entry_selectors, the office's in
review_selectors, the progress tree in progress_selectors."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from esitkent.core import period_codes
from esitkent.core.policies import may
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator, Plan

from . import domain
from .models import Assignment, ReportingPeriod, Submission
from .period_selectors import period_accepts_entries
from .policies import reporting_organisation_ids

# The states a submission can be in, for those that filter by them (the API).
SubmissionStatus = Submission.Status


def reporting_organisations(user) -> QuerySet[Organisation]:
    """Organisations the person reports for: her reporter or coordinator memberships."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(id__in=reporting_organisation_ids(user))


def managed_plans(user) -> list[Plan]:
    """The plans whose monitoring the person manages (their periods, definitions, reviews)."""
    return [p for p in Plan.objects.all() if may(user, "monitoring.manage_plan", p)]


@dataclass
class Task:
    period: ReportingPeriod
    organisation: Organisation
    submission: Submission | None
    indicators: int
    state: str  # due | overdue | returned | submitted | approved | closed
    days_left: int


def reporter_tasks(user, *, today: dt.date) -> list[Task]:
    """Every open period × organisation the person reports for, most urgent first."""
    orgs = list(reporting_organisations(user))
    if not orgs:
        return []
    assigned = defaultdict(int)  # (unit, plan, periodicity) → indicators assigned
    plan_of_assignment = Assignment.objects.filter(
        organisation__in=orgs, indicator__archived_at__isnull=True
    ).values("organisation", "indicator__plan", "indicator__definition__periodicity")
    for row in plan_of_assignment.annotate(n=Count("id")):
        key = (
            row["organisation"],
            row["indicator__plan"],
            row["indicator__definition__periodicity"],
        )
        assigned[key] += row["n"]
    submissions = {
        (s.period_id, s.organisation_id): s
        for s in Submission.objects.filter(organisation__in=orgs)
    }
    tasks = []
    for period in ReportingPeriod.objects.filter(
        plan__in={p for _, p, _ in assigned}
    ).select_related("plan"):
        kind = period_codes.parse_period(period.code).kind
        for org in orgs:
            n = assigned.get((org.id, period.plan_id, kind), 0)
            if not n:
                continue
            submission = submissions.get((period.id, org.id))
            tasks.append(
                Task(
                    period,
                    org,
                    submission,
                    n,
                    _task_state(period, submission, today),
                    (period.deadline - today).days,
                )
            )
    order = {"returned": 0, "overdue": 1, "due": 2, "submitted": 3, "approved": 4, "closed": 5}
    return sorted(tasks, key=lambda t: (order[t.state], t.period.deadline, t.organisation.sort_key))


def _task_state(period: ReportingPeriod, submission: Submission | None, today: dt.date) -> str:
    status = submission.status if submission else domain.DRAFT
    if status not in domain.EDITABLE_STATES:
        return status
    if status == domain.RETURNED:
        return "returned"
    if not period_accepts_entries(period, today):
        return "closed"
    return "overdue" if today > period.deadline else "due"


def assigned_units(indicator: Indicator) -> list[Organisation]:
    """The units that report this indicator."""
    return list(Organisation.objects.filter(assignments__indicator=indicator))


def reporting_period(plan: Plan, code: str) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(plan=plan, code=code).first()


def open_periods(plan: Plan) -> list[ReportingPeriod]:
    """Periods still taking entries or waiting for their lock, earliest deadline first."""
    return list(
        ReportingPeriod.objects.filter(plan=plan, locked_at__isnull=True).order_by("deadline")
    )


def sample_period_codes(plan: Plan) -> set[str]:
    """The plan's sample periods: their figures are marked ÖRNEK wherever they are shown."""
    return set(
        ReportingPeriod.objects.filter(plan=plan, is_sample=True).values_list("code", flat=True)
    )


def plan_period(plans: QuerySet[Plan], slug: str, code: str) -> ReportingPeriod | None:
    """The period `code` of the plan `slug`, if that plan is among `plans`."""
    return ReportingPeriod.objects.filter(plan__in=plans, plan__slug=slug, code=code).first()
