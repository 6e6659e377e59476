"""The demo's sample monitoring cycles: a year of reporting replayed on its own calendar.

Nothing here writes a value, a status or a review by itself. Every step is the real service a
person's click calls (submission_save, submission_submit, submission_return,
submission_approve, value_note_add, period_lock), run at the date it would have happened, so
that the history, the summaries, completeness, lateness and the publication stamp are what
the real cycle would leave. The figures are invented, deterministic (seeded by indicator and
year) and held in periods marked `is_sample`, which `sample_periods_purge` removes whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from esitkent.plans.models import Plan

from . import domain
from .entry_services import submission_open, submission_save, value_note_add
from .hooks import approved_values_changed
from .models import (
    ActivityReport,
    Assignment,
    Change,
    DataValue,
    Evidence,
    ReminderPolicy,
    ReportingPeriod,
    Submission,
)
from .period_services import period_lock, reporting_period_create
from .review_services import submission_approve, submission_return, submission_submit
from .sample_entry_services import (
    outlier_comments,
    return_correction,
    sample_report_entries,
    sample_value_entries,
)
from .value_selectors import groups_of_submissions

RETURN_REASON = (
    "ÖRNEK: İlçe kırılımı toplamla uyumlu ama iki ilçenin değerleri geçen yılla çok farklı; "
    "lütfen kontrol edip açıklama ekleyin."
)


@dataclass(frozen=True)
class CycleCalendar:
    """The dates of one year's cycle: a draft, a submission (late when past the deadline),
    an optional return and resubmission, the approval and the lock after the grace days."""

    draft: dt.date
    submitted: dt.date
    returned: dt.date | None
    resubmitted: dt.date | None
    approved: dt.date


def calendar_for(period: ReportingPeriod, *, late_days: int = 0, returned: bool = False):
    deadline = period.deadline
    submitted = (
        deadline + dt.timedelta(days=late_days) if late_days else deadline - dt.timedelta(10)
    )
    return CycleCalendar(
        draft=submitted - dt.timedelta(days=8),
        submitted=submitted,
        returned=submitted + dt.timedelta(days=3) if returned else None,
        resubmitted=submitted + dt.timedelta(days=6) if returned else None,
        approved=submitted + dt.timedelta(days=9 if returned else 4),
    )


def _at(day: dt.date, hour: int):
    moment = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())
    return time_machine.travel(moment, tick=True)


def sample_cycle_replay(
    *,
    period: ReportingPeriod,
    organisation,
    reporter,
    coordinator,
    calendar: CycleCalendar,
    state: dict,
) -> Submission:
    """One unit's year: draft, submit, perhaps a return with a reason and a corrected value,
    then the coordinator's approval, each on its day. `state` carries last year's totals and
    progress so that one year leads to the next."""
    seed = f"{period.plan.slug}-{period.code}"
    previous = state.setdefault("totals", {})
    progress = state.setdefault("progress", {})
    with _at(calendar.draft, 10):
        submission = submission_open(period=period, organisation=organisation)
        values = sample_value_entries(submission, previous, seed)
        reports = sample_report_entries(submission, progress, seed)
        submission_save(
            submission=submission, values=values, reports=reports, by=reporter, today=calendar.draft
        )
        extra = outlier_comments(submission, values, calendar.draft)
        if extra:
            submission_save(
                submission=submission, values=extra, reports=[], by=reporter, today=calendar.draft
            )
    with _at(calendar.submitted, 15):
        submission_submit(submission=submission, by=reporter, today=calendar.submitted)
    if calendar.returned:
        with _at(calendar.returned, 11):
            submission_return(submission=submission, by=coordinator, reason=RETURN_REASON)
        with _at(calendar.resubmitted, 14):
            corrected = return_correction(values)
            if corrected:
                submission_save(
                    submission=submission,
                    values=corrected,
                    reports=[],
                    by=reporter,
                    today=calendar.resubmitted,
                )
            submission_submit(submission=submission, by=reporter, today=calendar.resubmitted)
    with _at(calendar.approved, 16):
        submission.refresh_from_db()
        noted = (
            submission.values.filter(breakdown_key="")
            .order_by("indicator__activity__row", "indicator__position")
            .first()
        )
        if noted is not None:
            value_note_add(
                submission=submission,
                value_id=noted.pk,
                by=coordinator,
                text="ÖRNEK: Değer kaynak belgeyle karşılaştırıldı, uygun.",
            )
        submission_approve(submission=submission, by=coordinator)
    return submission


@transaction.atomic
def sample_cycles_create(*, plan: Plan, years: list[int], reporter, coordinator) -> list[str]:
    """The plan's past years as sample periods with a complete, approved cycle each: every
    assigned unit reports, the first year is returned once and corrected, the second is sent
    a few days late, and each period is locked after its grace days."""
    state: dict = {}
    lines = []
    units = list(
        {
            a.organisation
            for a in Assignment.objects.filter(indicator__plan=plan).select_related("organisation")
        }
    )
    units.sort(key=lambda o: o.code)
    for n, year in enumerate(sorted(years)):
        code = str(year)
        if ReportingPeriod.objects.filter(plan=plan, code=code).exists():
            lines.append(f"Dönem {code}: zaten var; dokunulmadı")
            continue
        with _at(dt.date(year, 1, 2), 9):
            period = reporting_period_create(
                plan=plan, code=code, deadline=dt.date(year + 1, 1, 31), is_sample=True
            )
        calendar = calendar_for(period, late_days=9 if n % 2 else 0, returned=n % 2 == 0)
        for unit in units:
            sample_cycle_replay(
                period=period,
                organisation=unit,
                reporter=reporter,
                coordinator=coordinator,
                calendar=calendar,
                state=state,
            )
        lock_day = domain.last_entry_day(period.deadline, period.grace_days) + dt.timedelta(1)
        with _at(lock_day, 0):
            period_lock(period=period)
        lines.append(
            f"Dönem {code} (ÖRNEK): {len(units)} birim gönderdi"
            + (", bir kez geri gönderildi" if calendar.returned else "")
            + (
                f", {(calendar.submitted - period.deadline).days} gün geç"
                if calendar.submitted > period.deadline
                else ""
            )
            + f"; {calendar.approved:%d.%m.%Y} onaylandı, kilitlendi"
        )
    return lines


def demo_periods_create(*, plan: Plan, reporter, coordinator, today: dt.date) -> list[str]:
    """The demo's periods: every year but the last replayed as a sample cycle, the last one open.
    A reminder policy is set so that the open period's reminders can be tried."""
    ReminderPolicy.objects.get_or_create(
        plan=plan, defaults={"days_before": [14, 3], "overdue_every_days": 7}
    )
    lines = sample_cycles_create(
        plan=plan,
        years=list(range(plan.start_year, plan.end_year)),
        reporter=reporter,
        coordinator=coordinator,
    )
    code = str(plan.end_year)
    if not ReportingPeriod.objects.filter(plan=plan, code=code).exists():
        # The plan's last year stays open in the demo so that the cycle can be tried:
        # its deadline is set a month from today.
        period = reporting_period_create(
            plan=plan,
            code=code,
            deadline=max(today + dt.timedelta(days=30), dt.date(plan.end_year + 1, 1, 31)),
            is_sample=True,
        )
        lines.append(f"Dönem {code} (ÖRNEK, açık): son gün {period.deadline:%d.%m.%Y}")
    return lines


@transaction.atomic
def sample_periods_purge() -> int:
    """Remove sample reporting periods with everything entered in them (values, reports,
    evidence, history). Monitoring rows protect what they point at, so this deletes them
    explicitly, deepest first: only sample periods are ever deleted this way."""
    periods = list(ReportingPeriod.objects.filter(is_sample=True))
    groups: set[tuple[int, str]] = set()
    for period in periods:
        submissions = Submission.objects.filter(period=period)
        groups |= groups_of_submissions(submissions, period.code)
        reports = ActivityReport.objects.filter(period=period)
        Change.objects.filter(
            Q(period=period) | Q(submission__in=submissions) | Q(activity_report__in=reports)
        ).delete()
        DataValue.objects.filter(
            indicator__plan=period.plan, period=period.code, submission__in=submissions
        ).delete()
        Evidence.objects.filter(submission__in=submissions).delete()
        reports.delete()
        submissions.delete()
        period.delete()
    # The summaries the dashboards and the public pages read held the sample's approved
    # figures: the listeners rebuild them from what remains.
    approved_values_changed(groups=groups)
    return len(periods)
