"""The plan's violence indicators fed from the case records (feeds.py): suppressed yearly
figures written as computed, unapproved values into the responsible unit's draft, like
centres.network_services.network_counts_enter does for the network's events."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from esitkent.cases import care_services, feeds, services
from esitkent.cases.models import Case
from esitkent.core.errors import InputRejected
from esitkent.core.models import Provenance
from esitkent.monitoring.models import DataValue
from esitkent.monitoring.period_services import period_lock, reporting_period_create
from esitkent.orgs.models import District, Organisation

from .conftest import DEMOGRAPHICS

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 21)
CODES = (feeds.PERSONS_SERVED, feeds.SERVICES_PROVIDED)


@pytest.fixture
def unit(db):
    """The unit load_izmir assigns both indicators to."""
    return Organisation.objects.get(code="sosyal-projeler-db")


@pytest.fixture
def period_2024(izmir_plan):
    return reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=60)
    )


@pytest.fixture
def make(caseworker, kdm):
    def records(
        n,
        *,
        district,
        age_band="30-44",
        disability="no",
        consent=True,
        applied_on=dt.date(2024, 3, 12),
        service="legal",
        provided_on=dt.date(2024, 4, 2),
    ) -> list[Case]:
        made = []
        for _ in range(n):
            case = services.case_open(
                centre=kdm,
                by=caseworker,
                applied_on=applied_on,
                channel="walk_in",
                demographics={**DEMOGRAPHICS, "age_band": age_band, "disability": disability},
                district=District.objects.get(code=district) if district else None,
                referral_consent=True,
                statistics_consent=consent,
                today=TODAY,
                log=False,
            )
            if service:
                care_services.service_set(
                    case=case,
                    by=caseworker,
                    service=service,
                    status="provided",
                    provided_on=provided_on,
                    log=False,
                )
            made.append(case)
        return made

    return records


@pytest.fixture
def year_2024(make):
    """Consented: Karşıyaka 14, Buca 12 (18–29), Bornova 11, Tire 2 (65+, disabled) = 39.
    Around them, records that must not count."""
    cases = {
        "karsiyaka": make(14, district="karsiyaka"),
        "buca": make(12, district="buca", age_band="18-29", service="psychological"),
        "bornova": make(11, district="bornova"),
        "tire": make(2, district="tire", age_band="65+", disability="yes"),
    }
    make(6, district="tire", consent=False)  # no statistics consent
    make(5, district="karsiyaka", applied_on=dt.date(2025, 2, 1), provided_on=dt.date(2025, 2, 1))
    return cases


def values() -> dict[tuple[str, str], int]:
    rows = DataValue.objects.filter(indicator__code__in=CODES).select_related("indicator")
    return {(v.indicator.code, v.breakdown_key): int(v.value) for v in rows}


def test_the_year_is_written_suppressed_computed_and_unapproved(
    izmir_plan, year_2024, period_2024, network_coordinator, unit
):
    written = feeds.violence_indicators_enter(plan=izmir_plan, year=2024, by=network_coordinator)

    assert sorted(written) == [
        f"siddet-1.1.1-g3: 39 → {unit.name}",
        f"siddet-1.1.1-g5: 39 → {unit.name}",
    ]
    assert values() == {
        ("siddet-1.1.1-g3", ""): 39,
        ("siddet-1.1.1-g3", "sex=F"): 39,
        # 65+ (2) is hidden, and 18–29 with it, so that 39 − 25 does not give it away.
        ("siddet-1.1.1-g3", "age=30-44"): 25,
        # Tire (2) is hidden, and Bornova (11) with it.
        ("siddet-1.1.1-g3", "district=karsiyaka"): 14,
        ("siddet-1.1.1-g3", "district=buca"): 12,
        # Disability: 37 and 2, both hidden.
        ("siddet-1.1.1-g5", ""): 39,
        ("siddet-1.1.1-g5", "district=karsiyaka"): 14,
        ("siddet-1.1.1-g5", "district=buca"): 12,
    }
    rows = DataValue.objects.filter(indicator__code__in=CODES).select_related("submission")
    assert {v.provenance for v in rows} == {Provenance.COMPUTED}
    assert not any(v.approved for v in rows)
    assert {v.organisation for v in rows} == {unit}
    assert {v.period for v in rows} == {"2024"}
    assert {v.comment for v in rows} == {feeds.COMMENT}
    assert {v.updated_by for v in rows} == {network_coordinator}
    assert {(v.submission.period, v.submission.status) for v in rows} == {(period_2024, "draft")}


def test_a_figure_that_falls_under_ten_is_removed_on_the_next_run(
    izmir_plan, year_2024, period_2024, network_coordinator, caseworker
):
    feeds.violence_indicators_enter(plan=izmir_plan, year=2024, by=network_coordinator)
    assert values()[("siddet-1.1.1-g3", "district=buca")] == 12

    for case in year_2024["buca"][:3]:  # three women withdraw their statistics consent
        services.consent_record(case=case, by=caseworker, kind="statistics", granted=False)
    feeds.violence_indicators_enter(plan=izmir_plan, year=2024, by=network_coordinator)

    now = values()
    assert ("siddet-1.1.1-g3", "district=buca") not in now  # 9: hidden, not left at 12
    assert ("siddet-1.1.1-g5", "district=buca") not in now
    # Buca (9) and Tire (2) now hide each other; Bornova (11) is shown.
    assert now[("siddet-1.1.1-g3", "district=bornova")] == 11
    assert now[("siddet-1.1.1-g3", "")] == 36
    assert DataValue.objects.filter(indicator__code__in=CODES).count() == len(now)


def test_a_small_year_writes_no_figure(izmir_plan, make, period_2024, network_coordinator):
    make(4, district="karsiyaka")
    make(3, district="buca")

    written = feeds.violence_indicators_enter(plan=izmir_plan, year=2024, by=network_coordinator)

    assert all("gizli (10'dan az)" in line for line in written) and len(written) == 2
    assert values() == {}


def test_only_consented_records_feed_the_plan(izmir_plan, make, period_2024, network_coordinator):
    make(12, district="karsiyaka")
    make(20, district="karsiyaka", consent=False)

    feeds.violence_indicators_enter(plan=izmir_plan, year=2024, by=network_coordinator)

    assert values()[("siddet-1.1.1-g3", "")] == 12
    assert values()[("siddet-1.1.1-g5", "district=karsiyaka")] == 12


def test_a_year_without_a_reporting_period_is_refused(izmir_plan, year_2024, network_coordinator):
    with pytest.raises(InputRejected) as exc:
        feeds.violence_indicators_enter(plan=izmir_plan, year=2024, by=network_coordinator)

    [problem] = exc.value.problems
    assert problem.where == "dönem 2024"
    assert str(problem.message) == "planın 2024 için bir raporlama dönemi yok"
    assert not DataValue.objects.filter(indicator__code__in=CODES).exists()


def test_a_locked_period_refuses_the_figures(
    izmir_plan, year_2024, period_2024, network_coordinator
):
    period_lock(period=period_2024)

    with pytest.raises(InputRejected) as exc:
        feeds.violence_indicators_enter(plan=izmir_plan, year=2024, by=network_coordinator)

    assert "2024 dönemi kapandı" in str(exc.value)
    assert not DataValue.objects.filter(indicator__code__in=CODES).exists()


# --- the page --------------------------------------------------------------------------------


def test_the_network_coordinator_writes_them_from_the_statistics_page(
    client, year_2024, period_2024, network_coordinator, unit
):
    client.force_login(network_coordinator)

    response = client.post("/vakalar/istatistik/", {"yil": "2024"})

    assert response.status_code == 302 and response["Location"] == "/vakalar/istatistik/"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Onay bekleyen değerler olarak yazıldı: ")
    assert f"siddet-1.1.1-g3: 39 → {unit.name}" in message
    assert f"siddet-1.1.1-g5: 39 → {unit.name}" in message
    assert values()[("siddet-1.1.1-g3", "")] == 39


def test_the_page_names_a_missing_period_or_year(client, year_2024, network_coordinator):
    client.force_login(network_coordinator)

    response = client.post("/vakalar/istatistik/", {"yil": "2024"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "dönem 2024: planın 2024 için bir raporlama dönemi yok"
    ]
    response = client.post("/vakalar/istatistik/", {"yil": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "Yıl seçilmedi."
    assert not DataValue.objects.filter(indicator__code__in=CODES).exists()
