"""The record's smaller forms as a caseworker posts them: the row written, the page she lands
on, the access-log row; and the support line from call to case."""

import datetime as dt

from django.utils import timezone

from esitkent.cases.models import AccessLogEntry, Case, SupportLineCall

from .conftest import APPLICATION


def _actions(case):
    return list(
        AccessLogEntry.objects.filter(case_code=case.survivor_code).values_list("action", "detail")
    )


def test_a_service_line_and_a_measure_are_recorded(client, caseworker, kdm, open_case):
    case = open_case(kdm, caseworker)
    client.force_login(caseworker)
    today = timezone.localdate()

    response = client.post(
        f"/vakalar/{case.survivor_code}/hizmet/",
        {"service": "legal", "status": "provided", "provided_on": f"{today:%Y-%m-%d}"},
    )
    assert response["Location"] == f"/vakalar/{case.survivor_code}/"
    line = case.services.get()
    assert (line.service, line.status, line.provided_on) == ("legal", "provided", today)
    assert ("update", "hizmet: hukuki destek") in _actions(case)

    response = client.post(
        f"/vakalar/{case.survivor_code}/tedbir/",
        {
            "measure": "d_no_contact",
            "authority": "judge",
            "starts_on": f"{today:%Y-%m-%d}",
            "duration_days": "90",
        },
    )
    assert response.status_code == 302
    measure = case.measures.get()
    assert measure.ends_on == today + dt.timedelta(days=89)


def test_a_measure_longer_than_the_law_allows_is_refused_on_the_form(
    client, caseworker, kdm, open_case
):
    case = open_case(kdm, caseworker)
    client.force_login(caseworker)
    response = client.post(
        f"/vakalar/{case.survivor_code}/tedbir/",
        {
            "measure": "d_no_contact",
            "authority": "judge",
            "starts_on": "2026-11-01",
            "duration_days": "200",
        },
    )
    assert response.status_code == 200 and not case.measures.exists()
    assert "183" in response.content.decode()


def test_the_owner_edits_identity_and_the_blind_index_follows(client, caseworker, kdm, open_case):
    case = open_case(kdm, caseworker)
    client.force_login(caseworker)
    page = client.get(f"/vakalar/{case.survivor_code}/kimlik/")
    assert "Deneme Kişi" in page.content.decode()  # not confidential: the form opens at once

    response = client.post(
        f"/vakalar/{case.survivor_code}/kimlik/",
        {
            "name": "Yeni Ad",
            "national_id": "100 000 001 46",
            "phone": "",
            "address": "",
            "safe_contact": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.name, case.national_id, case.phone) == ("Yeni Ad", "10000000146", "")
    found = client.post("/vakalar/kimlik-ara/", {"national_id": "10000000146"})
    assert case.survivor_code in found.content.decode()


def test_an_empty_reveal_reason_never_saves_the_identity_form(client, caseworker, kdm, open_case):
    """A reason of spaces passes the browser's `required`; it must ask again, not fall through
    to the identity form's save with no fields (which would wipe them)."""
    case = open_case(kdm, caseworker, confidential_address=True)
    client.force_login(caseworker)

    response = client.post(f"/vakalar/{case.survivor_code}/kimlik/", {"reveal_reason": "   "})

    assert response.status_code == 200
    assert "Deneme Kişi" not in response.content.decode()
    case.refresh_from_db()
    assert (case.name, case.phone, case.confidential_address) == (
        "Deneme Kişi",
        "0555 111 22 33",
        True,
    )
    assert not AccessLogEntry.objects.filter(case_code=case.survivor_code, action="reveal").exists()


def test_a_call_is_logged_without_identity_and_becomes_a_case(client, caseworker, kdm):
    client.force_login(caseworker)
    response = client.post(
        "/vakalar/hat/",
        {
            "received_at": "2026-11-20T14:30",
            "caller_type": "self",
            "forms": ["psychological"],
            "age_band": "30-44",
            "district": "karsiyaka",
            "outcome": "appointment",
        },
    )
    assert response["Location"] == "/vakalar/hat/"
    call = SupportLineCall.objects.get()
    assert (call.centre, call.caller_type, call.forms, call.district.code) == (
        kdm,
        "self",
        ["psychological"],
        "karsiyaka",
    )

    form = client.get(f"/vakalar/hat/{call.pk}/vaka/")
    assert 'value="support_line"' in form.content.decode()
    application = {k: v for k, v in APPLICATION.items() if k != "channel"}
    response = client.post(f"/vakalar/hat/{call.pk}/vaka/", application)
    case = Case.objects.get()
    assert response["Location"] == f"/vakalar/{case.survivor_code}/"
    call.refresh_from_db()
    assert (case.channel, call.case, call.outcome) == ("support_line", case, "case_opened")
    # The calls page now shows the code instead of the "convert" link.
    assert case.survivor_code in client.get("/vakalar/hat/").content.decode()


def test_a_caseworker_at_two_centres_opens_the_case_at_the_one_she_chooses(
    client, case_user, kdm, other_kdm
):
    from esitkent.accounts.services import membership_grant

    worker = case_user("iki-merkez", "centre_staff", kdm.code)
    membership_grant(user=worker, organisation=other_kdm.organisation, role="centre_staff")
    client.force_login(worker)
    form = client.get("/vakalar/yeni/").content.decode()
    assert 'name="centre"' in form and other_kdm.code in form  # she is asked which centre
    application = {**APPLICATION, "centre": other_kdm.code}
    assert client.post("/vakalar/yeni/", application).status_code == 302
    assert Case.objects.get().centre == other_kdm
    # A centre she does not work at is not among the choices: the form comes back, nothing saved.
    refused = client.post("/vakalar/yeni/", {**APPLICATION, "centre": "baska-merkez"})
    assert 'name="centre"' in refused.content.decode() and Case.objects.count() == 1
