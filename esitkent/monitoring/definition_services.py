"""Writes about what is reported and by whom: indicator definitions with their yearly targets,
and the units each indicator is assigned to."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from esitkent.core import value_breakdowns
from esitkent.core.errors import InputRejected, Problem
from esitkent.orgs.models import Organisation
from esitkent.plans.models import ActivityParty, Indicator, Plan

from .hooks import approved_values_changed
from .models import Assignment, IndicatorDefinition, IndicatorTarget
from .value_selectors import approved_groups_of_indicator


def _definition_fields(entry: dict, provenance: str) -> dict:
    """A definitions file's entry as the definition's columns, defaults filled in."""
    baseline = entry.get("baseline") or {}
    return {
        "measure_type": entry["measure_type"],
        "unit": entry.get("unit") or "",
        "aggregation": entry.get("aggregation") or "sum",
        "direction": entry.get("direction") or "higher",
        "dimensions": [
            d for d in value_breakdowns.DIMENSION_ORDER if d in (entry.get("dimensions") or [])
        ],
        "periodicity": entry.get("periodicity") or "annual",
        "data_source": entry.get("data_source") or "",
        "baseline_value": baseline.get("value"),
        "baseline_year": baseline.get("year"),
        "note": entry.get("note") or "",
        "provenance": provenance,
        "is_reported": True,
    }


@transaction.atomic
def definitions_load(*, plan: Plan, document: dict, provenance: str = "manual") -> int:
    """Indicator definitions from data/izmir/indicator_definitions.yaml; unknown codes refuse the file."""
    indicators = {
        i.code: i for i in Indicator.objects.filter(activity__subgoal__goal__area__plan=plan)
    }
    problems = [
        Problem(f"definitions[{n}]", f"bilinmeyen gösterge kodu: {entry.get('indicator')}")
        for n, entry in enumerate(document.get("definitions", []), start=1)
        if entry.get("indicator") not in indicators
    ]
    if problems:
        raise InputRejected(problems)
    count = 0
    for entry in document.get("definitions", []):
        definition, _ = IndicatorDefinition.objects.update_or_create(
            indicator=indicators[entry["indicator"]],
            defaults=_definition_fields(entry, provenance),
        )
        definition.targets.all().delete()
        for year, value in (entry.get("targets") or {}).items():
            IndicatorTarget.objects.create(
                definition=definition,
                year=int(year),
                value=Decimal(str(value)),
                printed=entry.get("targets_printed") or "",
            )
        count += 1
    return count


@transaction.atomic
def assignments_default(*, plan: Plan) -> int:
    """Each reported indicator goes to its activity's responsible organisations, unless assigned."""
    created = 0
    definitions = IndicatorDefinition.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan, is_reported=True
    )
    for definition in definitions.select_related("indicator"):
        indicator = definition.indicator
        if indicator.assignments.exists():
            continue
        parties = ActivityParty.objects.filter(
            activity=indicator.activity,
            role=ActivityParty.Role.RESPONSIBLE,
            organisation__isnull=False,
        )
        for party in parties:
            _, made = Assignment.objects.get_or_create(
                indicator=indicator, organisation=party.organisation
            )
            created += made
    return created


@transaction.atomic
def assignment_set(*, indicator: Indicator, organisations: list[Organisation]) -> None:
    indicator.assignments.exclude(organisation__in=organisations).delete()
    for organisation in organisations:
        Assignment.objects.get_or_create(indicator=indicator, organisation=organisation)


@transaction.atomic
def definition_update(
    *,
    definition: IndicatorDefinition,
    fields: dict,
    targets: dict[int, Decimal],
    organisations: list[Organisation],
) -> None:
    """A coordinator's edit of an indicator's definition, its yearly targets and who reports it.
    A change of how values combine changes every figure built from the indicator's approved
    values: the listeners hear of each group."""
    aggregation = definition.aggregation
    for name, value in fields.items():
        setattr(definition, name, value)
    definition.dimensions = [
        d for d in value_breakdowns.DIMENSION_ORDER if d in definition.dimensions
    ]
    definition.provenance = "manual"
    definition.save()
    definition.targets.exclude(year__in=targets).delete()
    for year, value in targets.items():
        IndicatorTarget.objects.update_or_create(
            definition=definition, year=year, defaults={"value": value}
        )
    assignment_set(indicator=definition.indicator, organisations=organisations)
    if definition.aggregation != aggregation:
        approved_values_changed(groups=approved_groups_of_indicator(definition.indicator_id))
