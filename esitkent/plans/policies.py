"""Who may do what with plans."""

import rules

from esitkent.accounts.policies import is_admin, is_coordinator, is_member

rules.add_perm("plans.view_plan", is_member)
rules.add_perm("plans.change_plan", is_coordinator | is_admin)
rules.add_perm("plans.import_plan", is_coordinator | is_admin)
