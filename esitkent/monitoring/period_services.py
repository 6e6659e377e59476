"""Writes about reporting periods: opening one, locking it by hand or after its deadline and
grace days, reopening it with a reason."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from esitkent.core import period_codes
from esitkent.core.errors import InputRejected, Problem
from esitkent.plans.models import Plan

from .models import Change, ReportingPeriod
from .period_selectors import period_accepts_entries


@transaction.atomic
def reporting_period_create(
    *, plan: Plan, code: str, deadline: dt.date, grace_days: int = 15, is_sample: bool = False
) -> ReportingPeriod:
    period = period_codes.parse_period(code)
    if ReportingPeriod.objects.filter(plan=plan, code=code).exists():
        raise InputRejected([Problem("dönem", f"{code} dönemi bu planda zaten var")])
    if deadline < period.end:
        raise InputRejected([Problem("son gün", "son gün dönemin bitişinden önce olamaz")])
    return ReportingPeriod.objects.create(
        plan=plan,
        code=code,
        start=period.start,
        end=period.end,
        deadline=deadline,
        grace_days=grace_days,
        is_sample=is_sample,
    )


@transaction.atomic
def period_lock(*, period: ReportingPeriod, by=None) -> None:
    if period.locked_at is None:
        period.locked_at = timezone.now()
        period.save(update_fields=["locked_at"])
        Change.objects.create(period=period, action=Change.Action.LOCKED, by=by)


@transaction.atomic
def periods_lock_expired(*, today: dt.date) -> int:
    """Lock every period whose deadline and grace days have passed (run daily)."""
    locked = 0
    for period in ReportingPeriod.objects.filter(locked_at__isnull=True):
        if not period_accepts_entries(period, today):
            period_lock(period=period)
            locked += 1
    return locked


@transaction.atomic
def period_reopen(
    *, period: ReportingPeriod, by, reason: str, until: dt.date, today: dt.date | None = None
) -> None:
    today = today or timezone.localdate()
    if not reason.strip():
        raise InputRejected([Problem("gerekçe", "dönemi yeniden açmak için gerekçe yazın")])
    if until < today:
        raise InputRejected([Problem("yeni son gün", "yeni son gün bugünden önce olamaz")])
    period.locked_at = None
    period.reopened_reason = reason
    period.grace_days = min(32000, max(period.grace_days, (until - period.deadline).days))
    period.save(update_fields=["locked_at", "reopened_reason", "grace_days"])
    Change.objects.create(
        period=period,
        action=Change.Action.REOPENED,
        reason=reason,
        by=by,
        new=until.isoformat(),
        subject=f"dönem {period.code}",
    )
