"""The seeds' historical figures (data/izmir history files) loaded as approved values or
context values, each with its source. Re-loading replaces what a seed wrote; values entered by
people are never touched."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from esitkent.core import period_codes, value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.plans.models import Indicator, Plan

from .context_services import context_series_upsert
from .models import Assignment, ContextSeries, ContextValue, DataValue

# A history file names its series, their units and sources; their theme, kind and note are
# context.yaml's to say.
HISTORY_SERIES_FIELDS = ("name", "unit", "source")


def _history_problems(document: dict, indicators: dict, series: dict) -> list[Problem]:
    problems = []
    for n, entry in enumerate(document.get("values", []), start=1):
        target = entry.get("target") or {}
        if "indicator" in target and target["indicator"] not in indicators:
            problems.append(Problem(f"values[{n}]", f"bilinmeyen gösterge: {target['indicator']}"))
        if "series" in target and target["series"] not in series:
            problems.append(Problem(f"values[{n}]", f"bilinmeyen seri: {target['series']}"))
        try:
            period_codes.parse_period(str(entry.get("period")))
        except ValueError as exc:
            problems.append(Problem(f"values[{n}]", str(exc)))
    return problems


def _indicator_value_load(indicator: Indicator, organisation, entry: dict, cell: dict) -> None:
    DataValue.objects.update_or_create(
        indicator=indicator,
        period=cell["period"],
        organisation=organisation,
        breakdown_key=cell["key"],
        defaults={
            "breakdown": cell["breakdown"],
            "value": cell["value"],
            "comment": entry.get("printed") or "",
            "approximate": bool(entry.get("approximate")),
            "provenance": "seed",
            "source": entry.get("source") or "",
            "approved": True,
        },
    )


def _context_value_load(series: ContextSeries, entry: dict, cell: dict) -> None:
    ContextValue.objects.update_or_create(
        series=series,
        period=cell["period"],
        breakdown_key=cell["key"],
        kind=entry.get("kind") or "value",
        defaults={
            "breakdown": cell["breakdown"],
            "value": cell["value"],
            "approximate": bool(entry.get("approximate")),
            "printed": entry.get("printed") or "",
            "source": entry.get("source") or "",
            "note": entry.get("note") or "",
        },
    )


@transaction.atomic
def history_load(*, plan: Plan, document: dict) -> int:
    """The seeds' historical figures as approved values (or context series), each with its source.

    A figure goes to the organisation assigned to report its indicator, else to the plan's
    owner. Re-loading replaces seed values; values entered by people are never touched.
    """
    indicators = {
        i.code: i for i in Indicator.objects.filter(activity__subgoal__goal__area__plan=plan)
    }
    series = {
        entry["code"]: context_series_upsert(entry, fields=HISTORY_SERIES_FIELDS)
        for entry in document.get("context_series", [])
    }
    if problems := _history_problems(document, indicators, series):
        raise InputRejected(problems)
    DataValue.objects.filter(indicator__in=indicators.values(), provenance="seed").delete()
    # Each indicator's first assigned unit, read once rather than once per figure.
    reporter: dict[int, object] = {}
    for assignment in (
        Assignment.objects.filter(indicator__in=indicators.values())
        .select_related("organisation")
        .order_by("pk")
    ):
        reporter.setdefault(assignment.indicator_id, assignment.organisation)
    ContextValue.objects.filter(series__in=series.values(), provenance="seed").delete()
    for entry in document.get("values", []):
        target = entry["target"]
        breakdown = {k: str(v) for k, v in (entry.get("breakdown") or {}).items()}
        cell = {
            "period": str(entry["period"]),
            "key": value_breakdowns.breakdown_key(breakdown),
            "breakdown": breakdown,
            "value": Decimal(str(entry["value"])),
        }
        if "indicator" in target:
            indicator = indicators[target["indicator"]]
            unit = reporter.get(indicator.id, plan.owner)
            _indicator_value_load(indicator, unit, entry, cell)
        else:
            _context_value_load(series[target["series"]], entry, cell)
    return len(document.get("values", []))
