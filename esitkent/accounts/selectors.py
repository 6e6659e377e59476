"""Reads about accounts: who holds which role, and how each signs in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from .models import Membership, MembershipEvent, Role
from .policies import TEAM_ROLES, memberships


@dataclass
class AccountRow:
    """One account as the periodic access review sees it (KVKK 2018/10)."""

    user_id: int
    username: str
    full_name: str
    is_active: bool
    is_superuser: bool
    last_login: dt.datetime | None
    date_joined: dt.datetime
    two_factor: bool
    roles: list[tuple[str, str, dt.date | None]] = field(default_factory=list)

    def idle_since(self) -> dt.datetime:
        return self.last_login or self.date_joined


def accounts_for_review() -> list[AccountRow]:
    """Every account with its roles (organisation, role label, end date) and 2FA state, in
    three queries whatever the number of accounts."""
    User = get_user_model()
    rows = {
        u.pk: AccountRow(
            user_id=u.pk,
            username=u.username,
            full_name=u.get_full_name(),
            is_active=u.is_active,
            is_superuser=u.is_superuser,
            last_login=u.last_login,
            date_joined=u.date_joined,
            two_factor=False,
        )
        for u in User.objects.order_by("username")
    }
    enrolled = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list(
        "user_id", flat=True
    )
    for user_id in enrolled:
        if user_id in rows:
            rows[user_id].two_factor = True
    memberships = Membership.objects.select_related("organisation").order_by(
        "organisation__name", "role"
    )
    for m in memberships:
        rows[m.user_id].roles.append((m.organisation.name, Role(m.role).label, m.ends_on))
    return list(rows.values())


# --- Case-centre roles: a centre's team and the administrators' proposals (issue 14) ----------


def team_of(organisation) -> list[Membership]:
    """The centre's staff and managers, ended grants included (marked by their date)."""
    return list(
        Membership.objects.filter(organisation=organisation, role__in=TEAM_ROLES)
        .select_related("user", "granted_by")
        .order_by("role", "user__username")
    )


def open_proposals():
    """Proposals that no administrator has confirmed or declined yet, oldest first."""
    return MembershipEvent.objects.filter(
        kind=MembershipEvent.Kind.PROPOSE, outcome__isnull=True
    ).order_by("at", "id")


def team_membership(organisation, membership_id: int) -> Membership | None:
    """One staff or manager grant of the organisation's team; None for any other membership."""
    return Membership.objects.filter(
        pk=membership_id,
        organisation=organisation,
        role__in=TEAM_ROLES,
    ).first()


def proposal(proposal_id: int) -> MembershipEvent | None:
    """A proposal of the grant log, open or already decided."""
    return MembershipEvent.objects.filter(pk=proposal_id, kind=MembershipEvent.Kind.PROPOSE).first()


def grant_events(*, organisation=None, limit: int = 30):
    """The latest entries of the grant log, for one organisation or all."""
    events = MembershipEvent.objects.all()
    if organisation is not None:
        events = events.filter(organisation_ref=organisation.pk)
    return list(events[:limit])


def role_label(role: str):
    return Role(role).label


# --- Who reports for a unit (monitoring's write rules and reminders) ---------------------------


def reporter_emails(organisation_id: int) -> list[str]:
    """The addresses of the unit's active reporters, each once, in order."""
    return sorted(
        set(
            Membership.objects.active()
            .filter(organisation_id=organisation_id, role=Role.REPORTER, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def units_where(user, *roles: str) -> set[int]:
    """The organisations (ids) where the person holds one of the roles now; a lapsed grant is
    not one."""
    return {organisation for organisation, held in memberships(user) if held in roles}


def reporting_units(user) -> set[int]:
    return units_where(user, Role.REPORTER)


def coordinating_units(user) -> set[int]:
    return units_where(user, Role.COORDINATOR)
