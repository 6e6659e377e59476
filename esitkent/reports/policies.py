import rules

from esitkent.accounts.models import Role
from esitkent.accounts.policies import coordinates_plan, has_role, is_admin


@rules.predicate
def is_viewer(user) -> bool:
    return has_role(user, Role.VIEWER)


# Reading the report (downloading it, made afresh from approved data): the coordinating unit,
# administrators, and the viewers — the Equality Commission and senior management read
# reports, non-public detail included (PRODUCT.md). The dashboard asks this to offer the links.
rules.add_perm("reports.produce_report", coordinates_plan | is_admin | is_viewer)
# Publishing speaks for the plan in public: the coordinating unit's decision (administrators
# may stand in, as they may in review; a superuser only through `is_admin`). A coordinator
# of another department may not.
rules.add_perm("reports.publish_report", coordinates_plan | is_admin)
