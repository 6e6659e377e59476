"""Reads of the plan's identifier mapping: its rows as exchanged (kind, scheme, external_id,
target), and the same as a CSV file that `mapping_services.external_ids_load` reads back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from esitkent.plans.models import Plan

from .models import ExternalId

COLUMNS = ["kind", "scheme", "external_id", "target"]


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
