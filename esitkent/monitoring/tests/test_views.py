import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from esitkent.monitoring import entry_services, period_services
from esitkent.monitoring.models import DataValue, IndicatorDefinition, ReportingPeriod, Submission
from esitkent.orgs.models import Organisation

SLUG = "izmir-yeep-2022-2024"


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date.today() + dt.timedelta(days=20)
    )


@pytest.fixture
def reporter_client(client, make_user):
    client.force_login(make_user("rap", "reporter", "sosyal-projeler-db"))
    return client


def entry_url(period, org="sosyal-projeler-db"):
    return f"/izleme/donem/{period.id}/birim/{org}/"


def test_tasks_show_what_is_due(reporter_client, period):
    html = reporter_client.get("/izleme/").content.decode()
    assert (
        "Bekliyor" in html and "Sosyal Projeler Dairesi Başkanlığı" in html and "Veri gir" in html
    )


def test_a_reporter_saves_a_breakdown_from_the_form(reporter_client, period):
    indicator = IndicatorDefinition.objects.get(indicator__code="egitim-1.6.1-g2").indicator
    response = reporter_client.post(
        entry_url(period),
        {
            f"v|{indicator.id}|": "10",
            f"v|{indicator.id}|sex=F": "6",
            f"c|{indicator.id}|": "not",
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert DataValue.objects.get(indicator=indicator, breakdown_key="sex=F").value == 6
    assert DataValue.objects.get(indicator=indicator, breakdown_key="").comment == "not"


def test_a_bad_number_comes_back_named_and_unsaved(reporter_client, period):
    indicator = IndicatorDefinition.objects.get(indicator__code="egitim-1.6.1-g2").indicator
    response = reporter_client.post(entry_url(period), {f"v|{indicator.id}|": "on", "save": "1"})
    assert (
        response.status_code == 400
        and "egitim-1.6.1-g2 Toplam: sayı değil: &#x27;on&#x27;" in response.content.decode()
    )
    assert not DataValue.objects.filter(period="2024").exists()


def test_another_units_reporter_can_neither_see_nor_write(client, make_user, period):
    client.force_login(make_user("baska", "reporter", "fen-isleri-db"))
    assert client.get(entry_url(period)).status_code == 403
    indicator = IndicatorDefinition.objects.get(indicator__code="egitim-1.6.1-g2").indicator
    assert client.post(entry_url(period), {f"v|{indicator.id}|": "10"}).status_code == 403
    assert not DataValue.objects.filter(period="2024").exists()


def test_a_reporter_cannot_post_values_for_an_indicator_not_assigned_to_her_unit(
    client, make_user, period
):
    client.force_login(make_user("fen", "reporter", "fen-isleri-db"))
    indicator = IndicatorDefinition.objects.get(indicator__code="egitim-1.6.1-g2").indicator
    response = client.post(
        entry_url(period, "fen-isleri-db"), {f"v|{indicator.id}|": "10", "save": "1"}
    )
    assert (
        response.status_code == 400
        and "bu gösterge fen-isleri-db birimine atanmamış" in response.content.decode()
    )


def test_a_reporter_cannot_review_or_approve(reporter_client, period):
    submission = entry_services.submission_open(
        period=period, organisation=Organisation.objects.get(code="sosyal-projeler-db")
    )
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    assert reporter_client.get(f"/izleme/gonderim/{submission.pk}/inceleme/").status_code == 403
    assert (
        reporter_client.post(
            f"/izleme/gonderim/{submission.pk}/inceleme/", {"action": "approve"}
        ).status_code
        == 403
    )
    assert Submission.objects.get(pk=submission.pk).status == "submitted"
    assert reporter_client.get(f"/izleme/plan/{SLUG}/inceleme/").status_code == 403


def test_coordinator_returns_only_with_a_reason(coordinator_client, period):
    submission = entry_services.submission_open(
        period=period, organisation=Organisation.objects.get(code="sosyal-projeler-db")
    )
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    response = coordinator_client.post(
        f"/izleme/gonderim/{submission.pk}/inceleme/", {"action": "return", "reason": ""}
    )
    assert response.status_code == 400 and "gerekçe yazılmalı" in response.content.decode()
    coordinator_client.post(
        f"/izleme/gonderim/{submission.pk}/inceleme/", {"action": "return", "reason": "Eksik"}
    )
    assert Submission.objects.get(pk=submission.pk).status == "returned"


def test_queue_shows_completeness(coordinator_client, period):
    html = coordinator_client.get(f"/izleme/plan/{SLUG}/inceleme/").content.decode()
    assert "Tamlık ve zamanlılık" in html and "Sosyal Projeler Dairesi Başkanlığı" in html


def test_periods_lock_and_reopen_with_a_reason(coordinator_client, period):
    coordinator_client.post(f"/izleme/plan/{SLUG}/donemler/", {"period": period.pk, "lock": "1"})
    assert ReportingPeriod.objects.get(pk=period.pk).locked_at is not None
    response = coordinator_client.post(
        f"/izleme/plan/{SLUG}/donemler/",
        {"period": period.pk, "reopen": "1", "ac-reason": "", "ac-until": "01.03.2027"},
    )
    assert response.status_code == 400
    coordinator_client.post(
        f"/izleme/plan/{SLUG}/donemler/",
        {
            "period": period.pk,
            "reopen": "1",
            "ac-reason": "Ek süre istendi",
            "ac-until": "01.03.2027",
        },
    )
    reopened = ReportingPeriod.objects.get(pk=period.pk)
    assert reopened.locked_at is None and reopened.reopened_reason == "Ek süre istendi"


@pytest.mark.parametrize("posted", ["abc", "", "١٢"])
def test_a_period_that_is_not_a_number_is_refused_in_turkish(coordinator_client, period, posted):
    response = coordinator_client.post(
        f"/izleme/plan/{SLUG}/donemler/", {"period": posted, "lock": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "dönem bulunamadı" in html
    assert "expected a number" not in html
    assert ReportingPeriod.objects.get(pk=period.pk).locked_at is None


def test_coordinator_edits_a_definition_targets_and_assignment(coordinator_client, izmir_plan):
    url = f"/izleme/plan/{SLUG}/gostergeler/egitim-1.2.3-g1/"
    fen = Organisation.objects.get(code="fen-isleri-db")
    data = {
        "measure_type": "count",
        "unit": "eğitim",
        "aggregation": "sum",
        "direction": "higher",
        "dimensions": ["district"],
        "periodicity": "annual",
        "data_source": "kayıtlar",
        "targets": "2023=40; 2024=60",
        "organisations": [fen.pk],
    }
    assert coordinator_client.post(url, data).status_code == 302
    definition = IndicatorDefinition.objects.get(indicator__code="egitim-1.2.3-g1")
    assert definition.dimensions == ["district"] and [
        (t.year, t.value) for t in definition.targets.all()
    ] == [(2023, 40), (2024, 60)]
    assert [a.organisation.code for a in definition.indicator.assignments.all()] == [
        "fen-isleri-db"
    ]
    bad = coordinator_client.post(url, data | {"targets": "iki bin=5"})
    assert bad.status_code == 400 and "yıl=değer" in bad.content.decode()


def test_values_page_imports_with_dry_run_and_exports(coordinator_client, izmir_plan, period):
    text = b"dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,sosyal-projeler-db,3\n"
    response = coordinator_client.post(
        f"/izleme/plan/{SLUG}/degerler/",
        {"file": SimpleUploadedFile("d.csv", text), "dry_run": "on"},
    )
    assert (
        "içe aktarılan 1" in response.content.decode()
        and not DataValue.objects.filter(period="2024").exists()
    )
    coordinator_client.post(
        f"/izleme/plan/{SLUG}/degerler/", {"file": SimpleUploadedFile("d.csv", text)}
    )
    assert DataValue.objects.filter(period="2024").count() == 1
    export = coordinator_client.get(f"/izleme/plan/{SLUG}/degerler/disa-aktar/csv/")
    assert (
        export.status_code == 200 and b"egitim-1.2.3-g1,2024,sosyal-projeler-db" in export.content
    )
    template = coordinator_client.get(
        f"/izleme/plan/{SLUG}/degerler/disa-aktar/sablon/",
        {"birim": "sosyal-projeler-db", "donem": "2024"},
    )
    assert template.status_code == 200 and template["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_viewer_sees_progress_but_not_the_office_pages(viewer_client):
    assert viewer_client.get(f"/izleme/plan/{SLUG}/ilerleme/").status_code == 200
    for page in ("inceleme", "donemler", "gostergeler", "degerler"):
        assert viewer_client.get(f"/izleme/plan/{SLUG}/{page}/").status_code == 403


def test_a_large_file_runs_as_a_job_with_a_progress_page(
    coordinator_client, izmir_plan, period, settings, django_capture_on_commit_callbacks
):
    from django_q.conf import Conf

    from esitkent.monitoring.models import ImportBatch

    settings.VALUES_IMPORT_INLINE_BYTES = 10  # every file is "large" here
    text = b"dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,sosyal-projeler-db,3\n"
    queued_page = None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coordinator_client.post(
            f"/izleme/plan/{SLUG}/degerler/", {"file": SimpleUploadedFile("d.csv", text)}
        )
        assert response.status_code == 302
        batch = ImportBatch.objects.get()
        assert response["Location"] == f"/izleme/plan/{SLUG}/degerler/aktarim/{batch.pk}/"
        queued_page = coordinator_client.get(response["Location"]).content.decode()
    # Queued: the page refreshes itself and shows a progress bar; nothing is written yet.
    assert 'http-equiv="refresh"' in queued_page and "<progress" in queued_page
    assert batch.status == "queued" and batch.upload
    assert not DataValue.objects.filter(period="2024").exists()
    # The worker runs it (django-q2 in synchronous mode runs the task in this process).
    sync = Conf.SYNC
    Conf.SYNC = True
    try:
        for callback in callbacks:
            callback()
    finally:
        Conf.SYNC = sync
    batch.refresh_from_db()
    assert (batch.status, batch.imported) == ("done", 1)
    assert not batch.upload  # the stored file is gone; its digest stays
    assert len(batch.sha256) == 64
    done_page = coordinator_client.get(f"/izleme/plan/{SLUG}/degerler/aktarim/{batch.pk}/")
    html = done_page.content.decode()
    assert "içe aktarılan 1" in html and 'http-equiv="refresh"' not in html
    assert DataValue.objects.get(period="2024", indicator__code="egitim-1.2.3-g1").value == 3


def test_a_refused_job_lists_its_problems_on_its_page(
    coordinator_client, izmir_plan, period, settings, django_capture_on_commit_callbacks
):
    from django_q.conf import Conf

    from esitkent.monitoring.models import ImportBatch

    settings.VALUES_IMPORT_INLINE_BYTES = 10
    text = b"dataelement,period,orgunit,value\negitim-1.2.3-g1,2024W5,sosyal-projeler-db,3\n"
    sync = Conf.SYNC
    Conf.SYNC = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            coordinator_client.post(
                f"/izleme/plan/{SLUG}/degerler/", {"file": SimpleUploadedFile("d.csv", text)}
            )
    finally:
        Conf.SYNC = sync
    batch = ImportBatch.objects.get()
    assert batch.status == "refused"
    html = coordinator_client.get(f"/izleme/plan/{SLUG}/degerler/aktarim/{batch.pk}/").content
    assert "satır 2, &#x27;period&#x27;: ‘2024W5’ haftalık" in html.decode()


def test_the_confirmations_speak_the_readers_language(reporter_client, make_user, period):
    """A flash message after saving or reviewing is in the language the page is read in."""
    from django.conf import settings
    from django.test import Client

    reporter_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    saved = reporter_client.post(entry_url(period), {"save": "1"}, follow=True)
    assert "Draft saved." in saved.content.decode()
    submission = Submission.objects.get(period=period)
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    coordinator = Client()
    coordinator.force_login(make_user("koord-en", "coordinator"))
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    returned = coordinator.post(
        f"/izleme/gonderim/{submission.pk}/inceleme/",
        {"action": "return", "reason": "Eksik"},
        follow=True,
    )
    assert "Returned to the unit with the reason." in returned.content.decode()
