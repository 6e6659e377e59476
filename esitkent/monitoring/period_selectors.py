"""Reads about reporting periods: whether one still takes entries, and a plan's period of a
year. The deadline itself is a pure rule (`domain.last_entry_day`)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason
from esitkent.plans.models import Plan

from . import domain
from .models import ReportingPeriod, Submission


def period_accepts_entries(period: ReportingPeriod, today: dt.date) -> bool:
    return period.locked_at is None and today <= domain.last_entry_day(
        period.deadline, period.grace_days
    )


def entry_refusal(period: ReportingPeriod, status: str | None, today: dt.date) -> Problem | None:
    """Why nothing may be entered for a unit's submission (its state, then the period's
    deadline and lock), or None. One rule for the form, the API and imports."""
    if status is not None and status not in domain.EDITABLE_STATES:
        return Problem(
            "gönderim",
            Reason(
                "not_editable",
                gettext_noop("gönderim şu an “{status}” durumunda; değiştirilemez"),
                status=Submission.Status(status).label,
            ),
        )
    if not period_accepts_entries(period, today):
        return Problem(
            "dönem",
            Reason(
                "period_closed",
                gettext_noop("{period} dönemi kapandı; koordinatör yeniden açabilir"),
                period=period.code,
            ),
        )
    return None


def year_period(plan: Plan, year: int) -> ReportingPeriod:
    """The plan's reporting period of a year, or a refusal naming it."""
    period = ReportingPeriod.objects.filter(plan=plan, code=str(year)).first()
    if period is None:
        raise InputRejected(
            [Problem(f"dönem {year}", f"planın {year} için bir raporlama dönemi yok")]
        )
    return period
