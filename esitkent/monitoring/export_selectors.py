"""Reads for export: the plan's values in DHIS2's shape under an identifier scheme, and the
cells of an organisation's XLSX template for a period."""

from __future__ import annotations

from collections.abc import Iterator

from esitkent.core import period_codes, value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.numbers import plain_number
from esitkent.orgs.models import District, Organisation
from esitkent.plans.models import Indicator, Plan

from . import dhis2
from .exchange_text import MAX_PROBLEMS
from .id_selectors import export_names, schemes_of
from .models import DataValue, ReportingPeriod
from .selectors import sample_period_codes

CHUNK = 5000  # stored values fetched at a time


def _sample_comment(comment: str) -> str:
    return comment if comment.startswith("ÖRNEK") else f"ÖRNEK{': ' + comment if comment else ''}"


def export_rows(
    *, plan: Plan, id_scheme: str = "code", period: str | None = None, organisation=None
) -> Iterator[dict]:
    """The plan's values in its reporting periods, in DHIS2's names and period codes, with
    identifiers under the scheme asked for (refused, naming each, when a UID is not mapped)."""
    names = export_names(plan, schemes_of(id_scheme))
    # A file leaves the system without its pages around it: a sample period's value says so
    # in DHIS2's own free-text column, the one place every reader of the format keeps.
    sample = sample_period_codes(plan)
    missing: set[str] = set()
    out = []
    for stored in _stored_values(plan, period, organisation).iterator(chunk_size=CHUNK):
        row = _export_row(stored, names, sample, missing)
        if row is not None:
            out.append(row)
    if missing:
        raise InputRejected(
            [
                Problem("eşleme", f"{id_scheme} şemasında tanımlayıcısı yok: {m}")
                for m in sorted(missing)[:MAX_PROBLEMS]
            ]
        )
    return iter(out)


def _stored_values(plan: Plan, period: str | None, organisation):
    rows = DataValue.objects.filter(
        indicator__plan=plan,
        indicator__archived_at__isnull=True,
        period__in=ReportingPeriod.objects.filter(plan=plan).values("code"),
    )
    if period:
        rows = rows.filter(period=period)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return rows.values_list(
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


def _export_row(stored: tuple, names: dict, sample: set[str], missing: set[str]) -> dict | None:
    """One stored value in DHIS2's shape; None, with what has no identifier added to
    `missing`, when the scheme names no indicator, unit or breakdown for it."""
    indicator_id, period_code, unit_id, key, value, text, comment, updated, user = stored
    ids = (
        names["dataelement"].get(indicator_id),
        names["orgunit"].get(unit_id),
        names["categoryoptioncombo"](key),
    )
    if None in ids:
        labels = (f"gösterge #{indicator_id}", f"birim #{unit_id}", f"kırılım {key or 'toplam'}")
        missing.update(label for label, found in zip(labels, ids, strict=True) if found is None)
        return None
    return {
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


def template_rows(*, organisation: Organisation, period: str, plan) -> Iterator[dict]:
    """Every cell the organisation may fill for the period, with what is stored now."""
    stored = {
        (v.indicator_id, v.breakdown_key): v
        for v in DataValue.objects.filter(
            organisation=organisation, period=period, indicator__plan=plan
        )
    }
    districts = list(District.objects.values_list("code", flat=True))
    kind = period_codes.parse_period(period).kind
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
            {d: o}
            for d in definition.dimensions
            for o in value_breakdowns.dimension_options(d, districts)
        ]
        for breakdown in breakdowns:
            key = value_breakdowns.breakdown_key(breakdown)
            value = stored.get((indicator.id, key))
            yield {
                "dataelement": indicator.code,
                "name": indicator.name,
                "period": period,
                "orgunit": organisation.code,
                "categoryoptioncombo": key,
                "breakdown": value_breakdowns.breakdown_label(breakdown),
                "value": ""
                if value is None
                else value.text or ("" if value.value is None else plain_number(value.value)),
                "comment": value.comment if value else "",
            }
