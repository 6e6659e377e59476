"""Step 2 of a value import: staged rows compared with what is stored (new, updated,
unchanged, deleted or ignored). Rows that would change something meet the period lock, the
submission's state and the approval lock, and carry the history the final write records;
repeated cells and parts against totals are checked over the state after the import."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from esitkent.core import value_breakdowns
from esitkent.plans.models import Plan

from . import import_check_services, validation_domain
from .change_services import shown, shown_text, value_change_fields
from .import_check_services import ImportRun
from .models import Change, DataValue, StagedValue, Submission
from .value_services import APPROVED_LOCK

_COUNT = {
    StagedValue.Action.NEW: "imported",
    StagedValue.Action.UPDATE: "updated",
    StagedValue.Action.SAME: "unchanged",
    StagedValue.Action.IGNORE: "ignored",
    StagedValue.Action.DELETE: "deleted",
}
_CHANGING = [StagedValue.Action.NEW, StagedValue.Action.UPDATE, StagedValue.Action.DELETE]
_GROUPS_AT_ONCE = 500


def staged_compare(run: ImportRun) -> dict[str, int]:
    """Give every staged row its action; the counts of each, as the batch records them."""
    counts = dict.fromkeys(("imported", "updated", "unchanged", "ignored", "deleted"), 0)
    statuses = _submission_statuses(run.plan)
    seen: set[tuple] = set()
    last = 0
    while True:
        rows = list(
            StagedValue.objects.filter(batch=run.batch, id__gt=last).order_by("id")[
                : import_check_services.CHUNK
            ]
        )
        if not rows:
            return counts
        last = rows[-1].id
        existing = _stored_cells(rows)
        for row in rows:
            _compare_row(run, row, existing.get(_cell(row)), statuses, seen, counts)
        _save_actions(rows)


def _submission_statuses(plan: Plan) -> dict[tuple[str, int], str]:
    return {
        (s.period.code, s.organisation_id): s.status
        for s in Submission.objects.filter(period__plan=plan).select_related("period")
    }


def _cell(row) -> tuple:
    return (row.indicator_id, row.period, row.organisation_id, row.breakdown_key)


def _stored_cells(rows: list[StagedValue]) -> dict[tuple, DataValue]:
    """The stored values these staged rows may meet, by cell."""
    return {
        _cell(v): v
        for v in DataValue.objects.filter(
            indicator_id__in={r.indicator_id for r in rows},
            period__in={r.period for r in rows},
            organisation_id__in={r.organisation_id for r in rows},
        ).only(
            "id",
            "indicator_id",
            "period",
            "organisation_id",
            "breakdown_key",
            "value",
            "text",
            "comment",
            "approved",
            "version",
        )
    }


def _compare_row(
    run: ImportRun,
    row: StagedValue,
    current: DataValue | None,
    statuses: dict,
    seen: set[tuple],
    counts: dict[str, int],
) -> None:
    key = _cell(row)
    if key in seen:
        label = value_breakdowns.breakdown_label(row.breakdown)
        run.problems.add(
            run.where(row.line),
            "categoryoptioncombo",
            f"aynı hücre dosyada ikinci kez var: {row.period} {label}",
        )
        return
    seen.add(key)
    action = _action(row, current)
    row.action = action
    row.existing_id = current.id if current else None
    row.existing_version = current.version if current else None
    counts[_COUNT[action]] += 1
    if action in (StagedValue.Action.SAME, StagedValue.Action.IGNORE):
        return
    state = run.rules.state_problem(
        run.rules.periods[row.period], statuses.get((row.period, row.organisation_id))
    )
    if state is not None:
        run.problems.add(run.where(row.line), "period", state)
        return
    if current is not None and current.approved:
        run.problems.add(run.where(row.line), "value", APPROVED_LOCK)
        return
    _record_change(run, row, current)


def _action(row: StagedValue, current: DataValue | None) -> str:
    if row.delete:
        return StagedValue.Action.DELETE if current is not None else StagedValue.Action.IGNORE
    if row.value is None and not row.text:
        return StagedValue.Action.IGNORE
    if current is None:
        return StagedValue.Action.NEW
    if (current.value, current.text, current.comment) == (row.value, row.text, row.comment):
        return StagedValue.Action.SAME
    return StagedValue.Action.UPDATE


def _record_change(run: ImportRun, row: StagedValue, current: DataValue | None) -> None:
    """The history row's fields, made by the one helper every write path uses."""
    indicator = run.rules.indicators[row.indicator_id]
    unit = run.resolver.units_by_id[row.organisation_id]
    fields = value_change_fields(
        action=Change.Action.IMPORTED
        if row.action == StagedValue.Action.UPDATE
        else Change.Action.DELETED,
        indicator_code=indicator.code,
        organisation_code=unit.code,
        period=row.period,
        breakdown=row.breakdown,
        old=shown(current),
        new=""
        if row.action == StagedValue.Action.DELETE
        else shown_text(row.value, row.text, row.comment),
    )
    row.subject, row.field = fields["subject"], fields["field"]
    row.old, row.new = fields["old"], fields["new"]


def _save_actions(rows: list[StagedValue]) -> None:
    # Rows that write nothing, or only insert, need their action alone: one UPDATE each.
    # Rows that change a stored value carry what the final write verifies and records.
    plain = defaultdict(list)
    changing = []
    for row in rows:
        if row.action in (StagedValue.Action.UPDATE, StagedValue.Action.DELETE):
            changing.append(row)
        elif row.action:
            plain[row.action].append(row.id)
    with transaction.atomic():
        for action, ids in plain.items():
            StagedValue.objects.filter(id__in=ids).update(action=action)
        StagedValue.objects.bulk_update(
            changing,
            ["action", "existing_id", "existing_version", "subject", "field", "old", "new"],
            batch_size=500,
        )


def groups_check(run: ImportRun) -> None:
    """Parts against totals, once per (indicator, period, unit) the file changes, over what
    the values will be after the import."""
    first_line = _changed_groups(run)
    groups = list(first_line)
    for start in range(0, len(groups), _GROUPS_AT_ONCE):
        part = groups[start : start + _GROUPS_AT_ONCE]
        values = _values_after(run, part)
        for group in part:
            _check_group(run, group, values.get(group, {}), first_line[group])


def _changed_groups(run: ImportRun) -> dict[tuple, int]:
    """Each (indicator, period, unit) the file changes, with the first line that changes it."""
    first_line: dict[tuple, int] = {}
    rows = (
        StagedValue.objects.filter(batch=run.batch, action__in=_CHANGING)
        .order_by("line")
        .values_list("indicator_id", "period", "organisation_id", "line")
    )
    for indicator_id, period, unit_id, line in rows.iterator(
        chunk_size=import_check_services.CHUNK
    ):
        first_line.setdefault((indicator_id, period, unit_id), line)
    return first_line


def _values_after(run: ImportRun, part: list[tuple]) -> dict[tuple, dict[str, Decimal]]:
    """The numbers of these groups by breakdown key: those stored, with the staged changes."""
    wanted = set(part)
    filters = {
        "indicator_id__in": {g[0] for g in part},
        "period__in": {g[1] for g in part},
        "organisation_id__in": {g[2] for g in part},
    }
    values: dict[tuple, dict[str, Decimal]] = defaultdict(dict)
    for i, p, o, key, value in DataValue.objects.filter(value__isnull=False, **filters).values_list(
        "indicator_id", "period", "organisation_id", "breakdown_key", "value"
    ):
        if (i, p, o) in wanted:
            values[(i, p, o)][key] = value
    for i, p, o, key, value, action in StagedValue.objects.filter(
        batch=run.batch, **filters
    ).values_list("indicator_id", "period", "organisation_id", "breakdown_key", "value", "action"):
        if (i, p, o) not in wanted:
            continue
        if action == StagedValue.Action.DELETE or (
            action in (StagedValue.Action.NEW, StagedValue.Action.UPDATE) and value is None
        ):
            values[(i, p, o)].pop(key, None)
        elif action in (StagedValue.Action.NEW, StagedValue.Action.UPDATE):
            values[(i, p, o)][key] = value
    return values


def _check_group(run: ImportRun, group: tuple, values: dict[str, Decimal], line: int) -> None:
    indicator = run.rules.indicators[group[0]]
    definition = indicator.definition
    for violation in validation_domain.validate_values(
        values,
        measure_type=definition.measure_type,
        aggregation=definition.aggregation,
        dimensions=definition.dimensions,
        districts=run.rules.districts,
        title=indicator.name,
    ):
        run.problems.add(run.where(line), "value", violation.message)
