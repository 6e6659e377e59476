"""The unit report card: what one unit answers for, what it reported and when, and what is
behind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from esitkent.monitoring.review_selectors import completeness
from esitkent.monitoring.summary_selectors import (
    assigned_indicators,
    is_behind,
    own_reports,
    plan_periods,
)
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, ActivityParty, Indicator, Plan
from esitkent.plans.selectors import responsibility_matrix

from .models import IndicatorSummary


@dataclass
class CardActivity:
    activity: Activity
    role: str
    via: str
    report: object | None  # the unit's own latest approved report (monitoring's ActivityReport)
    rag: str


@dataclass
class CardPeriod:
    period: object  # monitoring's ReportingPeriod
    status: str
    submitted_on: dt.date | None
    days_late: int | None  # None: not sent; 0 or less: on time
    expected: int
    reported: int


@dataclass
class UnitCard:
    organisation: Organisation
    activities: list[CardActivity]  # each activity once: as responsible if it is so at all
    indicators: list[Indicator]
    periods: list[CardPeriod]
    figures: list[IndicatorSummary]

    @property
    def responsible(self) -> list[CardActivity]:
        return [a for a in self.activities if a.role == ActivityParty.Role.RESPONSIBLE]

    @property
    def cooperating(self) -> list[CardActivity]:
        return [a for a in self.activities if a.role != ActivityParty.Role.RESPONSIBLE]

    @property
    def behind(self) -> list[CardActivity]:
        return [a for a in self.responsible if is_behind(a.rag)]

    @property
    def late_periods(self) -> list[CardPeriod]:
        return [p for p in self.periods if p.days_late is not None and p.days_late > 0]


def unit_card(plan: Plan, organisation: Organisation, *, as_of: dt.date) -> UnitCard:
    """One unit's page: what it answers for, what it reported and when, and what is behind."""
    return UnitCard(
        organisation,
        _card_activities(plan, organisation, as_of=as_of),
        assigned_indicators(plan, organisation),
        _card_periods(plan, organisation, as_of=as_of),
        _unit_figures(plan, organisation),
    )


def _card_activities(plan: Plan, organisation: Organisation, *, as_of: dt.date):
    # The matrix has a row per role: an activity the unit answers for and is also listed to
    # cooperate on is one activity, shown (and rated) as its own.
    rows = [
        row
        for row in responsibility_matrix(organisation)
        if row.activity.subgoal.goal.area.plan_id == plan.id
    ]
    answers_for = {r.activity.id for r in rows if r.role == ActivityParty.Role.RESPONSIBLE}
    shown = [
        row
        for row in rows
        if row.role == ActivityParty.Role.RESPONSIBLE or row.activity.id not in answers_for
    ]
    reports = own_reports(
        plan,
        organisation,
        {row.activity: row.role == ActivityParty.Role.RESPONSIBLE for row in shown},
        as_of=as_of,
    )
    return [
        CardActivity(
            row.activity,
            row.role,
            row.via,
            reports[row.activity.id].report,
            reports[row.activity.id].rag,
        )
        for row in shown
    ]


def _card_periods(plan: Plan, organisation: Organisation, *, as_of: dt.date) -> list[CardPeriod]:
    periods = []
    for period in plan_periods(plan, started_by=as_of):
        for mine in completeness(plan, period, organisation=organisation):
            sent = mine.submitted_on
            periods.append(
                CardPeriod(
                    period,
                    mine.status,
                    sent,
                    (sent - period.deadline).days if sent else None,
                    mine.expected,
                    mine.reported,
                )
            )
    return periods


def _unit_figures(plan: Plan, organisation: Organisation) -> list[IndicatorSummary]:
    """The unit's own approved totals, in plan order and by period."""
    return list(
        IndicatorSummary.objects.filter(
            organisation=organisation,
            dimensions="",
            indicator__activity__subgoal__goal__area__plan=plan,
        )
        .select_related("indicator")
        .order_by("indicator__activity__row", "indicator__position", "period")
    )
