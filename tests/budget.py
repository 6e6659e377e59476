"""The data the query-budget tests measure pages with: several units' figures and activity
reports, sent and (all but the last) approved, so that a query per unit, per activity or per
figure shows. Shared by each app's test_query_budgets.py."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from esitkent.accounts.services import membership_grant
from esitkent.monitoring import entry_services, review_services, value_services
from esitkent.monitoring.models import Assignment, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

# Units that report and send; the first half is the "N", all of them the "2N".
UNITS = [
    "sosyal-projeler-db",
    "fen-isleri-db",
    "genclik-spor-hizmetleri-db",
    "bilgi-islem-db",
    "insan-kaynaklari-egitim-db",
    "engelli-hizmetleri-sm",
    "itfaiye-db",
    "eshot",
]
HALF = len(UNITS) // 2


def summed_indicators(plan) -> list[Indicator]:
    """Summed yearly counts, in plan order: one shared by every unit, two of each unit's own.
    The first has sex, age and district breakdowns."""
    return list(
        Indicator.objects.filter(
            plan=plan,
            definition__is_reported=True,
            definition__measure_type="count",
            definition__aggregation="sum",
            definition__periodicity="annual",
        )
        .select_related("definition")
        .order_by("activity__row", "position")[: 1 + 2 * len(UNITS)]
    )


def unit_indicators(indicators: list[Indicator], code: str) -> list[Indicator]:
    n = UNITS.index(code) if code in UNITS else 0
    return [indicators[0], *indicators[1 + 2 * n : 3 + 2 * n]]


def enter(*, period, reporter, code: str, chosen: list[Indicator]) -> Submission:
    """A unit's draft: a total (10), 6 women and 4 in Konak where the breakdown applies, a
    report for each activity, saved by the unit's reporter through the form's service."""
    org = Organisation.objects.get(code=code)
    membership_grant(user=reporter, organisation=org, role="reporter")
    for indicator in chosen:
        Assignment.objects.get_or_create(indicator=indicator, organisation=org)
    values = []
    for indicator in chosen:
        values.append(value_services.ValueEntry(indicator, {}, "10", ""))
        dimensions = indicator.definition.dimensions
        if "sex" in dimensions:
            values.append(value_services.ValueEntry(indicator, {"sex": "F"}, "6", ""))
        if "district" in dimensions:
            values.append(value_services.ValueEntry(indicator, {"district": "konak"}, "4", ""))
    reports = [
        entry_services.ReportEntry(activity_id=activity, status="ongoing", progress=50)
        for activity in sorted({i.activity_id for i in chosen})
    ]
    submission = entry_services.submission_open(period=period, organisation=org)
    entry_services.submission_save(
        submission=submission, values=values, reports=reports, by=reporter
    )
    return submission


def report(*, period, reporter, coordinator, indicators, units: list[str]) -> None:
    """Units enter and send their figures; the coordinator approves all but the last one."""
    submissions = [
        enter(period=period, reporter=reporter, code=code, chosen=unit_indicators(indicators, code))
        for code in units
    ]
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(
        status="submitted", submitted_by=reporter, submitted_at=timezone.now()
    )
    for submission in submissions[:-1]:
        review_services.submission_approve(submission=submission, by=coordinator)


def measured(client, url, **headers):
    """(queries, response) of one GET that must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response
