"""Reads for the coordinating office: the review queue, completeness and timeliness, and a
value's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from esitkent.core import period_codes
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan

from .models import Assignment, Change, DataValue, ReportingPeriod, Submission


def review_queue(plan: Plan) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(period__plan=plan)
        .exclude(status=Submission.Status.DRAFT)
        .select_related("period", "organisation", "submitted_by")
        .annotate(
            value_count=Count("values"),
            waiting=Case(
                When(status=Submission.Status.SUBMITTED, then=0),
                When(status=Submission.Status.RETURNED, then=1),
                default=2,
            ),
        )
        .order_by("waiting", "submitted_at")
    )


@dataclass
class Completeness:
    organisation: Organisation
    period: ReportingPeriod
    expected: int
    reported: int
    status: str
    on_time: bool | None
    submitted_on: dt.date | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.reported / self.expected) if self.expected else 100


def completeness(
    plan: Plan, period: ReportingPeriod, *, organisation: Organisation | None = None
) -> list[Completeness]:
    """Per organisation (or the one given): assigned indicators with a total reported, and
    whether it came on time."""
    # Expected: the indicators assigned to the unit that are reported at this period's length.
    kind = period_codes.parse_period(period.code).kind
    assignments = Assignment.objects.filter(
        indicator__plan=plan,
        indicator__archived_at__isnull=True,
        indicator__definition__periodicity=kind,
    )
    values = DataValue.objects.filter(
        period=period.code,
        breakdown_key="",
        indicator__plan=plan,
        indicator__definition__periodicity=kind,
        indicator__assignments__organisation=F("organisation"),
    )
    submissions = Submission.objects.filter(period=period)
    if organisation is not None:
        assignments = assignments.filter(organisation=organisation)
        values = values.filter(organisation=organisation)
        submissions = submissions.filter(organisation=organisation)
    expected = assignments.values("organisation").annotate(n=Count("id"))
    reported = dict(
        values.values_list("organisation")
        .annotate(n=Count("indicator", distinct=True))
        .values_list("organisation", "n")
    )
    submissions = {s.organisation_id: s for s in submissions}
    orgs = Organisation.objects.in_bulk([row["organisation"] for row in expected])
    rows = []
    for row in expected:
        submission = submissions.get(row["organisation"])
        on_time = submitted_on = None
        if submission and submission.submitted_at:
            submitted_on = timezone.localdate(submission.submitted_at)
            on_time = submitted_on <= period.deadline
        rows.append(
            Completeness(
                orgs[row["organisation"]],
                period,
                row["n"],
                reported.get(row["organisation"], 0),
                # Lazy: a report renders them in its own language.
                Submission.Status(submission.status).label
                if submission
                else gettext_lazy("Başlanmadı"),
                on_time,
                submitted_on,
            )
        )
    return sorted(rows, key=lambda c: (c.percent, c.organisation.sort_key))


def submission_evidence(submission: Submission):
    return submission.evidence.order_by("uploaded_at", "id")


def review_history(submission: Submission) -> QuerySet[Change]:
    """Everything changed in the submission: its states, values, notes and reports."""
    return submission.changes.select_related("by")
