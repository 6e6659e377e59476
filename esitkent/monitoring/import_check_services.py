"""Step 1 of a value import: rows read from the file, their identifiers resolved inside the
plan, each checked by the one write path's rules (`value_services.ValueRules`), and the good
ones staged in short transactions, `CHUNK` at a time. Every problem is collected, named by row
and field, for one refusal of the whole file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction

from esitkent.core import value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason
from esitkent.plans.models import Plan

from . import dhis2
from .exchange_text import MAX_PROBLEMS, Row
from .id_selectors import IdResolver
from .import_batch_services import batch_progress
from .models import ImportBatch, StagedValue
from .value_services import ValueRules

CHUNK = 5000  # rows staged, and compared, at a time
# Which column a refusal of the write path's rules is about.
FIELD_OF_REASON = {
    "not_in_plan": "dataelement",
    "not_reported": "dataelement",
    "not_reporter": "orgunit",
    "not_assigned": "orgunit",
    "no_reporting_period": "period",
    "periodicity": "period",
    "period_closed": "period",
    "not_editable": "period",
    "breakdown": "categoryoptioncombo",
    "breakdown_option": "categoryoptioncombo",
}


class Problems:
    def __init__(self):
        self.items: list[Problem] = []
        self.more = 0

    def add(self, where: str, field: str, message):
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(f"{where}, '{field}'" if field else where, message))
        else:
            self.more += 1

    def all(self) -> list[Problem]:
        extra = [Problem("", f"ve {self.more} sorun daha")] if self.more else []
        return self.items + extra


@dataclass
class ImportRun:
    """What the steps of one import share: its batch, the rules, the identifiers, the problems."""

    batch: ImportBatch
    plan: Plan
    by: object
    rules: ValueRules
    resolver: IdResolver
    problems: Problems = field(default_factory=Problems)

    def where(self, line: int) -> str:
        """How a person finds a staged row in the file: its line, or its place in the set."""
        fmt = self.batch.options.get("format") or ""
        if fmt == "json" or self.batch.source_name.lower().endswith(".json"):
            return f"dataValues[{line}]"
        if fmt == "xml" or self.batch.source_name.lower().endswith(".xml"):
            return f"dataValue {line}"
        return f"satır {line}"

    def refuse_if_any(self) -> None:
        if self.problems.items:
            raise InputRejected(self.problems.all())


def rows_stage(run: ImportRun, rows: Iterator[Row]) -> None:
    """Check every row; stage the good ones while no problem has been found."""
    chunk: list[StagedValue] = []
    read = 0
    for row in rows:
        read += 1
        staged = _parse(run, row)
        if staged is not None and not run.problems.items:
            chunk.append(staged)
        if len(chunk) >= CHUNK:
            _flush(run.batch, chunk, read)
            chunk = []
    _flush(run.batch, chunk, read)


def _flush(batch: ImportBatch, chunk: list[StagedValue], read: int) -> None:
    with transaction.atomic():
        StagedValue.objects.bulk_create(chunk)
    batch_progress(batch, rows_read=read)


def _parse(run: ImportRun, row: Row) -> StagedValue | None:
    fields, where = row.fields, row.where
    if fields.get("attributeoptioncombo", "") not in dhis2.DEFAULT_COMBO:
        run.problems.add(
            where,
            "attributeoptioncombo",
            "EşitKent'te öznitelik kırılımı (attributeOptionCombo) yok; boş ya da 'default' olmalı",
        )
        return None
    cell = _resolve(run, fields, where)
    if cell is None:
        return None
    indicator, period, organisation, breakdown = cell
    delete = fields.get("deleted", "").strip().lower() in {"true", "1", "evet"}
    raw = "" if delete else fields.get("value", "").strip()
    try:
        number, text = run.rules.check(
            indicator=indicator,
            period_code=period,
            organisation=organisation,
            breakdown=breakdown,
            raw=raw,
            numbers=row.numbers,
        )
    except ValueError as exc:
        run.problems.add(where, FIELD_OF_REASON.get(getattr(exc, "code", ""), "value"), exc)
        return None
    return StagedValue(
        batch=run.batch,
        line=row.number,
        indicator_id=indicator.id,
        period=period,
        organisation_id=organisation.id,
        breakdown_key=value_breakdowns.breakdown_key(breakdown),
        breakdown=breakdown,
        value=number,
        text=text,
        comment=fields.get("comment", "").strip(),
        delete=delete,
    )


def _resolve(run: ImportRun, fields: dict[str, str], where: str) -> tuple | None:
    """(indicator, period code, unit, breakdown) for a row's identifiers; None, with the
    problem added, at the first that names nothing of ours."""
    resolvers = (
        ("dataelement", run.resolver.indicator, Reason),
        ("period", dhis2.period_from_dhis2, Reason),
        ("orgunit", run.resolver.organisation, Reason),
        ("categoryoptioncombo", run.resolver.breakdown, (Reason, ValueError)),
    )
    found = []
    for column, resolve, errors in resolvers:
        try:
            found.append(resolve(fields.get(column, "").strip()))
        except errors as reason:
            run.problems.add(where, column, reason)
            return None
    return tuple(found)
