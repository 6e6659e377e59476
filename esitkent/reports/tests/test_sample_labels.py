"""Issue 15: a sample reporting period's figures are marked ÖRNEK on everything of the annual
report they reach: the cover, the headline, every chart title and table, the XLSX sheets, the
file's name and metadata, the report list and the command; a real year's report says nothing
of the kind. The cycle runs through the real monitoring services, as the demo's does."""

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from esitkent.monitoring import entry_services, period_services, review_services, value_services
from esitkent.monitoring.entry_selectors import entry_form
from esitkent.monitoring.models import ReportingPeriod
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator
from esitkent.reports.render import render
from esitkent.reports.selectors import annual_report

MARK = "ÖRNEK"
UNIT = "sosyal-projeler-db"


def cycle(plan, year: int, *, reporter, coordinator, sample: bool, figure: str):
    """One unit's year entered, submitted and approved through the monitoring services: a
    figure for every total it reports, a district breakdown where one is taken, and a report
    for every activity."""
    period = period_services.reporting_period_create(
        plan=plan, code=str(year), deadline=dt.date(year + 1, 1, 31)
    )
    if sample:
        ReportingPeriod.objects.filter(pk=period.pk).update(is_sample=True)
        period.refresh_from_db()
    today = dt.date(year + 1, 1, 10)
    unit = Organisation.objects.get(code=UNIT)
    submission = entry_services.submission_open(period=period, organisation=unit)
    indicators = Indicator.objects.filter(
        assignments__organisation=unit, plan=plan, definition__measure_type="count"
    ).select_related("definition")
    values = []
    for indicator in indicators:
        # A comment explains a figure far from the unit's earlier ones (the seed history).
        values.append(value_services.ValueEntry(indicator, {}, figure, "tanıtım için"))
        if "district" in indicator.definition.dimensions:
            values.append(value_services.ValueEntry(indicator, {"district": "konak"}, "1", ""))
    reports = [
        entry_services.ReportEntry(activity_id=block.activity.id, status="completed", progress=100)
        for block in entry_form(submission, today=today)
    ]
    entry_services.submission_save(
        submission=submission, values=values, reports=reports, by=reporter, today=today
    )
    review_services.submission_submit(submission=submission, by=reporter, today=today)
    review_services.submission_approve(submission=submission, by=coordinator)
    return period


@pytest.fixture
def cycles(izmir_plan, make_user):
    """2022 a real year, 2023 a sample one, 2024 a real period with nothing approved yet."""
    reporter = make_user("ornek-raportor", "reporter", UNIT)
    coordinator = make_user("ornek-koord", "coordinator")
    cycle(izmir_plan, 2022, reporter=reporter, coordinator=coordinator, sample=False, figure="7")
    cycle(izmir_plan, 2023, reporter=reporter, coordinator=coordinator, sample=True, figure="9")
    period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    return izmir_plan


def pdf_pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def sheets_with(wb, text: str) -> set[str]:
    return {
        ws.title
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        if any(isinstance(v, str) and text in v for v in row)
    }


def test_the_sample_years_html_marks_cover_headline_charts_and_tables(cycles):
    page = render(annual_report(cycles, 2023), "html", "tr").decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    cover = page.split('<section class="cover">', 1)[1].split("</section>", 1)[0]
    assert MARK in title
    assert MARK in cover and "2023" in cover
    headline = page.split("Planın genel ilerlemesi", 1)[1].split("</p>", 1)[0]
    assert MARK in headline
    # Every chart's own title says it: a chart travels alone (a screenshot, a slide).
    charts = page.split("<svg")[1:]
    assert len(charts) == 2, "the progress chart and the 2023 district map"
    for chart in charts:
        assert f"({MARK})" in chart.split("</svg>", 1)[0]
    summary = page.split("<h2>Özet</h2>", 1)[1].split("</table>", 1)[0]
    assert summary.count(MARK) >= 2  # the area table, beside the areas' progress
    status_lines = [line for line in page.splitlines() if "Durum: Tamamlandı" in line]
    assert status_lines and all(MARK in line for line in status_lines)
    completeness = page.split("Tamlık ve zamanlılık", 1)[1].split("</h2>", 1)[0]
    assert MARK in completeness


def test_the_sample_years_pdf_says_so_on_every_page_and_in_its_metadata(cycles):
    data = render(annual_report(cycles, 2023), "pdf", "tr")
    pages = pdf_pages(data)
    assert MARK in pages[0]
    unmarked = [n for n, text in enumerate(pages, start=1) if MARK not in text]
    assert unmarked == []
    assert MARK in pdfium.PdfDocument(data).get_metadata_dict()["Title"]


def test_the_english_sample_report_says_sample(cycles):
    pages = pdf_pages(render(annual_report(cycles, 2023), "pdf", "en"))
    assert "SAMPLE" in pages[0]


def test_every_xlsx_sheet_with_a_sample_figure_says_so(cycles):
    wb = load_workbook(io.BytesIO(render(annual_report(cycles, 2023), "xlsx", "tr")))
    with_figures = {"Özet", "Eğitim"}  # the unit's activities are in education, among others
    assert with_figures <= sheets_with(wb, MARK)
    for ws in wb.worksheets:
        reported = [
            row
            for row in ws.iter_rows(min_row=2, values_only=True)
            if ws.title not in ("Özet", "Veri kalitesi") and row[4]
        ]
        for row in reported:
            assert MARK in row, (ws.title, row)
    assert MARK in wb.properties.title and MARK in (wb.properties.keywords or "")


def test_a_real_years_report_that_still_shows_sample_statuses_marks_them(cycles):
    """2024 has nothing approved: its report shows the statuses that stood at the year's end,
    2023's sample ones, and must say so."""
    page = render(annual_report(cycles, 2024), "html", "tr").decode()
    cover = page.split('<section class="cover">', 1)[1].split("</section>", 1)[0]
    assert MARK in cover and "2023" in cover
    status_lines = [line for line in page.splitlines() if "Durum: Tamamlandı" in line]
    assert status_lines and all(MARK in line for line in status_lines)


def test_a_real_years_report_carries_no_sample_mark(cycles):
    """The positive control: 2022 is real and ends before the sample year."""
    report = annual_report(cycles, 2022)
    assert MARK not in render(report, "html", "tr").decode()
    assert not any(MARK in text for text in pdf_pages(render(report, "pdf", "tr")))
    wb = load_workbook(io.BytesIO(render(report, "xlsx", "tr")))
    assert sheets_with(wb, MARK) == set() and MARK not in (wb.properties.title or "")


def test_the_download_is_named_and_the_list_marks_the_sample_year(cycles, coordinator_client):
    slug = cycles.slug
    sample = coordinator_client.get(f"/raporlar/{slug}/2023/", {"bicim": "pdf"})
    real = coordinator_client.get(f"/raporlar/{slug}/2022/", {"bicim": "pdf"})
    assert sample["Content-Disposition"].endswith('-ornek.pdf"')
    assert "ornek" not in real["Content-Disposition"]
    page = coordinator_client.get(f"/raporlar/{slug}/").content.decode()
    rows = {
        year: page.split(f'<th scope="row">{year}', 1)[1].split("</th>", 1)[0]
        for year in (2022, 2023, 2024)
    }
    assert MARK in rows[2023] and MARK in rows[2024]
    assert MARK not in rows[2022]


def test_the_command_says_the_report_holds_sample_figures(cycles, tmp_path):
    said = {}
    for year in (2022, 2023):
        err = io.StringIO()
        call_command(
            "monitoring_report",
            "--plan",
            cycles.slug,
            "--year",
            str(year),
            "--format",
            "xlsx",
            "--output",
            str(tmp_path / f"{year}.xlsx"),
            stderr=err,
        )
        said[year] = err.getvalue()
    assert MARK in said[2023] and "2023" in said[2023]
    assert MARK not in said[2022]
