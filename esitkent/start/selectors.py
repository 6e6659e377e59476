"""What waits for a signed-in person, gathered from the apps that hold the work. Counts and
links only: a case code never appears here (the case pages show them, and log the reading)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from esitkent.accounts.policies import memberships
from esitkent.accounts.selectors import open_proposals, role_label
from esitkent.cases import alert_selectors, referral_selectors
from esitkent.cases import policies as case_policies
from esitkent.centres import selectors as centres
from esitkent.core.policies import may
from esitkent.monitoring import selectors as monitoring
from esitkent.monitoring.review_selectors import completeness, review_queue
from esitkent.monitoring.selectors import Task
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan
from esitkent.plans.selectors import plan_list

# A reporter's tasks that ask for something now, first; the rest are shown as a record.
ACTION_STATES = ("returned", "overdue", "due")


@dataclass
class PlanDesk:
    """A coordinated plan: what waits for review, what went back, who has not sent yet."""

    plan: Plan
    waiting: int
    returned: int
    # Open periods: (period, units expected to report, units that have sent)
    periods: list[tuple] = field(default_factory=list)


@dataclass
class PlanLinks:
    plan: Plan
    reports: bool  # the annual report is the office's and the Commission's to read


@dataclass
class CaseDesk:
    alerts: int
    referrals: int


@dataclass
class StartPage:
    roles: list[tuple[str, str]]  # (role label, organisation name)
    tasks_now: list[Task] = field(default_factory=list)
    tasks_other: list[Task] = field(default_factory=list)
    desks: list[PlanDesk] = field(default_factory=list)
    cases: CaseDesk | None = None
    verifications: int | None = None  # the network coordinator's queue
    proposals: int | None = None  # the administrators' open role proposals
    plans: list[PlanLinks] = field(default_factory=list)  # what she may read


def start_page(user, *, today: dt.date) -> StartPage:
    pairs = sorted(memberships(user))
    names = dict(
        Organisation.objects.filter(id__in={o for o, _ in pairs}).values_list("id", "name")
    )
    page = StartPage(roles=[(role_label(role), names.get(org, "")) for org, role in pairs])
    tasks = monitoring.reporter_tasks(user, today=today)
    page.tasks_now = [t for t in tasks if t.state in ACTION_STATES]
    page.tasks_other = [t for t in tasks if t.state not in ACTION_STATES]
    if may(user, "plans.view_plan"):
        page.plans = [
            PlanLinks(plan, may(user, "reports.produce_report", plan)) for plan in plan_list()
        ]
    for plan in (links.plan for links in page.plans):
        if may(user, "monitoring.manage_plan", plan):
            queue = review_queue(plan)
            page.desks.append(
                PlanDesk(
                    plan=plan,
                    waiting=queue.filter(status="submitted").count(),
                    returned=queue.filter(status="returned").count(),
                    periods=[
                        (period, len(rows), sum(1 for r in rows if r.submitted_on))
                        for period in monitoring.open_periods(plan)
                        for rows in [completeness(plan, period)]
                    ],
                )
            )
    if case_policies.works_on_cases(user):
        page.cases = CaseDesk(
            alerts=len(alert_selectors.alerts(user, today=today)),
            referrals=len(referral_selectors.incoming_referrals(user)),
        )
    if may(user, "centres.manage_standards"):
        page.verifications = len(centres.verification_queue())
    if case_policies.may_review_access(user):
        page.proposals = open_proposals().count()
    return page
