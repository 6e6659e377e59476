"""Synthetic value rows for the import benchmark and the import-under-load test: the shipped
İzmir plan's count indicators that take a district breakdown, for every organisation, over as
many years as needed; each group is a total plus its 30 districts, adding up exactly, so the
import's parts-against-totals checks pass. Years start at 1990, far from any real period, and
each gets an open (sample) reporting period, as a coordinator would open one."""

from __future__ import annotations

import datetime as dt
import zlib

FIRST_YEAR = 1990


def groups_and_districts():
    from esitkent.monitoring.models import IndicatorDefinition
    from esitkent.orgs.models import District, Organisation

    definitions = IndicatorDefinition.objects.filter(
        measure_type="count", aggregation="sum", indicator__plan__slug="izmir-yeep-2022-2024"
    ).order_by("indicator__code")
    indicators = [
        (d.indicator.code, d.indicator_id)
        for d in definitions.select_related("indicator")
        if "district" in d.dimensions
    ]
    organisations = list(Organisation.objects.order_by("code").values_list("code", "id"))
    districts = list(District.objects.order_by("code").values_list("code", flat=True))
    return indicators, organisations, districts


def rows(limit: int):
    """(indicator code, indicator id, period, org code, org id, breakdown key, value) × limit."""
    indicators, organisations, districts = groups_and_districts()
    produced = 0
    year = FIRST_YEAR
    while True:
        for code, indicator_id in indicators:
            for org_code, org_id in organisations:
                parts = [
                    zlib.crc32(f"{code}{org_code}{year}{d}".encode()) % 50 + 1 for d in districts
                ]
                group = [("", sum(parts))] + [
                    (f"district={d}", p) for d, p in zip(districts, parts, strict=True)
                ]
                for key, value in group:
                    yield code, indicator_id, str(year), org_code, org_id, key, value
                    produced += 1
                    if produced >= limit:
                        return
        year += 1


def years_needed(limit: int) -> int:
    indicators, organisations, districts = groups_and_districts()
    per_year = len(indicators) * len(organisations) * (len(districts) + 1)
    return -(-limit // per_year)


def prepare(limit: int) -> None:
    """Assign every organisation to those indicators and open a reporting period per year."""
    from esitkent.monitoring.models import Assignment, ReportingPeriod
    from esitkent.plans.models import Plan

    plan = Plan.objects.get(slug="izmir-yeep-2022-2024")
    indicators, organisations, _ = groups_and_districts()
    Assignment.objects.bulk_create(
        [
            Assignment(indicator_id=i, organisation_id=o)
            for _, i in indicators
            for _, o in organisations
        ],
        ignore_conflicts=True,
    )
    deadline = dt.date.today() + dt.timedelta(days=365)
    for year in range(FIRST_YEAR, FIRST_YEAR + years_needed(limit)):
        ReportingPeriod.objects.get_or_create(
            plan=plan,
            code=str(year),
            defaults={
                "start": dt.date(year, 1, 1),
                "end": dt.date(year, 12, 31),
                "deadline": deadline,
                "is_sample": True,
            },
        )


def write_csv(path, limit: int) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["dataelement", "period", "orgunit", "categoryoptioncombo", "value"])
        for code, _, period, org_code, _, key, value in rows(limit):
            writer.writerow([code, period, org_code, key, value])
