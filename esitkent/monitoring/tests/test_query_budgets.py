"""Query budgets for the monitoring pages: a reporter's task list, the entry form and the
review queue. Each is measured with several units reporting, so that a query per unit, per
submission or per value shows: the fixed budget guards the level, the growth test the shape."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator
from tests import budget

SLUG = "izmir-yeep-2022-2024"
ENTRY_UNIT = "sosyal-projeler-db"
# Units that report and send; the first half is the "N", all of them the "2N".
UNITS = [
    "fen-isleri-db",
    "genclik-spor-hizmetleri-db",
    "bilgi-islem-db",
    "insan-kaynaklari-egitim-db",
    "engelli-hizmetleri-sm",
    "itfaiye-db",
    "eshot",
    "basin-yayin-halkla-iliskiler-db",
]
HALF = len(UNITS) // 2

# Measured on SQLite with the data below, plus a small margin.
TASKS_BUDGET = 12 + 3
ENTRY_BUDGET = 23 + 3
QUEUE_BUDGET = 12 + 3


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=20)
    )


@pytest.fixture
def reporter(make_user):
    """Reports for the entry unit and, as units are added, for each of them."""
    return make_user("rap", "reporter", ENTRY_UNIT)


@pytest.fixture
def coordinator(make_user):
    return make_user("onayci", "coordinator")


@pytest.fixture
def indicators(izmir_plan):
    return budget.summed_indicators(izmir_plan)


def unit_indicators(indicators, code):
    n = UNITS.index(code) if code in UNITS else 0
    return [indicators[0], *indicators[1 + 2 * n : 3 + 2 * n]]


@pytest.fixture
def enter(period, reporter):
    """A unit's draft: a total and its breakdowns for each indicator, a report for each
    activity, saved by the unit's reporter through the form's service."""

    def enter(code: str, chosen: list[Indicator]) -> Submission:
        return budget.enter(period=period, reporter=reporter, code=code, chosen=chosen)

    return enter


@pytest.fixture
def report(enter, indicators, reporter, coordinator):
    """Units enter and send their figures; the coordinator approves all but the last one."""

    def report(units: list[str]) -> None:
        submissions = [enter(code, unit_indicators(indicators, code)) for code in units]
        Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(
            status="submitted", submitted_by=reporter, submitted_at=timezone.now()
        )
        for submission in submissions[:-1]:
            review_services.submission_approve(submission=submission, by=coordinator)

    return report


def names(codes) -> list[str]:
    return [escape(Organisation.objects.get(code=code).name) for code in codes]


def entry_url(period) -> str:
    return f"/izleme/donem/{period.id}/birim/{ENTRY_UNIT}/"


QUEUE_URL = f"/izleme/plan/{SLUG}/inceleme/"


def measured(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# --- Fixed budgets ------------------------------------------------------------------------------


def test_the_task_list_keeps_its_budget(client, reporter, report, django_assert_max_num_queries):
    report(UNITS)
    client.force_login(reporter)
    with django_assert_max_num_queries(TASKS_BUDGET):
        response = client.get("/izleme/")
    html = response.content.decode()
    assert response.status_code == 200
    # One task per unit she reports for, each named.
    assert html.count('<tr class="task-') == len(UNITS) + 1
    assert all(name in html for name in names([ENTRY_UNIT, *UNITS]))


def test_the_entry_form_keeps_its_budget(
    client, reporter, period, enter, indicators, report, django_assert_max_num_queries
):
    report(UNITS)
    chosen = indicators[:7]
    enter(ENTRY_UNIT, chosen)
    client.force_login(reporter)
    with django_assert_max_num_queries(ENTRY_BUDGET):
        response = client.get(entry_url(period))
    html = response.content.decode()
    assert response.status_code == 200
    # The saved figures are in the form, and each value's history is listed.
    for indicator in chosen:
        assert f'name="v|{indicator.id}|" value="10"' in html
    assert "Geçmiş (" in html


def test_the_review_queue_keeps_its_budget(
    client, coordinator, report, django_assert_max_num_queries
):
    report(UNITS)
    client.force_login(coordinator)
    with django_assert_max_num_queries(QUEUE_BUDGET):
        response = client.get(QUEUE_URL)
    html = response.content.decode()
    assert response.status_code == 200
    queue = html.split("Tamlık ve zamanlılık")[0]
    assert queue.count(">İncele<") == len(UNITS)
    assert all(name in queue for name in names(UNITS))
    assert "Onaylandı" in queue and "Gönderildi" in queue


# --- The count does not grow with the data ------------------------------------------------------


@pytest.mark.parametrize("page", ["tasks", "entry", "queue"])
def test_the_query_count_does_not_grow_with_the_units(
    client, page, period, reporter, coordinator, enter, report, indicators
):
    url = {"tasks": "/izleme/", "entry": entry_url(period), "queue": QUEUE_URL}[page]
    client.force_login(coordinator if page == "queue" else reporter)

    report(UNITS[:HALF])
    enter(ENTRY_UNIT, indicators[:3])
    fewer, _ = measured(client, url)

    report(UNITS[HALF:])
    enter(ENTRY_UNIT, indicators[: 1 + 2 * len(UNITS)])
    more, html = measured(client, url)

    # The second measure saw the added data.
    if page == "entry":
        assert f'name="v|{indicators[-1].id}|" value="10"' in html
    else:
        assert names(UNITS[-1:])[0] in html
    assert more == fewer
