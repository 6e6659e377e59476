"""Every write to a case record (services.py): checked in full before anything is written,
each refusal naming the field in Turkish, each write leaving an access-log row."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from esitkent.cases import (
    alert_selectors,
    call_services,
    care_services,
    domain,
    referral_services,
    retention_services,
    sample_services,
    selectors,
    services,
)
from esitkent.cases.models import (
    AccessLogEntry,
    Case,
    CaseService,
    Consent,
    FollowUp,
    Incident,
    Referral,
    RiskAssessment,
    SupportLineCall,
)
from esitkent.centres.models import Centre
from esitkent.core.crypto import blind_index
from esitkent.core.errors import InputRejected

from .conftest import DEMOGRAPHICS

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 21)
APPLIED = dt.date(2026, 11, 2)
VALID_ID = "10000000146"


@pytest.fixture
def shelter_worker(case_user, shelter):
    return case_user("sevgi", "centre_staff", shelter.code)


@pytest.fixture
def other_worker(case_user, other_kdm):
    return case_user("deniz", "centre_staff", other_kdm.code)


@pytest.fixture
def case(open_case, kdm, caseworker):
    return open_case(kdm, caseworker)


def rejected(function, /, **kwargs) -> dict[str, str]:
    """The refusal's problems as {where: message}."""
    with pytest.raises(InputRejected) as exc:
        function(**kwargs)
    return {p.where: str(p.message) for p in exc.value.problems}


def row_counts() -> tuple[int, int, int]:
    return Case.objects.count(), Consent.objects.count(), AccessLogEntry.objects.count()


def actions(case) -> list[str]:
    return list(
        AccessLogEntry.objects.filter(case_code=case.survivor_code)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- case_open ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"demographics": {**DEMOGRAPHICS, "age_band": "40-50"}}, "yaş grubu"),
        ({"demographics": {**DEMOGRAPHICS, "disability": ""}}, "engellilik"),
        (
            {"demographics": {k: v for k, v in DEMOGRAPHICS.items() if k != "nationality"}},
            "uyruk / statü",
        ),
        ({"channel": "fax"}, "başvuru yolu"),
        ({"identity": {"national_id": "10000000147"}}, "T.C. kimlik no"),  # check digit
        ({"identity": {"national_id": "01000000146"}}, "T.C. kimlik no"),  # leading zero
        ({"identity": {"national_id": "1000000014"}}, "T.C. kimlik no"),  # ten digits
        ({"identity": {"national_id": "yok"}}, "T.C. kimlik no"),
        ({"identity": {"email": "x@example.org"}}, "kimlik"),
        ({"applied_on": TODAY + dt.timedelta(days=1)}, "başvuru tarihi"),
        ({"referral_services": ["massage"]}, "yönlendirme onamı: hizmetler"),
    ],
)
def test_a_bad_application_is_refused_naming_the_field_and_writes_nothing(
    open_case, kdm, caseworker, overrides, where
):
    before = row_counts()

    problems = rejected(open_case, centre=kdm, by=caseworker, **overrides)

    assert list(problems) == [where]
    assert row_counts() == before


def test_every_problem_is_named_at_once(open_case, kdm, caseworker):
    before = row_counts()
    problems = rejected(
        open_case,
        centre=kdm,
        by=caseworker,
        channel="fax",
        demographics={**DEMOGRAPHICS, "age_band": "?", "education": "?"},
        applied_on=TODAY + dt.timedelta(days=3),
        identity={"national_id": "12345678901"},
    )
    assert set(problems) == {
        "başvuru yolu",
        "yaş grubu",
        "eğitim durumu",
        "başvuru tarihi",
        "T.C. kimlik no",
    }
    assert problems["yaş grubu"] == "geçersiz seçim: '?'"
    assert problems["başvuru tarihi"] == "ileri bir tarih olamaz"
    assert row_counts() == before


def test_an_application_records_both_consents_with_version_and_date(open_case, kdm, caseworker):
    before = row_counts()

    case = open_case(
        kdm,
        caseworker,
        referral_consent=True,
        referral_services=["legal", "shelter"],
        statistics_consent=False,
    )

    assert row_counts() == (before[0] + 1, before[1] + 2, before[2] + 1)
    consents = {c.kind: c for c in case.consents.all()}
    assert set(consents) == {"referral", "statistics"}
    assert consents["referral"].granted and consents["referral"].services == ["legal", "shelter"]
    assert not consents["statistics"].granted  # a "no" is a decision too
    for consent in consents.values():
        assert consent.version == domain.CONSENT_VERSION
        assert consent.given_on == APPLIED
        assert consent.recorded_by == caseworker
    assert case.referral_consent and not case.statistics_consent
    assert case.status == Case.Status.OPEN and case.caseworker == caseworker
    assert case.survivor_code.startswith("V-") and len(case.survivor_code) == 11
    assert actions(case) == ["create"]


def test_refused_referral_consent_is_recorded_without_services(open_case, kdm, caseworker):
    case = open_case(
        kdm,
        caseworker,
        referral_consent=False,
        referral_services=["legal"],
        statistics_consent=False,
    )

    referral = case.consents.get(kind="referral")
    assert not referral.granted and referral.services == []
    assert not case.consents.get(kind="statistics").granted
    assert not case.referral_consent and not case.statistics_consent


def test_the_national_id_is_normalised_encrypted_and_blind_indexed(open_case, kdm, caseworker):
    case = open_case(kdm, caseworker, identity={"national_id": " 100 000 001 46 ", "name": " Ada "})

    case.refresh_from_db()
    assert case.national_id == VALID_ID and case.name == "Ada"
    assert case.national_id_index == blind_index(VALID_ID)
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id, name FROM cases_case WHERE id = %s", [case.pk])
        stored_id, stored_name = cursor.fetchone()
    assert VALID_ID not in stored_id and "Ada" not in stored_name
    assert selectors.find_by_national_id(caseworker, "100-000-001-46") == [case]
    assert open_case(kdm, caseworker).national_id_index == ""  # no number, no index


def test_no_log_row_when_asked_not_to(open_case, kdm, caseworker):
    case = open_case(kdm, caseworker, log=False)
    assert actions(case) == []


# --- consent_record -----------------------------------------------------------------------------


def test_withdrawing_statistics_consent_adds_a_row_and_flips_the_case(case, caseworker):
    consent = services.consent_record(
        case=case, by=caseworker, kind="statistics", granted=False, given_on=TODAY
    )

    case.refresh_from_db()
    assert not case.statistics_consent and case.referral_consent
    rows = list(case.consents.filter(kind="statistics").order_by("id"))
    assert [(c.granted, c.given_on) for c in rows] == [(True, APPLIED), (False, TODAY)]
    assert consent == rows[-1] and consent.version == domain.CONSENT_VERSION
    assert actions(case)[-1] == "update"
    assert (
        "geri çekildi" in AccessLogEntry.objects.filter(case_code=case.survivor_code).first().detail
    )


def test_a_bad_consent_kind_or_service_is_refused(case, caseworker):
    before = Consent.objects.count()
    assert set(
        rejected(services.consent_record, case=case, by=caseworker, kind="x", granted=True)
    ) == {"onam türü"}
    assert set(
        rejected(
            services.consent_record,
            case=case,
            by=caseworker,
            kind="referral",
            granted=True,
            services=["massage"],
        )
    ) == {"hizmetler"}
    assert Consent.objects.count() == before


def test_referral_consent_for_named_services_only_covers_those(case, caseworker, shelter):
    services.consent_record(
        case=case, by=caseworker, kind="referral", granted=True, services=["legal"]
    )

    problems = rejected(
        referral_services.referral_create,
        case=case,
        by=caseworker,
        to_centre=shelter,
        service="shelter",
    )
    assert set(problems) == {"onam"}
    assert not Referral.objects.exists()

    referral = referral_services.referral_create(
        case=case, by=caseworker, to_centre=shelter, service="legal"
    )
    assert not referral.consent_override


def test_a_referral_naming_no_service_is_not_covered_by_a_limited_consent(
    case, caseworker, shelter
):
    services.consent_record(
        case=case, by=caseworker, kind="referral", granted=True, services=["legal"]
    )

    assert set(
        rejected(referral_services.referral_create, case=case, by=caseworker, to_centre=shelter)
    ) == {"onam"}


def test_general_referral_consent_covers_every_service(case, caseworker, shelter):
    referral = referral_services.referral_create(
        case=case, by=caseworker, to_centre=shelter, service="shelter", sections=["risk"]
    )
    assert not referral.consent_override
    assert referral.sections == ["risk", "summary"]
    assert referral.from_centre == case.centre and referral.status == Referral.Status.PENDING


# --- incident_record ------------------------------------------------------------------------


def test_an_incident_takes_its_type_from_the_answers_and_its_band_from_the_dates(case, caseworker):
    incident = care_services.incident_record(
        case=case,
        by=caseworker,
        occurred_on=dt.date(2026, 10, 20),
        forms=["physical", "psychological", "physical"],
        answers={"physical": True, "denial": True, "ignored": True},
        relationship="former_partner",
        narrative="  itildi  ",
        today=TODAY,
    )

    assert incident.core_type == "physical_assault"
    assert incident.time_to_application == "6-14d"  # 13 days before 2 November
    assert incident.forms == ["physical", "psychological"]
    assert incident.classifier_answers == {
        "penetration": False,
        "sexual_contact": False,
        "physical": True,
        "forced_marriage": False,
        "denial": True,
    }
    assert incident.narrative == "itildi"
    assert actions(case)[-1] == "update"

    unknown = care_services.incident_record(
        case=case,
        by=caseworker,
        occurred_on=None,
        forms=["economic"],
        answers={},
        relationship="partner",
        today=TODAY,
    )
    assert unknown.core_type == "psychological_abuse" and unknown.time_to_application == "unknown"


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"forms": []}, "şiddet biçimleri"),
        ({"forms": ["spiritual"]}, "şiddet biçimleri"),
        ({"relationship": "cousin"}, "failin yakınlığı"),
        ({"occurred_on": TODAY + dt.timedelta(days=1)}, "olay tarihi"),
        ({"perpetrator_count": 0}, "fail sayısı"),
        ({"perpetrator_count": 21}, "fail sayısı"),
    ],
)
def test_a_bad_incident_is_refused(case, caseworker, overrides, where):
    arguments = {
        "case": case,
        "by": caseworker,
        "occurred_on": None,
        "forms": ["physical"],
        "answers": {},
        "relationship": "partner",
        "today": TODAY,
    }
    log_rows = AccessLogEntry.objects.count()
    assert list(rejected(care_services.incident_record, **{**arguments, **overrides})) == [where]
    assert not Incident.objects.exists() and AccessLogEntry.objects.count() == log_rows


@pytest.mark.parametrize("count", [1, 20])
def test_perpetrator_count_bounds_are_inclusive(case, caseworker, count):
    incident = care_services.incident_record(
        case=case,
        by=caseworker,
        occurred_on=None,
        forms=["physical"],
        answers={},
        relationship="stranger",
        perpetrator_count=count,
        today=TODAY,
    )
    assert incident.perpetrator_count == count


# --- risk_assess --------------------------------------------------------------------------------


def test_a_risk_assessment_gets_its_level_and_default_review(case, caseworker):
    assessment = care_services.risk_assess(
        case=case,
        by=caseworker,
        assessed_on=TODAY,
        factors=["weapon", "fear", "weapon"],
        safety_plan="  komşu  ",
    )
    assert assessment.level == "high" and assessment.factors == ["weapon", "fear"]
    assert assessment.next_review_on == TODAY + dt.timedelta(days=7)
    assert assessment.safety_plan == "komşu"

    low = care_services.risk_assess(case=case, by=caseworker, assessed_on=TODAY, factors=[])
    assert low.level == "low" and low.next_review_on == TODAY + dt.timedelta(days=90)


def test_an_explicit_review_date_is_kept_unless_before_the_assessment(case, caseworker):
    same_day = care_services.risk_assess(
        case=case, by=caseworker, assessed_on=TODAY, factors=["weapon"], next_review_on=TODAY
    )
    assert same_day.next_review_on == TODAY

    problems = rejected(
        care_services.risk_assess,
        case=case,
        by=caseworker,
        assessed_on=TODAY,
        factors=["weapon", "curse"],
        next_review_on=TODAY - dt.timedelta(days=1),
    )
    assert set(problems) == {"gözden geçirme tarihi", "risk etkenleri"}
    assert RiskAssessment.objects.count() == 1


# --- service_set ------------------------------------------------------------------------------


def test_service_rules_and_one_line_per_service(case, caseworker):
    assert set(
        rejected(
            care_services.service_set,
            case=case,
            by=caseworker,
            service="legal",
            status="not_provided",
        )
    ) == {"sağlanamama nedeni"}
    assert set(
        rejected(
            care_services.service_set, case=case, by=caseworker, service="legal", status="provided"
        )
    ) == {"sağlandığı tarih"}
    assert set(
        rejected(
            care_services.service_set,
            case=case,
            by=caseworker,
            service="legal",
            status="needed",
            reason_not_provided="declined",
        )
    ) == {"sağlanamama nedeni"}
    assert set(
        rejected(
            care_services.service_set, case=case, by=caseworker, service="yoga", status="wished"
        )
    ) == {"hizmet", "durum"}
    assert not CaseService.objects.exists()

    care_services.service_set(case=case, by=caseworker, service="legal", status="needed")
    care_services.service_set(
        case=case, by=caseworker, service="legal", status="provided", provided_on=TODAY
    )
    line = CaseService.objects.get(case=case)
    assert (line.status, line.provided_on) == ("provided", TODAY)

    care_services.service_set(
        case=case,
        by=caseworker,
        service="legal",
        status="not_provided",
        reason_not_provided="waiting_list",
        provided_on=TODAY,
    )
    line = CaseService.objects.get(case=case)
    assert (line.status, line.reason_not_provided, line.provided_on) == (
        "not_provided",
        "waiting_list",
        None,
    )
    care_services.service_set(case=case, by=caseworker, service="health", status="referred")
    assert case.services.count() == 2
    assert actions(case).count("update") == 4


# --- measure_record and the alerts ------------------------------------------------------------


@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (183, True), (184, False)])
def test_a_first_measure_lasts_one_to_183_days(case, caseworker, days, ok):
    arguments = dict(
        case=case,
        by=caseworker,
        measure="d_no_approach",
        authority="judge",
        starts_on=TODAY,
        duration_days=days,
    )
    if ok:
        measure = care_services.measure_record(**arguments)
        assert measure.ends_on == TODAY + dt.timedelta(days=days - 1)
    else:
        assert list(rejected(care_services.measure_record, **arguments)) == ["süre (gün)"]


def test_an_extension_links_to_the_measure_of_the_same_case(open_case, kdm, case, caseworker):
    first = care_services.measure_record(
        case=case,
        by=caseworker,
        measure="p_shelter",
        authority="governor",
        starts_on=TODAY,
        duration_days=90,
    )
    extension = care_services.measure_record(
        case=case,
        by=caseworker,
        measure="p_shelter",
        authority="judge",
        starts_on=first.ends_on,
        duration_days=90,
        extends=first,
    )
    assert extension.extends == first and list(first.extensions.all()) == [extension]

    other = open_case(kdm, caseworker)
    assert set(
        rejected(
            care_services.measure_record,
            case=other,
            by=caseworker,
            measure="p_tarot",
            authority="neighbour",
            starts_on=TODAY,
            duration_days=30,
            extends=first,
        )
    ) == {"tedbir", "kararı veren", "uzatılan tedbir"}


def test_alerts_show_expiring_measures_and_due_reviews_to_the_centre_only(
    case, caseworker, manager, other_worker, shelter_worker, shelter
):
    expiring = care_services.measure_record(
        case=case,
        by=caseworker,
        measure="d_no_contact",
        authority="judge",
        starts_on=TODAY - dt.timedelta(days=170),
        duration_days=183,  # ends in 13 days
    )
    care_services.measure_record(
        case=case,
        by=caseworker,
        measure="d_no_threats",
        authority="judge",
        starts_on=TODAY - dt.timedelta(days=100),
        duration_days=183,  # ends in 83 days: no alert
    )
    care_services.risk_assess(
        case=case, by=caseworker, assessed_on=TODAY - dt.timedelta(days=10), factors=["weapon"]
    )
    referral_services.referral_create(
        case=case, by=caseworker, to_centre=shelter, sections=["measures"]
    )

    found = alert_selectors.alerts(caseworker, today=TODAY)

    assert [(a.case_code, a.kind, a.due) for a in found] == [
        (case.survivor_code, "risk-review", TODAY - dt.timedelta(days=3)),
        (case.survivor_code, "measure-expiring", expiring.ends_on),
    ]
    assert found[1].label == domain.MEASURES["d_no_contact"]
    assert alert_selectors.alerts(manager, today=TODAY) == found
    assert alert_selectors.alerts(other_worker, today=TODAY) == []
    assert alert_selectors.alerts(shelter_worker, today=TODAY) == []  # a referral does not alert

    # A newer assessment with a later review and an extension end both alerts.
    care_services.risk_assess(case=case, by=caseworker, assessed_on=TODAY, factors=[])
    care_services.measure_record(
        case=case,
        by=caseworker,
        measure="d_no_contact",
        authority="judge",
        starts_on=expiring.ends_on,
        duration_days=183,
        extends=expiring,
    )
    assert alert_selectors.alerts(caseworker, today=TODAY) == []


def test_an_ended_measure_without_extension_is_expired(case, caseworker):
    care_services.measure_record(
        case=case,
        by=caseworker,
        measure="p_guidance",
        authority="governor",
        starts_on=TODAY - dt.timedelta(days=40),
        duration_days=30,
    )
    assert [a.kind for a in alert_selectors.alerts(caseworker, today=TODAY)] == ["measure-expired"]


# --- referrals and transfers --------------------------------------------------------------------


@pytest.fixture
def no_consent_case(open_case, kdm, caseworker):
    return open_case(kdm, caseworker, referral_consent=False)


def test_without_consent_a_referral_is_refused(no_consent_case, caseworker, shelter):
    problems = rejected(
        referral_services.referral_create, case=no_consent_case, by=caseworker, to_centre=shelter
    )
    assert set(problems) == {"onam"}
    assert "merkez sorumlusu" in problems["onam"]
    assert not Referral.objects.exists()


def test_a_caseworker_cannot_override_missing_consent(no_consent_case, caseworker, shelter):
    problems = rejected(
        referral_services.referral_create,
        case=no_consent_case,
        by=caseworker,
        to_centre=shelter,
        override_reason="Hayati tehlike",
    )
    assert problems == {"onam": "onamsız yönlendirmeyi yalnız merkez sorumlusu yapabilir"}
    assert not Referral.objects.exists()
    assert "override" not in actions(no_consent_case)


def test_the_manager_overrides_with_a_reason_and_it_is_logged(no_consent_case, manager, shelter):
    referral = referral_services.referral_create(
        case=no_consent_case,
        by=manager,
        to_centre=shelter,
        override_reason="  Hayati tehlike, acil barınma  ",
        log=False,
    )

    assert referral.consent_override
    assert referral.override_reason == "Hayati tehlike, acil barınma"
    override = AccessLogEntry.objects.get(
        case_code=no_consent_case.survivor_code, action="override"
    )
    assert override.username == "mine" and override.reason == "Hayati tehlike, acil barınma"
    assert override.detail == shelter.code and override.centre_code == "kdm-karsiyaka"
    assert actions(no_consent_case)[-2:] == ["override", "refer"]  # logged even with log=False


def test_a_manager_with_consent_is_no_override(case, manager, shelter):
    referral = referral_services.referral_create(
        case=case, by=manager, to_centre=shelter, override_reason="gereksiz"
    )
    assert not referral.consent_override and referral.override_reason == ""
    assert "override" not in actions(case)


def test_duplicate_own_centre_and_closed_referrals_are_refused(case, caseworker, shelter, kdm):
    referral_services.referral_create(case=case, by=caseworker, to_centre=shelter)
    assert set(
        rejected(referral_services.referral_create, case=case, by=caseworker, to_centre=shelter)
    ) == {"alıcı merkez"}
    assert set(
        rejected(referral_services.referral_create, case=case, by=caseworker, to_centre=kdm)
    ) == {"alıcı merkez"}
    assert set(
        rejected(
            referral_services.referral_create,
            case=case,
            by=caseworker,
            to_centre=shelter,
            kind="adoption",
            sections=["diary"],
            service="yoga",
        )
    ) >= {"tür", "paylaşılan bölümler", "hizmet"}

    services.case_close(case=case, by=caseworker, closed_on=TODAY, reason="goals_met")
    problems = rejected(
        referral_services.referral_create,
        case=case,
        by=caseworker,
        to_centre=Centre.objects.get(code="anahtar"),
    )
    assert problems == {"durum": "kapalı vaka yönlendirilemez"}
    assert Referral.objects.count() == 1


def test_only_the_receiving_centre_responds(case, caseworker, shelter, shelter_worker):
    referral = referral_services.referral_create(case=case, by=caseworker, to_centre=shelter)

    assert rejected(
        referral_services.referral_respond, referral=referral, by=caseworker, action="accept"
    ) == {"yönlendirme": "yalnız alıcı merkez yanıt verebilir"}
    assert set(
        rejected(
            referral_services.referral_respond, referral=referral, by=shelter_worker, action="adopt"
        )
    ) == {"işlem"}
    assert set(
        rejected(
            referral_services.referral_respond, referral=referral, by=shelter_worker, action="done"
        )
    ) == {"durum"}  # done only after accept
    assert set(
        rejected(
            referral_services.referral_respond,
            referral=referral,
            by=shelter_worker,
            action="reject",
            note=" ",
        )
    ) == {"not"}
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING

    accepted = referral_services.referral_respond(
        referral=referral, by=shelter_worker, action="accept"
    )
    assert accepted.status == Referral.Status.ACCEPTED and accepted.responded_by == shelter_worker
    assert accepted.responded_at is not None
    case.refresh_from_db()
    assert case.centre.code == "kdm-karsiyaka"  # a referral does not move the record
    done = referral_services.referral_respond(referral=referral, by=shelter_worker, action="done")
    assert done.status == Referral.Status.DONE
    respond = AccessLogEntry.objects.filter(action="respond")
    assert {e.centre_code for e in respond} == {shelter.code} and respond.count() == 2


def test_a_rejection_keeps_its_note(case, caseworker, shelter, shelter_worker):
    referral = referral_services.referral_create(case=case, by=caseworker, to_centre=shelter)
    rejected_referral = referral_services.referral_respond(
        referral=referral, by=shelter_worker, action="reject", note=" Yer yok "
    )
    assert rejected_referral.status == Referral.Status.REJECTED
    assert rejected_referral.response_note == "Yer yok"
    # A rejected referral is no longer pending: a new one to the same centre may go.
    referral_services.referral_create(case=case, by=caseworker, to_centre=shelter)


def test_only_the_sender_revokes(case, caseworker, shelter, shelter_worker):
    referral = referral_services.referral_create(case=case, by=caseworker, to_centre=shelter)
    assert rejected(referral_services.referral_revoke, referral=referral, by=shelter_worker) == {
        "yönlendirme": "yalnız kaydı tutan merkez geri alabilir"
    }

    revoked = referral_services.referral_revoke(referral=referral, by=caseworker, note="vazgeçti")
    assert revoked.status == Referral.Status.REVOKED
    assert set(rejected(referral_services.referral_revoke, referral=revoked, by=caseworker)) == {
        "durum"
    }
    assert actions(case)[-1] == "refer"
    assert not selectors.visible_cases(shelter_worker).exists()


def test_an_accepted_transfer_moves_the_record_and_cannot_be_revoked(
    case, caseworker, other_kdm, other_worker
):
    transfer = referral_services.referral_create(
        case=case, by=caseworker, to_centre=other_kdm, kind="transfer"
    )
    referral_services.referral_respond(referral=transfer, by=other_worker, action="accept")

    case.refresh_from_db()
    assert case.centre == other_kdm and case.caseworker == other_worker
    transfer.refresh_from_db()
    assert rejected(referral_services.referral_revoke, referral=transfer, by=caseworker) == {
        "durum": "kabul edilmiş devir geri alınamaz"
    }
    transfer.refresh_from_db()
    assert transfer.status == Referral.Status.ACCEPTED
    assert list(selectors.visible_cases(other_worker)) == [case]


# --- follow-ups, closing, reopening -------------------------------------------------------------


def test_follow_ups_refuse_a_future_date_and_a_bad_kind(case, caseworker):
    today = timezone.localdate()
    follow_up = care_services.follow_up_record(
        case=case, by=caseworker, happened_on=today, kind="phone", note=" aradı "
    )
    assert follow_up.note == "aradı" and follow_up.by == caseworker
    assert set(
        rejected(
            care_services.follow_up_record,
            case=case,
            by=caseworker,
            happened_on=today + dt.timedelta(days=1),
            kind="telepathy",
        )
    ) == {"izlem türü", "izlem tarihi"}
    assert FollowUp.objects.count() == 1


def test_closing_sets_ten_years_of_retention(case, caseworker):
    closed = services.case_close(
        case=case, by=caseworker, closed_on=TODAY, reason="goals_met", note=" tamam "
    )
    closed.refresh_from_db()
    assert closed.status == Case.Status.CLOSED and closed.closed_on == TODAY
    assert closed.retention_until == dt.date(2036, 11, 21)
    assert closed.closure_reason == "goals_met" and closed.closure_note == "tamam"
    assert set(
        rejected(
            services.case_close, case=closed, by=caseworker, closed_on=TODAY, reason="goals_met"
        )
    ) == {"durum"}


def test_closing_before_the_application_or_for_no_reason_is_refused(case, caseworker):
    problems = rejected(
        services.case_close,
        case=case,
        by=caseworker,
        closed_on=APPLIED - dt.timedelta(days=1),
        reason="bored",
    )
    assert set(problems) == {"kapanış tarihi", "kapanış nedeni"}
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN and case.retention_until is None


def test_reopening_needs_a_reason_and_clears_the_closure(case, caseworker):
    services.case_close(case=case, by=caseworker, closed_on=TODAY, reason="lost_contact")
    assert rejected(services.case_reopen, case=case, by=caseworker, reason="  ") == {
        "gerekçe": "yeniden açmak için gerekçe yazın"
    }
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED

    services.case_reopen(case=case, by=caseworker, reason="Yeniden başvurdu")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert (case.closed_on, case.closure_reason, case.retention_until) == (None, "", None)


def test_the_reopening_reason_is_kept_in_the_access_log(case, caseworker):
    services.case_close(case=case, by=caseworker, closed_on=TODAY, reason="lost_contact")
    services.case_reopen(case=case, by=caseworker, reason="Yeniden başvurdu")
    entry = AccessLogEntry.objects.filter(case_code=case.survivor_code).first()
    assert entry.detail == "yeniden açıldı" and entry.reason == "Yeniden başvurdu"


# --- the support line ----------------------------------------------------------------------------


def a_call(kdm, by, **overrides):
    arguments = dict(
        centre=kdm,
        by=by,
        received_at=timezone.now() - dt.timedelta(hours=2),
        caller_type="self",
        forms=["psychological", "economic", "psychological"],
        age_band="30-44",
        district=kdm.district,
        outcome="information",
    )
    arguments.update(overrides)
    return call_services.call_record(**arguments)


def test_a_call_is_recorded_but_cannot_open_a_case_by_itself(kdm, caseworker):
    call = a_call(kdm, caseworker)
    assert call.forms == ["psychological", "economic"] and call.case is None
    assert call.taken_by == caseworker and not call.is_sample

    problems = rejected(a_call, kdm=kdm, by=caseworker, outcome="case_opened")
    assert list(problems) == ["sonuç"] and "vakaya dönüştür" in problems["sonuç"]
    assert set(
        rejected(a_call, kdm=kdm, by=caseworker, caller_type="robot", age_band="old", forms=["x"])
    ) == {"arayan", "yaş grubu", "şiddet biçimleri"}
    assert SupportLineCall.objects.count() == 1


def test_converting_a_call_opens_a_support_line_case_once(kdm, caseworker):
    call = a_call(kdm, caseworker)
    application = dict(
        applied_on=APPLIED,
        demographics=dict(DEMOGRAPHICS),
        referral_consent=False,
        statistics_consent=True,
        today=TODAY,
    )

    case = call_services.call_convert(call=call, by=caseworker, **application)

    assert case.channel == "support_line" and case.centre == kdm
    call.refresh_from_db()
    assert call.case == case and call.outcome == "case_opened"
    assert case.consents.count() == 2
    before = row_counts()
    assert rejected(call_services.call_convert, call=call, by=caseworker, **application) == {
        "çağrı": "bu çağrıdan zaten vaka açılmış"
    }
    assert row_counts() == before


def test_a_refused_conversion_leaves_the_call_as_it_was(kdm, caseworker):
    call = a_call(kdm, caseworker)
    rejected(
        call_services.call_convert,
        call=call,
        by=caseworker,
        applied_on=APPLIED,
        demographics={**DEMOGRAPHICS, "age_band": "?"},
        referral_consent=False,
        statistics_consent=False,
        today=TODAY,
    )
    call.refresh_from_db()
    assert call.case is None and call.outcome == "information"
    assert not Case.objects.exists()


# --- retention and the sample purge --------------------------------------------------------------


def closed(open_case, kdm, by, closed_on):
    case = open_case(kdm, by, applied_on=dt.date(2010, 1, 4))
    care_services.incident_record(
        case=case, by=by, occurred_on=None, forms=["verbal"], answers={}, relationship="partner"
    )
    return services.case_close(case=case, by=by, closed_on=closed_on, reason="goals_met")


def test_purge_removes_only_closed_records_past_retention(open_case, kdm, caseworker):
    old = closed(open_case, kdm, caseworker, dt.date(2016, 11, 20))  # kept until 2026-11-20
    due_today = closed(open_case, kdm, caseworker, dt.date(2016, 11, 21))  # until 2026-11-21
    recent = closed(open_case, kdm, caseworker, dt.date(2020, 5, 1))
    still_open = open_case(kdm, caseworker, applied_on=dt.date(2010, 1, 4))
    call = a_call(kdm, caseworker)
    call.case = old
    call.save()

    codes = retention_services.cases_purge(today=TODAY)

    assert codes == [old.survivor_code]
    assert set(Case.objects.values_list("pk", flat=True)) >= {
        due_today.pk,
        recent.pk,
        still_open.pk,
    }
    assert not Case.objects.filter(pk=old.pk).exists()
    assert not Consent.objects.filter(case_id=old.pk).exists()
    assert not Incident.objects.filter(case_id=old.pk).exists()
    call.refresh_from_db()
    assert call.case is None  # the anonymous call stays
    purge = AccessLogEntry.objects.filter(action="purge")
    assert [(e.case_code, e.user_ref, e.centre_code) for e in purge] == [
        (old.survivor_code, None, "kdm-karsiyaka")
    ]
    assert "20.11.2026" in purge.get().detail
    # Its earlier rows stay: the log is never rewritten.
    assert AccessLogEntry.objects.filter(case_code=old.survivor_code, action="create").exists()

    assert retention_services.cases_purge(today=TODAY) == []
    assert AccessLogEntry.objects.filter(action="purge").count() == 1


def test_purge_logs_one_row_per_record_with_the_user(open_case, kdm, caseworker, admin_user):
    cases = [closed(open_case, kdm, caseworker, dt.date(2012, 1, 1)) for _ in range(3)]

    codes = retention_services.cases_purge(today=TODAY, by=admin_user)

    assert sorted(codes) == sorted(c.survivor_code for c in cases)
    purge = AccessLogEntry.objects.filter(action="purge")
    assert sorted(purge.values_list("case_code", flat=True)) == sorted(codes)
    assert set(purge.values_list("username", flat=True)) == {"admin"}


def test_the_sample_purge_never_touches_a_real_record(open_case, kdm, other_kdm, caseworker):
    real = open_case(kdm, caseworker)
    real_call = a_call(kdm, caseworker)
    made = sample_services.synthetic_cases(
        count=12,
        centres=[kdm, other_kdm],
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
        seed=3,
    )
    sample_services.sample_calls_create(centres=[kdm], today=TODAY, per_centre=4)
    assert made == 12 and Case.objects.filter(is_sample=True).count() == 12

    assert retention_services.sample_cases_purge() == 12

    assert list(Case.objects.all()) == [real]
    assert list(SupportLineCall.objects.all()) == [real_call]
    assert real.consents.count() == 2
    assert retention_services.sample_cases_purge() == 0
