"""What needs doing soon on her centres' open records: 6284 measures ending, risk reviews due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from . import domain, policies
from .models import Case, ProtectiveMeasure, RiskAssessment
from .selectors import visible_cases


@dataclass(frozen=True)
class Alert:
    case_code: str
    kind: str  # measure-expiring | measure-expired | risk-review
    label: str
    due: dt.date


def alerts(user, *, today: dt.date | None = None) -> list[Alert]:
    """6284 measures ending within the alert window (or ended, with no extension), and risk
    reviews that are due, for her own centres' open records."""
    today = today or timezone.localdate()
    own = visible_cases(user).filter(
        centre_id__in=policies.case_centre_ids(user), status=Case.Status.OPEN
    )
    found: list[Alert] = []
    window = today + dt.timedelta(days=domain.EXPIRY_ALERT_DAYS)
    measures = (
        ProtectiveMeasure.objects.filter(case__in=own, ends_on__lte=window, extensions=None)
        .filter(ends_on__gte=today - dt.timedelta(days=30))
        .select_related("case")
    )
    for measure in measures:
        state = domain.measure_alert(measure.ends_on, today)
        found.append(
            Alert(
                measure.case.survivor_code,
                f"measure-{state}",
                domain.MEASURES[measure.measure],
                measure.ends_on,
            )
        )
    # Reviews that are due, on each record's latest assessment only (a newer one replaces a due
    # review). The due ones are read first, newest first, at most 200.
    due = list(
        RiskAssessment.objects.filter(case__in=own, next_review_on__lte=today)
        .select_related("case")
        .order_by("-next_review_on", "-id")[:200]
    )
    latest: dict[int, tuple] = {}
    for case_id, assessed_on, pk in RiskAssessment.objects.filter(
        case_id__in={a.case_id for a in due}
    ).values_list("case_id", "assessed_on", "id"):
        latest[case_id] = max(latest.get(case_id, (assessed_on, pk)), (assessed_on, pk))
    for assessment in due:
        if latest[assessment.case_id] == (assessment.assessed_on, assessment.pk):
            found.append(
                Alert(
                    assessment.case.survivor_code,
                    "risk-review",
                    domain.RISK_LEVELS[assessment.level],
                    assessment.next_review_on,
                )
            )
    return sorted(found, key=lambda a: a.due)
