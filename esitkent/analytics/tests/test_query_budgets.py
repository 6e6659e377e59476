"""Query budgets for the dashboard, the district map and the table builder (pivot explorer).
Each is measured with several units' approved figures, so that a query per unit, per indicator
or per summary shows: the fixed budget guards the level, the growth test the shape."""

import datetime as dt
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from esitkent.monitoring import period_services
from esitkent.orgs.models import Organisation
from tests import budget
from tests.budget import HALF, UNITS

SLUG = "izmir-yeep-2022-2024"

# Measured on SQLite with the data below, plus a small margin.
DASHBOARD_BUDGET = 28 + 3
MAP_BUDGET = 14 + 3
PIVOT_BUDGET = 13 + 3


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


def dashboard_url() -> str:
    return f"/panolar/{SLUG}/"


def map_url(indicators) -> str:
    return f"/panolar/{SLUG}/harita/?kaynak=g:{indicators[0].code}&donem=2024"


def pivot_url(indicators) -> str:
    """Every indicator the units report (the page keeps those with approved figures), units
    down the side, indicators across, for 2024."""
    chosen = "&".join(f"g={i.code}" for i in indicators)
    return f"/panolar/{SLUG}/tablo/?{chosen}&satir=organisation&sutun=indicator&donem=2024"


def name(code: str) -> str:
    return escape(Organisation.objects.get(code=code).name)


def measured(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# --- Fixed budgets ------------------------------------------------------------------------------


def test_the_dashboard_keeps_its_budget(
    viewer_client, report, indicators, django_assert_max_num_queries
):
    report(units=UNITS)
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        response = viewer_client.get(dashboard_url())
    html = response.content.decode()
    assert response.status_code == 200
    # The shared indicator: seven approved units' 10 each, and their 6 women each.
    shared = indicators[0].code
    series = html.split(f"({shared})</caption>")[1].split("</table>")[0]
    assert "<td>2024</td><td>70,0000</td>" in series
    breakdown = html.split(f"{shared} — kırılımlar (2024)</caption>")[1].split("</table>")[0]
    assert "<td>Kadın</td><td>42,0000</td>" in breakdown


def test_the_district_map_keeps_its_budget(
    viewer_client, report, indicators, django_assert_max_num_queries
):
    report(units=UNITS)
    url = map_url(indicators)
    with django_assert_max_num_queries(MAP_BUDGET):
        response = viewer_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    # Konak: seven approved units' 4 each; a district nobody reported has no figure.
    assert "<td>Konak</td><td>TUR035021</td><td>28,0000</td>" in html
    assert "<td>Kiraz</td><td>TUR035020</td><td>—</td>" in html


def test_the_pivot_explorer_keeps_its_budget(
    viewer_client, report, indicators, django_assert_max_num_queries
):
    report(units=UNITS)
    url = pivot_url(indicators)
    with django_assert_max_num_queries(PIVOT_BUDGET):
        response = viewer_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    table = html.split('<table class="pivot">')[1]
    # A row for each unit with approved figures; the one still waiting has none.
    assert all(f'<th scope="row">{name(code)}</th>' in table for code in UNITS[:-1])
    assert name(UNITS[-1]) not in table
    assert '<td class="num">10</td>' in table


# --- The count does not grow with the data ------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "dashboard",
        "map",
        "pivot",
    ],
)
def test_the_query_count_does_not_grow_with_the_units(viewer_client, page, report, indicators):
    url = {
        "dashboard": dashboard_url(),
        "map": map_url(indicators),
        "pivot": pivot_url(indicators),
    }[page]

    report(units=UNITS[:HALF])
    fewer, html = measured(viewer_client, url)
    assert "60,0000" not in html

    report(units=UNITS[HALF:])
    more, html = measured(viewer_client, url)

    # The second measure saw the added data: six approved units now.
    if page == "pivot":
        assert f'<th scope="row">{name(UNITS[-2])}</th>' in html
    else:
        assert ("24,0000" if page == "map" else "60,0000") in html
    assert more == fewer
