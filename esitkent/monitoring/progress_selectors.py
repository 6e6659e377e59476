"""Reads for a plan's progress: the latest approved activity reports, rolled up sub-goal → goal
→ area → plan with their red/amber/green."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from esitkent.core import progress_rating
from esitkent.plans.models import Activity, Plan

from .models import ActivityReport, Submission


@dataclass
class ProgressNode:
    label: str
    progress: progress_rating.Progress
    rag: str = progress_rating.NONE
    children: list[ProgressNode] = field(default_factory=list)


@dataclass
class StandingReports:
    """The approved activity reports that stood at a date: per activity its status and progress
    (`latest`, for progress_tree) and the most recent report behind them (its explanation and
    period)."""

    latest: dict[int, tuple[str, float | None]]
    last_report: dict[int, ActivityReport]


def activity_status_as_of(
    plan: Plan, *, periods_ending_by: dt.date | None = None
) -> StandingReports:
    """Per activity: status and progress from each unit's latest approved report, among the
    periods ended by the date when one is given (a past year's report must not take its
    progress from a later year's approvals). Several units reporting one activity are
    averaged, and the least advanced status speaks for them."""
    reports = ActivityReport.objects.filter(
        period__plan=plan, submission__status=Submission.Status.APPROVED
    ).select_related("period")
    if periods_ending_by is not None:
        reports = reports.filter(period__end__lte=periods_ending_by)
    latest_by_unit: dict[tuple[int, int], ActivityReport] = {}
    for report in reports.order_by("period__end", "id"):
        latest_by_unit[(report.activity_id, report.organisation_id)] = report
    grouped: dict[int, list[ActivityReport]] = defaultdict(list)
    for (activity_id, _unit), report in latest_by_unit.items():
        grouped[activity_id].append(report)
    standing = StandingReports({}, {})
    for activity_id, unit_reports in grouped.items():
        rolled = progress_rating.roll_up(
            progress_rating.activity_progress(r.status, r.progress) for r in unit_reports
        )
        status = progress_rating.least_advanced(r.status for r in unit_reports)
        standing.latest[activity_id] = (status, rolled.value)
        standing.last_report[activity_id] = max(unit_reports, key=lambda r: (r.period.end, r.id))
    return standing


def latest_activity_status(plan: Plan) -> dict[int, tuple[str, float | None]]:
    """Per activity: status and progress as the latest approved reports give them."""
    return activity_status_as_of(plan).latest


def activity_rag(activity: Activity, latest, *, plan: Plan, as_of: dt.date) -> str:
    if activity.id not in latest:
        return progress_rating.NONE
    status, value = latest[activity.id]
    return progress_rating.activity_rag(
        status=status,
        progress=value,
        start=dt.date(plan.start_year, 1, 1),
        due=activity.due_date,
        as_of=as_of,
    )


def progress_tree(plan: Plan, *, as_of: dt.date, latest=None) -> ProgressNode:
    """Latest approved activity report per activity, rolled up sub-goal → goal → area → plan.
    `latest` (from latest_activity_status) when the caller has it already."""
    latest = latest_activity_status(plan) if latest is None else latest
    areas = plan.areas.prefetch_related(
        Prefetch(
            "goals__subgoals__activities",
            queryset=Activity.objects.filter(duplicate_of__isnull=True).order_by("row"),
        )
    ).order_by("position")
    plan_node = ProgressNode(plan.title, progress_rating.Progress(None, 0))
    for area in areas:
        area_node = ProgressNode(area.title, progress_rating.Progress(None, 0))
        for goal in area.goals.all():
            goal_node = ProgressNode(
                f"{goal.code_printed} {goal.title}", progress_rating.Progress(None, 0)
            )
            for sub in goal.subgoals.all():
                sub_node = ProgressNode(
                    f"{sub.code_printed} {sub.title}", progress_rating.Progress(None, 0)
                )
                for activity in sub.activities.all():
                    status, value = latest.get(activity.id, (None, None))
                    rag = activity_rag(activity, latest, plan=plan, as_of=as_of)
                    sub_node.children.append(
                        ProgressNode(
                            f"{activity.code_printed} {activity.title}",
                            progress_rating.activity_progress(status, value),
                            rag,
                        )
                    )
                _close(sub_node)
                goal_node.children.append(sub_node)
            _close(goal_node)
            area_node.children.append(goal_node)
        _close(area_node)
        plan_node.children.append(area_node)
    _close(plan_node)
    return plan_node


def _close(node: ProgressNode) -> None:
    node.progress = progress_rating.roll_up(c.progress for c in node.children)
    node.rag = progress_rating.worst_rag(c.rag for c in node.children)
