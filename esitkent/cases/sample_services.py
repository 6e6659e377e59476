"""Synthetic case records for the demo and the benchmarks. Every row is `is_sample`, every
identity is made up and says so ("Örnek Kişi 17"), and `sample_cases_purge` removes them all.
A real record is never sample, so the two never mix.

The mix of forms, types and relationships follows the shape of TÜİK's 2024 survey
(psychological and economic violence most common, partners the usual perpetrators); it is
not a statistic of any real centre.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.db import transaction

from esitkent.centres.models import Centre
from esitkent.core.crypto import blind_index
from esitkent.orgs.models import District

from . import domain
from .models import Case, CaseService, Consent, Incident, RiskAssessment, SupportLineCall

FORM_WEIGHTS = {
    "psychological": 0.75,
    "verbal": 0.6,
    "economic": 0.45,
    "physical": 0.4,
    "digital": 0.15,
    "stalking": 0.12,
    "sexual": 0.08,
}
RELATIONSHIP_WEIGHTS = {
    "partner": 50,
    "former_partner": 18,
    "boyfriend": 6,
    "family": 12,
    "in_laws": 5,
    "acquaintance": 4,
    "work": 2,
    "stranger": 1,
    "unknown": 2,
}
AGE_WEIGHTS = {"15-17": 2, "18-29": 30, "30-44": 42, "45-64": 20, "65+": 3, "unknown": 3}
CHANNEL_WEIGHTS = {
    "walk_in": 40,
    "support_line": 15,
    "sonim": 12,
    "police": 10,
    "health": 5,
    "kades": 3,
    "hotline_183_155": 5,
    "other_centre": 6,
    "outreach": 4,
}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _national_id(rng: random.Random) -> str:
    """A number with valid check digits, so it exercises the same path as a real one."""
    first_nine = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return first_nine + domain.national_id_check_digits(first_nine)


def _code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = domain.survivor_code(rng.choice)
        if code not in used:
            used.add(code)
            return code


def _sample_case(
    rng: random.Random,
    number: int,
    centres: Sequence[Centre],
    districts: list[District],
    start: dt.date,
    span: int,
    used: set[str],
    identity_share: float,
) -> Case:
    """One made-up record; `number` names her ("Örnek Kişi 17") so a sample is never mistaken
    for a real woman."""
    centre = rng.choice(centres)
    known = rng.random() < identity_share
    national_id = _national_id(rng) if known and rng.random() < 0.5 else ""
    district = centre.district if centre.district and rng.random() < 0.7 else None
    if district is None and rng.random() < 0.8:
        district = rng.choice(districts)
    return Case(
        centre=centre,
        survivor_code=_code(rng, used),
        applied_on=start + dt.timedelta(days=rng.randint(0, span)),
        channel=_pick(rng, CHANNEL_WEIGHTS),
        name=f"Örnek Kişi {number}" if known else "",
        national_id=national_id,
        national_id_index=blind_index(national_id) if national_id else "",
        phone=f"0555 {number % 1000:03d} {number % 100:02d} {number % 97:02d}" if known else "",
        address=f"Örnek Mahallesi, Örnek Sokak No {number % 200}" if known else "",
        safe_contact="Hafta içi 10:00–12:00, SMS güvenli değil" if known else "",
        confidential_address=rng.random() < 0.1,
        age_band=_pick(rng, AGE_WEIGHTS),
        district=district,
        education=rng.choice(list(domain.EDUCATION)),
        employment=rng.choice(list(domain.EMPLOYMENT)),
        marital_status=rng.choice(list(domain.MARITAL_STATUS)),
        children=rng.choice(list(domain.CHILDREN)),
        disability="yes" if rng.random() < 0.06 else "no",
        nationality="citizen" if rng.random() < 0.9 else "temporary_protection",
        referral_consent=rng.random() < 0.85,
        statistics_consent=rng.random() < 0.9,
        is_sample=True,
    )


def synthetic_cases(
    *,
    count: int,
    centres: Sequence[Centre],
    start: dt.date,
    end: dt.date,
    seed: int = 2026,
    identity_share: float = 0.6,
    batch: int = 5000,
) -> int:
    """Bulk-create `count` sample records with one or two incidents, consents, a service line
    or two and, for some, a risk assessment. Writes in batches; returns the number made."""
    rng = random.Random(seed)
    districts = list(District.objects.all())
    span = (end - start).days
    used = set(Case.objects.values_list("survivor_code", flat=True))
    made = 0
    number = Case.objects.filter(is_sample=True).count()
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            cases = []
            for _ in range(size):
                number += 1
                cases.append(
                    _sample_case(rng, number, centres, districts, start, span, used, identity_share)
                )
            Case.objects.bulk_create(cases)
            _children(rng, cases)
        made += size
    return made


def _children(rng: random.Random, cases: list[Case]) -> None:
    consents, incidents, services, risks = [], [], [], []
    # Per record in this order, so that a seed makes the same records every time.
    for case in cases:
        consents += _sample_consents(case)
        incidents += _sample_incidents(rng, case)
        services += _sample_services(rng, case)
        if rng.random() < 0.4:
            risks.append(_sample_risk(rng, case))
    Consent.objects.bulk_create(consents)
    Incident.objects.bulk_create(incidents)
    CaseService.objects.bulk_create(services)
    RiskAssessment.objects.bulk_create(risks)


def _sample_consents(case: Case) -> list[Consent]:
    return [
        Consent(
            case=case,
            kind=kind,
            granted=granted,
            version=domain.CONSENT_VERSION,
            given_on=case.applied_on,
        )
        for kind, granted in (
            (Consent.Kind.REFERRAL, case.referral_consent),
            (Consent.Kind.STATISTICS, case.statistics_consent),
        )
    ]


def _sample_incidents(rng: random.Random, case: Case) -> list[Incident]:
    incidents = []
    for _ in range(1 if rng.random() < 0.75 else 2):
        forms = [f for f, w in FORM_WEIGHTS.items() if rng.random() < w] or ["psychological"]
        answers = {
            "penetration": "sexual" in forms and rng.random() < 0.4,
            "sexual_contact": "sexual" in forms,
            "physical": "physical" in forms,
            "forced_marriage": case.age_band == "15-17" and rng.random() < 0.3,
            "denial": "economic" in forms,
        }
        occurred = case.applied_on - dt.timedelta(days=int(rng.expovariate(1 / 20)))
        incidents.append(
            Incident(
                case=case,
                occurred_on=occurred,
                time_to_application=domain.time_to_application(occurred, case.applied_on),
                forms=forms,
                classifier_answers=answers,
                core_type=domain.core_type(answers),
                perpetrator_relationship=_pick(rng, RELATIONSHIP_WEIGHTS),
            )
        )
    return incidents


def _sample_services(rng: random.Random, case: Case) -> list[CaseService]:
    lines = []
    for service in rng.sample(["psychological", "legal", "social_work", "financial"], 2):
        provided = rng.random() < 0.7
        lines.append(
            CaseService(
                case=case,
                service=service,
                status="provided" if provided else "needed",
                provided_on=case.applied_on + dt.timedelta(days=rng.randint(0, 20))
                if provided
                else None,
            )
        )
    return lines


def _sample_risk(rng: random.Random, case: Case) -> RiskAssessment:
    factors = [k for k in domain.RISK_QUESTIONS if rng.random() < 0.2]
    level = domain.risk_level(factors)
    return RiskAssessment(
        case=case,
        assessed_on=case.applied_on,
        factors=factors,
        level=level,
        next_review_on=domain.next_review(level, case.applied_on),
    )


def sample_calls_create(*, centres: Sequence[Centre], today: dt.date, per_centre: int, seed=7):
    rng = random.Random(seed)
    calls = []
    for centre in centres:
        for _ in range(per_centre):
            received = dt.datetime.combine(
                today - dt.timedelta(days=rng.randint(0, 60)), dt.time(rng.randint(8, 20))
            )
            calls.append(
                SupportLineCall(
                    centre=centre,
                    received_at=received.astimezone(dt.UTC),
                    caller_type=rng.choice(list(domain.CALLER_TYPES)),
                    forms=[f for f, w in FORM_WEIGHTS.items() if rng.random() < w / 2],
                    age_band=_pick(rng, AGE_WEIGHTS),
                    outcome=rng.choice(["information", "appointment", "referred"]),
                    is_sample=True,
                )
            )
    SupportLineCall.objects.bulk_create(calls)
    return len(calls)


@transaction.atomic
def sample_cases_create(*, today: dt.date, per_centre: int = 40) -> dict[str, int]:
    """The demo's records: over the last twelve months, at every counselling centre."""
    centres = list(Centre.objects.exclude(kind=Centre.Kind.PARTNER).order_by("code"))
    made = synthetic_cases(
        count=per_centre * len(centres),
        centres=centres,
        start=today - dt.timedelta(days=365),
        end=today,
    )
    calls = sample_calls_create(centres=centres[:5], today=today, per_centre=6)
    return {"cases": made, "calls": calls}
