"""Bulk value exchange: import (DHIS2 dataValueSets CSV/JSON/XML, the XLSX template) and export.

An import runs in three steps, so that a large file never holds the database's write lock for
long (SQLite has one writer; a case worker's access-log row or a login must not wait for it):

1. **Read and check.** Rows are streamed from the file, their identifiers resolved inside the
   import's plan (through the identifier mapping for DHIS2 UIDs, codes or names), and each is
   checked by the one write path's rules (`value_services.ValueRules`). Good rows are staged in
   short transactions, 5,000 at a time.
2. **Compare.** Staged rows are compared with what is stored: new, updated, unchanged, deleted
   or ignored; rows that would change something meet the period lock, the submission's state and
   the approval lock; repeated cells and parts against totals are checked over the final state.
3. **Write.** One transaction locks the submissions concerned, verifies that nothing it compared
   against has changed since, and writes in a few set-based statements, with the history rows the
   one helper (`value_services.value_change_fields`) made for each change.

All or nothing: any problem refuses the whole file (every problem named by row and field, up to
200), and nothing is written. A dry run stops after step 2 and reports the counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.numbers import plain_number
from esitkent.core.reasons import Reason
from esitkent.core.turkish import fold
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import Indicator, Plan

from . import dhis2, domain, exchange, validation_domain
from .models import (
    Change,
    DataValue,
    ExternalId,
    ImportBatch,
    ReportingPeriod,
    StagedValue,
    Submission,
)
from .selectors import sample_period_codes
from .value_services import (
    APPROVED_LOCK,
    IMPORT,
    ValueRules,
    shown,
    shown_text,
    value_change_fields,
)

CHUNK = 5000
MAX_PROBLEMS = 200
SCHEMES = ("code", "uid", "name")
KINDS = ("dataelement", "orgunit", "categoryoptioncombo")
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


class _Problems:
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


def schemes_of(id_scheme: str, file_schemes: dict[str, str] | None = None) -> dict[str, str]:
    """The identifier scheme of each kind: the file's own (DHIS2: payload over parameters,
    the specific over the general), else the one asked for."""
    file_schemes = {k.lower(): v.lower() for k, v in (file_schemes or {}).items()}
    general = file_schemes.get("idscheme") or id_scheme
    out = {
        "dataelement": file_schemes.get("dataelementidscheme") or general,
        "orgunit": file_schemes.get("orgunitidscheme") or general,
        "categoryoptioncombo": file_schemes.get("categoryoptioncomboidscheme") or general,
    }
    for kind, scheme in out.items():
        if scheme not in SCHEMES:
            raise InputRejected(
                [Problem(kind, f"bilinmeyen tanımlayıcı şeması: {scheme} (code, uid ya da name)")]
            )
    return out


class IdResolver:
    """Another system's identifiers → our indicators, units and breakdowns, inside one plan.

    `code`: the mapping's code, else our own code (indicator code, unit code, breakdown key);
    `uid`: the mapping only (DHIS2 UIDs are never ours); `name`: the mapping's name, else our
    own name compared the Turkish way (an indicator name used twice in the plan is refused).
    """

    def __init__(self, plan: Plan, rules: ValueRules, schemes: dict[str, str]):
        self.schemes = schemes
        self.rules = rules
        self.mapped: dict[tuple[str, str, str], ExternalId] = {
            (m.kind, m.scheme, m.external_id): m for m in ExternalId.objects.filter(plan=plan)
        }
        self.units = {o.code: o for o in Organisation.objects.all()}
        self.units_by_id = {o.id: o for o in self.units.values()}
        self.units_by_name = defaultdict(list)
        for unit in self.units.values():
            self.units_by_name[fold(unit.name)].append(unit)
        self.indicators_by_name = defaultdict(list)
        for indicator in rules.indicators.values():
            self.indicators_by_name[fold(indicator.name)].append(indicator)

    def _mapping(self, kind: str, raw: str) -> ExternalId | None:
        return self.mapped.get((kind, self.schemes[kind], raw))

    def indicator(self, raw: str) -> Indicator:
        scheme = self.schemes["dataelement"]
        mapping = self._mapping("dataelement", raw)
        found = self.rules.indicators.get(mapping.indicator_id) if mapping else None
        if found is None and mapping is None:
            if scheme == "code":
                found = self.rules.by_code.get(raw)
            elif scheme == "name":
                named = self.indicators_by_name.get(fold(raw), [])
                if len(named) > 1:
                    raise Reason(
                        "ambiguous",
                        gettext_noop("bu adla planda {n} gösterge var: {raw}"),
                        n=len(named),
                        raw=repr(raw),
                    )
                found = named[0] if named else None
        if found is None:
            raise _unknown("gösterge", raw, scheme)
        return found

    def organisation(self, raw: str) -> Organisation:
        scheme = self.schemes["orgunit"]
        mapping = self._mapping("orgunit", raw)
        found = self.units_by_id.get(mapping.organisation_id) if mapping else None
        if found is None and mapping is None:
            if scheme == "code":
                found = self.units.get(raw)
            elif scheme == "name":
                named = self.units_by_name.get(fold(raw), [])
                found = named[0] if len(named) == 1 else None
        if found is None:
            raise _unknown("birim", raw, scheme)
        return found

    def breakdown(self, raw: str) -> dict[str, str]:
        if raw in dhis2.DEFAULT_COMBO:
            return {}
        scheme = self.schemes["categoryoptioncombo"]
        mapping = self._mapping("categoryoptioncombo", raw)
        if mapping is not None:
            return domain.parse_breakdown_key(mapping.breakdown_key)
        if scheme == "code":
            try:
                return domain.parse_breakdown_key(raw)
            except ValueError:
                pass
        raise _unknown("kırılım", raw, scheme)


def _unknown(what: str, raw: str, scheme: str) -> Reason:
    if scheme == "uid":
        return Reason(
            "unknown_id",
            gettext_noop("bilinmeyen {what} UID'si: {raw}; planın tanımlayıcı eşlemesine ekleyin"),
            what=what,
            raw=repr(raw),
        )
    return Reason(
        "unknown_id",
        gettext_noop("bilinmeyen {what} ({scheme}): {raw}"),
        what=what,
        scheme=scheme,
        raw=repr(raw),
    )


# --- Running an import ---------------------------------------------------------------------


def batch_create(
    *,
    plan: Plan,
    by,
    source_name: str,
    dry_run: bool = False,
    options: dict | None = None,
    upload=None,
) -> ImportBatch:
    """A batch row for a file about to be imported: queued, the upload stored (streamed, in
    chunks) until its run, its size and digest recorded for good."""
    import hashlib

    from django.core.files.base import ContentFile, File

    batch = ImportBatch(
        plan=plan,
        by=by,
        source_name=source_name[:200],
        dry_run=dry_run,
        status=ImportBatch.Status.QUEUED,
        options=options or {},
    )
    if upload is not None:
        upload = ContentFile(upload) if isinstance(upload, bytes) else File(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        batch.size, batch.sha256 = upload.size, digest.hexdigest()
        upload.seek(0)
        batch.upload.save(f"{batch.sha256[:16]}.bin", upload, save=False)
    with transaction.atomic():
        batch.save()
    return batch


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
        if batch.upload:
            batch.upload.delete(save=False)
            with transaction.atomic():
                ImportBatch.objects.filter(pk=batch.pk).update(upload="")


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
    _progress(batch, status=ImportBatch.Status.READING, started_at=timezone.now())
    try:
        _Import(batch, plan, by, today or timezone.localdate()).run(
            source, name=name, fmt=fmt, decimal=decimal, encoding=encoding, id_scheme=id_scheme
        )
    except InputRejected as exc:
        _progress(
            batch,
            status=ImportBatch.Status.REFUSED,
            finished_at=timezone.now(),
            problems=[
                {"where": p.where, "message": str(p.message), "code": p.code} for p in exc.problems
            ],
        )
        raise
    finally:
        _clear_staged(batch)
    return batch


def _progress(batch: ImportBatch, **fields) -> None:
    """Record how far a batch got, in a transaction of its own (the page polls it)."""
    for name, value in fields.items():
        setattr(batch, name, value)
    with transaction.atomic():
        if batch.pk is None:
            batch.save()
        else:
            batch.save(update_fields=list(fields))


def _clear_staged(batch: ImportBatch) -> None:
    if batch.pk is None:
        return
    while True:
        with transaction.atomic():
            ids = list(StagedValue.objects.filter(batch=batch).values_list("id", flat=True)[:20000])
            if not ids:
                return
            StagedValue.objects.filter(id__in=ids).delete()


class _Import:
    def __init__(self, batch: ImportBatch, plan: Plan, by, today: dt.date):
        self.batch, self.plan, self.by, self.today = batch, plan, by, today
        self.rules = ValueRules(plan=plan, by=by, channel=IMPORT, today=today)
        self.problems = _Problems()

    def run(self, source, *, name, fmt, decimal, encoding, id_scheme) -> None:
        values = exchange.read_values(
            source, name=name, fmt=fmt, encoding=encoding, decimal=decimal
        )
        self.resolver = IdResolver(self.plan, self.rules, schemes_of(id_scheme, values.id_schemes))
        _progress(self.batch, notes=list(values.notes), rows_total=values.rows_total)
        self._stage(values.rows)
        self._refuse_if_any()
        _progress(self.batch, status=ImportBatch.Status.CHECKING)
        counts = self._compare()
        self._refuse_if_any()
        self._check_groups()
        self._refuse_if_any()
        if not self.batch.dry_run:
            _progress(self.batch, status=ImportBatch.Status.WRITING)
            self._write()
        _progress(self.batch, status=ImportBatch.Status.DONE, finished_at=timezone.now(), **counts)

    def _refuse_if_any(self) -> None:
        if self.problems.items:
            raise InputRejected(self.problems.all())

    # Step 1 ----------------------------------------------------------------------------------

    def _stage(self, rows: Iterator[exchange.Row]) -> None:
        chunk: list[StagedValue] = []
        read = 0
        for row in rows:
            read += 1
            staged = self._parse(row)
            if staged is not None and not self.problems.items:
                chunk.append(staged)
            if len(chunk) >= CHUNK:
                self._flush(chunk, read)
                chunk = []
        self._flush(chunk, read)

    def _flush(self, chunk: list[StagedValue], read: int) -> None:
        with transaction.atomic():
            StagedValue.objects.bulk_create(chunk)
        _progress(self.batch, rows_read=read)

    def _parse(self, row: exchange.Row) -> StagedValue | None:
        fields, where = row.fields, row.where
        add = self.problems.add
        if fields.get("attributeoptioncombo", "") not in dhis2.DEFAULT_COMBO:
            add(
                where,
                "attributeoptioncombo",
                "EşitKent'te öznitelik kırılımı (attributeOptionCombo) yok; boş ya da "
                "'default' olmalı",
            )
            return None
        try:
            indicator = self.resolver.indicator(fields.get("dataelement", "").strip())
        except Reason as reason:
            add(where, "dataelement", reason)
            return None
        try:
            period = dhis2.period_from_dhis2(fields.get("period", "").strip())
        except Reason as reason:
            add(where, "period", reason)
            return None
        try:
            organisation = self.resolver.organisation(fields.get("orgunit", "").strip())
        except Reason as reason:
            add(where, "orgunit", reason)
            return None
        try:
            breakdown = self.resolver.breakdown(fields.get("categoryoptioncombo", "").strip())
        except (Reason, ValueError) as reason:
            add(where, "categoryoptioncombo", reason)
            return None
        delete = fields.get("deleted", "").strip().lower() in {"true", "1", "evet"}
        raw = "" if delete else fields.get("value", "").strip()
        try:
            number, text = self.rules.check(
                indicator=indicator,
                period_code=period,
                organisation=organisation,
                breakdown=breakdown,
                raw=raw,
                numbers=row.numbers,
            )
        except ValueError as exc:
            add(where, FIELD_OF_REASON.get(getattr(exc, "code", ""), "value"), exc)
            return None
        return StagedValue(
            batch=self.batch,
            line=row.number,
            indicator_id=indicator.id,
            period=period,
            organisation_id=organisation.id,
            breakdown_key=domain.breakdown_key(breakdown),
            breakdown=breakdown,
            value=number,
            text=text,
            comment=fields.get("comment", "").strip(),
            delete=delete,
        )

    # Step 2 ----------------------------------------------------------------------------------

    def _where(self, line: int) -> str:
        fmt = self.batch.options.get("format") or ""
        if fmt == "json" or self.batch.source_name.lower().endswith(".json"):
            return f"dataValues[{line}]"
        if fmt == "xml" or self.batch.source_name.lower().endswith(".xml"):
            return f"dataValue {line}"
        return f"satır {line}"

    def _compare(self) -> dict[str, int]:
        counts = dict.fromkeys(("imported", "updated", "unchanged", "ignored", "deleted"), 0)
        statuses = {
            (s.period.code, s.organisation_id): s.status
            for s in Submission.objects.filter(period__plan=self.plan).select_related("period")
        }
        indicators, units = self.rules.indicators, self.resolver.units_by_id
        seen: set[tuple] = set()
        last = 0
        while True:
            rows = list(
                StagedValue.objects.filter(batch=self.batch, id__gt=last).order_by("id")[:CHUNK]
            )
            if not rows:
                return counts
            last = rows[-1].id
            existing = {
                (v.indicator_id, v.period, v.organisation_id, v.breakdown_key): v
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
            for row in rows:
                key = (row.indicator_id, row.period, row.organisation_id, row.breakdown_key)
                label = domain.breakdown_label(row.breakdown)
                if key in seen:
                    self.problems.add(
                        self._where(row.line),
                        "categoryoptioncombo",
                        f"aynı hücre dosyada ikinci kez var: {row.period} {label}",
                    )
                    continue
                seen.add(key)
                current = existing.get(key)
                action = _action(row, current)
                row.action = action
                row.existing_id = current.id if current else None
                row.existing_version = current.version if current else None
                counts[_COUNT[action]] += 1
                if action in (StagedValue.Action.SAME, StagedValue.Action.IGNORE):
                    continue
                state = self.rules.state_problem(
                    self.rules.periods[row.period], statuses.get((row.period, row.organisation_id))
                )
                if state is not None:
                    self.problems.add(self._where(row.line), "period", state)
                    continue
                if current is not None and current.approved:
                    self.problems.add(self._where(row.line), "value", APPROVED_LOCK)
                    continue
                indicator, unit = indicators[row.indicator_id], units[row.organisation_id]
                fields = value_change_fields(
                    action=Change.Action.IMPORTED
                    if action == StagedValue.Action.UPDATE
                    else Change.Action.DELETED,
                    indicator_code=indicator.code,
                    organisation_code=unit.code,
                    period=row.period,
                    breakdown=row.breakdown,
                    old=shown(current),
                    new=""
                    if action == StagedValue.Action.DELETE
                    else shown_text(row.value, row.text, row.comment),
                )
                row.subject, row.field = fields["subject"], fields["field"]
                row.old, row.new = fields["old"], fields["new"]
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

    def _check_groups(self) -> None:
        """Parts against totals, once per (indicator, period, unit) the file changes, over what
        the values will be after the import."""
        changing = StagedValue.objects.filter(
            batch=self.batch,
            action__in=[
                StagedValue.Action.NEW,
                StagedValue.Action.UPDATE,
                StagedValue.Action.DELETE,
            ],
        )
        first_line: dict[tuple, int] = {}
        rows = changing.order_by("line").values_list(
            "indicator_id", "period", "organisation_id", "line"
        )
        for indicator_id, period, unit_id, line in rows.iterator(chunk_size=CHUNK):
            first_line.setdefault((indicator_id, period, unit_id), line)
        groups = list(first_line)
        districts = self.rules.districts
        for start in range(0, len(groups), 500):
            part = groups[start : start + 500]
            wanted = set(part)
            filters = {
                "indicator_id__in": {g[0] for g in part},
                "period__in": {g[1] for g in part},
                "organisation_id__in": {g[2] for g in part},
            }
            values: dict[tuple, dict[str, Decimal]] = defaultdict(dict)
            for i, p, o, key, value in DataValue.objects.filter(
                value__isnull=False, **filters
            ).values_list("indicator_id", "period", "organisation_id", "breakdown_key", "value"):
                if (i, p, o) in wanted:
                    values[(i, p, o)][key] = value
            for i, p, o, key, value, action in StagedValue.objects.filter(
                batch=self.batch, **filters
            ).values_list(
                "indicator_id", "period", "organisation_id", "breakdown_key", "value", "action"
            ):
                if (i, p, o) not in wanted:
                    continue
                if action == StagedValue.Action.DELETE or (
                    action in (StagedValue.Action.NEW, StagedValue.Action.UPDATE) and value is None
                ):
                    values[(i, p, o)].pop(key, None)
                elif action in (StagedValue.Action.NEW, StagedValue.Action.UPDATE):
                    values[(i, p, o)][key] = value
            for group in part:
                indicator = self.rules.indicators[group[0]]
                definition = indicator.definition
                for violation in validation_domain.validate_values(
                    values.get(group, {}),
                    measure_type=definition.measure_type,
                    aggregation=definition.aggregation,
                    dimensions=definition.dimensions,
                    districts=districts,
                    title=indicator.name,
                ):
                    self.problems.add(self._where(first_line[group]), "value", violation.message)

    # Step 3 ----------------------------------------------------------------------------------

    def _write(self) -> None:
        changing = [StagedValue.Action.NEW, StagedValue.Action.UPDATE, StagedValue.Action.DELETE]
        pairs = set(
            StagedValue.objects.filter(batch=self.batch, action__in=changing)
            .values_list("period", "organisation_id")
            .distinct()
        )
        with transaction.atomic():
            periods = {
                p.code: p
                for p in ReportingPeriod.objects.select_for_update().filter(
                    plan=self.plan, code__in={p for p, _ in pairs}
                )
            }
            for period, unit in pairs:
                Submission.objects.get_or_create(period=periods[period], organisation_id=unit)
            locked = {
                (s.period.code, s.organisation_id): s
                for s in Submission.objects.select_for_update()
                .filter(period__plan=self.plan, period__code__in={p for p, _ in pairs})
                .select_related("period")
            }
            problems = []
            for period, unit in sorted(pairs):
                state = self.rules.state_problem(periods[period], locked[(period, unit)].status)
                if state is not None:
                    problems.append(
                        Problem(f"{period} · {self.resolver.units_by_id[unit].code}", state)
                    )
            if problems:
                raise InputRejected(problems)
            _sql_write(self.batch, self.plan, self.by)


_COUNT = {
    StagedValue.Action.NEW: "imported",
    StagedValue.Action.UPDATE: "updated",
    StagedValue.Action.SAME: "unchanged",
    StagedValue.Action.IGNORE: "ignored",
    StagedValue.Action.DELETE: "deleted",
}


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


def _sql_write(batch: ImportBatch, plan: Plan, by) -> None:
    """The final write, in set-based statements that copy the staged rows: the write lock is
    held for these statements only. Refuses if anything compared in step 2 has changed."""
    staged = StagedValue._meta.db_table
    values = DataValue._meta.db_table
    changes = Change._meta.db_table
    submissions = Submission._meta.db_table
    periods = ReportingPeriod._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    by_id = getattr(by, "pk", None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT COUNT(*) FROM {staged} s
            WHERE s.batch_id = %s AND s.action IN ('update', 'delete') AND NOT EXISTS (
                SELECT 1 FROM {values} d WHERE d.id = s.existing_id AND d.version = s.existing_version)""",
            [batch.pk],
        )
        moved = cursor.fetchone()[0]
        cursor.execute(
            f"""SELECT COUNT(*) FROM {staged} s JOIN {values} d ON d.indicator_id = s.indicator_id
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
        cursor.execute(
            f"""UPDATE {staged} SET submission_id = (
                SELECT sub.id FROM {submissions} sub JOIN {periods} p ON p.id = sub.period_id
                WHERE p.plan_id = %s AND p.code = {staged}.period
                AND sub.organisation_id = {staged}.organisation_id)
            WHERE batch_id = %s AND action IN ('new', 'update', 'delete')""",
            [plan.pk, batch.pk],
        )
        cursor.execute(
            f"""INSERT INTO {changes} (action, field, subject, period_code, breakdown_key, old, new,
                reason, by_id, at, indicator_id, organisation_id, submission_id, data_value_id,
                import_batch_id)
            SELECT CASE action WHEN 'update' THEN 'imported' ELSE 'deleted' END, field, subject,
                period, breakdown_key, old, new, %s, %s, %s, indicator_id, organisation_id,
                submission_id, CASE action WHEN 'update' THEN existing_id ELSE NULL END, %s
            FROM {staged} WHERE batch_id = %s AND action IN ('update', 'delete') ORDER BY id""",
            [f"içe aktarma #{batch.pk}", by_id, now, batch.pk, batch.pk],
        )
        cursor.execute(
            f"""UPDATE {changes} SET data_value_id = NULL WHERE data_value_id IN (
                SELECT existing_id FROM {staged} WHERE batch_id = %s AND action = 'delete')""",
            [batch.pk],
        )
        cursor.execute(
            f"""DELETE FROM {values} WHERE id IN (
                SELECT existing_id FROM {staged} WHERE batch_id = %s AND action = 'delete')""",
            [batch.pk],
        )
        cursor.execute(
            f"""UPDATE {values} SET value = s.value, text = s.text, comment = s.comment,
                version = {values}.version + 1, import_batch_id = %s, updated_by_id = %s,
                updated_at = %s, submission_id = s.submission_id, provenance = 'import',
                approved = %s
            FROM {staged} s
            WHERE s.existing_id = {values}.id AND s.batch_id = %s AND s.action = 'update'""",
            [batch.pk, by_id, now, False, batch.pk],
        )
        cursor.execute(
            f"""INSERT INTO {values} (indicator_id, period, organisation_id, breakdown_key,
                breakdown, value, text, comment, approximate, provenance, source, submission_id,
                import_batch_id, approved, version, updated_at, updated_by_id)
            SELECT indicator_id, period, organisation_id, breakdown_key, breakdown, value, text,
                comment, %s, 'import', '', submission_id, %s, %s, 1, %s, %s
            FROM {staged} WHERE batch_id = %s AND action = 'new' ORDER BY id""",
            [False, batch.pk, False, now, by_id, batch.pk],
        )


def batch_line(batch: ImportBatch) -> str:
    return (
        f"içe aktarılan {batch.imported}, güncellenen {batch.updated}, değişmeyen "
        f"{batch.unchanged}, silinen {batch.deleted}, yok sayılan {batch.ignored}"
    )


# --- Export -------------------------------------------------------------------------------


def _sample_comment(comment: str) -> str:
    return comment if comment.startswith("ÖRNEK") else f"ÖRNEK{': ' + comment if comment else ''}"


def export_rows(
    *, plan: Plan, id_scheme: str = "code", period: str | None = None, organisation=None
) -> Iterator[dict]:
    """The plan's values in its reporting periods, in DHIS2's names and period codes, with
    identifiers under the scheme asked for (refused, naming each, when a UID is not mapped)."""
    schemes = schemes_of(id_scheme)
    names = _export_names(plan, schemes)
    rows = DataValue.objects.filter(
        indicator__plan=plan,
        indicator__archived_at__isnull=True,
        period__in=ReportingPeriod.objects.filter(plan=plan).values("code"),
    )
    if period:
        rows = rows.filter(period=period)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    rows = rows.values_list(
        "indicator_id",
        "period",
        "organisation_id",
        "breakdown_key",
        "value",
        "text",
        "comment",
        "updated_at",
        "updated_by__username",
    ).order_by("indicator__code", "period", "organisation__code", "breakdown_key")
    # A file leaves the system without its pages around it: a sample period's value says so
    # in DHIS2's own free-text column, the one place every reader of the format keeps.
    sample = sample_period_codes(plan)
    missing: set[str] = set()
    out = []
    for (
        indicator_id,
        period_code,
        unit_id,
        key,
        value,
        text,
        comment,
        updated,
        user,
    ) in rows.iterator(chunk_size=CHUNK):
        ids = (
            names["dataelement"].get(indicator_id),
            names["orgunit"].get(unit_id),
            names["categoryoptioncombo"](key),
        )
        if None in ids:
            missing.update(
                label
                for label, found in zip(
                    (
                        f"gösterge #{indicator_id}",
                        f"birim #{unit_id}",
                        f"kırılım {key or 'toplam'}",
                    ),
                    ids,
                    strict=True,
                )
                if found is None
            )
            continue
        out.append(
            {
                "dataelement": ids[0],
                "period": dhis2.period_to_dhis2(period_code),
                "orgunit": ids[1],
                "categoryoptioncombo": ids[2],
                "attributeoptioncombo": "",
                "value": text or ("" if value is None else plain_number(value)),
                "storedby": user or "",
                "lastupdated": updated.strftime("%Y-%m-%dT%H:%M:%S") if updated else "",
                "comment": _sample_comment(comment) if period_code in sample else comment,
                "followup": "false",
                "deleted": "",
            }
        )
    if missing:
        raise InputRejected(
            [
                Problem("eşleme", f"{id_scheme} şemasında tanımlayıcısı yok: {m}")
                for m in sorted(missing)[:MAX_PROBLEMS]
            ]
        )
    return iter(out)


def _export_names(plan: Plan, schemes: dict[str, str]) -> dict:
    mapped = defaultdict(dict)
    for m in ExternalId.objects.filter(plan=plan):
        target = {"dataelement": m.indicator_id, "orgunit": m.organisation_id}.get(
            m.kind, m.breakdown_key
        )
        mapped[(m.kind, m.scheme)][target] = m.external_id
    indicators = Indicator.objects.filter(plan=plan)
    units = Organisation.objects.all()
    out = {}
    for kind, own in (
        ("dataelement", {i.id: (i.code, i.name) for i in indicators}),
        ("orgunit", {o.id: (o.code, o.name) for o in units}),
    ):
        scheme = schemes[kind]
        table = mapped[(kind, scheme)]
        if scheme == "uid":
            out[kind] = dict(table)
        else:
            position = 0 if scheme == "code" else 1
            out[kind] = {k: table.get(k, v[position]) for k, v in own.items()}
    combo_scheme = schemes["categoryoptioncombo"]
    combos = mapped[("categoryoptioncombo", combo_scheme)]

    def combo(key: str) -> str | None:
        if key in combos:
            return combos[key]
        if not key:
            return "HllvX50cXC0" if combo_scheme == "uid" else "default"
        return key if combo_scheme == "code" else None

    out["categoryoptioncombo"] = combo
    return out


def template_rows(*, organisation: Organisation, period: str, plan) -> Iterator[dict]:
    """Every cell the organisation may fill for the period, with what is stored now."""
    stored = {
        (v.indicator_id, v.breakdown_key): v
        for v in DataValue.objects.filter(
            organisation=organisation, period=period, indicator__plan=plan
        )
    }
    districts = list(District.objects.values_list("code", flat=True))
    kind = domain.parse_period(period).kind
    indicators = (
        Indicator.objects.filter(
            assignments__organisation=organisation, plan=plan, definition__periodicity=kind
        )
        .select_related("definition")
        .order_by("activity__row", "position")
    )
    for indicator in indicators:
        definition = indicator.definition
        breakdowns = [{}] + [
            {d: o} for d in definition.dimensions for o in domain.dimension_options(d, districts)
        ]
        for breakdown in breakdowns:
            key = domain.breakdown_key(breakdown)
            value = stored.get((indicator.id, key))
            yield {
                "dataelement": indicator.code,
                "name": indicator.name,
                "period": period,
                "orgunit": organisation.code,
                "categoryoptioncombo": key,
                "breakdown": domain.breakdown_label(breakdown),
                "value": ""
                if value is None
                else value.text
                or ("" if value.value is None else plain_number(value.value)),
                "comment": value.comment if value else "",
            }
