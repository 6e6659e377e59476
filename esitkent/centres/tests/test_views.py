"""The centre pages as their users drive them: a manager's profile edit, the coordinator's
standards versions, network events into the plan, evidence and the improvement plan."""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from esitkent.centres import assessment_services
from esitkent.centres.models import (
    Centre,
    EventParticipation,
    ImprovementAction,
    NetworkEvent,
    StaffPosition,
    StandardItem,
    StandardsVersion,
)
from esitkent.monitoring.models import DataValue, Submission
from esitkent.monitoring.period_services import reporting_period_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        TOTP.activate(user, generate_totp_secret())  # centre roles work only after enrolling
        client.force_login(user)
        return client

    return sign_in


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_manager_edits_her_profile_and_it_is_no_longer_sample(signed_in, manager, kdm):
    Centre.objects.filter(pk=kdm.pk).update(profile_is_sample=True)
    client = signed_in(manager)

    response = client.post(
        f"/merkezler/{kdm.code}/duzenle/",
        {
            "address": "Cumhuriyet Cad. 1, Karşıyaka",
            "phone": "0 232 111 22 33",
            "email": "kdm@example.org",
            "opening_hours": "Hafta içi 09.00–17.00",
            "services": ["psychological", "legal"],
            "condition_private_interview_room": "yes",
            "condition_child_area": "partial",
            "staff_social_worker": "2",
            "qual_social_worker": "TCE eğitimi",
            "staff_psychologist": "1",
        },
    )

    assert response.status_code == 302
    kdm.refresh_from_db()
    assert kdm.services == ["psychological", "legal"]
    assert kdm.conditions == {"private_interview_room": "yes", "child_area": "partial"}
    assert not kdm.profile_is_sample and kdm.profile_updated_at is not None
    staff = {p.role: (p.count, p.qualifications) for p in StaffPosition.objects.filter(centre=kdm)}
    assert staff == {"social_worker": (2, "TCE eğitimi"), "psychologist": (1, "")}
    page = client.get(f"/merkezler/{kdm.code}/").content.decode()
    assert "Psikolojik destek" in page and "Cumhuriyet Cad. 1" in page
    assert "ÖRNEK" not in page.split("<main", 1)[1].split("Kaynak", 1)[0]


def test_a_bad_profile_field_is_named_and_nothing_is_written(signed_in, manager, kdm):
    before = (kdm.phone, kdm.services)
    response = signed_in(manager).post(
        f"/merkezler/{kdm.code}/duzenle/",
        {"phone": "1", "email": "e-posta değil", "staff_lawyer": "-2"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "E-posta:" in page and "Avukat: kişi sayısı:" in page
    kdm.refresh_from_db()
    assert (kdm.phone, kdm.services) == before


def test_the_coordinator_drafts_edits_and_publishes_a_new_standards_version(
    signed_in, coordinator, version1
):
    client = signed_in(coordinator)
    client.post("/merkezler/standartlar/taslak/")
    draft = StandardsVersion.objects.get(status=StandardsVersion.Status.DRAFT)
    item = StandardItem.objects.get(section__version=draft, code="MG-1")

    response = client.post(
        f"/merkezler/standartlar/madde/{item.pk}/",
        {
            "code": "MG-1",
            "text": "Görüşme odası ses geçirmez.",
            "description": "",
            "evidence": "Oda gözlemi",
            "source": "EşitKent",
        },
    )
    assert response.status_code == 302
    empty = client.post(
        f"/merkezler/standartlar/madde/{item.pk}/",
        {"code": "MG-1", "text": "", "evidence": "", "source": "x"},
    )
    assert {"standart: boş olamaz", "kanıt: boş olamaz"} <= set(said(empty))
    client.post(f"/merkezler/standartlar/yayimla/{draft.number}/")

    draft.refresh_from_db()
    version1.refresh_from_db()
    assert draft.status == StandardsVersion.Status.PUBLISHED
    assert version1.status == StandardsVersion.Status.RETIRED
    assert StandardItem.objects.get(pk=item.pk).text == "Görüşme odası ses geçirmez."
    old = StandardItem.objects.get(section__version=version1, code="MG-1")
    assert old.text != "Görüşme odası ses geçirmez."
    # A published version is no longer editable through the page.
    client.post(
        f"/merkezler/standartlar/madde/{item.pk}/",
        {"code": "MG-1", "text": "x", "evidence": "x", "source": "x"},
    )
    assert StandardItem.objects.get(pk=item.pk).text == "Görüşme odası ses geçirmez."


def test_an_event_is_recorded_and_counted_into_the_plan_awaiting_approval(
    signed_in, coordinator, kdm, izmir_plan
):
    reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=60)
    )
    client = signed_in(coordinator)
    bad = client.post(
        "/merkezler/etkinlikler/",
        {"kind": "training", "title": "Oryantasyon", "held_on": "2024-05-02", f"k-{kdm.pk}": "üç"},
    )
    assert f"{kdm.name}: kadın: 0 ya da pozitif tam sayı olmalı" in said(bad)
    assert not NetworkEvent.objects.filter(title="Oryantasyon").exists()

    client.post(
        "/merkezler/etkinlikler/",
        {
            "kind": "training",
            "title": "Oryantasyon",
            "held_on": "2024-05-02",
            f"k-{kdm.pk}": "5",
            f"e-{kdm.pk}": "1",
        },
    )
    event = NetworkEvent.objects.get(title="Oryantasyon")
    assert event.activity.code == "1.1.2"
    assert list(EventParticipation.objects.filter(event=event).values_list("women", "men")) == [
        (5, 1)
    ]

    response = client.post("/merkezler/etkinlikler/", {"adim": "plana-aktar", "yil": "2024"})
    assert any("onay bekleyen değerler" in m for m in said(response))
    submission = Submission.objects.get(
        period__code="2024", organisation__code="sosyal-projeler-db"
    )
    values = {
        (v.indicator.code, v.breakdown_key): (v.value, v.approved, v.provenance)
        for v in DataValue.objects.filter(submission=submission)
    }
    assert values[("siddet-1.1.2-g1", "")][0] == 1
    assert values[("siddet-1.1.2-g3", "")] == (6, False, "computed")
    assert values[("siddet-1.1.2-g3", "sex=F")][0] == 5

    nonsense = client.post("/merkezler/etkinlikler/", {"adim": "plana-aktar", "yil": "x"})
    assert "yıl: bir yıl seçilmeli" in said(nonsense)


def test_evidence_and_the_improvement_plan_through_the_assessment_page(
    signed_in, manager, coordinator, kdm, version1
):
    year = 2025
    assessment = assessment_services.assessment_start(centre=kdm, year=year, by=manager)
    url = f"/merkezler/{kdm.code}/degerlendirme/{year}/"
    client = signed_in(manager)
    pdf = SimpleUploadedFile("oda-plani.pdf", b"%PDF-1.4\n% kat plani\n")
    client.post(url, {"adim": "kanit", "file": pdf})
    text = SimpleUploadedFile("not.txt", b"duz metin")
    refused = client.post(url, {"adim": "kanit", "file": text})
    assert "not.txt: yalnız PDF, JPEG ya da PNG yüklenebilir" in said(refused)

    evidence = assessment.evidence.get()
    download = client.get(f"{url}kanit/{evidence.pk}/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    assert "oda-plani.pdf" in download["Content-Disposition"]

    answers = {f"r-{a.item_id}": "met" for a in assessment.answers.all()}
    first = assessment.answers.select_related("item").order_by("item__section__position").first()
    answers[f"r-{first.item_id}"], answers[f"n-{first.item_id}"] = "not_met", "Oda yok"
    client.post(url, {"adim": "gonder", **answers})
    client.logout()
    signed_in(coordinator).post(url, {"adim": "dogrula"})
    action = ImprovementAction.objects.get(assessment=assessment)

    client.force_login(manager)
    client.post(
        url,
        {
            "adim": "eylem",
            "eylem": action.pk,
            "action": "Ayrı oda kiralanacak",
            "owner": "Merkez sorumlusu",
            "deadline": "2026-03-01",
            "status": "in_progress",
        },
    )
    action.refresh_from_db()
    assert (action.action, action.owner, action.deadline, action.status) == (
        "Ayrı oda kiralanacak",
        "Merkez sorumlusu",
        dt.date(2026, 3, 1),
        "in_progress",
    )
    history = [e.action for e in assessment.events.all()]
    assert history == ["started", "evidence", "saved", "submitted", "verified", "action"]


def test_the_needs_analysis_sets_the_registry_beside_the_printed_figures(signed_in, coordinator):
    page = signed_in(coordinator).get("/merkezler/ihtiyac-analizi/").content.decode()
    row = page.split("KDM sayısı: ilçe belediyelerine bağlı", 1)[1].split("</tr>", 1)[0]
    # Printed 17; the seed registry counts 17 district-municipality KDMs beside it.
    assert "17 merkez" in row and '<span class="ok">17</span>' in row
