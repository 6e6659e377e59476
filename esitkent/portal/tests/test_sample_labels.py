"""Issue 20, finding 7: a value approved in a sample reporting period (the demo's open 2024)
carries ÖRNEK wherever it reaches the public: the activity and indicator pages, their charts,
the map, the open-data files and the annual report. A real period's value carries none."""

import datetime as dt
import io
import json
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from esitkent.core import value_breakdowns
from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import DataValue, ReportingPeriod, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity

SLUG = "izmir-yeep-2022-2024"
REAL, SAMPLE = "1111", "2222"  # the approved totals of 2023 (real) and 2024 (sample)


def _approve(period: ReportingPeriod, indicator, values: dict[str, int]) -> None:
    org = Organisation.objects.get(code="sosyal-projeler-db")
    submission = Submission.objects.create(
        period=period, organisation=org, status="submitted", submitted_at=timezone.now()
    )
    for key, value in values.items():
        DataValue.objects.create(
            indicator=indicator,
            period=period.code,
            organisation=org,
            breakdown_key=key,
            breakdown=value_breakdowns.parse_breakdown_key(key),
            value=value,
            submission=submission,
        )
    review_services.submission_approve(submission=submission, by=None)


@pytest.fixture
def two_years(izmir_plan):
    """2023 real and locked, 2024 the demo's sample period, both with an approved value."""
    activity = Activity.objects.get(subgoal__goal__area__plan=izmir_plan, row=30)
    indicator = activity.indicators.first()
    real = period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31)
    )
    sample = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    ReportingPeriod.objects.filter(pk=sample.pk).update(is_sample=True)
    _approve(real, indicator, {"": int(REAL)})
    _approve(sample, indicator, {"": int(SAMPLE), "sex=F": 1234, "district=konak": 987})
    return activity


def _row(html: str, figure: str) -> str:
    """The table row that shows the figure."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if figure in r]
    assert len(rows) == 1, (figure, rows)
    return rows[0]


def test_the_activity_page_labels_the_sample_value_only(client, two_years):
    html = client.get(f"/acik/{SLUG}/faaliyet/{two_years.row}/").content.decode()
    assert "ÖRNEK" in _row(html, "2.222")
    assert "ÖRNEK" not in _row(html, "1.111")


def test_the_indicator_page_labels_the_sample_figures_and_their_charts(client, two_years):
    code = two_years.indicators.first().code
    url = f"/acik/{SLUG}/gosterge/{code}/"
    html = client.get(url).content.decode()
    assert "ÖRNEK" in _row(html, '<td class="num">2.222</td>')
    assert "ÖRNEK" not in _row(html, '<td class="num">1.111</td>')
    # The latest breakdowns are 2024's: their caption says they are sample.
    caption = re.search(r"<caption>Kırılımlara göre onaylı değerler.*?</caption>", html, re.S)
    assert caption and "ÖRNEK" in caption.group(0)
    # The charts' titles, and the CSV of the series, say which figures are sample.
    labels = re.findall(r'data-label="([^"]*)"', html)
    assert len(labels) == 2
    assert labels[0].endswith("— ÖRNEK veri: 2024")  # the series: 2023 is real
    assert labels[1].endswith("(2024) — ÖRNEK veri")  # the breakdowns, all of 2024
    series = client.get(url, {"csv": f"{code}-seri"}).content.decode("utf-8-sig").splitlines()
    assert series == ["Dönem,Değer,Hedef,Örnek veri", "2023,1111.0000,,", "2024,2222.0000,,ÖRNEK"]


def test_the_map_of_a_sample_period_says_so(client, two_years):
    code = two_years.indicators.first().code
    base = f"/acik/{SLUG}/harita/?kaynak=g:{code}&olcek=raw"
    html = client.get(f"{base}&donem=2024").content.decode()
    caption = re.search(r"<caption>.*?</caption>", html, re.S).group(0)
    assert "2024" in caption and "ÖRNEK" in caption


def test_open_data_marks_each_sample_value(client, two_years):
    code = two_years.indicators.first().code

    def ours(rows):
        # A spreadsheet keeps an empty breakdown (the total) as an empty cell.
        return {
            (str(r["period"]), r["breakdown"] or ""): r["sample"]
            for r in rows
            if r["indicator"] == code
        }

    document = json.loads(client.get("/acik/veri/esitkent-acik-veri.json").content)
    assert "sample" in document["columns"]
    marks = ours(document["values"])
    assert marks[("2023", "")] is False
    assert marks[("2024", "")] is True and marks[("2024", "sex=F")] is True

    csv_text = client.get("/acik/veri/esitkent-acik-veri.csv").content.decode("utf-8-sig")
    header, *lines = csv_text.splitlines()
    names = header.split(",")
    assert names[-1] == "sample"
    rows = [dict(zip(names, line.split(","), strict=False)) for line in lines]
    assert ours(rows) == {
        ("2023", ""): "false",
        ("2024", ""): "true",
        **{k: "true" for k in [("2024", "sex=F"), ("2024", "district=konak")]},
    }

    body = client.get("/acik/veri/esitkent-acik-veri.xlsx").content
    sheet = load_workbook(io.BytesIO(body))["Değerler"]
    header, *values = list(sheet.iter_rows(values_only=True))
    assert header[-1] == "sample"
    rows = [dict(zip(header, v, strict=True)) for v in values]
    assert ours(rows)[("2024", "")] is True and ours(rows)[("2023", "")] is False


def test_the_annual_report_labels_a_sample_years_figures(coordinator_client, two_years):
    sample = coordinator_client.get(f"/raporlar/{SLUG}/2024/", {"bicim": "html"})
    html = sample.content.decode()
    assert "ÖRNEK" in _row(html, "2.222")
    real = coordinator_client.get(f"/raporlar/{SLUG}/2023/", {"bicim": "html"})
    html = real.content.decode()
    assert "ÖRNEK" not in _row(html, "1.111")
