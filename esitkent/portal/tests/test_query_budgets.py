"""Query budgets for the public portal: the home page, a plan's page and an activity's page.
Each is measured with several units' approved figures and activity reports, so that a query per
unit, per activity or per figure shows: the fixed budget guards the level, the growth test the
shape. Each test starts with an empty public response cache (conftest), and every approval
changes the publication stamp, so each measured request renders the page afresh."""

import datetime as dt
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from esitkent.monitoring import period_services
from tests import budget
from tests.budget import HALF, UNITS

SLUG = "izmir-yeep-2022-2024"

# Measured on SQLite with the data below, plus a small margin.
# The home shows each plan at a glance (issue 15): the stamp and the plans, then per plan its
# approved reports, activities, areas, figures, map, report editions and last approval.
HOME_BUDGET = 15 + 3
PLAN_BUDGET = 11 + 3
ACTIVITY_BUDGET = 6 + 3


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def indicators(izmir_plan):
    return budget.summed_indicators(izmir_plan)


@pytest.fixture
def report(izmir_plan, make_user, indicators):
    """Units enter figures and a report per activity, and send them; the coordinator
    approves all but the last one."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=20)
    )
    return partial(
        budget.report,
        period=period,
        reporter=make_user("rap", "reporter", UNITS[0]),
        coordinator=make_user("onayci", "coordinator"),
        indicators=indicators,
    )


def activity_url(indicators) -> str:
    """The page of the activity of the indicator every unit reports."""
    return f"/acik/{SLUG}/faaliyet/{indicators[0].activity.row}/"


def activities_of(indicators, units: list[str]) -> int:
    """How many activities these units reported on."""
    return len(
        {indicators[0].activity_id}
        | {
            i.activity_id
            for n in map(UNITS.index, units)
            for i in indicators[1 + 2 * n : 3 + 2 * n]
        }
    )


def measured(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# --- Fixed budgets ------------------------------------------------------------------------------


def test_the_home_page_keeps_its_budget(client, izmir_plan, report, django_assert_max_num_queries):
    report(units=UNITS)
    with django_assert_max_num_queries(HOME_BUDGET):
        response = client.get("/acik/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/acik/{SLUG}/"' in html and izmir_plan.title in html


def test_the_plan_page_keeps_its_budget(client, report, indicators, django_assert_max_num_queries):
    report(units=UNITS)
    with django_assert_max_num_queries(PLAN_BUDGET):
        response = client.get(f"/acik/{SLUG}/")
    html = response.content.decode()
    assert response.status_code == 200
    # Each activity an approved unit reported on shows its status; the rest have no report.
    assert html.count("— Sürüyor, %50") == activities_of(indicators, UNITS[:-1])
    assert "— rapor yok" in html


def test_the_activity_page_keeps_its_budget(
    client, report, indicators, django_assert_max_num_queries
):
    report(units=UNITS)
    url = activity_url(indicators)
    with django_assert_max_num_queries(ACTIVITY_BUDGET):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    # Seven approved units' figures, added up; the eighth's are not published yet.
    series = html.split(f"({indicators[0].code})</small>")[1].split("</table>")[0]
    assert '<td>2024</td><td>Toplam</td><td class="num">70</td>' in series
    assert '<td>2024</td><td>Cinsiyet: Kadın</td><td class="num">42</td>' in series


# --- The count does not grow with the data ------------------------------------------------------


@pytest.mark.parametrize("page", ["home", "plan", "activity"])
def test_the_query_count_does_not_grow_with_the_units(client, page, report, indicators):
    url = {"home": "/acik/", "plan": f"/acik/{SLUG}/", "activity": activity_url(indicators)}[page]

    report(units=UNITS[:HALF])
    fewer, _ = measured(client, url)

    report(units=UNITS[HALF:])
    more, html = measured(client, url)

    # The second measure was rendered afresh and saw the added data: six approved units (each
    # batch leaves its last unit waiting).
    approved = [code for code in UNITS if code not in (UNITS[HALF - 1], UNITS[-1])]
    assert SLUG in html
    if page == "plan":
        assert html.count("— Sürüyor, %50") == activities_of(indicators, approved)
    elif page == "activity":
        assert '<td>2024</td><td>Toplam</td><td class="num">60</td>' in html
    assert more == fewer
