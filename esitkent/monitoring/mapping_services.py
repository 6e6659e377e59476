"""The plan's identifier mapping: how another system (a ministry's DHIS2) names our indicators,
units and breakdowns. Exchanged as CSV (kind, scheme, external_id, target), loaded all or
nothing with every bad row named; the reads are in `mapping_selectors`."""

from __future__ import annotations

import csv
import io

from django.db import transaction

from esitkent.core import value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator, Plan

from .id_selectors import SCHEMES
from .mapping_selectors import COLUMNS
from .models import ExternalId

KIND_NAMES = {
    "dataelement": "dataelement",
    "orgunit": "orgunit",
    "categoryoptioncombo": "categoryoptioncombo",
    "catoptcombo": "categoryoptioncombo",
}


@transaction.atomic
def external_ids_load(*, plan: Plan, text: str, by, replace: bool = False) -> int:
    """Add (or, with `replace`, set) the plan's mapping from CSV; all or nothing."""
    reader = csv.DictReader(io.StringIO(text))
    head = [h.strip().lower() for h in reader.fieldnames or []]
    if sorted(head) != sorted(COLUMNS):
        raise InputRejected(
            [
                Problem(
                    "satır 1", f"sütunlar {', '.join(COLUMNS)} olmalı (bulunan: {', '.join(head)})"
                )
            ]
        )
    reader.fieldnames = head
    targets = _Targets(plan)
    problems: list[Problem] = []
    rows: list[ExternalId] = []
    seen: set[tuple] = set()
    for row in reader:
        line = f"satır {reader.line_num}"
        mapping = _mapping(plan, by, row, line, targets, problems)
        if mapping is None:
            continue
        target = (row.get("target") or "").strip()
        for key in (
            (mapping.kind, mapping.scheme, mapping.external_id),
            (mapping.kind, mapping.scheme, "→", target),
        ):
            if key in seen:
                problems.append(Problem(line, f"dosyada ikinci kez var: {' '.join(key)}"))
            seen.add(key)
        rows.append(mapping)
    if problems:
        raise InputRejected(problems[:200])
    _replace(plan, rows, replace)
    ExternalId.objects.bulk_create(rows)
    return len(rows)


class _Targets:
    """What a mapping row may point at: the plan's indicators and every unit, by code."""

    def __init__(self, plan: Plan):
        self.indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
        self.units = {o.code: o for o in Organisation.objects.all()}


def _mapping(
    plan: Plan, by, row: dict, line: str, targets: _Targets, problems: list[Problem]
) -> ExternalId | None:
    """The mapping a CSV row names; None, with its problem added, when a cell is wrong."""
    kind = KIND_NAMES.get((row.get("kind") or "").strip().lower())
    scheme = (row.get("scheme") or "").strip().lower()
    external = (row.get("external_id") or "").strip()
    target = (row.get("target") or "").strip()
    if kind is None:
        problems.append(
            Problem(f"{line}, 'kind'", "dataelement, orgunit ya da categoryoptioncombo olmalı")
        )
        return None
    if scheme not in SCHEMES:
        problems.append(Problem(f"{line}, 'scheme'", "uid, code ya da name olmalı"))
        return None
    if not external or len(external) > 230:
        problems.append(Problem(f"{line}, 'external_id'", "boş ya da 230 karakterden uzun olamaz"))
        return None
    mapping = ExternalId(plan=plan, kind=kind, scheme=scheme, external_id=external, updated_by=by)
    problem = _point(mapping, target, targets)
    if problem is not None:
        problems.append(Problem(f"{line}, 'target'", problem))
        return None
    return mapping


def _point(mapping: ExternalId, target: str, targets: _Targets) -> str | None:
    """Point the mapping at its target; what is wrong with the target, if anything."""
    if mapping.kind == "dataelement":
        mapping.indicator = targets.indicators.get(target)
        if mapping.indicator is None:
            return f"bu planda böyle bir gösterge yok: {target!r}"
    elif mapping.kind == "orgunit":
        mapping.organisation = targets.units.get(target)
        if mapping.organisation is None:
            return f"böyle bir birim yok: {target!r}"
    else:
        try:
            breakdown = value_breakdowns.parse_breakdown_key(target)
        except ValueError as exc:
            return str(exc)
        mapping.breakdown_key = value_breakdowns.breakdown_key(breakdown)
    return None


def _replace(plan: Plan, rows: list[ExternalId], replace: bool) -> None:
    """Make room for the new rows: the whole mapping, or each row's old external id and target."""
    if replace:
        ExternalId.objects.filter(plan=plan).delete()
        return
    for m in rows:
        ExternalId.objects.filter(plan=plan, kind=m.kind, scheme=m.scheme).filter(
            external_id=m.external_id
        ).delete()
        ExternalId.objects.filter(
            plan=plan,
            kind=m.kind,
            scheme=m.scheme,
            indicator=m.indicator,
            organisation=m.organisation,
            breakdown_key=m.breakdown_key,
        ).delete()
