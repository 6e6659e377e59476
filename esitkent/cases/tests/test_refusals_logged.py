"""Refusals people can act on: a referral refused for want of consent says which service her
consent does not cover, and every attempt by another centre's caseworker to reach a record
leaves a refusal in the access log, naming the code she tried and never who the woman is."""

import datetime as dt

import pytest

from esitkent.cases import attachment_services, referral_services
from esitkent.cases.models import AccessLogEntry
from esitkent.core.errors import InputRejected

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
NATIONAL_ID = "10000000146"
IDENTITY = {"name": "Deneme Kişi", "phone": "0555 111 22 33", "national_id": NATIONAL_ID}


def _refusal(**kwargs) -> dict[str, str]:
    with pytest.raises(InputRejected) as exc:
        referral_services.referral_create(**kwargs)
    return {p.where: str(p.message) for p in exc.value.problems}


# --- Finding 9a: the referral consent message names the service ----------------------------------


def test_a_referral_outside_her_consent_names_the_service_not_covered(
    open_case, kdm, caseworker, shelter
):
    case = open_case(kdm, caseworker, referral_services=["legal"])

    message = _refusal(case=case, by=caseworker, to_centre=shelter, service="shelter")["onam"]

    # She did consent to referral, for legal support: saying she has no consent is untrue.
    assert "onamı yok" not in message
    assert "Sığınmaevine yerleştirme" in message and "Hukuki destek" in message
    assert "merkez sorumlusu" in message


def test_a_referral_naming_no_service_under_a_limited_consent_asks_for_the_service(
    open_case, kdm, caseworker, shelter
):
    case = open_case(kdm, caseworker, referral_services=["legal", "psychological"])

    message = _refusal(case=case, by=caseworker, to_centre=shelter)["onam"]

    assert "onamı yok" not in message
    assert "Hukuki destek, Psikolojik destek" in message and "hizmet" in message


def test_a_transfer_under_a_limited_consent_says_a_transfer_is_not_covered(
    open_case, kdm, other_kdm, caseworker
):
    case = open_case(kdm, caseworker, referral_services=["legal"])

    message = _refusal(
        case=case, by=caseworker, to_centre=other_kdm, kind="transfer", service="legal"
    )["onam"]

    assert "onamı yok" not in message
    assert "devri kapsamıyor" in message and "Hukuki destek" in message


def test_without_any_referral_consent_the_message_still_says_so(
    open_case, kdm, caseworker, shelter
):
    case = open_case(kdm, caseworker, referral_consent=False)

    message = _refusal(case=case, by=caseworker, to_centre=shelter, service="shelter")["onam"]

    assert "yönlendirme onamı yok" in message


# --- Finding 9b: another centre's caseworker leaves a refusal on every route ----------------------


@pytest.fixture
def record_a(open_case, kdm, caseworker, shelter):
    """Centre A's record with an attachment and a live referral to the shelter."""
    case = open_case(kdm, caseworker, identity=dict(IDENTITY), confidential_address=True)
    attachment = attachment_services.attachment_add(
        case=case, by=caseworker, name="belge.png", content=PNG
    )
    referral = referral_services.referral_create(
        case=case, by=caseworker, to_centre=shelter, service="shelter"
    )
    return case, attachment, referral


@pytest.fixture
def caseworker_b(case_user, other_kdm):
    return case_user("zeynep", "centre_staff", other_kdm.code)


ROUTES = {
    "detail": ("get", "/vakalar/{code}/", None),
    "attachment": ("get", "/vakalar/{code}/ek/{attachment}/", None),
    "reveal": ("post", "/vakalar/{code}/iletisim/", {"reason": "merak"}),
    "referral": ("get", "/vakalar/{code}/yonlendir/", None),
    "referral_answer": ("post", "/vakalar/yonlendirme/{referral}/", {"action": "accept"}),
    "national_id_search": ("post", "/vakalar/kimlik-ara/", {"national_id": NATIONAL_ID}),
    "code_search": ("get", "/vakalar/?kod={code}", None),
}


@pytest.mark.parametrize("route", ROUTES)
def test_another_centres_attempt_on_a_record_is_logged_as_refused(
    client, record_a, caseworker_b, route
):
    case, attachment, referral = record_a
    method, url, data = ROUTES[route]
    url = url.format(code=case.survivor_code, attachment=attachment.pk, referral=referral.pk)
    client.force_login(caseworker_b)
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))

    response = getattr(client, method)(url, data or {})

    assert response.status_code in (200, 302, 403, 404)
    new = AccessLogEntry.objects.exclude(pk__in=before).filter(username="zeynep")
    refused = list(new.filter(action=AccessLogEntry.Action.DENIED))
    assert refused, f"{route}: no refusal logged, only {list(new.values_list('action', 'detail'))}"
    for row in refused:
        written = " ".join([row.detail, row.reason, row.case_code, row.centre_code])
        # Never who she is, and no record or centre named: the trace of a real record's code
        # is the trace of a made-up one.
        for secret in ("Deneme", "Kişi", NATIONAL_ID, "0555", "111 22 33"):
            assert secret not in written, (route, written)
        assert (row.case_code, row.centre_code) == ("", "")
    if route in ("detail", "attachment", "reveal", "referral", "code_search"):
        assert any(case.survivor_code in row.detail for row in refused), route
    # Her attempt changed nothing of A's record.
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_a_search_that_finds_her_own_record_is_not_a_refusal(client, open_case, kdm, caseworker):
    """The control: a caseworker's own searches are reads, not refusals."""
    case = open_case(kdm, caseworker, identity=dict(IDENTITY), today=dt.date(2026, 11, 21))
    client.force_login(caseworker)

    found = client.post("/vakalar/kimlik-ara/", {"national_id": NATIONAL_ID})
    listed = client.get(f"/vakalar/?kod={case.survivor_code}")

    assert case.survivor_code in found.content.decode()
    assert case.survivor_code in listed.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED).exists()
