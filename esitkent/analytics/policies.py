import rules

from esitkent.accounts.policies import is_member

rules.add_perm("analytics.view_dashboard", is_member)
