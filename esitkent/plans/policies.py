"""Who may do what with plans."""

import rules

from esitkent.accounts.policies import (
    coordinates,
    coordinates_plan,
    is_admin,
    is_coordinator,
    is_member,
)
from esitkent.plans.models import Plan


@rules.predicate
def is_approved(user, plan) -> bool:
    return plan.status == Plan.Status.APPROVED


rules.add_perm("plans.view_plan", is_member)
# Opening the import page; what a person may then import is checked per owner and plan.
rules.add_perm("plans.import_plan", is_coordinator | is_admin)
# New plans for an owner: its coordinators (or those of a unit under it), and admins.
rules.add_perm("plans.import_plan_for", is_admin | coordinates)
# An approved plan is the council's decision: only an administrator may overwrite it.
rules.add_perm("plans.replace_plan", is_admin | (coordinates_plan & ~is_approved))

# The organisation registry's pages (plans/organisation_views.py): every member of staff.
rules.add_perm("orgs.view_organisation", is_member)
