"""Loading the plan's context indicators (data/izmir/context.yaml): series, values, checks."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from esitkent.core.errors import InputRejected, Problem

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
