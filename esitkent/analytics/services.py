"""Refreshing summaries. The cost grows with what changed, not with all stored data: a refresh
recomputes only the (indicator, period) groups named, from the approved values of those groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from esitkent.core.services import publication_touch
from esitkent.core.value_breakdowns import parse_breakdown_key
from esitkent.monitoring.summary_selectors import aggregations, approved_groups, approved_values

from .models import IndicatorSummary


@transaction.atomic
def summaries_refresh(*, groups: Iterable[tuple[int, str]]) -> int:
    groups = set(groups)
    if not groups:
        return 0
    publication_touch()
    aggregation = aggregations(g[0] for g in groups)
    written = 0
    for indicator_id, period in groups:
        IndicatorSummary.objects.filter(indicator_id=indicator_id, period=period).delete()
        average = aggregation.get(indicator_id) == "average"
        # One pass over the group's approved values gives both the per-organisation rows
        # and the row across organisations.
        per_key: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
        for key, organisation_id, value in approved_values(indicator_id, period):
            per_key[key].append((organisation_id, value))
        rows = []
        for key, pairs in per_key.items():
            dimensions = dimensions_of(key)
            total = sum((v for _, v in pairs), Decimal(0))
            rows.append(
                IndicatorSummary(
                    indicator_id=indicator_id,
                    period=period,
                    breakdown_key=key,
                    dimensions=dimensions,
                    value=total / len(pairs) if average else total,
                    organisations=len({o for o, _ in pairs}),
                )
            )
            rows.extend(
                IndicatorSummary(
                    indicator_id=indicator_id,
                    period=period,
                    breakdown_key=key,
                    dimensions=dimensions,
                    organisation_id=organisation_id,
                    value=value,
                    organisations=1,
                )
                for organisation_id, value in pairs
            )
        IndicatorSummary.objects.bulk_create(rows)
        written += len(rows)
    return written


def dimensions_of(breakdown_key: str) -> str:
    return ";".join(sorted(parse_breakdown_key(breakdown_key)))


@transaction.atomic
def summaries_rebuild() -> int:
    """Everything from scratch (after loading seed history); the approval path never needs it."""
    groups = approved_groups()
    IndicatorSummary.objects.all().delete()
    return summaries_refresh(groups=groups)
