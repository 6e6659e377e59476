"""The unit report card as a PDF: the page's content, its sample periods marked, in Turkish and
English."""

import datetime as dt

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import ActivityReport, DataValue, Submission
from esitkent.orgs.models import Organisation

SLUG = "izmir-yeep-2022-2024"
CARD = f"/panolar/{SLUG}/birimler/sosyal-projeler-db/"


@pytest.fixture
def sample_year(izmir_plan):
    """Sosyal Projeler's 2022 report in a sample period: late, one activity behind, approved."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2022", deadline=dt.date(2023, 1, 31)
    )
    period.is_sample = True
    period.save(update_fields=["is_sample"])
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    activity = izmir_plan.areas.get(code="egitim").goals.first().subgoals.first().activities.first()
    indicator = activity.indicators.first()
    submission = Submission.objects.create(
        period=period,
        organisation=sosyal,
        status="submitted",
        submitted_at=timezone.make_aware(dt.datetime(2023, 2, 5, 12)),
    )
    ActivityReport.objects.create(
        activity=activity,
        period=period,
        organisation=sosyal,
        submission=submission,
        status="delayed",
        progress=5,
        explanation="Mekân tahsisi gecikti",
        corrective_action="İkinci dönemde iki grup açılacak",
    )
    DataValue.objects.create(
        indicator=indicator,
        period="2022",
        organisation=sosyal,
        breakdown_key="",
        breakdown={},
        value=40,
        submission=submission,
    )
    review_services.submission_approve(submission=submission, by=None)
    return activity, indicator


def pdf_text(data: bytes) -> str:
    """The text of every page, line breaks read as spaces (a cell wraps at its width)."""
    document = pdfium.PdfDocument(data)
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return " ".join(text.split())


def test_the_card_page_links_to_its_pdf(viewer_client, sample_year):
    html = viewer_client.get(CARD).content.decode()
    assert f'href="{CARD}pdf/"' in html
    periods = html.split("Raporlama: zamanında mı?")[1].split("</table>")[0]
    assert "ÖRNEK" in periods


def test_the_card_pdf_holds_the_unit_its_periods_and_the_sample_label(viewer_client, sample_year):
    activity, indicator = sample_year
    response = viewer_client.get(f"{CARD}pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "sosyal-projeler-db" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"%PDF")
    text = pdf_text(body)
    assert "Sosyal Projeler Dairesi Başkanlığı" in text
    assert "Birim karnesi" in text and "2022" in text and "5 gün geç" in text
    assert "ÖRNEK" in text
    assert activity.code_printed in text and "Mekân tahsisi gecikti" in text
    assert indicator.code in text


def test_the_card_pdf_reads_in_english(viewer_client, sample_year):
    text = pdf_text(viewer_client.get(f"{CARD}pdf/?dil=en").content)
    assert "Sosyal Projeler Dairesi Başkanlığı" in text and "2022" in text
    assert "SAMPLE" in text and "ÖRNEK" not in text
    assert "Birim karnesi" not in text and "5 days late" in text


def test_an_unknown_language_is_not_found(viewer_client, sample_year):
    assert viewer_client.get(f"{CARD}pdf/?dil=xx").status_code == 404
