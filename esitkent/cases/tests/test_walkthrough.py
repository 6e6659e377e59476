"""The issue's demo story through the pages: a caseworker takes an application, records an
incident, refers her to the shelter with consent; the shelter accepts; all of it is in the
access log."""

from esitkent.cases.models import AccessLogEntry, Case, Referral

from .conftest import APPLICATION


def test_application_incident_referral_accept_all_logged(client, case_user, shelter):
    caseworker = case_user("ayse", "centre_staff", "kdm-karsiyaka")
    shelter_worker = case_user("sevgi", "centre_staff", shelter.code)
    client.force_login(caseworker)

    response = client.post("/vakalar/yeni/", APPLICATION)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/vakalar/{case.survivor_code}/"
    assert case.national_id == "10000000146" and case.referral_consent

    response = client.post(
        f"/vakalar/{case.survivor_code}/olay/",
        {
            "occurred_on": "2026-10-31",
            "forms": ["physical", "psychological"],
            "relationship": "partner",
            "perpetrator_count": "1",
            "q_physical": "on",
            "narrative": "Tartışma sırasında itildi.",
        },
    )
    assert response.status_code == 302
    incident = case.incidents.get()
    assert incident.core_type == "physical_assault" and incident.time_to_application == "0-3d"

    page = client.get(f"/vakalar/{case.survivor_code}/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Fiziksel saldırı" in page.content.decode()

    response = client.post(
        f"/vakalar/{case.survivor_code}/yonlendir/",
        {
            "to_centre": shelter.code,
            "kind": "referral",
            "service": "shelter",
            "sections": ["risk", "incidents"],
            "note": "Acil barınma",
        },
    )
    assert response.status_code == 302, response.content.decode()
    referral = Referral.objects.get()
    assert referral.sections == ["incidents", "risk", "summary"] and not referral.consent_override

    client.force_login(shelter_worker)
    inbox = client.get("/vakalar/").content.decode()
    assert case.survivor_code in inbox
    page = client.get(f"/vakalar/{case.survivor_code}/").content.decode()
    assert "Fiziksel saldırı" in page
    assert "Deneme Kişi" not in page and "0555 111 22 33" not in page  # contact not granted
    response = client.post(f"/vakalar/yonlendirme/{referral.pk}/", {"action": "accept"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED

    # Exactly one row per step, in the order taken: a step that logs nothing, or twice, fails.
    caseworker_log = list(
        AccessLogEntry.objects.filter(username="ayse")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert caseworker_log == ["create", "update", "view", "refer"]
    shelter_log = AccessLogEntry.objects.filter(username="sevgi").order_by("pk")
    assert list(shelter_log.values_list("action", flat=True)) == ["list", "view", "respond"]
    assert all(e.case_code in {"", case.survivor_code} for e in AccessLogEntry.objects.all())
    # No entry carries a sensitive value.
    for entry in AccessLogEntry.objects.all():
        for secret in ("Deneme", "10000000146", "0555", "itildi"):
            assert secret not in entry.detail + entry.reason
