"""Every read of a case record starts here, from `visible_cases(user)`, which applies centre
scope: her own centre's records, and records referred to her centre while the referral is
pending or accepted (then only the granted sections). Nobody else, administrators included,
gets a row.

The other reads have rooms of their own: referrals, alerts, the support line, the access log
and review, and the statistics other apps read (`statistics_selectors.anonymised_counts`,
consented records only, small cells suppressed).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Subquery

from esitkent.centres.models import Centre
from esitkent.core.crypto import blind_index

from . import domain, policies
from .models import Case, CaseAttachment, Referral

LIVE_REFERRAL = (Referral.Status.PENDING, Referral.Status.ACCEPTED)


def visible_cases(user) -> QuerySet[Case]:
    own = policies.case_centre_ids(user)
    if not own:
        return Case.objects.none()
    referred = Referral.objects.filter(to_centre_id__in=own, status__in=LIVE_REFERRAL).values(
        "case_id"
    )
    return Case.objects.filter(Q(centre_id__in=own) | Q(pk__in=Subquery(referred)))


@dataclass(frozen=True)
class CaseAccess:
    owner: bool  # her centre holds the record: every section, and she may edit
    manager: bool  # the owning centre's manager: overrides, exports
    sections: frozenset[str]
    referrals: tuple[Referral, ...] = ()  # the live referrals that let a receiver in

    def sees(self, section: str) -> bool:
        return section in self.sections

    def sees_contact(self, case: Case) -> bool:
        """Contact fields are hidden everywhere for a confidential address: even the owner
        sees them only through the logged 'reveal' step."""
        return self.sees("contact") and not case.confidential_address


def case_access(user, case: Case) -> CaseAccess | None:
    if policies.may_edit(user, case):
        return CaseAccess(
            owner=True, manager=policies.may_manage(user, case), sections=frozenset(domain.SECTIONS)
        )
    own = policies.case_centre_ids(user)
    live = tuple(
        Referral.objects.filter(
            case=case, to_centre_id__in=own, status__in=LIVE_REFERRAL
        ).select_related("from_centre__organisation", "to_centre__organisation")
    )
    if not live:
        return None
    granted = frozenset(s for r in live for s in r.sections) | domain.ALWAYS_SHARED
    return CaseAccess(owner=False, manager=False, sections=granted, referrals=live)


def case_for(user, code: str) -> tuple[Case, CaseAccess] | None:
    """The record and what she may see of it, or None: another centre's record answers
    exactly like one that does not exist."""
    case = (
        visible_cases(user)
        .select_related("centre__organisation", "district")
        .filter(survivor_code=code)
        .first()
    )
    if case is None:
        return None
    access = case_access(user, case)
    return (case, access) if access is not None else None


def case_list(user, *, status: str = "", code: str = "", limit: int = 50) -> list[Case]:
    """The newest records she may see. Her centres' records and the ones referred in are read
    apart, each down its own index, and merged: one query with an OR sorts every visible row
    (bench/cases.py)."""
    # A district's boundary (GeoJSON) is never shown here: not decoding it per row.
    cases = (
        visible_cases(user)
        .select_related("centre__organisation", "district")
        .defer("district__boundary")
    )
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    if code:
        cases = cases.filter(survivor_code=code.strip().upper())
    newest = ("-applied_on", "-id")
    own = policies.case_centre_ids(user)
    found: list[Case] = []
    for centre_id in sorted(own):
        found += cases.filter(centre_id=centre_id).order_by(*newest)[:limit]
    referred = (
        Referral.objects.filter(to_centre_id__in=own, status__in=LIVE_REFERRAL)
        .values("case_id")
        .order_by()
    )
    found += (
        cases.filter(pk__in=Subquery(referred)).exclude(centre_id__in=own).order_by(*newest)[:limit]
    )
    found.sort(key=lambda c: (c.applied_on, c.pk), reverse=True)
    return found[:limit]


def find_by_national_id(user, number: str) -> list[Case]:
    digits = domain.national_id_normalised(number)
    if not digits:
        return []
    # Only records her own centres hold: a receiving centre without the contact section must
    # not learn which record a number belongs to. The centre is checked here rather than in
    # SQL, where SQLite would walk the centre's index instead of the blind index.
    own = policies.case_centre_ids(user)
    found = (
        visible_cases(user)
        .select_related("centre__organisation")
        .defer("district__boundary")
        .filter(national_id_index=blind_index(digits))
        .order_by("-applied_on")[:100]
    )
    return [case for case in found if case.centre_id in own][:20]


def national_id_held_elsewhere(user, number: str) -> bool:
    """Whether the number belongs to a record no centre of hers holds: her search for it is
    then a refused attempt on another centre's record, which the access log must show."""
    digits = domain.national_id_normalised(number)
    if not digits:
        return False
    return (
        Case.objects.filter(national_id_index=blind_index(digits))
        .exclude(centre_id__in=policies.case_centre_ids(user))
        .exists()
    )


def case_sections(case: Case, access: CaseAccess) -> dict:
    """The granted sections' rows, each read only if granted."""
    parts: dict = {}
    if access.sees("incidents"):
        parts["incidents"] = list(case.incidents.all())
        for incident in parts["incidents"]:
            # GBVIMS case context: derived, never asked and never a type.
            incident.context = domain.case_context(
                incident.core_type, incident.perpetrator_relationship, case.age_band
            )
    if access.sees("risk"):
        parts["risk"] = list(case.risk_assessments.all())
    if access.sees("services"):
        parts["services"] = list(case.services.all())
    if access.sees("measures"):
        parts["measures"] = list(case.measures.all())
    if access.owner:
        parts["consents"] = list(case.consents.order_by("kind", "-recorded_at", "-id"))
        parts["referrals"] = list(case.referrals.select_related("to_centre", "from_centre"))
        parts["follow_ups"] = list(case.follow_ups.all())
        parts["attachments"] = list(
            case.attachments.only("id", "original_name", "size", "uploaded_at")
        )
    return parts


def my_centres(user) -> list[Centre]:
    return list(Centre.objects.filter(pk__in=policies.case_centre_ids(user)).order_by("sort_key"))


def managed_centres(user) -> QuerySet[Centre]:
    return Centre.objects.filter(pk__in=policies.managed_centre_ids(user))


def attachment_bytes(attachment: CaseAttachment) -> bytes:
    return base64.b64decode(attachment.content)


def attachment_for(case: Case, attachment_id: int) -> CaseAttachment | None:
    return CaseAttachment.objects.filter(case=case, pk=attachment_id).first()
