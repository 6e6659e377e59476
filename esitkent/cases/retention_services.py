"""Retention: closed records destroyed when their time is up, and the sample records removed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .access_services import access_record
from .models import AccessLogEntry, Case, SupportLineCall


@transaction.atomic
def cases_purge(*, today: dt.date, by=None) -> list[str]:
    """Destroy every closed record past its retention date, with everything it holds, and
    log one row per record removed (its code only). Returns the codes."""
    due = Case.objects.filter(status=Case.Status.CLOSED, retention_until__lt=today)
    removed = list(due.select_related("centre").order_by("pk"))
    for case in removed:
        access_record(
            user=by,
            action=AccessLogEntry.Action.PURGE,
            case=case,
            detail=f"kapanış {case.closed_on:%d.%m.%Y}; saklama süresi {case.retention_until:%d.%m.%Y}",
        )
    Case.objects.filter(pk__in=[c.pk for c in removed]).delete()
    return [case.survivor_code for case in removed]


@transaction.atomic
def sample_cases_purge() -> int:
    """Every sample case and sample call; real records are never sample and stay."""
    SupportLineCall.objects.filter(is_sample=True).delete()
    return Case.objects.filter(is_sample=True).delete()[1].get("cases.Case", 0)
