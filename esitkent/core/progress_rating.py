"""How far along the plan is: an activity's status and progress, the weighted roll-up to
sub-goals, goals, areas and the plan, and red/amber/green. Monitoring rates, and the
dashboard, report and portal show the same rating, so the rule lives here once. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# --- Progress and red/amber/green ------------------------------------------------------------

ACTIVITY_STATUSES = ("not_started", "ongoing", "completed", "delayed", "cancelled")
GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
# Least advanced first: when several units report one activity, the least advanced speaks.
_ADVANCE = {
    s: i for i, s in enumerate(["not_started", "delayed", "ongoing", "completed", "cancelled"])
}


def least_advanced(statuses: Iterable[str]) -> str:
    """The status that speaks for an activity several units report: the least advanced one."""
    return min(statuses, key=lambda status: _ADVANCE.get(status, 0))


# The words the pages use (monitoring/_rag.html); msgids in the catalogue.
RAG_LABELS = {GREEN: "Yolunda", AMBER: "Dikkat", RED: "Geride", NONE: "Değerlendirilmedi"}


@dataclass(frozen=True)
class Progress:
    value: float | None  # 0–100; None when nothing under it has a progress
    weight: float


def roll_up(children: Iterable[Progress]) -> Progress:
    """Weighted mean of the children that have a progress; weights add up.

    The plan, an area, a goal and a sub-goal are each the activity-weighted mean of the
    activities under them: an activity counts once whatever level it is seen from, and a
    cancelled activity (weight 0) or one with no report does not pull the mean down.
    """
    total_weight = 0.0
    weighted = 0.0
    lowest, highest = 100.0, 0.0
    for child in children:
        if child.value is None or child.weight <= 0:
            continue
        total_weight += child.weight
        weighted += child.value * child.weight
        lowest, highest = min(lowest, child.value), max(highest, child.value)
    if total_weight == 0:
        return Progress(None, 0.0)
    # A mean lies between its parts; clamping keeps float rounding (tiny weights) from
    # pushing it outside them.
    return Progress(min(highest, max(lowest, weighted / total_weight)), total_weight)


def activity_progress(status: str | None, progress: float | None) -> Progress:
    if status == "cancelled":
        return Progress(None, 0.0)
    if status == "completed":
        return Progress(100.0, 1.0)
    if status == "not_started" and progress is None:
        return Progress(0.0, 1.0)  # reported as not started: it counts, at zero
    if progress is None:
        return Progress(None, 1.0)
    return Progress(float(min(100, max(0, progress))), 1.0)


def expected_progress(start: dt.date, due: dt.date, as_of: dt.date) -> float:
    """Straight line from the plan's start (0 %) to the term's due date (100 %)."""
    if as_of <= start:
        return 0.0
    if as_of >= due:
        return 100.0
    return 100.0 * (as_of - start).days / max(1, (due - start).days)


def activity_rag(
    *,
    status: str | None,
    progress: float | None,
    start: dt.date,
    due: dt.date | None,
    as_of: dt.date,
) -> str:
    """Green on track, amber up to 25 points behind the straight line, red beyond or overdue."""
    if status == "cancelled" or due is None:
        return NONE
    if status == "completed" or (progress is not None and progress >= 100):
        return GREEN
    if as_of > due:
        return RED
    gap = expected_progress(start, due, as_of) - (progress or 0.0)
    rag = GREEN if gap <= 10 else AMBER if gap <= 25 else RED
    if status == "delayed" and rag == GREEN:
        return AMBER
    return rag


def worst_rag(rags: Iterable[str]) -> str:
    """Red if any part is red, else amber, else green; none when nothing was assessed."""
    rags = set(rags)
    return next((c for c in (RED, AMBER, GREEN) if c in rags), NONE)


def target_rag(value: Decimal | None, target: Decimal | None, direction: str) -> str:
    """Against the year's target: green at or beyond it, amber within 25 %, red further off."""
    if value is None or target is None or direction == "none":
        return NONE
    if direction == "lower":
        if value <= target:
            return GREEN
        return AMBER if target > 0 and value <= target * Decimal("1.25") else RED
    if value >= target:
        return GREEN
    return AMBER if value >= target * Decimal("0.75") else RED


def needs_explanation(rag: str, status: str | None) -> bool:
    """Behind its term or target: the reporter must explain, plan a correction and a new date."""
    return rag in {AMBER, RED} or status == "delayed"
