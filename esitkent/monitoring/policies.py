"""Who may do what in the monitoring cycle.

Separation of duties: a unit's reporters enter and submit its values; the plan's coordinating
office reviews them; nobody reviews a submission of a unit they belong to (services also refuse
approving one's own submission).
"""

import rules

from esitkent.accounts.models import Role
from esitkent.accounts.policies import (
    coordinates_plan,
    is_admin,
    is_member,
    member_of,
    memberships,
)
from esitkent.accounts.selectors import units_where


def reporting_organisation_ids(user) -> set[int]:
    """The units the person reports for: as a reporter or as the unit's coordinator."""
    return units_where(user, Role.REPORTER, Role.COORDINATOR)


@rules.predicate
def reports_for(user, submission) -> bool:
    return (submission.organisation_id, Role.REPORTER) in memberships(user)


@rules.predicate
def coordinates_plan_of(user, submission) -> bool:
    return coordinates_plan(user, submission.period.plan)


@rules.predicate
def belongs_to_submitting_unit(user, submission) -> bool:
    return member_of(user, submission.organisation)


rules.add_perm("monitoring.view", is_member)
rules.add_perm("monitoring.enter_values", reports_for)
rules.add_perm("monitoring.view_submission", reports_for | coordinates_plan_of | is_admin)
# Administrators may stand in for the coordinating office, but the rule of separation holds
# for them too: nobody reviews a unit she belongs to (issue 14).
rules.add_perm(
    "monitoring.review_submission",
    (coordinates_plan_of | is_admin) & ~belongs_to_submitting_unit,
)
rules.add_perm("monitoring.manage_plan", coordinates_plan | is_admin)
