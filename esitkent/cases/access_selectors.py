"""Reads of the access log: a manager's or administrator's view of it, and the periodic access
review (KVKK 2018/10) that sets every account beside the records it read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Subquery

from esitkent.accounts.policies import is_admin
from esitkent.accounts.selectors import accounts_for_review
from esitkent.centres.models import Centre

from . import policies
from .models import AccessLogEntry, Case


def access_log(user, *, case_code: str = "", limit: int = 200) -> list[AccessLogEntry]:
    """Managers read their centres' rows; administrators read all."""
    rows = AccessLogEntry.objects.all()
    if not is_admin(user):
        # Her centres' own rows, and every row about a record her centre holds, wherever it
        # was written from (a receiving shelter's view and answer carry the shelter's code).
        managed = policies.managed_centre_ids(user)
        codes = list(Centre.objects.filter(pk__in=managed).values_list("code", flat=True))
        held = Case.objects.filter(centre_id__in=managed).values("survivor_code")
        rows = rows.filter(Q(centre_code__in=codes) | Q(case_code__in=Subquery(held)))
    if case_code:
        rows = rows.filter(case_code=case_code.strip())
    return list(rows.order_by("-at", "-id")[:limit])


# --- The periodic access review (KVKK 2018/10) ----------------------------------------------------

# What counts as reading a record: opening it, revealing a confidential contact, a file, an
# export and a search by national ID or code. Lists and statistics show no record's content.
CASE_READS = (
    AccessLogEntry.Action.VIEW,
    AccessLogEntry.Action.REVEAL,
    AccessLogEntry.Action.ATTACHMENT,
    AccessLogEntry.Action.EXPORT,
    AccessLogEntry.Action.SEARCH,
)


def case_reads_by_user(*, since: dt.datetime) -> dict[int, tuple[int, int]]:
    """User id → (case reads, refused attempts) since the given time, from the access log."""
    rows = (
        AccessLogEntry.objects.filter(at__gte=since, user_ref__isnull=False)
        .values("user_ref")
        .annotate(
            reads=Count("pk", filter=Q(action__in=CASE_READS)),
            refused=Count("pk", filter=Q(action=AccessLogEntry.Action.DENIED)),
        )
    )
    return {r["user_ref"]: (r["reads"], r["refused"]) for r in rows}


@dataclass
class ReviewRow:
    account: object  # accounts.selectors.AccountRow
    case_reads: int
    refused: int
    idle: bool


REVIEW_WINDOW_DAYS = 90


def access_review(*, now: dt.datetime, idle_days: int) -> list[ReviewRow]:
    """Every account with its roles, last login, 2FA state and case reads in the last 90
    days; an active account unused for `idle_days` is flagged idle."""
    reads = case_reads_by_user(since=now - dt.timedelta(days=REVIEW_WINDOW_DAYS))
    idle_before = now - dt.timedelta(days=idle_days)
    return [
        ReviewRow(
            account=a,
            case_reads=reads.get(a.user_id, (0, 0))[0],
            refused=reads.get(a.user_id, (0, 0))[1],
            idle=a.is_active and a.idle_since() < idle_before,
        )
        for a in accounts_for_review()
    ]
