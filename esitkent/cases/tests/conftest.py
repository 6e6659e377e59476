"""Fixtures of the case records. The session database holds İzmir's seed registry (22
centres, root conftest); tests add the people and records they need inside their own
transaction."""

import datetime as dt

import pytest

APPLICATION = {
    "applied_on": "2026-11-02",
    "channel": "walk_in",
    "referral_consent": "on",
    "statistics_consent": "on",
    "age_band": "30-44",
    "district": "karsiyaka",
    "education": "secondary",
    "employment": "unemployed",
    "marital_status": "married",
    "children": "2",
    "disability": "no",
    "nationality": "citizen",
    "name": "Deneme Kişi",
    "national_id": "10000000146",
    "phone": "0555 111 22 33",
    "address": "Deneme Mahallesi 1. Sokak",
    "safe_contact": "Sabah 10–12, SMS güvenli değil",
}
DEMOGRAPHICS = {
    "age_band": "30-44",
    "education": "secondary",
    "employment": "unemployed",
    "marital_status": "married",
    "children": "2",
    "disability": "no",
    "nationality": "citizen",
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Several people per test: the production hasher's rounds would cost most of the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def case_user(make_user):
    """A person with a case role at a centre, enrolled in two-factor login as her role
    requires: make('ayse', 'centre_staff', 'kdm-karsiyaka')."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from esitkent.centres.models import Centre

    def make(username: str, role: str, centre_code: str = "kdm-karsiyaka"):
        centre = Centre.objects.select_related("organisation").get(code=centre_code)
        user = make_user(username, role, centre.organisation.code)
        TOTP.activate(user, generate_totp_secret())
        return user

    return make


@pytest.fixture
def kdm(db):
    from esitkent.centres.models import Centre

    return Centre.objects.get(code="kdm-karsiyaka")


@pytest.fixture
def other_kdm(db):
    from esitkent.centres.models import Centre

    return Centre.objects.filter(kind="kdm").exclude(code="kdm-karsiyaka").order_by("code").first()


@pytest.fixture
def shelter(db):
    from esitkent.centres.models import Centre

    return Centre.objects.get(code="izbb-siginmaevi")


@pytest.fixture
def open_case(db):
    """open_case(centre, by, **overrides): a record through the service, as the intake makes it."""
    from esitkent.cases import services

    def make(centre, by, **overrides):
        arguments = {
            "centre": centre,
            "by": by,
            "applied_on": dt.date(2026, 11, 2),
            "channel": "walk_in",
            "demographics": dict(DEMOGRAPHICS),
            "identity": {"name": "Deneme Kişi", "phone": "0555 111 22 33"},
            "referral_consent": True,
            "statistics_consent": True,
            "today": dt.date(2026, 11, 21),
        }
        arguments.update(overrides)
        return services.case_open(**arguments)

    return make


@pytest.fixture
def caseworker(case_user):
    return case_user("ayse", "centre_staff", "kdm-karsiyaka")


@pytest.fixture
def manager(case_user):
    return case_user("mine", "centre_manager", "kdm-karsiyaka")


@pytest.fixture
def network_coordinator(make_user):
    """Aggregates only: no centre of her own, two-factor enrolled as her role requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("ag", "network_coordinator", "kadin-calismalari-sm")
    TOTP.activate(user, generate_totp_secret())
    return user


# --- Centre A's full record, for the protection and at-rest tests ------------------------------

CLOSURE_NOTE = "Kapanışta eşinin cezaevinden çıktığı öğrenildi"


@pytest.fixture
def centre_a(case_user, kdm):
    from types import SimpleNamespace

    from esitkent.accounts.models import Role

    return SimpleNamespace(
        centre=kdm,
        caseworker=case_user("cw-a", Role.CENTRE_STAFF, kdm.code),
        manager=case_user("mgr-a", Role.CENTRE_MANAGER, kdm.code),
    )


@pytest.fixture
def record(centre_a):
    """A's full record (identity, narrative, safety plan, attachment, notes), closed with a
    note so that every encrypted column holds a value."""
    from esitkent.cases import services

    from .test_access_matrix import TODAY, full_record

    case = full_record(centre_a.centre, centre_a.caseworker)
    services.case_close(
        case=case, by=centre_a.caseworker, closed_on=TODAY, reason="her_choice", note=CLOSURE_NOTE
    )
    return case


def synthetic_cases(centre, count=20) -> int:
    """Sample records with identities in every one, through the seeding service."""
    from esitkent.cases import sample_services

    from .test_access_matrix import TODAY

    return sample_services.synthetic_cases(
        count=count,
        centres=[centre],
        start=TODAY - dt.timedelta(days=200),
        end=TODAY,
        identity_share=1.0,
    )
