"""Sample data for the demo: the centres the seeds count but do not name, a profile for every
centre (the seeds describe none), last year's verified assessments and the network's events.
All of it is flagged as sample where it is stored and removed by `sample_network_purge`."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q

from esitkent.core.models import Provenance
from esitkent.orgs.models import Organisation

from . import domain
from .assessment_services import assessment_start, assessment_submit, assessment_verify
from .models import (
    Assessment,
    AssessmentAnswer,
    Centre,
    EventParticipation,
    ImprovementAction,
    NetworkEvent,
    ShelterAddress,
    StaffPosition,
)
from .network_services import network_event_record
from .selectors import NETWORK_ACTIVITY_CODES, network_activities
from .services import centres_load

PLAN = "izmir-yeep-2022-2024"


def _profile(centre: Centre) -> None:
    rng = random.Random(centre.code)  # the same demo on every machine
    number = f"0 (232) 000 {rng.randint(10, 99)} {rng.randint(10, 99)}"
    centre.phone = f"{number} (ÖRNEK)"
    centre.opening_hours = "Hafta içi 08.30–17.30 (ÖRNEK)"
    if centre.is_shelter:
        centre.services = ["accommodation", "psychological", "social_work", "legal", "childcare"]
        centre.shelter_places = rng.choice([12, 16, 20, 24, 30])
        centre.opening_hours = "7 gün 24 saat (ÖRNEK)"
        ShelterAddress.objects.update_or_create(
            centre=centre,
            defaults={
                "address": f"ÖRNEK GİZLİ ADRES {rng.randint(100, 999)} — gerçek değildir",
                "is_sample": True,
            },
        )
    else:
        district = centre.district.name if centre.district else "İzmir"
        centre.address = f"ÖRNEK ADRES — {district} (gerçek değildir)"
        offered = ["psychological", "social_work", "shelter_referral"]
        for code, chance in (
            ("legal", 0.7),
            ("support_line", 0.3),
            ("group_work", 0.5),
            ("childcare", 0.4),
            ("economic", 0.5),
            ("child_development", 0.3),
            ("health_referral", 0.6),
            ("interpretation", 0.15),
        ):
            if rng.random() < chance:
                offered.append(code)
        centre.services = [c for c in domain.SERVICES if c in offered]
    centre.conditions = {
        code: rng.choices(["yes", "partial", "no"], weights=[6, 2, 2])[0]
        for code in domain.CONDITIONS
    }
    centre.profile_is_sample = True
    centre.save()
    staff = {
        "manager": 1,
        "social_worker": rng.randint(1, 3),
        "psychologist": rng.choices([0, 1, 2], weights=[1, 3, 1])[0],
        "lawyer": rng.choices([0, 1], weights=[2, 1])[0],
        "child_development": rng.choices([0, 1], weights=[2, 1])[0],
        "administrative": rng.randint(0, 2),
    }
    for role, count in staff.items():
        if count:
            StaffPosition.objects.update_or_create(
                centre=centre,
                role=role,
                defaults={
                    "count": count,
                    "qualifications": "Toplumsal cinsiyete duyarlı başvuru alma eğitimi (ÖRNEK)",
                    "is_sample": True,
                },
            )


def _sample_assessment(centre: Centre, year: int) -> None:
    rng = random.Random(f"{centre.code}-{year}")
    assessment = assessment_start(centre=centre, year=year, by=None, is_sample=True)
    if assessment.status != Assessment.Status.DRAFT:
        return
    answers = list(assessment.answers.select_related("item"))
    for answer in answers:
        answer.self_rating = rng.choices(["met", "partly", "not_met", "na"], weights=[6, 3, 2, 1])[
            0
        ]
        answer.self_note = "ÖRNEK açıklama" if answer.self_rating in domain.NEEDS_ACTION else ""
    AssessmentAnswer.objects.bulk_update(answers, ["self_rating", "self_note"])
    assessment_submit(assessment=assessment, by=None)
    changes = {}
    for answer in answers:
        if answer.self_rating == "met" and rng.random() < 0.1:
            changes[answer.item_id] = ("partly", "ÖRNEK: kanıt yeterli değil")
    actions = assessment_verify(
        assessment=assessment, changes=changes, by=None, today=dt.date(year, 12, 15)
    )
    # A year on, most of a sample plan has moved: some done, some under way, a few open.
    for action in actions:
        action.status = rng.choices(["done", "in_progress", "open"], weights=[5, 3, 2])[0]
        action.owner = "Merkez sorumlusu (ÖRNEK)"
    ImprovementAction.objects.bulk_update(actions, ["status", "owner"])


@transaction.atomic
def sample_network_create(*, document: dict, today: dt.date) -> dict[str, int]:
    centres_load(document=document, provenance=Provenance.SAMPLE)
    profiles = 0
    for centre in Centre.objects.select_related("district"):
        if centre.profile_updated_at is None and not centre.services:
            _profile(centre)
            profiles += 1
    assessed = 0
    for centre in Centre.objects.filter(kind=Centre.Kind.COUNSELLING).order_by("code")[::3]:
        _sample_assessment(centre, today.year - 1)
        assessed += 1
    events = 0
    if not NetworkEvent.objects.filter(provenance=Provenance.SAMPLE).exists():
        events = _events()
    return {"profiles": profiles, "assessments": assessed, "events": events}


def _events() -> int:
    by_kind = network_activities(PLAN)
    activities = {NETWORK_ACTIVITY_CODES[kind]: a for kind, a in by_kind.items()}
    if len(activities) != 2:
        return 0
    kdms = list(Centre.objects.filter(kind=Centre.Kind.COUNSELLING).order_by("code"))
    rng = random.Random("network-events")

    def some(k: int) -> dict[Centre, tuple[int, int]]:
        return {c: (rng.randint(1, 4), rng.choice([0, 0, 1])) for c in rng.sample(kdms, k)}

    made = 0
    # The seed's trainings print no participants: the demo gives them sample ones.
    for event in NetworkEvent.objects.filter(provenance=Provenance.SEED, participants=None):
        EventParticipation.objects.bulk_create(
            EventParticipation(event=event, centre=c, women=w, men=m, is_sample=True)
            for c, (w, m) in some(12).items()
            if w + m > 0
        )
        made += 1
    for kind, title, day, activity in (
        (
            NetworkEvent.Kind.TRAINING,
            "ÖRNEK: Yeni personel oryantasyonu",
            dt.date(2024, 3, 12),
            "1.1.2",
        ),
        (
            NetworkEvent.Kind.TRAINING,
            "ÖRNEK: Veri yönetimi ve vaka analizi",
            dt.date(2024, 9, 24),
            "1.1.2",
        ),
        (
            NetworkEvent.Kind.SHARING,
            "ÖRNEK: KDM deneyim paylaşım toplantısı (bahar)",
            dt.date(2024, 4, 18),
            "1.1.4",
        ),
        (
            NetworkEvent.Kind.SHARING,
            "ÖRNEK: KDM deneyim paylaşım toplantısı (güz)",
            dt.date(2024, 11, 7),
            "1.1.4",
        ),
    ):
        network_event_record(
            kind=kind,
            title=title,
            year=day.year,
            held_on=day,
            activity=activities[activity],
            participation=some(rng.randint(6, 14)),
            by=None,
            provenance=Provenance.SAMPLE,
            source="ÖRNEK VERİ",
            sample_participants=True,
        )
        made += 1
    return made


@transaction.atomic
def sample_network_purge() -> dict[str, int]:
    """Remove every sample row of the network; seed centres keep their identity and lose
    the sample profile (they show "not yet entered" until a manager fills it in)."""
    removed = {}
    # A real event may list a sample centre; that line goes with the centre.
    removed["participations"] = EventParticipation.objects.filter(
        Q(is_sample=True) | Q(centre__provenance=Provenance.SAMPLE)
    ).delete()[0]
    removed["events"] = NetworkEvent.objects.filter(provenance=Provenance.SAMPLE).delete()[0]
    removed["assessments"] = Assessment.objects.filter(is_sample=True).delete()[0]
    sample_profiles = Centre.objects.filter(profile_is_sample=True)
    # Only sample addresses: a real one entered after the demo began stays.
    ShelterAddress.objects.filter(is_sample=True).delete()
    StaffPosition.objects.filter(is_sample=True).delete()
    removed["profiles"] = sample_profiles.update(
        address="",
        phone="",
        email="",
        opening_hours="",
        services=[],
        conditions={},
        shelter_places=None,
        profile_is_sample=False,
    )
    sample_centres = Centre.objects.filter(provenance=Provenance.SAMPLE)
    org_ids = list(sample_centres.values_list("organisation_id", flat=True))
    removed["centres"] = sample_centres.count()
    sample_centres.delete()
    Organisation.objects.filter(pk__in=org_ids, provenance=Provenance.SAMPLE).delete()
    Organisation.objects.filter(provenance=Provenance.SAMPLE, kind=Organisation.Kind.NGO).filter(
        operated_centres=None, memberships=None
    ).delete()
    return removed
