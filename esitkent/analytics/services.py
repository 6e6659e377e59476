"""Refreshing summaries. The cost grows with what changed, not with all stored data: a refresh
recomputes only the (indicator, period) groups named, from the approved values of those groups."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Avg, Count, Sum

from esitkent.monitoring.models import DataValue, IndicatorDefinition

from .models import IndicatorSummary


@transaction.atomic
def summaries_refresh(*, groups: Iterable[tuple[int, str]]) -> int:
    groups = set(groups)
    if not groups:
        return 0
    aggregation = dict(
        IndicatorDefinition.objects.filter(indicator_id__in={g[0] for g in groups}).values_list(
            "indicator_id", "aggregation"
        )
    )
    written = 0
    for indicator_id, period in groups:
        IndicatorSummary.objects.filter(indicator_id=indicator_id, period=period).delete()
        how = Avg("value") if aggregation.get(indicator_id) == "average" else Sum("value")
        rows = (
            DataValue.objects.filter(
                indicator_id=indicator_id, period=period, approved=True, value__isnull=False
            )
            .values("breakdown_key")
            .annotate(total=how, organisations=Count("organisation", distinct=True))
        )
        IndicatorSummary.objects.bulk_create(
            IndicatorSummary(
                indicator_id=indicator_id,
                period=period,
                breakdown_key=row["breakdown_key"],
                value=row["total"],
                organisations=row["organisations"],
            )
            for row in rows
        )
        written += len(rows)
    return written


def groups_of_submission(submission) -> set[tuple[int, str]]:
    return {
        (indicator_id, submission.period.code)
        for indicator_id in submission.values.values_list("indicator_id", flat=True).distinct()
    }


@transaction.atomic
def summaries_rebuild() -> int:
    """Everything from scratch (after loading seed history); the approval path never needs it."""
    groups = set(
        DataValue.objects.filter(approved=True).values_list("indicator_id", "period").distinct()
    )
    IndicatorSummary.objects.all().delete()
    return summaries_refresh(groups=groups)
