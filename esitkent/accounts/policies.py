"""Who holds which role. Other apps build their permissions from these predicates."""

import rules

from .models import Role

_CACHE = "_esitkent_memberships"


def memberships(user) -> frozenset[tuple[int, str]]:
    """(organisation id, role) pairs, read once per user object (once per request): every
    permission check on a page asks these predicates several times. A grant past its end date
    is not among them."""
    if not user.is_authenticated:
        return frozenset()
    if _CACHE not in user.__dict__:
        user.__dict__[_CACHE] = frozenset(
            user.memberships.active().values_list("organisation_id", "role")
        )
    return user.__dict__[_CACHE]


def forget_memberships(user) -> None:
    """Drop this and every app's per-user role cache (they all start with `_esitkent_`)."""
    for key in [k for k in user.__dict__ if k.startswith("_esitkent_")]:
        del user.__dict__[key]


def has_role(user, *roles: str) -> bool:
    return any(role in roles for _, role in memberships(user))


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser) or has_role(user, Role.ADMIN)


@rules.predicate
def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


@rules.predicate
def holds_a_role(user) -> bool:
    """Has any role anywhere (or is a superuser): an account with no role sees no staff page."""
    return bool(memberships(user)) or bool(user.is_authenticated and user.is_superuser)


@rules.predicate
def is_member(user) -> bool:
    return has_role(user, Role.ADMIN, Role.COORDINATOR, Role.REPORTER, Role.VIEWER) or bool(
        user.is_authenticated and user.is_superuser
    )


@rules.predicate
def coordinates(user, organisation) -> bool:
    """A coordinator of this organisation, or of a unit under it (a branch of its department)."""
    if organisation is None or not has_role(user, Role.COORDINATOR):
        return False
    own = (
        user.memberships.active()
        .filter(role=Role.COORDINATOR)
        .select_related("organisation__parent__parent__parent")
    )
    for membership in own:
        unit = membership.organisation
        while unit is not None:
            if unit.pk == organisation.pk:
                return True
            unit = unit.parent
    return False


CENTRE_ROLES = (Role.CENTRE_STAFF, Role.CENTRE_MANAGER, Role.NETWORK_COORDINATOR)


@rules.predicate
def must_use_two_factor(user) -> bool:
    """Roles whose accounts can change everything, or read what a centre keeps confidential
    (a shelter's address now, case records later), need a second factor."""
    return bool(user.is_staff) or is_admin(user) or has_role(user, *CENTRE_ROLES)


@rules.predicate
def coordinates_plan(user, plan) -> bool:
    """A coordinator of the plan's coordinating unit itself (the office that runs monitoring).

    Not the owner's whole subtree: every department sits under the municipality, and a
    department's coordinator must not review or manage the plan's monitoring.
    """
    if plan is None or not user.is_authenticated:
        return False
    if plan.coordinating_unit_id is None:
        return coordinates(user, plan.owner)
    return (plan.coordinating_unit_id, Role.COORDINATOR) in memberships(user)


@rules.predicate
def member_of(user, organisation) -> bool:
    return organisation is not None and any(
        org_id == organisation.pk for org_id, _ in memberships(user)
    )


# --- Who grants a case-centre role (issue 14) ----------------------------------------------------
# A centre's team is its manager's to build; administrators run the system and may not let
# themselves in. Where a centre has no manager yet, and for the network coordinator (who reads
# every shelter's address and belongs to no centre), two administrators act together: one
# proposes, another confirms. These are plain functions: `has_perm` is always true for a
# superuser.

TEAM_ROLES = (Role.CENTRE_STAFF, Role.CENTRE_MANAGER)
# What two administrators may appoint. Not centre staff: the first manager builds her team.
PROPOSABLE_ROLES = (Role.CENTRE_MANAGER, Role.NETWORK_COORDINATOR)


def manages_organisation(user, organisation) -> bool:
    return organisation is not None and (organisation.pk, Role.CENTRE_MANAGER) in memberships(user)


def may_grant_centre_role(user, organisation, role: str) -> bool:
    """Staff, or another manager, of the centre she manages."""
    return role in TEAM_ROLES and manages_organisation(user, organisation)


def may_propose_centre_role(user) -> bool:
    return bool(is_admin(user))


def may_revoke_membership(user, membership) -> bool:
    """The centre's manager for her team; an administrator for any centre role."""
    if membership.role not in CENTRE_ROLES:
        return False
    if membership.role in TEAM_ROLES and manages_organisation(user, membership.organisation):
        return True
    return bool(is_admin(user))
