"""Query budgets for the public portal: the home page, a plan's page and an activity's page.
Each is measured with several units' approved figures and activity reports, so that a query per
unit, per activity or per figure shows: the fixed budget guards the level, the growth test the
shape. Each test starts with an empty public response cache (conftest), and every approval
changes the publication stamp, so each measured request renders the page afresh."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
HOME_BUDGET = 2 + 3
PLAN_BUDGET = 11 + 3
ACTIVITY_BUDGET = 6 + 3


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def indicators(izmir_plan):
    """Summed yearly counts, in plan order: one shared by every unit, two of each unit's own.
    The first has sex, age and district breakdowns."""
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
    report(UNITS)
    with django_assert_max_num_queries(HOME_BUDGET):
        response = client.get("/acik/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/acik/{SLUG}/"' in html and izmir_plan.title in html


def test_the_plan_page_keeps_its_budget(client, report, indicators, django_assert_max_num_queries):
    report(UNITS)
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
    report(UNITS)
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

    report(UNITS[:HALF])
    fewer, _ = measured(client, url)

    report(UNITS[HALF:])
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
