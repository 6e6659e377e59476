"""The annual monitoring report: every area and activity in the PDF, pages not blank, XLSX by area."""

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import ActivityReport, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity
from esitkent.reports.render import render
from esitkent.reports.selectors import annual_report


@pytest.fixture
def approved_year(izmir_plan, make_user):
    """One approved 2023 submission: a delayed activity with its explanation."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31)
    )
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    submission = Submission.objects.create(period=period, organisation=sosyal, status="submitted")
    activity = Activity.objects.get(subgoal__goal__area__code="egitim", code="1.2.7")
    ActivityReport.objects.create(
        activity=activity,
        period=period,
        organisation=sosyal,
        submission=submission,
        status="delayed",
        progress=40,
        explanation="Eğitmen bulunamadı",
        corrective_action="Üniversiteyle protokol",
        new_date=dt.date(2024, 6, 30),
    )
    review_services.submission_approve(
        submission=submission, by=make_user("onaylayan", "coordinator")
    )
    return izmir_plan


def pdf_text_and_pages(data: bytes):
    document = pdfium.PdfDocument(data)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return text, document


def test_the_pdf_holds_every_area_and_activity_code_in_turkish(approved_year):
    data = render(annual_report(approved_year, 2023), "pdf", "tr")
    text, document = pdf_text_and_pages(data)
    assert "2023 yılı izleme raporu" in text
    for area in approved_year.areas.all():
        assert area.title_printed in text
    for activity in Activity.objects.filter(
        subgoal__goal__area__plan=approved_year, duplicate_of__isnull=True
    ):
        assert f"{activity.code_printed} " in text, activity.code_printed
    assert "Eğitmen bulunamadı" in text and "Sınırlar: OCHA / HDX COD-AB" in text
    for i in range(3):  # cover, summary with the chart, the map
        image = document[i].render(scale=0.5).to_pil().convert("L")
        dark = image.point(lambda p: 255 if p < 200 else 0).histogram()[255]
        assert dark > 500, f"page {i + 1} looks blank"


def test_the_english_report(approved_year):
    text, _ = pdf_text_and_pages(render(annual_report(approved_year, 2023), "pdf", "en"))
    assert "2023 monitoring report" in text and "Sources and method" in text


def test_the_xlsx_has_a_sheet_per_area(approved_year):
    wb = load_workbook(io.BytesIO(render(annual_report(approved_year, 2023), "xlsx", "tr")))
    for area in approved_year.areas.all():
        assert area.title[:31] in wb.sheetnames
    rows = list(wb["Eğitim"].iter_rows(values_only=True))
    assert any(r[0] == "1.2.7" and r[4] == "Gecikmede" and r[5] == 40 for r in rows)


def test_coordinators_get_the_report_from_the_dashboard(coordinator_client, make_user, izmir_plan):
    from django.test import Client

    period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31)
    )
    reporter_client = Client()  # its own client: the fixtures share one
    reporter_client.force_login(make_user("raportor", "reporter", "sosyal-projeler-db"))
    html = coordinator_client.get(f"/panolar/{izmir_plan.slug}/").content.decode()
    assert f"/raporlar/{izmir_plan.slug}/2023/?bicim=pdf" in html
    response = coordinator_client.get(f"/raporlar/{izmir_plan.slug}/2023/", {"bicim": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    assert reporter_client.get(f"/raporlar/{izmir_plan.slug}/2023/").status_code == 403
    assert coordinator_client.get(f"/raporlar/{izmir_plan.slug}/1990/").status_code == 404


def test_the_command(izmir_plan, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "r.html"
    call_command(
        "monitoring_report",
        "--plan",
        izmir_plan.slug,
        "--year",
        "2024",
        "--format",
        "html",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    assert "<svg" in target.read_text() and "KADINA YÖNELİK ŞİDDETLE MÜCADELE" in target.read_text()


def test_a_report_built_by_someone_reading_english_names_terms_in_its_own_language(
    approved_year,
):
    """The report's language decides its words, not the language of whoever asked for it."""
    from django.utils import translation

    from esitkent.reports.render import html

    with translation.override("en"):
        report = annual_report(approved_year, 2023)
    term = next(a.term for area in report.areas for a in area.activities if a.term)
    turkish, english = html(report, lang="tr"), html(report, lang="en")
    assert "Vade: Kısa Vade" in turkish and "Term: Short term" in english, str(term)
