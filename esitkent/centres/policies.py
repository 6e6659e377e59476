"""Who may do what in the centre network.

A centre's staff and manager are memberships of the centre's organisation; the network
coordinator's role covers every centre. Administrators run the system but are not let into a
shelter's address: like a case record, it is not theirs to know. Every check goes through
`core.policies.may` (the rule itself), never `user.has_perm`, which lets any superuser by.
"""

import rules

from esitkent.accounts.models import Role
from esitkent.accounts.policies import has_role, holds_a_role, is_admin, memberships


def _holds(user, centre, *roles: str) -> bool:
    return centre is not None and any(
        org_id == centre.organisation_id and role in roles for org_id, role in memberships(user)
    )


@rules.predicate
def is_network_coordinator(user) -> bool:
    return has_role(user, Role.NETWORK_COORDINATOR)


@rules.predicate
def works_at(user, centre) -> bool:
    return _holds(user, centre, Role.CENTRE_STAFF, Role.CENTRE_MANAGER)


@rules.predicate
def manages(user, centre) -> bool:
    return _holds(user, centre, Role.CENTRE_MANAGER)


def sees_shelter_address(user, centre) -> bool:
    """Only that shelter's own staff and the network coordinator, and only for a shelter."""
    if centre is None or not centre.is_shelter or not user.is_authenticated:
        return False
    return bool(works_at(user, centre) or is_network_coordinator(user))


network_wide = is_network_coordinator | is_admin

# The directory (name, kind, operator, district, public contact) is for everyone signed in
# who works with the plan or the network; the profile behind it is for the centre itself.
rules.add_perm("centres.view_directory", holds_a_role)
rules.add_perm("centres.view_centre", works_at | network_wide)
rules.add_perm("centres.edit_centre", manages | is_network_coordinator)
rules.add_perm("centres.assess", manages)
rules.add_perm("centres.verify", is_network_coordinator)
rules.add_perm("centres.manage_standards", is_network_coordinator)
rules.add_perm("centres.view_network", network_wide)
rules.add_perm("centres.record_event", is_network_coordinator)


# --- Case-centre roles (issue 14) ---------------------------------------------------------------
# Plain functions, never `has_perm`: a superuser passes every `has_perm`, and the point is that
# an administrator does not build a centre's team.


def builds_team(user, centre) -> bool:
    """The centre's manager grants and revokes its staff and managers."""
    return bool(user.is_authenticated and manages(user, centre))


def sees_team(user, centre) -> bool:
    """Her manager, and the administrators, who may revoke a grant (never make one)."""
    return builds_team(user, centre) or bool(user.is_authenticated and is_admin(user))


def proposes_roles(user) -> bool:
    """Administrators propose and confirm a centre's first manager and network coordinators."""
    return bool(user.is_authenticated and is_admin(user))
