"""The plan's identifier mapping: how another system (a ministry's DHIS2) names our indicators,
units and breakdowns. Exchanged as CSV (kind, scheme, external_id, target), loaded all or
nothing with every bad row named."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db import transaction

from esitkent.core.errors import InputRejected, Problem
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator, Plan

from . import domain
from .models import ExternalId

COLUMNS = ["kind", "scheme", "external_id", "target"]
KIND_NAMES = {
    "dataelement": "dataelement",
    "orgunit": "orgunit",
    "categoryoptioncombo": "categoryoptioncombo",
    "catoptcombo": "categoryoptioncombo",
}


def external_ids_rows(plan: Plan) -> Iterator[dict]:
    for m in ExternalId.objects.filter(plan=plan).select_related("indicator", "organisation"):
        target = (
            m.indicator.code
            if m.indicator_id
            else m.organisation.code
            if m.organisation_id
            else m.breakdown_key
        )
        yield {"kind": m.kind, "scheme": m.scheme, "external_id": m.external_id, "target": target}


def external_ids_csv(plan: Plan) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(external_ids_rows(plan))
    return out.getvalue().encode()


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
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    units = {o.code: o for o in Organisation.objects.all()}
    problems: list[Problem] = []
    rows: list[ExternalId] = []
    seen: set[tuple] = set()
    for row in reader:
        line = f"satır {reader.line_num}"
        kind = KIND_NAMES.get((row.get("kind") or "").strip().lower())
        scheme = (row.get("scheme") or "").strip().lower()
        external = (row.get("external_id") or "").strip()
        target = (row.get("target") or "").strip()
        if kind is None:
            problems.append(
                Problem(f"{line}, 'kind'", "dataelement, orgunit ya da categoryoptioncombo olmalı")
            )
            continue
        if scheme not in {"uid", "code", "name"}:
            problems.append(Problem(f"{line}, 'scheme'", "uid, code ya da name olmalı"))
            continue
        if not external or len(external) > 230:
            problems.append(
                Problem(f"{line}, 'external_id'", "boş ya da 230 karakterden uzun olamaz")
            )
            continue
        mapping = ExternalId(
            plan=plan, kind=kind, scheme=scheme, external_id=external, updated_by=by
        )
        if kind == "dataelement":
            mapping.indicator = indicators.get(target)
            if mapping.indicator is None:
                problems.append(
                    Problem(f"{line}, 'target'", f"bu planda böyle bir gösterge yok: {target!r}")
                )
                continue
        elif kind == "orgunit":
            mapping.organisation = units.get(target)
            if mapping.organisation is None:
                problems.append(Problem(f"{line}, 'target'", f"böyle bir birim yok: {target!r}"))
                continue
        else:
            try:
                breakdown = domain.parse_breakdown_key(target)
            except ValueError as exc:
                problems.append(Problem(f"{line}, 'target'", str(exc)))
                continue
            mapping.breakdown_key = domain.breakdown_key(breakdown)
        for key in ((kind, scheme, external), (kind, scheme, "→", target)):
            if key in seen:
                problems.append(Problem(line, f"dosyada ikinci kez var: {' '.join(key)}"))
            seen.add(key)
        rows.append(mapping)
    if problems:
        raise InputRejected(problems[:200])
    if replace:
        ExternalId.objects.filter(plan=plan).delete()
    else:
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
    ExternalId.objects.bulk_create(rows)
    return len(rows)
