"""Reads about indicator values: a unit's values under review, the unit that reports a
computed indicator, and which (indicator, period) groups of approved values a change touches."""

from __future__ import annotations

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

from .models import DataValue, Submission
from .selectors import assigned_units


def unit_values(submission: Submission):
    """Every value of the unit for the period in the plan, however it arrived (form or import);
    never a figure shipped as printed, which is approved on its own and belongs to no review."""
    return DataValue.objects.filter(
        organisation=submission.organisation,
        period=submission.period.code,
        indicator__plan=submission.period.plan,
    ).exclude(provenance=Provenance.SEED)


def reporting_unit(indicator: Indicator) -> Organisation:
    """The one unit that reports a computed indicator, or a refusal naming the indicator."""
    units = assigned_units(indicator)
    if len(units) != 1:
        raise InputRejected(
            [
                Problem(
                    indicator.code,
                    "göstergenin tek bir sorumlu birimi olmalı (şu an "
                    f"{len(units)}); koordinatör görevlendirmeyi düzeltmeli",
                )
            ]
        )
    return units[0]


def groups_of_submission(submission: Submission) -> set[tuple[int, str]]:
    """The (indicator, period) groups a submission's values belong to."""
    return groups_of_submissions([submission], submission.period.code)


def groups_of_submissions(submissions, period_code: str) -> set[tuple[int, str]]:
    """The (indicator, period) groups the values of a period's submissions belong to, in one
    query."""
    indicator_ids = DataValue.objects.filter(submission__in=submissions).values_list(
        "indicator_id", flat=True
    )
    return {(indicator_id, period_code) for indicator_id in indicator_ids.distinct()}


def approved_groups_of_indicator(indicator_id: int) -> set[tuple[int, str]]:
    """Every (indicator, period) group an indicator has approved values in."""
    periods = DataValue.objects.filter(indicator_id=indicator_id, approved=True).values_list(
        "period", flat=True
    )
    return {(indicator_id, period) for period in set(periods)}
