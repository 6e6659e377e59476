"""Loading the plan's context indicators (data/izmir/context.yaml): series, values, checks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from esitkent.core.csvfile import csv_rows
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.core.services import publication_touch

from . import domain
from .models import ContextCheck, ContextSeries, ContextValue


def _key(sex: str | None, breakdown: dict | None) -> tuple[str, dict]:
    parts = {str(k): str(v) for k, v in (breakdown or {}).items()}
    if sex in ("F", "M"):
        parts["sex"] = sex
    return domain.breakdown_key(parts), parts


def _reference(ref: dict) -> dict:
    key, _ = _key(ref.get("sex"), ref.get("breakdown"))
    return {"period": str(ref["period"]), "breakdown_key": key}


@transaction.atomic
def context_load(*, document: dict) -> int:
    problems: list[Problem] = []
    codes = [s.get("code") for s in document.get("series", [])]
    if len(codes) != len(set(codes)):
        problems.append(Problem("series", "seri kodları tekrar ediyor"))
    if problems:
        raise InputRejected(problems)
    loaded = 0
    series_by_code = {}
    for entry in document.get("series", []):
        series, _ = ContextSeries.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "unit": entry.get("unit") or "",
                "source": entry.get("source") or "",
                "theme": entry.get("theme") or "",
                "kind": entry.get("kind") or "",
                "note": entry.get("note") or "",
            },
        )
        series_by_code[series.code] = series
        series.values.filter(provenance="seed").delete()
        for value in entry.get("values", []):
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
            loaded += 1
    ContextCheck.objects.filter(percentage_of__in=series_by_code.values()).delete()
    for entry in document.get("series", []):
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
    return loaded


# --- A newer year from a CSV file (an administrator's upload) --------------------------------

CONTEXT_CSV_HEADER = ["seri", "donem", "cinsiyet", "kirilim", "deger", "kaynak", "not"]
CONTEXT_CSV_REQUIRED = {"seri", "donem", "deger", "kaynak"}


@dataclass(frozen=True)
class ContextUpload:
    added: int
    updated: int


@transaction.atomic
def context_values_import(*, stream) -> ContextUpload:
    """Adds or corrects context values from CSV rows. Every row is checked first and the file
    is refused whole with every problem; a figure printed in a source document is never
    overwritten, since seed data is kept as printed."""
    problems: list[Problem] = []
    series = {s.code: s for s in ContextSeries.objects.all()}
    parsed = []
    seen = set()
    for line, row in csv_rows(stream, required=CONTEXT_CSV_REQUIRED, known=CONTEXT_CSV_HEADER):
        where = f"satır {line}"
        code = row.get("seri", "").strip()
        if code not in series:
            problems.append(Problem(where, f"seri: bilinmeyen seri kodu “{code}”"))
        period = row.get("donem", "").strip()
        try:
            domain.parse_period(period)
        except ValueError:
            problems.append(Problem(where, f"donem: dönem anlaşılamadı “{period}”"))
        sex = row.get("cinsiyet", "").strip().upper()
        if sex not in ("", "F", "M", "K", "E"):
            problems.append(Problem(where, "cinsiyet: K (kadın), E (erkek) ya da boş olmalı"))
        sex = {"K": "F", "E": "M"}.get(sex, sex)
        try:
            extra = domain.parse_breakdown_key(row.get("kirilim", "").strip())
        except ValueError:
            problems.append(Problem(where, "kirilim: 'ad=değer;ad=değer' biçiminde olmalı"))
            extra = {}
        if "sex" in extra:
            problems.append(Problem(where, "kirilim: cinsiyet ayrı sütunda verilir"))
        try:
            value = domain.parse_number(row.get("deger", ""))
        except ValueError as exc:
            problems.append(Problem(where, f"deger: {exc}"))
            value = None
        source = row.get("kaynak", "").strip()
        if not source:
            problems.append(Problem(where, "kaynak: her değerin kaynağı yazılmalı"))
        key, breakdown = _key(sex or None, extra)
        if (code, period, key) in seen:
            problems.append(Problem(where, "aynı seri, dönem ve kırılım dosyada iki kez var"))
        seen.add((code, period, key))
        parsed.append((where, code, period, key, breakdown, value, source, row.get("not", "")))
    if not parsed and not problems:
        problems.append(Problem("dosya", "hiç değer satırı yok"))
    existing = {
        (v.series.code, v.period, v.breakdown_key): v
        for v in ContextValue.objects.filter(kind="value").select_related("series")
    }
    for where, code, period, key, *_ in parsed:
        current = existing.get((code, period, key))
        if current is not None and current.provenance == Provenance.SEED:
            problems.append(
                Problem(
                    where,
                    f"{code} {period}: kaynak belgeden gelen değer değiştirilemez "
                    f"(basılı: {current.printed or current.value})",
                )
            )
    if problems:
        raise InputRejected(problems)
    added = updated = 0
    for _, code, period, key, breakdown, value, source, note in parsed:
        _, created = ContextValue.objects.update_or_create(
            series=series[code],
            period=period,
            breakdown_key=key,
            kind="value",
            defaults={
                "breakdown": breakdown,
                "value": value,
                "source": source,
                "note": note.strip(),
                "provenance": Provenance.IMPORT,
            },
        )
        added += created
        updated += not created
    # The portal's district map shows context series: its pages must not answer 304 with
    # the figures from before this upload.
    publication_touch()
    return ContextUpload(added, updated)
