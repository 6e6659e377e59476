"""Issue 20, finding 8: the reviewer sees the evidence sent with a submission and can leave a
note on a single value, which the reporter sees beside that value and which stays in its
history."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from esitkent.core import value_breakdowns
from esitkent.monitoring import entry_services, period_services, value_services
from esitkent.monitoring.models import Change, DataValue, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

CODE = "egitim-1.6.1-g2"
UNIT = "sosyal-projeler-db"


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=timezone.localdate() + dt.timedelta(days=20)
    )


@pytest.fixture
def reporter(make_user):
    return make_user("rap-kanit", "reporter", UNIT)


@pytest.fixture
def submitted(period, reporter):
    """A submission with two values and a PDF, waiting for review."""
    indicator = Indicator.objects.get(code=CODE)
    submission = entry_services.submission_open(
        period=period, organisation=Organisation.objects.get(code=UNIT)
    )
    entry_services.submission_save(
        submission=submission,
        values=[
            value_services.ValueEntry(indicator, {}, "10"),
            value_services.ValueEntry(indicator, {"sex": "F"}, "6"),
        ],
        reports=[],
        by=reporter,
        today=timezone.localdate(),
    )
    entry_services.evidence_attach(
        submission=submission,
        name="katilimci-listesi.pdf",
        content=b"%PDF-1.4 " + b"x" * 2000,
        by=reporter,
    )
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.SUBMITTED)
    return submission


@pytest.fixture
def office(make_user):
    client = Client()
    client.force_login(make_user("inceleyen", "coordinator"))
    return client


def review_url(submission) -> str:
    return f"/izleme/gonderim/{submission.pk}/inceleme/"


def women(submission) -> DataValue:
    return DataValue.objects.get(
        organisation=submission.organisation, period="2024", breakdown_key="sex=F"
    )


def test_the_review_page_lists_the_evidence_with_a_working_download_link(office, submitted):
    evidence = submitted.evidence.get()
    html = office.get(review_url(submitted)).content.decode()
    link = f"/izleme/gonderim/{submitted.pk}/kanit/{evidence.pk}/"
    assert "katilimci-listesi.pdf" in html
    assert f'href="{link}"' in html
    assert "2,0\xa0KB" in html  # the size, as a Turkish reader writes it (kept on one line)
    download = office.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_reviewer_notes_one_value_and_the_reporter_sees_it_beside_that_value(
    office, submitted, reporter, period
):
    value = women(submitted)
    response = office.post(
        review_url(submitted),
        {"action": "note", "value": value.pk, "text": "Kadın katılımcı listesi eksik görünüyor."},
    )
    assert response.status_code == 302, response.content.decode()
    note = Change.objects.get(data_value=value, action="noted")
    assert note.by.username == "inceleyen" and note.at is not None
    assert note.reason == "Kadın katılımcı listesi eksik görünüyor."
    # On the reporter's entry page, in that value's history only.
    client = Client()
    client.force_login(reporter)
    html = client.get(f"/izleme/donem/{period.id}/birim/{UNIT}/").content.decode()
    assert f'id="note-{value.indicator_id}-sex=F"' in html
    assert "Kadın katılımcı listesi eksik görünüyor." in html
    # And on the review page, beside the value.
    assert (
        "Kadın katılımcı listesi eksik görünüyor."
        in office.get(review_url(submitted)).content.decode()
    )


def test_only_a_reviewer_may_note_a_value(submitted, reporter, make_user):
    value = women(submitted)
    own_unit_coordinator = make_user("birim-koord", "coordinator", UNIT)
    for user in (reporter, own_unit_coordinator):
        client = Client()
        client.force_login(user)
        response = client.post(
            review_url(submitted), {"action": "note", "value": value.pk, "text": "kendi notum"}
        )
        assert response.status_code == 403
    assert not Change.objects.filter(action="noted").exists()


def test_a_note_on_a_value_of_another_submission_is_refused(office, submitted, make_user):
    other = DataValue.objects.create(
        indicator=Indicator.objects.get(code=CODE),
        period="2024",
        organisation=Organisation.objects.get(code="fen-isleri-db"),
        breakdown_key="",
        breakdown={},
        value=3,
    )
    response = office.post(
        review_url(submitted), {"action": "note", "value": other.pk, "text": "yanlış yer"}
    )
    assert response.status_code == 400
    assert not Change.objects.filter(action="noted").exists()


def test_an_empty_note_is_refused_in_turkish(office, submitted):
    response = office.post(
        review_url(submitted), {"action": "note", "value": women(submitted).pk, "text": "  "}
    )
    assert response.status_code == 400
    assert "not yazılmalı" in response.content.decode()


def test_the_note_form_needs_the_csrf_token(submitted, make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("inceleyen2", "coordinator"))
    response = client.post(
        review_url(submitted), {"action": "note", "value": women(submitted).pk, "text": "x"}
    )
    assert response.status_code == 403
    assert not Change.objects.filter(action="noted").exists()


def test_the_review_page_makes_no_query_per_value_or_note(office, submitted, reporter):
    indicator = Indicator.objects.get(code=CODE)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert office.get(review_url(submitted)).status_code == 200
        return len(queries)

    office.post(
        review_url(submitted), {"action": "note", "value": women(submitted).pk, "text": "bir"}
    )
    fewer = count()
    Submission.objects.filter(pk=submitted.pk).update(status=Submission.Status.DRAFT)
    entry_services.submission_save(
        submission=submitted,
        values=[
            value_services.ValueEntry(indicator, {"sex": "M"}, "4"),
            *[
                value_services.ValueEntry(indicator, {"age": age}, "1")
                for age in list(value_breakdowns.AGE_BANDS)[:4]
            ],
        ],
        reports=[],
        by=reporter,
        today=timezone.localdate(),
    )
    Submission.objects.filter(pk=submitted.pk).update(status=Submission.Status.SUBMITTED)
    for value in DataValue.objects.filter(organisation=submitted.organisation, period="2024"):
        office.post(review_url(submitted), {"action": "note", "value": value.pk, "text": "iki"})
    assert count() == fewer
