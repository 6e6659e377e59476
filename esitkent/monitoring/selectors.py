"""Reads for the monitoring cycle: tasks, the entry form's contents, problems, the review queue,
completeness and timeliness, value history and the progress tree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, Prefetch, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from esitkent.accounts.models import Membership, Role
from esitkent.core.reasons import Reason
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import Activity, Indicator, Plan

from . import domain
from .models import (
    ActivityReport,
    Assignment,
    Change,
    DataValue,
    ReportingPeriod,
    Submission,
    ValidationRule,
)
from .period_selectors import period_accepts_entries


def reporting_organisations(user) -> QuerySet[Organisation]:
    """Organisations the person reports for: her reporter or coordinator memberships."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    ids = (
        Membership.objects.active()
        .filter(user=user, role__in=[Role.REPORTER, Role.COORDINATOR])
        .values("organisation")
    )
    return Organisation.objects.filter(id__in=ids)


@dataclass
class Task:
    period: ReportingPeriod
    organisation: Organisation
    submission: Submission | None
    indicators: int
    state: str  # due | overdue | returned | submitted | approved | closed
    days_left: int


def reporter_tasks(user, *, today: dt.date) -> list[Task]:
    """Every open period × organisation the person reports for, most urgent first."""
    orgs = list(reporting_organisations(user))
    if not orgs:
        return []
    assigned = defaultdict(int)  # (unit, plan, periodicity) → indicators assigned
    plan_of_assignment = Assignment.objects.filter(
        organisation__in=orgs, indicator__archived_at__isnull=True
    ).values("organisation", "indicator__plan", "indicator__definition__periodicity")
    for row in plan_of_assignment.annotate(n=Count("id")):
        key = (
            row["organisation"],
            row["indicator__plan"],
            row["indicator__definition__periodicity"],
        )
        assigned[key] += row["n"]
    submissions = {
        (s.period_id, s.organisation_id): s
        for s in Submission.objects.filter(organisation__in=orgs)
    }
    tasks = []
    for period in ReportingPeriod.objects.filter(
        plan__in={p for _, p, _ in assigned}
    ).select_related("plan"):
        kind = domain.parse_period(period.code).kind
        for org in orgs:
            n = assigned.get((org.id, period.plan_id, kind), 0)
            if not n:
                continue
            submission = submissions.get((period.id, org.id))
            tasks.append(
                Task(
                    period,
                    org,
                    submission,
                    n,
                    _task_state(period, submission, today),
                    (period.deadline - today).days,
                )
            )
    order = {"returned": 0, "overdue": 1, "due": 2, "submitted": 3, "approved": 4, "closed": 5}
    return sorted(tasks, key=lambda t: (order[t.state], t.period.deadline, t.organisation.sort_key))


def _task_state(period: ReportingPeriod, submission: Submission | None, today: dt.date) -> str:
    status = submission.status if submission else domain.DRAFT
    if status not in domain.EDITABLE_STATES:
        return status
    if status == domain.RETURNED:
        return "returned"
    if not period_accepts_entries(period, today):
        return "closed"
    return "overdue" if today > period.deadline else "due"


# --- The entry form --------------------------------------------------------------------------


@dataclass
class Cell:
    key: str
    breakdown: dict
    label: str
    value: DataValue | None
    outlier: bool = False
    notes: list[Change] = field(default_factory=list)  # the reviewers' notes on this cell


@dataclass
class IndicatorBlock:
    indicator: Indicator
    cells: list[Cell]
    grid: list[list[Cell]] | None  # sex × age cross, when both dimensions apply
    history: list[Change]
    target: Decimal | None
    problems: list[domain.Violation] = field(default_factory=list)
    target_rag: str = domain.NONE
    history_elsewhere: bool = False  # the unit changed it in another period too


@dataclass
class ActivityBlock:
    activity: Activity
    report: ActivityReport | None
    rag: str
    needs_explanation: bool
    indicators: list[IndicatorBlock]

    @property
    def has_values(self) -> bool:
        return any(
            c.value
            for ib in self.indicators
            for c in ib.cells + [c for row in ib.grid or [] for c in row]
        )


def entry_form(
    submission: Submission, *, today: dt.date, every_period: bool = False
) -> list[ActivityBlock]:
    """The form's cells with this period's history; `every_period` shows each indicator's
    history in every period instead (the reviewers' notes stay this period's)."""
    period = submission.period
    indicators = (
        Indicator.objects.filter(
            assignments__organisation=submission.organisation,
            plan=period.plan,
            definition__periodicity=domain.parse_period(period.code).kind,
        )
        .select_related("definition", "activity__subgoal__goal__area")
        .prefetch_related("definition__targets")
        .order_by("activity__row", "position")
    )
    values = {
        (v.indicator_id, v.breakdown_key): v
        for v in DataValue.objects.filter(
            organisation=submission.organisation, period=period.code, indicator__in=indicators
        )
    }
    history = _history_by_indicator(submission.organisation, indicators, period.code)
    notes: dict[tuple[int, str], list[Change]] = defaultdict(list)
    for indicator_id, changes in history.items():
        for change in changes:
            if change.action == Change.Action.NOTED:
                notes[(indicator_id, change.breakdown_key)].append(change)
    elsewhere = set(
        Change.objects.filter(organisation=submission.organisation, indicator__in=indicators)
        .exclude(period_code=period.code)
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    if every_period:
        history = _history_by_indicator(submission.organisation, indicators, None)
    earlier = _earlier_totals(
        submission.organisation,
        indicators,
        before=period.start,
        kind=domain.parse_period(period.code).kind,
    )
    reports = {
        r.activity_id: r
        for r in ActivityReport.objects.filter(period=period, organisation=submission.organisation)
    }
    districts = list(District.objects.values_list("code", "name"))
    blocks: dict[int, ActivityBlock] = {}
    for indicator in indicators:
        activity = indicator.activity
        if activity.id not in blocks:
            report = reports.get(activity.id)
            rag = domain.activity_rag(
                status=report.status if report else None,
                progress=report.progress if report else None,
                start=dt.date(period.plan.start_year, 1, 1),
                due=activity.due_date,
                as_of=min(today, period.end),
            )
            blocks[activity.id] = ActivityBlock(
                activity,
                report,
                rag,
                domain.needs_explanation(rag, report.status if report else None),
                [],
            )
        definition = getattr(indicator, "definition", None)
        dims = definition.dimensions if definition else []
        # The total, then each dimension on its own (no combination explosion), then the
        # sex × age cross where both apply.
        # Labels in the reader's language; districts by their names.
        cells = [_cell(values, indicator, {}, gettext("Toplam"))]
        for dim in dims:
            options = dict(districts) if dim == "district" else domain.dimension_options(dim)
            name = gettext(domain.DIMENSION_LABELS[dim])
            cells += [
                _cell(
                    values,
                    indicator,
                    {dim: code},
                    f"{name}: {label if dim == 'district' else gettext(label)}",
                )
                for code, label in options.items()
            ]
        grid = None
        if "sex" in dims and "age" in dims:
            grid = [
                [
                    _cell(
                        values,
                        indicator,
                        {"age": age, "sex": sex},
                        f"{gettext(age_label)} · {gettext(sex_label)}",
                    )
                    for sex, sex_label in domain.SEX.items()
                ]
                for age, age_label in domain.AGE_BANDS.items()
            ]
        total = cells[0]
        if total.value is not None and total.value.value is not None:
            total.outlier = domain.is_outlier(total.value.value, earlier.get(indicator.id, []))
        target = (
            next((t.value for t in definition.targets.all() if t.year == period.end.year), None)
            if definition
            else None
        )
        block = IndicatorBlock(indicator, cells, grid, history.get(indicator.id, []), target)
        block.history_elsewhere = indicator.id in elsewhere
        every_cell = cells + [c for row in grid or [] for c in row]
        for cell in every_cell:
            cell.notes = notes.get((indicator.id, cell.key), [])
        block.problems = _indicator_problems(
            definition,
            {c.key: c.value.value for c in every_cell if c.value and c.value.value is not None},
            districts,
            title=indicator.name,
        )
        if definition is not None and total.value is not None:
            block.target_rag = domain.target_rag(total.value.value, target, definition.direction)
        blocks[activity.id].indicators.append(block)
    return list(blocks.values())


def _cell(values, indicator, breakdown, label) -> Cell:
    key = domain.breakdown_key(breakdown)
    return Cell(key, breakdown, label, values.get((indicator.id, key)))


def _indicator_problems(
    definition, values: dict[str, Decimal], districts, *, title: str = ""
) -> list[domain.Violation]:
    if definition is None or not values:
        return []
    return domain.validate_values(
        values,
        measure_type=definition.measure_type,
        aggregation=definition.aggregation,
        dimensions=definition.dimensions,
        districts=[code for code, _ in districts],
        title=title,
    )


def _history_by_indicator(organisation, indicators, period: str | None) -> dict[int, list[Change]]:
    """Each indicator's trail in this unit and period (None: every period), cleared values
    included: the history names its cell by its own columns, not by the value row."""
    out: dict[int, list[Change]] = defaultdict(list)
    changes = Change.objects.filter(organisation=organisation, indicator__in=indicators)
    if period is not None:
        changes = changes.filter(period_code=period)
    changes = changes.select_related("by")
    for change in changes.order_by("at", "id"):
        out[change.indicator_id].append(change)
    return out


def _earlier_totals(
    organisation, indicators, *, before: dt.date, kind: str
) -> dict[int, list[Decimal]]:
    """The unit's earlier approved totals for periods of the same length (a two-year total is
    not compared with yearly ones)."""
    out: dict[int, list[Decimal]] = defaultdict(list)
    rows = DataValue.objects.filter(
        organisation=organisation,
        indicator__in=indicators,
        breakdown_key="",
        value__isnull=False,
        approved=True,
    )
    for indicator_id, period, value in rows.values_list("indicator_id", "period", "value"):
        try:
            parsed = domain.parse_period(period)
        except ValueError:
            continue
        if parsed.end < before and parsed.kind == kind:
            out[indicator_id].append(value)
    return out


# --- Problems that block submitting ----------------------------------------------------------


@dataclass
class SubmissionProblem:
    where: str
    message: str | Reason  # a Reason reads in the page's language
    blocking: bool = True


def submission_problems(
    submission: Submission, *, today: dt.date, blocks: list[ActivityBlock] | None = None
) -> list[SubmissionProblem]:
    """What blocks submitting; pass the entry form's blocks when the caller already built them."""
    problems: list[SubmissionProblem] = []
    blocks = entry_form(submission, today=today) if blocks is None else blocks
    totals: dict[int, Decimal] = {}
    for block in blocks:
        code = f"{block.activity.subgoal.goal.area.title} {block.activity.code_printed}"
        if block.report is None:
            problems.append(
                SubmissionProblem(
                    f"Faaliyet {code}",
                    Reason("report_missing", gettext_noop("durum ve ilerleme girilmemiş")),
                )
            )
        elif block.needs_explanation and not (
            block.report.explanation and block.report.corrective_action and block.report.new_date
        ):
            problems.append(
                SubmissionProblem(
                    f"Faaliyet {code}",
                    Reason(
                        "explanation_missing",
                        gettext_noop(
                            "faaliyet geride: açıklama, düzeltici eylem ve yeni tarih gerekli"
                        ),
                    ),
                )
            )
        for ib in block.indicators:
            for violation in ib.problems:
                problems.append(
                    SubmissionProblem(
                        f"Gösterge {ib.indicator.code}", violation.message, violation.blocking
                    )
                )
            total = ib.cells[0].value
            if total is not None and total.value is not None:
                totals[ib.indicator.id] = total.value
                if ib.cells[0].outlier:
                    problems.append(
                        SubmissionProblem(
                            f"Gösterge {ib.indicator.code}",
                            Reason(
                                "outlier",
                                gettext_noop(
                                    "toplam, biriminizin önceki değerlerinden çok farklı; "
                                    "lütfen açıklama ekleyin"
                                ),
                            ),
                            blocking=not total.comment,
                        )
                    )
    for rule in ValidationRule.objects.filter(plan=submission.period.plan, left_id__in=totals):
        right = totals.get(rule.right_id) if rule.right_id else rule.right_constant
        if domain.evaluate_rule(totals[rule.left_id], rule.operator, right) is False:
            problems.append(SubmissionProblem(f"Kural {rule.code}", rule.name, rule.blocking))
    return problems


# --- The office's view ------------------------------------------------------------------------


def review_queue(plan: Plan) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(period__plan=plan)
        .exclude(status=Submission.Status.DRAFT)
        .select_related("period", "organisation", "submitted_by")
        .annotate(
            value_count=Count("values"),
            waiting=Case(
                When(status=Submission.Status.SUBMITTED, then=0),
                When(status=Submission.Status.RETURNED, then=1),
                default=2,
            ),
        )
        .order_by("waiting", "submitted_at")
    )


@dataclass
class Completeness:
    organisation: Organisation
    period: ReportingPeriod
    expected: int
    reported: int
    status: str
    on_time: bool | None
    submitted_on: dt.date | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.reported / self.expected) if self.expected else 100


def completeness(
    plan: Plan, period: ReportingPeriod, *, organisation: Organisation | None = None
) -> list[Completeness]:
    """Per organisation (or the one given): assigned indicators with a total reported, and
    whether it came on time."""
    # Expected: the indicators assigned to the unit that are reported at this period's length.
    kind = domain.parse_period(period.code).kind
    assignments = Assignment.objects.filter(
        indicator__plan=plan,
        indicator__archived_at__isnull=True,
        indicator__definition__periodicity=kind,
    )
    values = DataValue.objects.filter(
        period=period.code,
        breakdown_key="",
        indicator__plan=plan,
        indicator__definition__periodicity=kind,
        indicator__assignments__organisation=F("organisation"),
    )
    submissions = Submission.objects.filter(period=period)
    if organisation is not None:
        assignments = assignments.filter(organisation=organisation)
        values = values.filter(organisation=organisation)
        submissions = submissions.filter(organisation=organisation)
    expected = assignments.values("organisation").annotate(n=Count("id"))
    reported = dict(
        values.values_list("organisation")
        .annotate(n=Count("indicator", distinct=True))
        .values_list("organisation", "n")
    )
    submissions = {s.organisation_id: s for s in submissions}
    orgs = Organisation.objects.in_bulk([row["organisation"] for row in expected])
    rows = []
    for row in expected:
        submission = submissions.get(row["organisation"])
        on_time = submitted_on = None
        if submission and submission.submitted_at:
            submitted_on = timezone.localdate(submission.submitted_at)
            on_time = submitted_on <= period.deadline
        rows.append(
            Completeness(
                orgs[row["organisation"]],
                period,
                row["n"],
                reported.get(row["organisation"], 0),
                # Lazy: a report renders them in its own language.
                Submission.Status(submission.status).label
                if submission
                else gettext_lazy("Başlanmadı"),
                on_time,
                submitted_on,
            )
        )
    return sorted(rows, key=lambda c: (c.percent, c.organisation.sort_key))


def value_history(value: DataValue) -> QuerySet[Change]:
    return value.changes.select_related("by").order_by("at", "id")


# --- Progress ----------------------------------------------------------------------------------


@dataclass
class ProgressNode:
    label: str
    progress: domain.Progress
    rag: str = domain.NONE
    children: list[ProgressNode] = field(default_factory=list)


def latest_activity_status(plan: Plan) -> dict[int, tuple[str, float | None]]:
    """Per activity: status and progress from each unit's latest approved report.

    Several units reporting one activity are averaged, and the status is the least advanced.
    """
    latest_by_unit: dict[tuple[int, int], ActivityReport] = {}
    reports = ActivityReport.objects.filter(
        period__plan=plan, submission__status=Submission.Status.APPROVED
    ).select_related("period")
    for report in reports.order_by("period__end", "id"):
        latest_by_unit[(report.activity_id, report.organisation_id)] = report
    latest: dict[int, tuple[str, float | None]] = {}
    grouped: dict[int, list[ActivityReport]] = defaultdict(list)
    for (activity_id, _), report in latest_by_unit.items():
        grouped[activity_id].append(report)
    order = {
        s: i for i, s in enumerate(["not_started", "delayed", "ongoing", "completed", "cancelled"])
    }
    for activity_id, unit_reports in grouped.items():
        progresses = [domain.activity_progress(r.status, r.progress) for r in unit_reports]
        rolled = domain.roll_up(progresses)
        status = min((r.status for r in unit_reports), key=lambda s: order.get(s, 0))
        latest[activity_id] = (status, rolled.value)
    return latest


def activity_rag(activity: Activity, latest, *, plan: Plan, as_of: dt.date) -> str:
    if activity.id not in latest:
        return domain.NONE
    status, value = latest[activity.id]
    return domain.activity_rag(
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
    plan_node = ProgressNode(plan.title, domain.Progress(None, 0))
    for area in areas:
        area_node = ProgressNode(area.title, domain.Progress(None, 0))
        for goal in area.goals.all():
            goal_node = ProgressNode(f"{goal.code_printed} {goal.title}", domain.Progress(None, 0))
            for sub in goal.subgoals.all():
                sub_node = ProgressNode(f"{sub.code_printed} {sub.title}", domain.Progress(None, 0))
                for activity in sub.activities.all():
                    status, value = latest.get(activity.id, (None, None))
                    rag = activity_rag(activity, latest, plan=plan, as_of=as_of)
                    sub_node.children.append(
                        ProgressNode(
                            f"{activity.code_printed} {activity.title}",
                            domain.activity_progress(status, value),
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
    node.progress = domain.roll_up(c.progress for c in node.children)
    node.rag = domain.worst_rag(c.rag for c in node.children)


def assigned_units(indicator: Indicator) -> list[Organisation]:
    """The units that report this indicator."""
    return list(Organisation.objects.filter(assignments__indicator=indicator))


def reporting_period(plan: Plan, code: str) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(plan=plan, code=code).first()


def open_periods(plan: Plan) -> list[ReportingPeriod]:
    """Periods still taking entries or waiting for their lock, earliest deadline first."""
    return list(
        ReportingPeriod.objects.filter(plan=plan, locked_at__isnull=True).order_by("deadline")
    )


def sample_period_codes(plan: Plan) -> set[str]:
    """The plan's sample periods: their figures are marked ÖRNEK wherever they are shown."""
    return set(
        ReportingPeriod.objects.filter(plan=plan, is_sample=True).values_list("code", flat=True)
    )
