"""The plan's violence-area indicators, fed from the case records as anonymised, suppressed
counts awaiting the plan coordinator's approval (İzmir's activity 1.1: persons served and
counselling services provided). Only `statistics_selectors.persons_served` and
`statistics_selectors.services_provided` are read: consent filtering and suppression happen there."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from esitkent.core.errors import InputRejected, Problem
from esitkent.monitoring import entry_services, period_selectors, value_selectors, value_services
from esitkent.plans.models import Indicator, Plan

from . import statistics_selectors

PERSONS_SERVED, SERVICES_PROVIDED = "siddet-1.1.1-g3", "siddet-1.1.1-g5"
COMMENT = "Vaka kayıtlarından, yalnız istatistik onamı olanlar; 10'dan küçük hücreler gizli."


def _entries(indicator: Indicator, figures: dict, dimensions: tuple[str, ...]):
    total = figures["total"]
    rows: list[tuple[dict, int | None]] = [({}, total)]
    if "sex" in dimensions:
        rows.append(({"sex": "F"}, total))  # a women's centre's records: every one is a woman
    for dimension in dimensions:
        for code, value in figures.get(dimension, {}).items():
            if code in {statistics_selectors.NO_DISTRICT, "unknown"}:
                continue  # not an option of the plan; it stays a hidden part of the list
            rows.append(({dimension: code}, value))
    return [
        value_services.ValueEntry(
            indicator=indicator,
            breakdown=breakdown,
            raw="" if value is None else str(value),
            comment=COMMENT,
            where=indicator.code,
        )
        for breakdown, value in rows
    ]


@transaction.atomic
def violence_indicators_enter(
    *, plan: Plan, year: int, by, today: dt.date | None = None
) -> list[str]:
    """Write the year's figures into the responsible unit's submission, unapproved. A hidden
    cell is written as empty, so a figure that fell under the threshold does not linger."""
    period = period_selectors.year_period(plan, year)
    plan_indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            code__in=[PERSONS_SERVED, SERVICES_PROVIDED], activity__subgoal__goal__area__plan=plan
        )
    }
    if not plan_indicators:
        raise InputRejected([Problem(plan.slug, "planda vaka kayıtlarından beslenen gösterge yok")])
    written: list[str] = []
    entries: list[value_services.ValueEntry] = []
    sources = {
        PERSONS_SERVED: (
            statistics_selectors.persons_served(year=year),
            ("sex", "age", "district", "disability"),
        ),
        SERVICES_PROVIDED: (statistics_selectors.services_provided(year=year), ("district",)),
    }
    for code, indicator in plan_indicators.items():
        unit = value_selectors.reporting_unit(indicator)
        figures, dimensions = sources[code]
        entries += _entries(indicator, figures, dimensions)
        shown = "gizli (10'dan az)" if figures["total"] is None else figures["total"]
        written.append(f"{code}: {shown} → {unit.name}")
    entry_services.computed_values_enter(period=period, entries=entries, by=by, today=today)
    return written
