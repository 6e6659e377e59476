"""Step 3 of a value import: one transaction locks the submissions concerned, checks their
state again, verifies that nothing compared in step 2 has changed since, and writes in a few
set-based statements that copy the staged rows, with the history rows step 2 made. The write
lock is held for these statements only."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from esitkent.core.errors import InputRejected, Problem
from esitkent.plans.models import Plan

from .import_check_services import ImportRun
from .models import Change, DataValue, ImportBatch, ReportingPeriod, StagedValue, Submission

_CHANGING = [StagedValue.Action.NEW, StagedValue.Action.UPDATE, StagedValue.Action.DELETE]
_STAGED = StagedValue._meta.db_table
_VALUES = DataValue._meta.db_table


def staged_write(run: ImportRun) -> None:
    pairs = set(
        StagedValue.objects.filter(batch=run.batch, action__in=_CHANGING)
        .values_list("period", "organisation_id")
        .distinct()
    )
    with transaction.atomic():
        periods = {
            p.code: p
            for p in ReportingPeriod.objects.select_for_update().filter(
                plan=run.plan, code__in={p for p, _ in pairs}
            )
        }
        for period, unit in pairs:
            Submission.objects.get_or_create(period=periods[period], organisation_id=unit)
        locked = {
            (s.period.code, s.organisation_id): s
            for s in Submission.objects.select_for_update()
            .filter(period__plan=run.plan, period__code__in={p for p, _ in pairs})
            .select_related("period")
        }
        problems = []
        for period, unit in sorted(pairs):
            state = run.rules.state_problem(periods[period], locked[(period, unit)].status)
            if state is not None:
                problems.append(Problem(f"{period} · {run.resolver.units_by_id[unit].code}", state))
        if problems:
            raise InputRejected(problems)
        _sql_write(run.batch, run.plan, run.by)


def _sql_write(batch: ImportBatch, plan: Plan, by) -> None:
    """The final write. Refuses if anything compared in step 2 has changed."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    by_id = getattr(by, "pk", None)
    with connection.cursor() as cursor:
        _refuse_if_moved(cursor, batch)
        _link_submissions(cursor, batch, plan)
        _record_changes(cursor, batch, by_id, now)
        _delete_values(cursor, batch)
        _update_values(cursor, batch, by_id, now)
        _insert_values(cursor, batch, by_id, now)


def _refuse_if_moved(cursor, batch: ImportBatch) -> None:
    """Someone changed a value compared in step 2 (updated or deleted it, or wrote a new cell)."""
    cursor.execute(
        f"""SELECT COUNT(*) FROM {_STAGED} s
        WHERE s.batch_id = %s AND s.action IN ('update', 'delete') AND NOT EXISTS (
            SELECT 1 FROM {_VALUES} d WHERE d.id = s.existing_id AND d.version = s.existing_version)""",
        [batch.pk],
    )
    moved = cursor.fetchone()[0]
    cursor.execute(
        f"""SELECT COUNT(*) FROM {_STAGED} s JOIN {_VALUES} d ON d.indicator_id = s.indicator_id
        AND d.period = s.period AND d.organisation_id = s.organisation_id
        AND d.breakdown_key = s.breakdown_key
        WHERE s.batch_id = %s AND s.action = 'new'""",
        [batch.pk],
    )
    moved += cursor.fetchone()[0]
    if moved:
        raise InputRejected(
            [
                Problem(
                    "dosya",
                    f"dosya denetlenirken {moved} değer başka biri tarafından değiştirildi; "
                    "hiçbir şey yazılmadı, dosyayı yeniden yükleyin",
                    code="conflict",
                )
            ]
        )


def _link_submissions(cursor, batch: ImportBatch, plan: Plan) -> None:
    submissions = Submission._meta.db_table
    periods = ReportingPeriod._meta.db_table
    cursor.execute(
        f"""UPDATE {_STAGED} SET submission_id = (
            SELECT sub.id FROM {submissions} sub JOIN {periods} p ON p.id = sub.period_id
            WHERE p.plan_id = %s AND p.code = {_STAGED}.period
            AND sub.organisation_id = {_STAGED}.organisation_id)
        WHERE batch_id = %s AND action IN ('new', 'update', 'delete')""",
        [plan.pk, batch.pk],
    )


def _record_changes(cursor, batch: ImportBatch, by_id, now) -> None:
    changes = Change._meta.db_table
    cursor.execute(
        f"""INSERT INTO {changes} (action, field, subject, period_code, breakdown_key, old, new,
            reason, by_id, at, indicator_id, organisation_id, submission_id, data_value_id,
            import_batch_id)
        SELECT CASE action WHEN 'update' THEN 'imported' ELSE 'deleted' END, field, subject,
            period, breakdown_key, old, new, %s, %s, %s, indicator_id, organisation_id,
            submission_id, CASE action WHEN 'update' THEN existing_id ELSE NULL END, %s
        FROM {_STAGED} WHERE batch_id = %s AND action IN ('update', 'delete') ORDER BY id""",
        [f"içe aktarma #{batch.pk}", by_id, now, batch.pk, batch.pk],
    )
    cursor.execute(
        f"""UPDATE {changes} SET data_value_id = NULL WHERE data_value_id IN (
            SELECT existing_id FROM {_STAGED} WHERE batch_id = %s AND action = 'delete')""",
        [batch.pk],
    )


def _delete_values(cursor, batch: ImportBatch) -> None:
    cursor.execute(
        f"""DELETE FROM {_VALUES} WHERE id IN (
            SELECT existing_id FROM {_STAGED} WHERE batch_id = %s AND action = 'delete')""",
        [batch.pk],
    )


def _update_values(cursor, batch: ImportBatch, by_id, now) -> None:
    cursor.execute(
        f"""UPDATE {_VALUES} SET value = s.value, text = s.text, comment = s.comment,
            version = {_VALUES}.version + 1, import_batch_id = %s, updated_by_id = %s,
            updated_at = %s, submission_id = s.submission_id, provenance = 'import',
            approved = %s
        FROM {_STAGED} s
        WHERE s.existing_id = {_VALUES}.id AND s.batch_id = %s AND s.action = 'update'""",
        [batch.pk, by_id, now, False, batch.pk],
    )


def _insert_values(cursor, batch: ImportBatch, by_id, now) -> None:
    cursor.execute(
        f"""INSERT INTO {_VALUES} (indicator_id, period, organisation_id, breakdown_key,
            breakdown, value, text, comment, approximate, provenance, source, submission_id,
            import_batch_id, approved, version, updated_at, updated_by_id)
        SELECT indicator_id, period, organisation_id, breakdown_key, breakdown, value, text,
            comment, %s, 'import', '', submission_id, %s, %s, 1, %s, %s
        FROM {_STAGED} WHERE batch_id = %s AND action = 'new' ORDER BY id""",
        [False, batch.pk, False, now, by_id, batch.pk],
    )
