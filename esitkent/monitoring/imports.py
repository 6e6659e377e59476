"""Bulk value import and export (the exchange seam of the monitoring services).

All or nothing: every row is checked, located by its line, and nothing is kept unless the
whole file is good. Rows are streamed in chunks inside one transaction, so a million-row
file never sits in memory; lookups are cached, existing values are fetched per chunk, and the
parts-against-totals checks run once over the groups the file touched.

An import follows the same rules as the entry form: only the indicators a unit is assigned,
never a period that is locked, never a value already approved or a submission under review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import transaction
from django.utils import timezone

from esitkent.core.errors import InputRejected, Problem
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import Indicator

from . import domain
from .models import (
    Assignment,
    Change,
    DataValue,
    ImportBatch,
    IndicatorDefinition,
    ReportingPeriod,
    Submission,
)
from .services import period_accepts_entries

CHUNK = 5000
MAX_PROBLEMS = 200


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored: int = 0
    deleted: int = 0
    dry_run: bool = False

    def as_line(self) -> str:
        return f"içe aktarılan {self.imported}, güncellenen {self.updated}, değişmeyen {self.unchanged}, silinen {self.deleted}, yok sayılan {self.ignored}"


@dataclass
class Row:
    key: tuple  # (indicator id, period, organisation id, breakdown key)
    breakdown: dict
    number: Decimal | None
    text: str
    comment: str
    deleted: bool
    raw: str
    line: int
    submission: Submission | None


class _Rollback(Exception):
    pass


class _Problems:
    def __init__(self):
        self.items: list[Problem] = []
        self.more = 0

    def add(self, line, field, message):
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(f"satır {line}, '{field}'", message))
        else:
            self.more += 1

    def raise_if_any(self):
        if self.items:
            if self.more:
                self.items.append(Problem("", f"ve {self.more} sorun daha"))
            raise InputRejected(self.items)


def values_import(
    *,
    rows: Iterable[tuple[int, dict]],
    by=None,
    dry_run: bool = False,
    source_name: str = "",
    today: dt.date | None = None,
) -> ImportReport:
    today = today or timezone.localdate()
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(rows, by, report, source_name, today)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _import(rows, by, report: ImportReport, source_name: str, today: dt.date) -> None:
    problems = _Problems()
    indicators = {
        i.code: i
        for i in Indicator.objects.select_related("activity__subgoal__goal__area").only(
            "id", "code", "activity__subgoal__goal__area__plan_id"
        )
    }
    definitions = {d.indicator_id: d for d in IndicatorDefinition.objects.all()}
    organisations = dict(Organisation.objects.values_list("code", "id"))
    districts = set(District.objects.values_list("code", flat=True))
    periods = {(p.plan_id, p.code): p for p in ReportingPeriod.objects.all()}
    assigned = set(Assignment.objects.values_list("indicator_id", "organisation_id"))
    submissions = {
        (s.period.plan_id, s.period.code, s.organisation_id): s
        for s in Submission.objects.select_related("period")
    }
    parsed_periods: dict[str, bool] = {}
    batch = ImportBatch.objects.create(by=by, source_name=source_name[:200])
    first_line: dict[tuple, int] = {}

    def parse(line: int, row: dict) -> Row | None:
        code = (row.get("dataelement") or "").strip()
        indicator = indicators.get(code)
        if indicator is None:
            problems.add(line, "dataelement", f"bilinmeyen gösterge kodu: {code!r}")
            return None
        period = (row.get("period") or "").strip()
        if period not in parsed_periods:
            try:
                domain.parse_period(period)
                parsed_periods[period] = True
            except ValueError:
                parsed_periods[period] = False
        if not parsed_periods[period]:
            problems.add(
                line,
                "period",
                f"dönem anlaşılamadı: {period!r} (ör. 2024, 2024S1, 2024Q1, 2024-03)",
            )
            return None
        org_code = (row.get("orgunit") or "").strip()
        org = organisations.get(org_code)
        if org is None:
            problems.add(line, "orgunit", f"bilinmeyen kurum kodu: {org_code!r}")
            return None
        combo = (row.get("categoryoptioncombo") or "").strip()
        try:
            breakdown = {} if combo in ("", "default") else domain.parse_breakdown_key(combo)
        except ValueError as exc:
            problems.add(line, "categoryoptioncombo", str(exc))
            return None
        definition = definitions.get(indicator.id)
        if definition is None or not definition.is_reported:
            problems.add(line, "dataelement", f"{code} raporlanan bir gösterge değil")
            return None
        if issue := domain.check_breakdown(breakdown, definition.dimensions, districts):
            problems.add(line, "categoryoptioncombo", issue)
            return None
        if (indicator.id, org) not in assigned:
            problems.add(line, "orgunit", f"bu gösterge {org_code} birimine atanmamış")
            return None
        plan_id = indicator.activity.subgoal.goal.area.plan_id
        reporting = periods.get((plan_id, period))
        if reporting is not None and not period_accepts_entries(reporting, today):
            problems.add(line, "period", f"{period} dönemi kapandı; koordinatör yeniden açabilir")
            return None
        submission = submissions.get((plan_id, period, org))
        if submission is not None and submission.status not in Submission.EDITABLE:
            problems.add(
                line,
                "period",
                f"bu birimin {period} gönderimi “{submission.get_status_display()}” durumunda; değer içe aktarılamaz",
            )
            return None
        deleted = (row.get("deleted") or "").strip().lower() in {"true", "1", "evet"}
        raw = (row.get("value") or "").strip()
        number, text = None, ""
        if raw and not deleted:
            try:
                number, text = domain.check_value(raw, definition.measure_type)
            except ValueError as exc:
                problems.add(line, "value", str(exc))
                return None
        key = (indicator.id, period, org, domain.breakdown_key(breakdown))
        first_line.setdefault(key[:3], line)
        return Row(
            key,
            breakdown,
            number,
            text,
            (row.get("comment") or "").strip(),
            deleted,
            raw,
            line,
            submission,
        )

    iterator: Iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        parsed = [p for line, row in chunk if (p := parse(line, row)) is not None]
        if problems.items:
            continue  # keep reading to report every bad row, but write nothing more
        _write_chunk(parsed, batch, by, report, problems)
    problems.raise_if_any()
    _check_groups(first_line, definitions, districts, problems)
    problems.raise_if_any()
    for name in ("imported", "updated", "unchanged", "ignored", "deleted"):
        setattr(batch, name, getattr(report, name))
    batch.save()


def _write_chunk(parsed: list[Row], batch, by, report: ImportReport, problems: _Problems) -> None:
    if not parsed:
        return
    existing = {
        (v.indicator_id, v.period, v.organisation_id, v.breakdown_key): v
        for v in DataValue.objects.filter(
            indicator_id__in={r.key[0] for r in parsed},
            period__in={r.key[1] for r in parsed},
            organisation_id__in={r.key[2] for r in parsed},
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
            "import_batch_id",
            "submission_id",
        )
    }
    new, changed, changes, gone = [], [], [], []
    seen = set()
    for row in parsed:
        current = existing.get(row.key)
        label = domain.breakdown_label(row.breakdown)
        # A cell this file already wrote, in this chunk or an earlier one, is a repeat.
        if row.key in seen or (current is not None and current.import_batch_id == batch.id):
            problems.add(
                row.line,
                "categoryoptioncombo",
                f"aynı hücre dosyada ikinci kez var: {row.key[1]} {label}",
            )
            continue
        seen.add(row.key)
        subject = f"{row.key[0]} · {label} · {row.key[1]} · {row.key[2]}"
        same = (
            current is not None
            and not row.deleted
            and (current.value, current.text, current.comment)
            == (row.number, row.text, row.comment)
        )
        if current is not None and current.approved and not same:
            problems.add(
                row.line,
                "value",
                f"onaylanmış değer değiştirilemez ({row.key[1]} {label}); koordinatör önce onayı kaldırmalı",
            )
            continue
        if row.deleted or (row.number is None and not row.text):
            if current is not None and row.deleted:
                gone.append(current.id)
                changes.append(
                    Change(
                        action=Change.Action.DELETED,
                        field=label,
                        old=_plain(current),
                        reason=f"içe aktarma #{batch.id}",
                        by=by,
                        subject=subject,
                    )
                )
                report.deleted += 1
            else:
                report.ignored += 1
            continue
        if current is None:
            new.append(
                DataValue(
                    indicator_id=row.key[0],
                    period=row.key[1],
                    organisation_id=row.key[2],
                    breakdown_key=row.key[3],
                    breakdown=row.breakdown,
                    value=row.number,
                    text=row.text,
                    comment=row.comment,
                    provenance="import",
                    import_batch=batch,
                    updated_by=by,
                    submission=row.submission,
                )
            )
            report.imported += 1
        elif same:
            report.unchanged += 1
        else:
            changes.append(
                Change(
                    data_value=current,
                    action=Change.Action.IMPORTED,
                    field=label,
                    old=_plain(current),
                    new=row.raw,
                    reason=f"içe aktarma #{batch.id}",
                    by=by,
                    subject=subject,
                )
            )
            current.value, current.text, current.comment = row.number, row.text, row.comment
            current.import_batch, current.updated_by = batch, by
            current.submission_id = row.submission.id if row.submission else current.submission_id
            changed.append(current)
            report.updated += 1
    if problems.items:
        return
    DataValue.objects.bulk_create(new, batch_size=CHUNK)
    DataValue.objects.bulk_update(
        changed,
        ["value", "text", "comment", "import_batch", "updated_by", "submission"],
        batch_size=CHUNK,
    )
    DataValue.objects.filter(id__in=gone).delete()
    Change.objects.bulk_create(changes, batch_size=CHUNK)


def _plain(value: DataValue) -> str:
    return value.text or ("" if value.value is None else domain.plain_number(value.value))


def _check_groups(first_line: dict, definitions, districts, problems: _Problems) -> None:
    """Parts against totals, once per (indicator, period, organisation) the file touched."""
    groups = list(first_line)
    for start in range(0, len(groups), 500):
        part = groups[start : start + 500]
        values: dict[tuple, dict[str, Decimal]] = {}
        rows = DataValue.objects.filter(
            indicator_id__in={g[0] for g in part},
            period__in={g[1] for g in part},
            organisation_id__in={g[2] for g in part},
            value__isnull=False,
        ).values_list("indicator_id", "period", "organisation_id", "breakdown_key", "value")
        wanted = set(part)
        for indicator_id, period, org, key, value in rows.iterator(chunk_size=5000):
            if (indicator_id, period, org) in wanted:
                values.setdefault((indicator_id, period, org), {})[key] = value
        for group, group_values in values.items():
            definition = definitions[group[0]]
            for violation in domain.validate_values(
                group_values,
                measure_type=definition.measure_type,
                aggregation=definition.aggregation,
                dimensions=definition.dimensions,
                districts=districts,
            ):
                problems.add(first_line[group], "value", violation.message)


def export_rows(queryset) -> Iterator[dict]:
    """Rows for export in DHIS2 names, streamed."""
    rows = queryset.values_list(
        "indicator__code",
        "period",
        "organisation__code",
        "breakdown_key",
        "value",
        "text",
        "comment",
        "updated_at",
        "updated_by__username",
    )
    for code, period, org, key, value, text, comment, updated, user in rows.order_by(
        "indicator__code", "period", "organisation__code", "breakdown_key"
    ).iterator(chunk_size=5000):
        yield {
            "dataelement": code,
            "period": period,
            "orgunit": org,
            "categoryoptioncombo": key,
            "attributeoptioncombo": "",
            "value": text or ("" if value is None else domain.plain_number(value)),
            "storedby": user or "",
            "lastupdated": updated.strftime("%Y-%m-%dT%H:%M:%S") if updated else "",
            "comment": comment,
            "followup": "false",
            "deleted": "",
        }


def template_rows(*, organisation: Organisation, period: str, plan) -> Iterator[dict]:
    """Every cell the organisation may fill for the period, with what is stored now."""
    stored = {
        (v.indicator_id, v.breakdown_key): v
        for v in DataValue.objects.filter(organisation=organisation, period=period)
    }
    districts = list(District.objects.values_list("code", flat=True))
    indicators = (
        Indicator.objects.filter(
            assignments__organisation=organisation, activity__subgoal__goal__area__plan=plan
        )
        .select_related("definition")
        .order_by("activity__row", "position")
    )
    for indicator in indicators:
        definition = getattr(indicator, "definition", None)
        breakdowns = [{}] + [
            {d: o}
            for d in (definition.dimensions if definition else [])
            for o in domain.dimension_options(d, districts)
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
                "value": "" if value is None else _plain(value),
                "comment": value.comment if value else "",
            }
