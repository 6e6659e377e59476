"""The network's trainings and meetings, their count into the plan's indicators, and the demo
network with its purge."""

import datetime as dt

import pytest
from django.utils import timezone

from esitkent.centres.models import (
    Assessment,
    Centre,
    EventParticipation,
    ImprovementAction,
    NetworkEvent,
    ShelterAddress,
    StaffPosition,
)
from esitkent.centres.network_services import network_counts_enter, network_event_record
from esitkent.centres.sample_services import sample_network_purge
from esitkent.centres.selectors import network_counts
from esitkent.centres.services import centre_profile_update
from esitkent.core.errors import InputRejected
from esitkent.core.models import Provenance
from esitkent.monitoring.models import DataValue
from esitkent.monitoring.period_services import period_lock, reporting_period_create
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity

pytestmark = pytest.mark.django_db

TRAINING, SHARING = NetworkEvent.Kind.TRAINING, NetworkEvent.Kind.SHARING


def activity(plan, code: str) -> Activity:
    return Activity.objects.get(
        subgoal__goal__area__plan=plan, subgoal__goal__area__code="siddet", code=code
    )


def centre(code: str) -> Centre:
    return Centre.objects.get(code=code)


@pytest.fixture
def events_2024(izmir_plan, coordinator):
    """Two trainings (1.1.2) and a meeting (1.1.4) in 2024, and a training in 2023."""
    record = dict(by=coordinator, year=2024)
    network_event_record(
        kind=TRAINING,
        title="Başvuru alma eğitimi",
        held_on=dt.date(2024, 3, 12),
        activity=activity(izmir_plan, "1.1.2"),
        participation={
            centre("kdm-karsiyaka"): (3, 1),
            centre("kdm-buca"): (2, 0),
            centre("anahtar"): (1, 1),  # no district recorded: counts in the totals only
        },
        **record,
    )
    network_event_record(
        kind=TRAINING,
        title="Görüşme teknikleri",
        held_on=None,
        activity=activity(izmir_plan, "1.1.2"),
        participation={centre("kdm-buca"): (4, 0), centre("kdm-tire"): (0, 0)},
        **record,
    )
    network_event_record(
        kind=SHARING,
        title="Deneyim paylaşım toplantısı",
        held_on=dt.date(2024, 11, 7),
        activity=activity(izmir_plan, "1.1.4"),
        participation={centre("kdm-urla"): (5, 2)},
        **record,
    )
    network_event_record(
        kind=TRAINING,
        title="Geçen yılın eğitimi",
        year=2023,
        held_on=dt.date(2023, 5, 1),
        activity=activity(izmir_plan, "1.1.2"),
        participation={centre("kdm-karsiyaka"): (9, 9)},
        by=coordinator,
    )


@pytest.fixture
def open_period(izmir_plan):
    return reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=60)
    )


def test_an_event_is_refused_whole_with_each_problem_named(izmir_plan, coordinator):
    events_before = NetworkEvent.objects.count()  # the seed's trainings
    with pytest.raises(InputRejected) as exc:
        network_event_record(
            kind="party",
            title="  ",
            year=2024,
            held_on=dt.date(2023, 12, 31),
            activity=activity(izmir_plan, "1.1.2"),
            participation={centre("kdm-buca"): (400, 101), centre("kdm-tire"): (-1, 0)},
            by=coordinator,
        )

    assert {p.where for p in exc.value.problems} == {
        "tür",
        "başlık",
        "tarih",
        "katılımcı: Buca Belediyesi Kadın Danışma Merkezi",
        "katılımcı: Tire Belediyesi Kadın Danışma Merkezi",
    }
    assert NetworkEvent.objects.count() == events_before
    assert not EventParticipation.objects.exists()


def test_an_event_keeps_only_centres_that_took_part(izmir_plan, coordinator):
    event = network_event_record(
        kind=SHARING,
        title="  Bahar toplantısı ",
        year=2024,
        held_on=None,
        activity=activity(izmir_plan, "1.1.4"),
        participation={centre("kdm-buca"): (2, 1), centre("kdm-tire"): (0, 0)},
        by=coordinator,
    )

    assert event.title == "Bahar toplantısı"
    assert event.provenance == Provenance.MANUAL and event.created_by == coordinator
    assert [(p.centre.code, p.total) for p in event.participants.all()] == [("kdm-buca", 3)]


def test_network_counts_sum_events_and_participants_per_activity(izmir_plan, events_2024):
    counts = {c.activity_code: c for c in network_counts(plan=izmir_plan, year=2024)}

    assert set(counts) == {"1.1.2", "1.1.4"}
    trainings = counts["1.1.2"]
    assert trainings.events == [({}, 2)]
    assert trainings.participants == [
        ({}, 12),
        ({"sex": "F"}, 10),
        ({"sex": "M"}, 2),
        ({"district": "buca"}, 6),
        ({"district": "karsiyaka"}, 4),
    ]
    assert set(trainings.indicators) >= {"g1", "g3"}
    assert trainings.indicators["g3"].code == "siddet-1.1.2-g3"
    meetings = counts["1.1.4"]
    assert meetings.events == [({}, 1)]
    assert meetings.participants == [
        ({}, 7),
        ({"sex": "F"}, 5),
        ({"sex": "M"}, 2),
        ({"district": "urla"}, 7),
    ]


def test_counts_go_to_the_assigned_unit_as_computed_values_awaiting_approval(
    izmir_plan, events_2024, open_period, coordinator
):
    written = network_counts_enter(plan=izmir_plan, year=2024, by=coordinator)

    assert len(written) == 4
    values = DataValue.objects.filter(indicator__code__regex=r"^siddet-1\.1\.[24]-g[13]$")
    assert {
        (v.indicator.code, v.breakdown_key): int(v.value)
        for v in values.select_related("indicator")
    } == {
        ("siddet-1.1.2-g1", ""): 2,
        ("siddet-1.1.2-g3", ""): 12,
        ("siddet-1.1.2-g3", "sex=F"): 10,
        ("siddet-1.1.2-g3", "sex=M"): 2,
        ("siddet-1.1.2-g3", "district=buca"): 6,
        ("siddet-1.1.2-g3", "district=karsiyaka"): 4,
        ("siddet-1.1.4-g1", ""): 1,
        ("siddet-1.1.4-g3", ""): 7,
        ("siddet-1.1.4-g3", "sex=F"): 5,
        ("siddet-1.1.4-g3", "sex=M"): 2,
        ("siddet-1.1.4-g3", "district=urla"): 7,
    }
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    assert {v.organisation for v in values} == {sosyal}
    assert {v.period for v in values} == {"2024"}
    assert {v.provenance for v in values} == {Provenance.COMPUTED}
    assert not any(v.approved for v in values)
    assert {(v.submission.organisation, v.submission.period) for v in values} == {
        (sosyal, open_period)
    }
    assert {v.submission.status for v in values} == {"draft"}


def test_entering_counts_again_updates_rather_than_duplicates(
    izmir_plan, events_2024, open_period, coordinator
):
    network_counts_enter(plan=izmir_plan, year=2024, by=coordinator)
    network_event_record(
        kind=SHARING,
        title="Güz toplantısı",
        year=2024,
        held_on=None,
        activity=activity(izmir_plan, "1.1.4"),
        participation={centre("kdm-urla"): (1, 0)},
        by=coordinator,
    )

    network_counts_enter(plan=izmir_plan, year=2024, by=coordinator)

    meetings = DataValue.objects.filter(indicator__code="siddet-1.1.4-g1")
    assert [int(v.value) for v in meetings] == [2]


def test_a_locked_period_refuses_the_counts(izmir_plan, events_2024, open_period, coordinator):
    period_lock(period=open_period)

    with pytest.raises(InputRejected) as exc:
        network_counts_enter(plan=izmir_plan, year=2024, by=coordinator)

    assert str(exc.value) == "dönem: 2024 dönemi kapandı; koordinatör yeniden açabilir"
    assert not DataValue.objects.filter(indicator__code__startswith="siddet-1.1.").exists()


def test_a_year_without_a_period_is_refused(izmir_plan, events_2024, coordinator):
    with pytest.raises(InputRejected) as exc:
        network_counts_enter(plan=izmir_plan, year=2024, by=coordinator)

    assert "2024 için bir raporlama dönemi yok" in str(exc.value)


# --- The demo network and its purge ---------------------------------------------------------


def test_the_demo_network_is_flagged_as_sample_wherever_it_is_stored(sample_network):
    assert Centre.objects.count() == 30
    assert Centre.objects.filter(provenance=Provenance.SAMPLE).count() == 8
    assert not Centre.objects.filter(profile_is_sample=False).exists()
    assert sample_network["profiles"] == 30 and sample_network["events"] == 6
    shelters = Centre.objects.filter(kind=Centre.Kind.SHELTER)
    assert ShelterAddress.objects.count() == shelters.count() == 6
    assert not shelters.exclude(address="").exists()
    assessments = Assessment.objects.all()
    assert assessments.count() == sample_network["assessments"] > 0
    assert all(a.is_sample and a.status == Assessment.Status.VERIFIED for a in assessments)
    assert not StaffPosition.objects.filter(is_sample=False).exists()
    assert not EventParticipation.objects.filter(is_sample=False).exists()


def test_purging_the_demo_leaves_the_seed_registry_without_profiles(sample_network):
    sample_network_purge()

    assert not Centre.objects.filter(provenance=Provenance.SAMPLE).exists()
    assert Centre.objects.filter(provenance=Provenance.SEED).count() == 22
    assert Centre.objects.filter(kind=Centre.Kind.COUNSELLING).count() == 20
    assert set(
        Centre.objects.exclude(kind=Centre.Kind.COUNSELLING).values_list("code", flat=True)
    ) == {
        "anahtar",
        "izbb-siginmaevi",
    }
    for row in Centre.objects.all():
        assert (row.phone, row.address, row.opening_hours) == ("", "", "")
        assert (row.services, row.conditions, row.shelter_places) == ([], {}, None)
        assert row.profile_is_sample is False
    assert not ShelterAddress.objects.exists()
    assert not StaffPosition.objects.exists()
    assert not Assessment.objects.exists() and not ImprovementAction.objects.exists()
    assert not NetworkEvent.objects.filter(provenance=Provenance.SAMPLE).exists()
    assert not EventParticipation.objects.filter(is_sample=True).exists()
    assert not Organisation.objects.filter(
        code__in=["ornek-kadin-dernegi", "kdm-ornek-bornova", "kse-ornek-belediye-1"]
    ).exists()


def test_purging_keeps_what_people_entered(sample_network, kdm, manager):
    centre_profile_update(
        centre=kdm,
        address="Gerçek adres",
        phone="0 232 123 45 67",
        email="",
        opening_hours="",
        services=["legal"],
        conditions={},
        staff={"lawyer": (1, "")},
        shelter_places=None,
        by=manager,
    )

    sample_network_purge()

    kdm.refresh_from_db()
    assert (kdm.address, kdm.phone, kdm.services) == ("Gerçek adres", "0 232 123 45 67", ["legal"])
    assert [(s.role, s.count) for s in kdm.staff.all()] == [("lawyer", 1)]
    # The seed's own trainings stay, without their sample participants.
    seed_events = NetworkEvent.objects.filter(provenance=Provenance.SEED)
    assert seed_events.count() == 2
    assert not EventParticipation.objects.exists()
