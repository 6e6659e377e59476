"""Who may do what in the monitoring cycle."""

import rules

from esitkent.accounts.models import Role
from esitkent.accounts.policies import coordinates, is_admin, is_member


@rules.predicate
def reports_for(user, submission) -> bool:
    """A reporter (or coordinator) of the submitting organisation itself."""
    return (
        user.is_authenticated
        and user.memberships.filter(
            organisation=submission.organisation, role__in=[Role.REPORTER, Role.COORDINATOR]
        ).exists()
    )


@rules.predicate
def reviews_plan_of(user, submission) -> bool:
    return coordinates(user, submission.period.plan.owner)


@rules.predicate
def coordinates_plan(user, plan) -> bool:
    return coordinates(user, plan.owner)


rules.add_perm("monitoring.view", is_member)
rules.add_perm("monitoring.enter_values", reports_for)
rules.add_perm("monitoring.view_submission", reports_for | reviews_plan_of | is_admin)
rules.add_perm("monitoring.review_submission", reviews_plan_of | is_admin)
rules.add_perm("monitoring.manage_plan", coordinates_plan | is_admin)
