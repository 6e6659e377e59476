import rules

from esitkent.accounts.policies import coordinates_plan, is_admin

rules.add_perm("reports.produce_report", coordinates_plan | is_admin)
