import rules

from esitkent.accounts.policies import coordinates_plan, is_admin

rules.add_perm("reports.produce_report", coordinates_plan | is_admin)
# Publishing speaks for the plan in public: the coordinating unit's decision (administrators
# may stand in, as they may in review; a superuser only through `is_admin`). A coordinator
# of another department may not.
rules.add_perm("reports.publish_report", coordinates_plan | is_admin)
