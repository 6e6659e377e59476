"""Reminder e-mails to reporters before a deadline and while overdue (a daily job)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from esitkent.accounts.selectors import reporter_emails

from .models import Assignment, ReminderPolicy, ReminderSent, ReportingPeriod, Submission
from .period_selectors import period_accepts_entries

logger = logging.getLogger(__name__)


def reminder_kind(
    *, deadline: dt.date, today: dt.date, days_before: list[int], overdue_every: int
) -> str | None:
    """'due' on the configured days before the deadline, 'overdue' on the deadline's day after
    and every `overdue_every` days from then, otherwise None."""
    left = (deadline - today).days
    if left in days_before:
        return "due"
    if left < 0 and overdue_every > 0 and (-left - 1) % overdue_every == 0:
        return "overdue"
    return None


def reminders_send(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for policy in ReminderPolicy.objects.filter(enabled=True).select_related("plan"):
        for period in ReportingPeriod.objects.filter(plan=policy.plan, locked_at__isnull=True):
            if not period_accepts_entries(period, today):
                continue
            kind = reminder_kind(
                deadline=period.deadline,
                today=today,
                days_before=list(policy.days_before),
                overdue_every=policy.overdue_every_days,
            )
            if kind is None:
                continue
            done = set(
                Submission.objects.filter(period=period)
                .exclude(status__in=Submission.EDITABLE)
                .values_list("organisation_id", flat=True)
            )
            organisations = (
                Assignment.objects.filter(
                    indicator__activity__subgoal__goal__area__plan=policy.plan
                )
                .exclude(organisation_id__in=done)
                .values_list("organisation_id", flat=True)
                .distinct()
            )
            for org_id in organisations:
                sent += _remind(period, org_id, kind, today)
    return sent


def _remind(period: ReportingPeriod, org_id: int, kind: str, today: dt.date) -> int:
    """Send, then record: a unit whose mail failed is tried again on the next run."""
    emails = reporter_emails(org_id)
    if (
        not emails
        or ReminderSent.objects.filter(
            period=period, organisation_id=org_id, kind=kind, day=today
        ).exists()
    ):
        return 0
    deadline = period.deadline.strftime("%d.%m.%Y")
    if kind == "due":
        subject = f"EşitKent: {period.code} dönemi verileri {deadline} tarihine kadar bekleniyor"
        body = f"Merhaba,\n\n{period.plan.title} için {period.code} dönemi gösterge değerlerinin son günü {deadline}.\nGörevlerinizi EşitKent'te 'İzleme' sayfasında görebilirsiniz.\n"
    else:
        subject = f"EşitKent: {period.code} dönemi verileri gecikti (son gün {deadline})"
        body = f"Merhaba,\n\n{period.plan.title} için {period.code} dönemi gösterge değerlerinin son günü {deadline} idi ve biriminizin gönderimi henüz yapılmadı.\nLütfen verileri girip gönderin; gecikmenin nedenini ilgili göstergenin açıklama alanına yazabilirsiniz.\n"
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
    except Exception:  # noqa: BLE001 - one unit's failed mail must not stop the others
        logger.exception("Hatırlatma gönderilemedi: %s %s", period, org_id)
        return 0
    record_reminder(
        period=period, organisation_id=org_id, kind=kind, day=today, recipients=len(emails)
    )
    return 1


def record_reminder(
    *, period: ReportingPeriod, organisation_id: int, kind: str, day: dt.date, recipients: int
) -> None:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                period=period,
                organisation_id=organisation_id,
                kind=kind,
                day=day,
                recipients=recipients,
            )
    except IntegrityError:
        pass  # another run recorded it first
