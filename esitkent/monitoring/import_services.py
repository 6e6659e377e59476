"""Bulk value exchange: import (DHIS2 dataValueSets CSV/JSON/XML, the XLSX template) and export.

An import runs in three steps, so that a large file never holds the database's write lock for
long (SQLite has one writer; a case worker's access-log row or a login must not wait for it):

1. **Read and check.** Rows are streamed from the file, their identifiers resolved inside the
   import's plan (through the identifier mapping for DHIS2 UIDs, codes or names), and each is
   checked by the one write path's rules (`value_services.ValueRules`). Good rows are staged in
   short transactions, 5,000 at a time (`import_check_services`).
2. **Compare.** Staged rows are compared with what is stored: new, updated, unchanged, deleted
   or ignored; rows that would change something meet the period lock, the submission's state and
   the approval lock; repeated cells and parts against totals are checked over the final state
   (`import_compare_services`).
3. **Write.** One transaction locks the submissions concerned, verifies that nothing it compared
   against has changed since, and writes in a few set-based statements, with the history rows the
   one helper (`change_services.value_change_fields`) made for each change
   (`import_write_services`).

All or nothing: any problem refuses the whole file (every problem named by row and field, up to
200), and nothing is written. A dry run stops after step 2 and reports the counts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from esitkent.core.errors import InputRejected
from esitkent.plans.models import Plan

from . import exchange
from .exchange_text import ValueFile
from .id_selectors import IdResolver, schemes_of
from .import_batch_services import batch_progress, batch_upload_delete, staged_clear
from .import_check_services import ImportRun, rows_stage
from .import_compare_services import groups_check, staged_compare
from .import_write_services import staged_write
from .models import ImportBatch
from .value_services import IMPORT, ValueRules


def batch_run(*, batch: ImportBatch, today: dt.date | None = None) -> ImportBatch:
    """Run a queued batch from its stored upload (inline for a small file, in the worker for a
    large one); the upload is removed when the run ends, whatever the outcome."""
    options = batch.options
    try:
        return values_import(
            plan=batch.plan,
            source=Path(batch.upload.path),
            name=batch.source_name,
            by=batch.by,
            dry_run=batch.dry_run,
            today=today,
            id_scheme=options.get("id_scheme") or "code",
            decimal=options.get("decimal") or "auto",
            encoding=options.get("encoding") or "auto",
            batch=batch,
        )
    finally:
        batch_upload_delete(batch)


def values_import(
    *,
    plan: Plan,
    source: bytes | Path,
    name: str,
    by=None,
    dry_run: bool = False,
    today: dt.date | None = None,
    id_scheme: str = "code",
    decimal: str = "auto",
    encoding: str = "auto",
    fmt: str | None = None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Import a values file into one plan. Returns the finished batch with its counts; a
    refused file raises InputRejected with every problem (the batch records them too)."""
    if batch is None:
        batch = ImportBatch(plan=plan, by=by, source_name=name[:200], dry_run=dry_run)
    batch.options = {
        **batch.options,
        "id_scheme": id_scheme,
        "decimal": decimal,
        "encoding": encoding,
        "format": fmt or "",
    }
    batch_progress(batch, status=ImportBatch.Status.READING, started_at=timezone.now())
    try:
        rules = ValueRules(plan=plan, by=by, channel=IMPORT, today=today or timezone.localdate())
        values = exchange.read_values(
            source, name=name, fmt=fmt, encoding=encoding, decimal=decimal
        )
        resolver = IdResolver(plan, rules, schemes_of(id_scheme, values.id_schemes))
        _run(ImportRun(batch, plan, by, rules, resolver), values)
    except InputRejected as exc:
        batch_progress(
            batch,
            status=ImportBatch.Status.REFUSED,
            finished_at=timezone.now(),
            problems=[
                {"where": p.where, "message": str(p.message), "code": p.code} for p in exc.problems
            ],
        )
        raise
    finally:
        staged_clear(batch)
    return batch


def _run(run: ImportRun, values: ValueFile) -> None:
    """The three steps, refusing the file after each that found a problem."""
    batch_progress(run.batch, notes=list(values.notes), rows_total=values.rows_total)
    rows_stage(run, values.rows)
    run.refuse_if_any()
    batch_progress(run.batch, status=ImportBatch.Status.CHECKING)
    counts = staged_compare(run)
    run.refuse_if_any()
    groups_check(run)
    run.refuse_if_any()
    if not run.batch.dry_run:
        batch_progress(run.batch, status=ImportBatch.Status.WRITING)
        staged_write(run)
    batch_progress(run.batch, status=ImportBatch.Status.DONE, finished_at=timezone.now(), **counts)
