"""Reads for the entry form: its cells with their values, history and notes, and the problems
that block submitting."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop

from esitkent.core import period_codes, progress_rating, value_breakdowns
from esitkent.core.reasons import Reason
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import Activity, Indicator

from .models import (
    ActivityReport,
    Change,
    DataValue,
    ReportingPeriod,
    Submission,
    ValidationRule,
)
from .validation_domain import Violation, evaluate_rule, is_outlier, validate_values


def submission_or_unsaved(period: ReportingPeriod, organisation: Organisation) -> Submission:
    """The unit's submission for the period; reading writes nothing, so an unsaved one stands
    in until the first save."""
    return Submission.objects.filter(
        period=period, organisation=organisation
    ).first() or Submission(period=period, organisation=organisation)


def submission_history(submission: Submission) -> QuerySet[Change] | list:
    """The submission's own trail (its states), without the values' and reports' changes."""
    if not submission.pk:
        return []
    return submission.changes.select_related("by").filter(
        indicator__isnull=True, activity_report__isnull=True
    )


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
    problems: list[Violation] = field(default_factory=list)
    target_rag: str = progress_rating.NONE
    history_elsewhere: bool = False  # the unit changed it in another period too

    @property
    def every_cell(self) -> list[Cell]:
        return self.cells + [c for row in self.grid or [] for c in row]


@dataclass
class ActivityBlock:
    activity: Activity
    report: ActivityReport | None
    rag: str
    needs_explanation: bool
    indicators: list[IndicatorBlock]

    @property
    def has_values(self) -> bool:
        return any(c.value for ib in self.indicators for c in ib.every_cell)


@dataclass
class _Known:
    """What the unit has entered and been told, read once for every block of the form."""

    values: dict[tuple[int, str], DataValue]
    history: dict[int, list[Change]]
    notes: dict[tuple[int, str], list[Change]]
    elsewhere: set[int]
    earlier: dict[int, list[Decimal]]
    districts: list[tuple[str, str]]


def entry_form(
    submission: Submission, *, today: dt.date, every_period: bool = False
) -> list[ActivityBlock]:
    """The form's cells with this period's history; `every_period` shows each indicator's
    history in every period instead (the reviewers' notes stay this period's)."""
    period = submission.period
    indicators = _form_indicators(submission)
    known = _known(submission, indicators, every_period=every_period)
    reports = {
        r.activity_id: r
        for r in ActivityReport.objects.filter(period=period, organisation=submission.organisation)
    }
    blocks: dict[int, ActivityBlock] = {}
    for indicator in indicators:
        activity = indicator.activity
        if activity.id not in blocks:
            blocks[activity.id] = _activity_block(activity, reports.get(activity.id), period, today)
        blocks[activity.id].indicators.append(_indicator_block(indicator, known, period))
    return list(blocks.values())


def _form_indicators(submission: Submission) -> QuerySet[Indicator]:
    """The indicators the unit reports at this period's length."""
    period = submission.period
    return (
        Indicator.objects.filter(
            assignments__organisation=submission.organisation,
            plan=period.plan,
            definition__periodicity=period_codes.parse_period(period.code).kind,
        )
        .select_related("definition", "activity__subgoal__goal__area")
        .prefetch_related("definition__targets")
        .order_by("activity__row", "position")
    )


def _known(submission: Submission, indicators, *, every_period: bool) -> _Known:
    organisation, period = submission.organisation, submission.period
    history = _history_by_indicator(organisation, indicators, period.code)
    return _Known(
        values={
            (v.indicator_id, v.breakdown_key): v
            for v in DataValue.objects.filter(
                organisation=organisation, period=period.code, indicator__in=indicators
            )
        },
        history=_history_by_indicator(organisation, indicators, None) if every_period else history,
        notes=_notes(history),
        elsewhere=set(
            Change.objects.filter(organisation=organisation, indicator__in=indicators)
            .exclude(period_code=period.code)
            .values_list("indicator_id", flat=True)
            .distinct()
        ),
        earlier=_earlier_totals(
            organisation,
            indicators,
            before=period.start,
            kind=period_codes.parse_period(period.code).kind,
        ),
        districts=list(District.objects.values_list("code", "name")),
    )


def _notes(history: dict[int, list[Change]]) -> dict[tuple[int, str], list[Change]]:
    """The reviewers' notes of this period, by cell."""
    notes: dict[tuple[int, str], list[Change]] = defaultdict(list)
    for indicator_id, changes in history.items():
        for change in changes:
            if change.action == Change.Action.NOTED:
                notes[(indicator_id, change.breakdown_key)].append(change)
    return notes


def _activity_block(
    activity: Activity, report: ActivityReport | None, period: ReportingPeriod, today: dt.date
) -> ActivityBlock:
    status = report.status if report else None
    rag = progress_rating.activity_rag(
        status=status,
        progress=report.progress if report else None,
        start=dt.date(period.plan.start_year, 1, 1),
        due=activity.due_date,
        as_of=min(today, period.end),
    )
    return ActivityBlock(activity, report, rag, progress_rating.needs_explanation(rag, status), [])


def _indicator_block(indicator: Indicator, known: _Known, period: ReportingPeriod):
    definition = getattr(indicator, "definition", None)
    dims = definition.dimensions if definition else []
    cells = _cells(known, indicator, dims)
    grid = _sex_age_grid(known, indicator) if "sex" in dims and "age" in dims else None
    total = cells[0]
    if total.value is not None and total.value.value is not None:
        total.outlier = is_outlier(total.value.value, known.earlier.get(indicator.id, []))
    target = (
        next((t.value for t in definition.targets.all() if t.year == period.end.year), None)
        if definition
        else None
    )
    block = IndicatorBlock(indicator, cells, grid, known.history.get(indicator.id, []), target)
    block.history_elsewhere = indicator.id in known.elsewhere
    for cell in block.every_cell:
        cell.notes = known.notes.get((indicator.id, cell.key), [])
    block.problems = _indicator_problems(
        definition,
        {c.key: c.value.value for c in block.every_cell if c.value and c.value.value is not None},
        known.districts,
        title=indicator.name,
    )
    if definition is not None and total.value is not None:
        block.target_rag = progress_rating.target_rag(
            total.value.value, target, definition.direction
        )
    return block


def _cells(known: _Known, indicator: Indicator, dims: list[str]) -> list[Cell]:
    """The total, then each dimension on its own (no combination explosion); labels in the
    reader's language, districts by their names."""
    cells = [_cell(known.values, indicator, {}, gettext("Toplam"))]
    for dim in dims:
        options = (
            dict(known.districts) if dim == "district" else value_breakdowns.dimension_options(dim)
        )
        name = gettext(value_breakdowns.DIMENSION_LABELS[dim])
        cells += [
            _cell(
                known.values,
                indicator,
                {dim: code},
                f"{name}: {label if dim == 'district' else gettext(label)}",
            )
            for code, label in options.items()
        ]
    return cells


def _sex_age_grid(known: _Known, indicator: Indicator) -> list[list[Cell]]:
    return [
        [
            _cell(
                known.values,
                indicator,
                {"age": age, "sex": sex},
                f"{gettext(age_label)} · {gettext(sex_label)}",
            )
            for sex, sex_label in value_breakdowns.SEX.items()
        ]
        for age, age_label in value_breakdowns.AGE_BANDS.items()
    ]


def _cell(values, indicator, breakdown, label) -> Cell:
    key = value_breakdowns.breakdown_key(breakdown)
    return Cell(key, breakdown, label, values.get((indicator.id, key)))


def _indicator_problems(
    definition, values: dict[str, Decimal], districts, *, title: str = ""
) -> list[Violation]:
    if definition is None or not values:
        return []
    return validate_values(
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
            parsed = period_codes.parse_period(period)
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
        problems += _report_problems(block)
        for ib in block.indicators:
            problems += _value_problems(ib)
            total = ib.cells[0].value
            if total is not None and total.value is not None:
                totals[ib.indicator.id] = total.value
    for rule in ValidationRule.objects.filter(plan=submission.period.plan, left_id__in=totals):
        right = totals.get(rule.right_id) if rule.right_id else rule.right_constant
        if evaluate_rule(totals[rule.left_id], rule.operator, right) is False:
            problems.append(SubmissionProblem(f"Kural {rule.code}", rule.name, rule.blocking))
    return problems


def _report_problems(block: ActivityBlock) -> list[SubmissionProblem]:
    where = f"Faaliyet {block.activity.subgoal.goal.area.title} {block.activity.code_printed}"
    if block.report is None:
        return [
            SubmissionProblem(
                where, Reason("report_missing", gettext_noop("durum ve ilerleme girilmemiş"))
            )
        ]
    if block.needs_explanation and not (
        block.report.explanation and block.report.corrective_action and block.report.new_date
    ):
        return [
            SubmissionProblem(
                where,
                Reason(
                    "explanation_missing",
                    gettext_noop(
                        "faaliyet geride: açıklama, düzeltici eylem ve yeni tarih gerekli"
                    ),
                ),
            )
        ]
    return []


def _value_problems(ib: IndicatorBlock) -> list[SubmissionProblem]:
    where = f"Gösterge {ib.indicator.code}"
    problems = [SubmissionProblem(where, v.message, v.blocking) for v in ib.problems]
    total = ib.cells[0].value
    if total is not None and total.value is not None and ib.cells[0].outlier:
        problems.append(
            SubmissionProblem(
                where,
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
    return problems
