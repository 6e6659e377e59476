"""Query budgets for the dashboard, the district map and the table builder (pivot explorer).
Each is measured with several units' approved figures, so that a query per unit, per indicator
or per summary shows: the fixed budget guards the level, the growth test the shape."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from esitkent.accounts.services import membership_grant
from esitkent.monitoring import services
from esitkent.monitoring.models import Assignment, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

SLUG = "izmir-yeep-2022-2024"
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

# Measured on SQLite with the data below, plus a small margin.
DASHBOARD_BUDGET = 28 + 3
MAP_BUDGET = 14 + 3
PIVOT_BUDGET = 13 + 3


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def indicators(izmir_plan):
    """Summed yearly counts, in plan order: one shared by every unit, two of each unit's own.
    The first has sex, age and district breakdowns, so it is on the map."""
    return list(
        Indicator.objects.filter(
            plan=izmir_plan,
            definition__is_reported=True,
            definition__measure_type="count",
            definition__aggregation="sum",
            definition__periodicity="annual",
        )
        .select_related("definition")
        .order_by("activity__row", "position")[: 1 + 2 * len(UNITS)]
    )


@pytest.fixture
def report(izmir_plan, make_user, indicators):
    """Units enter figures (a total, 6 women, 4 in Konak where the breakdown applies) and a
    report per activity, and send them; the coordinator approves all but the last one."""
    period = services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=20)
    )
    reporter = make_user("rap", "reporter", UNITS[0])
    coordinator = make_user("onayci", "coordinator")

    def report(units: list[str]) -> None:
        submissions = []
        for code in units:
            n = UNITS.index(code)
            org = Organisation.objects.get(code=code)
            membership_grant(user=reporter, organisation=org, role="reporter")
            mine = [indicators[0], *indicators[1 + 2 * n : 3 + 2 * n]]
            for indicator in mine:
                Assignment.objects.get_or_create(indicator=indicator, organisation=org)
            values = []
            for indicator in mine:
                values.append(services.ValueEntry(indicator, {}, "10", ""))
                dimensions = indicator.definition.dimensions
                if "sex" in dimensions:
                    values.append(services.ValueEntry(indicator, {"sex": "F"}, "6", ""))
                if "district" in dimensions:
                    values.append(services.ValueEntry(indicator, {"district": "konak"}, "4", ""))
            reports = [
                services.ReportEntry(activity_id=activity, status="ongoing", progress=50)
                for activity in sorted({i.activity_id for i in mine})
            ]
            submission = services.submission_open(period=period, organisation=org)
            services.submission_save(
                submission=submission, values=values, reports=reports, by=reporter
            )
            submissions.append(submission)
        Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(
            status="submitted", submitted_by=reporter, submitted_at=timezone.now()
        )
        for submission in submissions[:-1]:
            services.submission_approve(submission=submission, by=coordinator)

    return report


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
    report(UNITS)
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
    report(UNITS)
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
    report(UNITS)
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

    report(UNITS[:HALF])
    fewer, html = measured(viewer_client, url)
    assert "60,0000" not in html

    report(UNITS[HALF:])
    more, html = measured(viewer_client, url)

    # The second measure saw the added data: six approved units now.
    if page == "pivot":
        assert f'<th scope="row">{name(UNITS[-2])}</th>' in html
    else:
        assert ("24,0000" if page == "map" else "60,0000") in html
    assert more == fewer
