"""Query budgets for the API's lists: plans, published values and submissions, read with a
personal token (token reads are never served from the shared cache). Each is measured with
several units' submissions and approved figures, so that a query per row shows: the fixed budget
guards the level, the growth test the shape."""

import datetime as dt
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from esitkent.monitoring import period_services
from tests import budget
from tests.budget import HALF, UNITS

from .conftest import SLUG

# Measured on SQLite with the data below, plus a small margin. Each fixed budget is measured on
# the token's first use, which records it with one write (api.services.token_used).
PLANS_BUDGET = 5 + 3
VALUES_BUDGET = 5 + 3
SUBMISSIONS_BUDGET = 6 + 3

PLANS_URL = "/api/v1/plans"
VALUES_URL = "/api/v1/values?limit=1000"
SUBMISSIONS_URL = "/api/v1/submissions?limit=1000"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def indicators(izmir_plan):
    return budget.summed_indicators(izmir_plan)


@pytest.fixture
def coordinator(make_user):
    return make_user("onayci", "coordinator")


@pytest.fixture
def report(izmir_plan, make_user, coordinator, indicators):
    """Units enter figures and a report per activity, and send them; the coordinator
    approves all but the last one."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=20)
    )
    reporter = make_user("rap", "reporter", UNITS[0])
    return partial(
        budget.report,
        period=period,
        reporter=reporter,
        coordinator=coordinator,
        indicators=indicators,
    )


def measured(client, url, headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


# --- Fixed budgets ------------------------------------------------------------------------------


def test_the_plan_list_keeps_its_budget(
    client, report, coordinator, token_for, django_assert_max_num_queries
):
    report(units=UNITS)
    headers = token_for(coordinator)
    with django_assert_max_num_queries(PLANS_BUDGET):
        response = client.get(PLANS_URL, **headers)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and [p["slug"] for p in body["items"]] == [SLUG]


def test_the_value_list_keeps_its_budget(
    client, report, indicators, coordinator, token_for, django_assert_max_num_queries
):
    report(units=UNITS)
    headers = token_for(coordinator)
    with django_assert_max_num_queries(VALUES_BUDGET):
        response = client.get(VALUES_URL, **headers)
    assert response.status_code == 200
    items = response.json()["items"]
    # The shared indicator's total: seven approved units' 10 each.
    total = next(
        v
        for v in items
        if (v["indicator"], v["period"], v["breakdown_key"]) == (indicators[0].code, "2024", "")
    )
    assert (total["value"], total["units_reporting"], total["plan"]) == (70.0, 7, SLUG)
    # Every indicator of an approved unit is published for 2024, the waiting unit's own are not.
    published = {v["indicator"] for v in items if v["period"] == "2024"}
    assert published == {i.code for i in indicators[: 1 + 2 * (len(UNITS) - 1)]}


def test_the_submission_list_keeps_its_budget(
    client, report, coordinator, token_for, django_assert_max_num_queries
):
    report(units=UNITS)
    headers = token_for(coordinator)
    with django_assert_max_num_queries(SUBMISSIONS_BUDGET):
        response = client.get(SUBMISSIONS_URL, **headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert sorted(s["organisation"] for s in items) == sorted(UNITS)
    assert {(s["plan"], s["period"]) for s in items} == {(SLUG, "2024")}
    statuses = sorted(s["status"] for s in items)
    assert statuses == ["approved"] * (len(UNITS) - 1) + ["submitted"]


# --- The count does not grow with the data ------------------------------------------------------


@pytest.mark.parametrize("url", [PLANS_URL, VALUES_URL, SUBMISSIONS_URL])
def test_the_query_count_does_not_grow_with_the_units(client, url, report, coordinator, token_for):
    headers = token_for(coordinator)
    client.get(url, **headers)  # the token's first use is recorded; measure the steady state

    report(units=UNITS[:HALF])
    fewer, first = measured(client, url, headers)

    report(units=UNITS[HALF:])
    more, second = measured(client, url, headers)

    # The second measure saw the added data.
    if url != PLANS_URL:
        assert second["count"] > first["count"]
    assert second["count"] == len(second["items"])
    assert more == fewer
