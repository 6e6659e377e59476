"""Reads of referrals: those waiting on her centre, one she may answer or take back, and the
centres a record can be sent to."""

from __future__ import annotations

from django.db.models import Q

from esitkent.centres.models import Centre

from . import policies
from .models import Case, Referral
from .selectors import LIVE_REFERRAL


def incoming_referrals(user) -> list[Referral]:
    own = policies.case_centre_ids(user)
    return list(
        Referral.objects.filter(to_centre_id__in=own, status__in=LIVE_REFERRAL)
        .select_related("case", "from_centre__organisation", "to_centre__organisation")
        .order_by("status", "-created_at")[:100]
    )


def referral_for(user, referral_id: int) -> Referral | None:
    """A referral her centre received, or one about a record her centre holds (after a
    transfer, the new owner answers for the record's referrals, not the old one)."""
    own = policies.case_centre_ids(user)
    return (
        Referral.objects.filter(
            Q(to_centre_id__in=own) | Q(case__centre_id__in=own), pk=referral_id
        )
        .select_related("case__centre", "to_centre", "from_centre")
        .first()
    )


def referral_targets(case: Case) -> list[Centre]:
    return list(Centre.objects.exclude(pk=case.centre_id).order_by("kind", "sort_key"))
