import rules

from esitkent.accounts.policies import is_member

rules.add_perm("orgs.view_organisation", is_member)
