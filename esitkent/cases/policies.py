"""Who may do what with case records. Plain predicates, not `user.has_perm`: a superuser
passes every permission check in Django, and an administrator must never read a case.

A person works on cases through a centre-staff or centre-manager membership of a centre's
organisation. The network coordinator and the administrators hold neither, so no case
reaches them; they get the anonymised statistics and, for administrators, the access log.
"""

from __future__ import annotations

from esitkent.accounts.models import Role
from esitkent.accounts.policies import has_role, is_admin, memberships

CASE_ROLES = (Role.CENTRE_STAFF, Role.CENTRE_MANAGER)
_CACHE = "_esitkent_case_centres"


def _centre_ids(user) -> dict[int, set[str]]:
    """Centre id → the case roles she holds there, read once per request."""
    if not user.is_authenticated:
        return {}
    if _CACHE not in user.__dict__:
        from esitkent.centres.models import Centre

        roles: dict[int, set[str]] = {}
        by_organisation: dict[int, set[str]] = {}
        for organisation_id, role in memberships(user):
            if role in CASE_ROLES:
                by_organisation.setdefault(organisation_id, set()).add(role)
        for centre_id, organisation_id in Centre.objects.filter(
            organisation_id__in=by_organisation
        ).values_list("pk", "organisation_id"):
            roles[centre_id] = by_organisation[organisation_id]
        user.__dict__[_CACHE] = roles
    return user.__dict__[_CACHE]


def case_centre_ids(user) -> frozenset[int]:
    """Centres whose records she works on (as caseworker or manager)."""
    return frozenset(_centre_ids(user))


def managed_centre_ids(user) -> frozenset[int]:
    return frozenset(c for c, roles in _centre_ids(user).items() if Role.CENTRE_MANAGER in roles)


def works_on_cases(user) -> bool:
    return bool(_centre_ids(user))


def may_edit(user, case) -> bool:
    """The owning centre's staff edit the record; a referral only lets the receiver read."""
    return case.centre_id in case_centre_ids(user)


def may_manage(user, case) -> bool:
    """Approvals and overrides: the owning centre's manager."""
    return case.centre_id in managed_centre_ids(user)


def may_read_access_log(user) -> bool:
    return bool(managed_centre_ids(user)) or is_admin(user)


def may_review_access(user) -> bool:
    """The periodic access review lists every account: the administrators' duty, not a
    centre's (a manager reviews her own team on the team page)."""
    return bool(is_admin(user))


def sees_network_statistics(user) -> bool:
    """Aggregates across the network, by district: the network coordinator (never a case)."""
    return has_role(user, Role.NETWORK_COORDINATOR)


def sees_centre_statistics(user) -> bool:
    return bool(managed_centre_ids(user)) or sees_network_statistics(user)
