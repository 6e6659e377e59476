"""Reads of the support line's calls, her own centres' only."""

from __future__ import annotations

from . import policies
from .models import SupportLineCall


def calls(user, *, limit: int = 50) -> list[SupportLineCall]:
    return list(
        SupportLineCall.objects.filter(centre_id__in=policies.case_centre_ids(user))
        .select_related("centre", "district", "case")
        .order_by("-received_at")[:limit]
    )


def call_for(user, call_id: int) -> SupportLineCall | None:
    return (
        SupportLineCall.objects.filter(centre_id__in=policies.case_centre_ids(user), pk=call_id)
        .select_related("centre")
        .first()
    )
