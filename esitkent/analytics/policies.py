import rules

from esitkent.accounts.policies import is_admin, is_member

rules.add_perm("analytics.view_dashboard", is_member)
# Context figures are citywide, not any unit's: adding a year is an administrator's job.
rules.add_perm("analytics.load_context", is_admin)
