"""Progress by area, goal and responsible unit, and completeness and timeliness by period:
the monitoring cycle's standing as the dashboard and the unit cards summarise it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from esitkent.monitoring.progress_selectors import latest_activity_status, progress_tree
from esitkent.monitoring.review_selectors import completeness
from esitkent.monitoring.summary_selectors import plan_periods, responsibility_standing
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, ActivityParty, Plan

from . import domain


@dataclass
class ProgressOverview:
    areas: list[dict]  # {label, progress, rag}
    goals: list[dict]  # {label, area, progress, rag}
    units: list[dict]  # see unit_progress


def progress_overview(plan: Plan, *, as_of: dt.date) -> ProgressOverview:
    """Progress by area, goal and unit from one read of the latest approved reports."""
    latest = latest_activity_status(plan)
    tree = progress_tree(plan, as_of=as_of, latest=latest)
    return ProgressOverview(
        areas=[
            {"label": area.label, "progress": area.progress.value, "rag": area.rag}
            for area in tree.children
        ],
        goals=[
            {
                "label": goal.label,
                "area": area.label,
                "progress": goal.progress.value,
                "rag": goal.rag,
            }
            for area in tree.children
            for goal in area.children
        ],
        units=unit_progress(plan, as_of=as_of, latest=latest),
    )


def unit_progress(plan: Plan, *, as_of: dt.date, latest=None) -> list[dict]:
    """Per organisation named on the plan (responsible or cooperating, directly or through a
    group): how many activities it is named in, each counted once, and how it stands on those
    it is responsible for. A unit is not judged on activities it only cooperates on: NGOs and
    the bar association are named on every activity and answer for none of them.

    `progress` is None when nothing it answers for could be rated (no report, or no due date
    to judge against): a percentage beside "not assessed" would claim what it does not show.
    """
    latest = latest_activity_status(plan) if latest is None else latest
    roles, activities = _named_units(plan)
    rows = []
    for org, by_activity in sorted(roles.items(), key=lambda kv: kv[0].sort_key):
        answers_for = [a for a, r in by_activity.items() if ActivityParty.Role.RESPONSIBLE in r]
        standing = responsibility_standing(
            [activities[a] for a in answers_for], latest, plan=plan, as_of=as_of
        )
        rows.append(
            {
                "label": org.name,
                "code": org.code,
                "named": len(by_activity),
                "responsible": len(answers_for),
                "cooperating": len(by_activity) - len(answers_for),
                "reported": standing.reported,
                "behind": standing.behind,
                "progress": standing.progress,
                "rag": standing.rag,
            }
        )
    return rows


def _named_units(
    plan: Plan,
) -> tuple[dict[Organisation, dict[int, set[str]]], dict[int, Activity]]:
    """Every unit named on the plan's activities, directly or through a group, with its roles
    per activity; and the activities by id."""
    parties = ActivityParty.objects.filter(
        activity__subgoal__goal__area__plan=plan, activity__duplicate_of__isnull=True
    ).select_related("organisation", "activity", "group")
    roles: dict[Organisation, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    activities: dict[int, Activity] = {}
    for party in parties.prefetch_related("group__members"):
        members = [party.organisation] if party.organisation_id else []
        if party.group_id:
            members.extend(party.group.members.all())
        activities[party.activity_id] = party.activity
        for org in members:
            roles[org][party.activity_id].add(party.role)
    return roles, activities


def year_completeness(plan: Plan, year: int | None) -> list[dict]:
    """Per reporting period (of the year, or all): units expected, reported, on time, late."""
    rows = []
    for period in plan_periods(plan):
        if year and not domain.period_touches(period.code, year):
            continue
        units = completeness(plan, period)
        submitted = [u for u in units if u.on_time is not None]
        expected = sum(u.expected for u in units)
        rows.append(
            {
                "period": period.code,
                "label": _("%(period)s (örnek)") % {"period": period.code}
                if period.is_sample
                else period.code,
                "units": len(units),
                "submitted": len(submitted),
                "on_time": sum(1 for u in submitted if u.on_time),
                "late": sum(1 for u in submitted if not u.on_time),
                "completeness": round(100 * sum(u.reported for u in units) / expected)
                if expected
                else None,
            }
        )
    return rows
