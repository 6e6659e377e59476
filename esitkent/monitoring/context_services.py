"""Writes of the plan's context indicators: loading data/izmir/context.yaml (series, values,
checks), a newer year from an administrator's CSV upload, and the one upsert of a series that
the seed history loader shares."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from esitkent.core import period_codes, value_breakdowns
from esitkent.core.csvfile import csv_rows
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.core.services import publication_touch

from . import domain
from .models import ContextCheck, ContextSeries, ContextValue

# What context.yaml says of a series. A seed history file names only the first three: the
# upsert writes the fields the caller's document describes and leaves the others as stored.
SERIES_FIELDS = ("name", "unit", "source", "theme", "kind", "note")


def context_series_upsert(entry: dict, *, fields=SERIES_FIELDS) -> ContextSeries:
    """The series of `entry["code"]`, made or updated from the document's entry."""
    defaults = {name: entry["name"] if name == "name" else entry.get(name) or "" for name in fields}
    series, _ = ContextSeries.objects.update_or_create(code=entry["code"], defaults=defaults)
    return series


def _key(sex: str | None, breakdown: dict | None) -> tuple[str, dict]:
    parts = {str(k): str(v) for k, v in (breakdown or {}).items()}
    if sex in ("F", "M"):
        parts["sex"] = sex
    return value_breakdowns.breakdown_key(parts), parts


def _reference(ref: dict) -> dict:
    key, _ = _key(ref.get("sex"), ref.get("breakdown"))
    return {"period": str(ref["period"]), "breakdown_key": key}


@transaction.atomic
def context_load(*, document: dict) -> int:
    codes = [s.get("code") for s in document.get("series", [])]
    if len(codes) != len(set(codes)):
        raise InputRejected([Problem("series", "seri kodları tekrar ediyor")])
    loaded = 0
    series_by_code = {}
    for entry in document.get("series", []):
        series = context_series_upsert(entry)
        series_by_code[series.code] = series
        series.values.filter(provenance="seed").delete()
        loaded += _series_values_load(series, entry.get("values", []))
    ContextCheck.objects.filter(percentage_of__in=series_by_code.values()).delete()
    for entry in document.get("series", []):
        _series_checks_load(entry, series_by_code)
    return loaded


def _series_values_load(series: ContextSeries, values: list[dict]) -> int:
    for value in values:
        key, breakdown = _key(value.get("sex"), value.get("breakdown"))
        ContextValue.objects.update_or_create(
            series=series,
            period=str(value["period"]),
            breakdown_key=key,
            kind="value",
            defaults={
                "breakdown": breakdown,
                "value": Decimal(str(value["value"])),
                "printed": value.get("printed") or "",
                "source": f"{series.source}; satır {value.get('line')}"
                if value.get("line")
                else series.source,
                "note": value.get("note") or "",
                "approximate": bool(value.get("approximate")),
            },
        )
    return len(values)


def _series_checks_load(entry: dict, series_by_code: dict[str, ContextSeries]) -> None:
    for check in entry.get("checks", []) or []:
        counts = series_by_code.get(check.get("counts_series"))
        if counts is None:
            raise InputRejected(
                [
                    Problem(
                        f"series {entry['code']}",
                        f"bilinmeyen sayım serisi: {check.get('counts_series')}",
                    )
                ]
            )
        refs = check["percentage_of"]
        denominator = refs["denominator"]
        ContextCheck.objects.create(
            percentage_of=counts,
            numerator=_reference(refs["numerator"]),
            denominator=[_reference(d) for d in denominator]
            if isinstance(denominator, list)
            else _reference(denominator),
            printed_percentage=str(check["printed_percentage"]),
            label=f"{entry['name']}",
            note=check.get("note") or "",
            source=series_by_code[entry["code"]].source,
        )


# --- A newer year from a CSV file (an administrator's upload) --------------------------------

CONTEXT_CSV_HEADER = ["seri", "donem", "cinsiyet", "kirilim", "deger", "kaynak", "not"]
CONTEXT_CSV_REQUIRED = {"seri", "donem", "deger", "kaynak"}


@dataclass(frozen=True)
class ContextUpload:
    added: int
    updated: int


@dataclass(frozen=True)
class _Row:
    where: str
    code: str
    period: str
    key: str
    breakdown: dict
    value: Decimal | None
    source: str
    note: str


def _row_breakdown(row: dict, problems: list[str]) -> tuple[str, dict]:
    """The row's sex column (K/E, or F/M) and its other parts, as one breakdown."""
    sex = row.get("cinsiyet", "").strip().upper()
    if sex not in ("", "F", "M", "K", "E"):
        problems.append("cinsiyet: K (kadın), E (erkek) ya da boş olmalı")
    sex = {"K": "F", "E": "M"}.get(sex, sex)
    try:
        extra = value_breakdowns.parse_breakdown_key(row.get("kirilim", "").strip())
    except ValueError:
        problems.append("kirilim: 'ad=değer;ad=değer' biçiminde olmalı")
        extra = {}
    if "sex" in extra:
        problems.append("kirilim: cinsiyet ayrı sütunda verilir")
    return _key(sex or None, extra)


def _row_parse(line: int, row: dict, series: dict) -> tuple[_Row, list[str]]:
    """One CSV row and what is wrong with it, in the order of its columns."""
    problems: list[str] = []
    code = row.get("seri", "").strip()
    if code not in series:
        problems.append(f"seri: bilinmeyen seri kodu “{code}”")
    period = row.get("donem", "").strip()
    try:
        period_codes.parse_period(period)
    except ValueError:
        problems.append(f"donem: dönem anlaşılamadı “{period}”")
    key, breakdown = _row_breakdown(row, problems)
    try:
        value = domain.parse_number(row.get("deger", ""))
    except ValueError as exc:
        problems.append(f"deger: {exc}")
        value = None
    source = row.get("kaynak", "").strip()
    if not source:
        problems.append("kaynak: her değerin kaynağı yazılmalı")
    parsed = _Row(f"satır {line}", code, period, key, breakdown, value, source, row.get("not", ""))
    return parsed, problems


def _rows_parse(stream, series: dict) -> tuple[list[_Row], list[Problem]]:
    problems: list[Problem] = []
    parsed: list[_Row] = []
    seen = set()
    for line, row in csv_rows(stream, required=CONTEXT_CSV_REQUIRED, known=CONTEXT_CSV_HEADER):
        one, wrong = _row_parse(line, row, series)
        problems += [Problem(one.where, text) for text in wrong]
        if (one.code, one.period, one.key) in seen:
            problems.append(Problem(one.where, "aynı seri, dönem ve kırılım dosyada iki kez var"))
        seen.add((one.code, one.period, one.key))
        parsed.append(one)
    if not parsed and not problems:
        problems.append(Problem("dosya", "hiç değer satırı yok"))
    return parsed, problems


def _printed_problems(parsed: list[_Row]) -> list[Problem]:
    """Rows that would overwrite a figure printed in a source document."""
    existing = {
        (v.series.code, v.period, v.breakdown_key): v
        for v in ContextValue.objects.filter(kind="value").select_related("series")
    }
    problems = []
    for row in parsed:
        current = existing.get((row.code, row.period, row.key))
        if current is not None and current.provenance == Provenance.SEED:
            problems.append(
                Problem(
                    row.where,
                    f"{row.code} {row.period}: kaynak belgeden gelen değer değiştirilemez "
                    f"(basılı: {current.printed or current.value})",
                )
            )
    return problems


@transaction.atomic
def context_values_import(*, stream) -> ContextUpload:
    """Adds or corrects context values from CSV rows. Every row is checked first and the file
    is refused whole with every problem; a figure printed in a source document is never
    overwritten, since seed data is kept as printed."""
    series = {s.code: s for s in ContextSeries.objects.all()}
    parsed, problems = _rows_parse(stream, series)
    problems += _printed_problems(parsed)
    if problems:
        raise InputRejected(problems)
    added = updated = 0
    for row in parsed:
        _, created = ContextValue.objects.update_or_create(
            series=series[row.code],
            period=row.period,
            breakdown_key=row.key,
            kind="value",
            defaults={
                "breakdown": row.breakdown,
                "value": row.value,
                "source": row.source,
                "note": row.note.strip(),
                "provenance": Provenance.IMPORT,
            },
        )
        added += created
        updated += not created
    # The portal's district map shows context series: its pages must not answer 304 with
    # the figures from before this upload.
    publication_touch()
    return ContextUpload(added, updated)
