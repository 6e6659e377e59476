"""Writes for organisations and places. Every function is one transaction."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.db import transaction

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance

from .models import District, DistrictPopulation, Organisation, OrganisationGroup, OrganisationName

METROPOLITAN_CODE = "izbb"


@transaction.atomic
def districts_load(*, districts_csv: Path, population_csv: Path, boundaries: Path | None) -> int:
    shapes = {}
    if boundaries and boundaries.exists():
        for feature in json.loads(boundaries.read_text(encoding="utf-8"))["features"]:
            shapes[feature["properties"]["pcode"]] = feature["geometry"]
    with districts_csv.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        District.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "pcode": row["pcode"],
                "tuik_id": int(row["tuik_id"]),
                "boundary": shapes.get(row["pcode"]),
            },
        )
    by_code = {d.code: d for d in District.objects.all()}
    with population_csv.open(encoding="utf-8") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            district = by_code.get(row["district"])
            if district is None:
                raise InputRejected(
                    [
                        Problem(
                            f"{population_csv.name} satır {number}, 'district'",
                            f"bilinmeyen ilçe: {row['district']}",
                        )
                    ]
                )
            DistrictPopulation.objects.update_or_create(
                district=district,
                year=int(row["year"]),
                defaults={
                    "total": int(row["total"]),
                    "male": int(row["male"]) if row["male"] else None,
                    "female": int(row["female"]) if row["female"] else None,
                    "source": row["source"],
                },
            )
    return len(rows)


def _save_organisation(*, code: str, name: str, kind: str, parent=None, **extra) -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            **extra,
        },
    )
    return org


@transaction.atomic
def organisations_load(*, document: dict) -> int:
    """Load the organisation registry: the district municipalities, then the document's entries.

    Entries may name parents that come later in the file; parents are resolved after all
    entries exist, and an unknown parent refuses the whole document.
    """
    entries = document.get("organisations", [])
    _district_municipalities_save()
    _entries_check(entries)
    for entry in entries:
        _entry_save(entry)
    by_code = {o.code: o for o in Organisation.objects.all()}
    for entry in entries:
        if entry.get("parent"):
            Organisation.objects.filter(code=entry["code"]).update(parent=by_code[entry["parent"]])
    for entry in document.get("groups", []):
        _group_save(entry, by_code)
    return len(entries)


def _district_municipalities_save() -> None:
    for district in District.objects.all():
        _save_organisation(
            code=f"ilce-{district.code}",
            name=f"{district.name} Belediyesi",
            kind=Organisation.Kind.DISTRICT_MUNICIPALITY,
            district=district,
            source="İlçe listesi (TÜİK/UAVT); data/izmir/districts.csv",
        )


def _entries_check(entries: list[dict]) -> None:
    """Refuse the whole document for an unknown kind or parent, or a code used twice."""
    problems: list[Problem] = []
    codes = [e.get("code") for e in entries]
    known = set(codes) | set(Organisation.objects.values_list("code", flat=True))
    for i, entry in enumerate(entries, start=1):
        where = f"organisations[{i}] ({entry.get('code', '?')})"
        if entry.get("kind") not in Organisation.Kind.values:
            problems.append(Problem(where, f"bilinmeyen kurum türü: {entry.get('kind')!r}"))
        if entry.get("parent") and entry["parent"] not in known:
            problems.append(Problem(where, f"üst kurum bulunamadı: {entry['parent']!r}"))
        if codes.count(entry.get("code")) > 1:
            problems.append(Problem(where, "kod birden fazla kez kullanılmış"))
    if problems:
        raise InputRejected(problems)


def _entry_save(entry: dict) -> None:
    """One organisation with its aliases and former names (its parent is set later)."""
    org = _save_organisation(
        code=entry["code"],
        name=entry["name"],
        kind=entry["kind"],
        short_name=entry.get("short_name") or "",
        source=entry.get("source") or "",
        note=entry.get("note") or "",
        provenance=Provenance.SEED,
    )
    org.names.all().delete()
    for alias in dict.fromkeys(entry.get("aliases") or []):
        if alias != org.name:
            OrganisationName.objects.create(organisation=org, name=alias)
    for former in entry.get("former_names") or []:
        OrganisationName.objects.update_or_create(
            organisation=org,
            name=former["name"],
            defaults={
                "kind": OrganisationName.Kind.FORMER,
                "until_year": former.get("until"),
                "note": former.get("note") or "",
            },
        )


def _group_save(entry: dict, by_code: dict[str, Organisation]) -> None:
    group, _ = OrganisationGroup.objects.update_or_create(
        code=entry["code"],
        defaults={
            "name": entry["name"],
            "aliases": entry.get("aliases") or [],
            "members_kind": entry.get("members_kind") or "",
            "open_membership": bool(entry.get("open_membership", not entry.get("members_kind"))),
            "source": entry.get("source") or "",
            "note": entry.get("note") or "",
        },
    )
    members = [by_code[c] for c in entry.get("members") or [] if c in by_code]
    unknown = [c for c in entry.get("members") or [] if c not in by_code]
    if unknown:
        raise InputRejected(
            [Problem(f"groups ({entry['code']})", f"bilinmeyen üye kodları: {', '.join(unknown)}")]
        )
    if entry.get("members_kind"):
        members += list(Organisation.objects.filter(kind=entry["members_kind"]))
    group.members.set(members)
