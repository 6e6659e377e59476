"""A plan in force at a glance, for the portal's home: progress by area with its red, amber and
green counts, the activities that are behind and the reason their unit gave, the latest approved
figures, a district map, the published reports and the date of the last approval.

Read from what the other public pages read (approved activity reports, across-units summaries,
the map's sources, the current report editions): a fixed number of queries per plan, whatever
the number of units, activities or figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from esitkent.analytics.public_selectors import plan_total_rows
from esitkent.core import progress_rating
from esitkent.monitoring.progress_selectors import activity_rag, activity_status_as_of
from esitkent.monitoring.report_selectors import last_approval
from esitkent.plans.models import Activity, Plan
from esitkent.reports.selectors import current_editions

from .selectors import STATUS_LABELS, Coverage, PublicMap, _period_order, public_map

# A few figures, not a table of every indicator: the indicator pages hold the rest.
HEADLINE_FIGURES = 6
# Behind activities listed before the rest fold away under "N more".
BEHIND_SHOWN = 10
RAG_ORDER = (
    progress_rating.GREEN,
    progress_rating.AMBER,
    progress_rating.RED,
    progress_rating.NONE,
)
# The furthest behind first: overdue or far off the line, then at risk, then reported delayed.
_BEHIND_ORDER = {
    progress_rating.RED: 0,
    progress_rating.AMBER: 1,
    progress_rating.GREEN: 2,
    progress_rating.NONE: 3,
}


@dataclass
class AreaGlance:
    code: str
    title: str
    progress: float | None
    rag: str
    counts: dict[str, int]  # activities per RAG colour, in RAG_ORDER

    @property
    def count_list(self) -> list[tuple[str, int]]:
        return [(rag, self.counts[rag]) for rag in RAG_ORDER]


@dataclass
class BehindActivity:
    activity: Activity
    area: str
    rag: str
    status: str  # the public status word, in the page's language
    progress: float | None
    # From the latest approved report behind the status; empty when the unit gave none.
    explanation: str
    corrective_action: str
    new_date: dt.date | None
    period: str
    sample: bool


@dataclass
class Figure:
    code: str
    name: str
    period: str
    value: Decimal
    sample: bool


@dataclass
class PlanGlance:
    plan: Plan
    progress: float | None
    coverage: Coverage
    areas: list[AreaGlance]
    behind: list[BehindActivity]
    figures: list[Figure]
    map: PublicMap
    reports: list  # the current editions of the plan's published reports
    last_approval: dt.datetime | None
    sample: bool = field(default=False)  # something shown is from a sample period

    @property
    def behind_first(self) -> list[BehindActivity]:
        return self.behind[:BEHIND_SHOWN]

    @property
    def behind_rest(self) -> list[BehindActivity]:
        return self.behind[BEHIND_SHOWN:]


def plan_glance(plan: Plan, *, as_of: dt.date) -> PlanGlance:
    # The latest approved reports, as latest_activity_status reads them, with the report
    # behind each status for its reason: one read for the bars, the counts and the list.
    standing = activity_status_as_of(plan)
    latest = standing.latest
    activities = list(
        Activity.objects.filter(subgoal__goal__area__plan=plan, duplicate_of__isnull=True)
        .select_related("subgoal__goal__area")
        .order_by("row")
    )
    areas = {area.id: _AreaTally(area) for area in plan.areas.order_by("position")}
    behind = []
    for activity in activities:
        status, progress = latest.get(activity.id, (None, None))
        rag = activity_rag(activity, latest, plan=plan, as_of=as_of)
        areas[activity.subgoal.goal.area_id].add(
            progress_rating.activity_progress(status, progress), rag
        )
        if activity.id in latest and progress_rating.needs_explanation(rag, status):
            behind.append(_behind(activity, rag, status, progress, standing.last_report))
    behind.sort(key=lambda b: (_BEHIND_ORDER[b.rag], b.activity.row))
    overall = progress_rating.roll_up(p for tally in areas.values() for p in tally.progress)
    ids = {a.id for a in activities}
    figures = latest_figures(plan)
    shown = public_map(plan, key=None, period=None, per=None, prefer_indicator=True)
    return PlanGlance(
        plan=plan,
        progress=overall.value,
        coverage=Coverage(len(ids), len(ids & latest.keys())),
        areas=[tally.glance() for tally in areas.values()],
        behind=behind,
        figures=figures,
        map=shown,
        reports=list(current_editions(plan)),
        last_approval=last_approval(plan),
        sample=shown.sample or any(f.sample for f in figures) or any(b.sample for b in behind),
    )


@dataclass
class _AreaTally:
    """An area's activities' progress and colours, as the glance meets them."""

    area: object
    progress: list = field(default_factory=list)
    rags: list[str] = field(default_factory=list)

    def add(self, progress, rag: str) -> None:
        self.progress.append(progress)
        self.rags.append(rag)

    def glance(self) -> AreaGlance:
        # The same weighted means and worst colours as the plan's progress tree (monitoring's
        # roll-up is a weighted mean whose weights add up, so an area's mean over its
        # activities is the mean over its goals).
        counts = dict.fromkeys(RAG_ORDER, 0)
        for rag in self.rags:
            counts[rag] += 1
        return AreaGlance(
            self.area.code,
            self.area.title,
            progress_rating.roll_up(self.progress).value,
            progress_rating.worst_rag(self.rags),
            counts,
        )


def _behind(activity: Activity, rag: str, status, progress, last_report) -> BehindActivity:
    """A behind activity with the reason its unit gave in the report behind its status."""
    report = last_report[activity.id]
    return BehindActivity(
        activity,
        activity.subgoal.goal.area.title,
        rag,
        _(STATUS_LABELS.get(status, "")),
        progress,
        report.explanation,
        report.corrective_action,
        report.new_date,
        report.period.code,
        report.period.is_sample,
    )


def latest_figures(plan: Plan, *, limit: int = HEADLINE_FIGURES) -> list[Figure]:
    """Each indicator's latest approved total across units, the most recent first: one read
    of the summaries' totals (an indicator has a row per period, not per unit or value)."""
    latest: dict[str, Figure] = {}
    for code, name, period, value, sample in plan_total_rows(plan):
        known = latest.get(code)
        if known is None or _period_order(period) > _period_order(known.period):
            latest[code] = Figure(code, name, period, value, sample)
    # Newest period first; within one, plan order (dicts keep the order of the read).
    ordered = sorted(latest.values(), key=lambda f: _period_order(f.period)[0], reverse=True)
    return ordered[:limit]
