import json
import re

import pytest

from esitkent.analytics.context_selectors import context_checks
from esitkent.analytics.map_selectors import map_data, map_sources
from esitkent.analytics.models import IndicatorSummary
from esitkent.analytics.services import summaries_refresh

SLUG = "izmir-yeep-2022-2024"


def test_dashboard_shows_the_real_historical_figures_by_area(viewer_client):
    html = viewer_client.get(f"/panolar/{SLUG}/").content.decode()
    assert "Halkın Bakkalı sayısı" in html and "Düzenlenen Park Sayısı" in html
    specs = re.findall(
        r'<script id="spec-[^"]+" type="application/json">(.*?)</script>', html, re.S
    )
    assert len(specs) >= 4 and all(
        json.loads(s)["$schema"].startswith("https://vega.github.io/schema/vega/") for s in specs
    )


def test_each_chart_downloads_as_csv(viewer_client):
    response = viewer_client.get(f"/panolar/{SLUG}/", {"csv": "kentsel-1.1.1-g1"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Dönem,Değer", "2020,28.0000", "2020/2021,58.0000", "2021,30.0000"]


@pytest.mark.parametrize(
    "year, shown",
    [
        # A two-year period counts in each year it spans.
        ("2021", ["2020/2021,58.0000", "2021,30.0000"]),
        ("2020", ["2020,28.0000", "2020/2021,58.0000"]),
        # A year that is not a number filters nothing.
        ("abc", ["2020,28.0000", "2020/2021,58.0000", "2021,30.0000"]),
    ],
)
def test_the_year_filter_keeps_the_periods_that_reach_into_the_year(viewer_client, year, shown):
    response = viewer_client.get(f"/panolar/{SLUG}/", {"yil": year, "csv": "kentsel-1.1.1-g1"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Dönem,Değer", *shown]


def test_a_year_with_no_figure_draws_no_chart_for_it(viewer_client):
    html = viewer_client.get(f"/panolar/{SLUG}/", {"yil": "2021"}).content.decode()
    assert "kentsel-1.1.1-g1" in html  # the control: the chart is there for a year it has
    html = viewer_client.get(f"/panolar/{SLUG}/", {"yil": "2019"}).content.decode()
    assert "kentsel-1.1.1-g1" not in html


def test_filters_narrow_the_figures(viewer_client):
    html = viewer_client.get(f"/panolar/{SLUG}/", {"alan": "katilim"}).content.decode()
    assert "Meclis kararı sayısı" in html and "Halkın Bakkalı" not in html


def test_map_has_thirty_named_districts_and_grey_for_no_data(izmir_plan):
    source = next(s for s in map_sources(izmir_plan) if s.key == "s:kdm-bulunan-ilce-sayisi")
    data = map_data(source, "2021")
    names = [f["properties"]["name"] for f in data.features]
    assert len(names) == 30 and "Karşıyaka" in names and "Ödemiş" in names
    with_value = sum(f["properties"]["value"] is not None for f in data.features)
    assert with_value == 20


def test_map_per_10000_women_uses_the_population_by_sex(izmir_plan):
    source = next(s for s in map_sources(izmir_plan) if s.key == "s:kdm-bulunan-ilce-sayisi")
    rows = {r["district"]: r for r in map_data(source, "2021", per="women").rows}
    konak = rows["Konak"]
    assert (
        konak["population_year"] == 2021 and str(konak["shown"]) == "0.06"
    )  # 1 / 172,106 women × 10,000


def test_map_page_and_its_csv(viewer_client):
    html = viewer_client.get(f"/panolar/{SLUG}/harita/").content.decode()
    assert "Sınırlar: OCHA / HDX COD-AB" in html
    csv_lines = (
        viewer_client.get(f"/panolar/{SLUG}/harita/", {"csv": "harita"})
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert csv_lines[0].startswith("İlçe,pcode,Değer") and len(csv_lines) == 31


def test_context_page_flags_the_two_printed_percentages_that_do_not_match(viewer_client):
    checks = {c.check.label: c for c in context_checks()}
    mismatched = sorted(label for label, c in checks.items() if c.result and not c.result.agrees)
    assert (
        len(mismatched) == 2
        and any("öğrenci" in m for m in mismatched)
        and any("Meclisi" in m for m in mismatched)
    )
    html = viewer_client.get("/panolar/baglam/").content.decode()
    assert html.count("<strong>Uyuşmuyor</strong>") == 2
    for shown in ("47,6", "46,3", "16,5", "17"):
        assert f">{shown}<" in html
    assert "kadın − erkek farkı" in html


def test_refresh_touches_only_the_groups_it_is_given(izmir_plan):
    before = {(s.indicator_id, s.period): s.refreshed_at for s in IndicatorSummary.objects.all()}
    some = next(iter(before))
    summaries_refresh(groups=[some])
    after = {(s.indicator_id, s.period): s.refreshed_at for s in IndicatorSummary.objects.all()}
    assert after.keys() == before.keys()
    assert [k for k in after if after[k] != before[k]] == [some]


def test_approving_refreshes_the_dashboard_figures(izmir_plan, make_user):
    import datetime as dt

    from esitkent.monitoring import period_services, review_services
    from esitkent.monitoring.models import DataValue, Submission
    from esitkent.orgs.models import Organisation

    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    submission = Submission.objects.create(period=period, organisation=sosyal, status="submitted")
    DataValue.objects.create(
        indicator_id=izmir_plan.areas.get(code="egitim")
        .goals.first()
        .subgoals.first()
        .activities.first()
        .indicators.first()
        .id,
        period="2024",
        organisation=sosyal,
        value=7,
        submission=submission,
    )
    assert not IndicatorSummary.objects.filter(period="2024").exists()
    review_services.submission_approve(submission=submission, by=None)
    assert (
        IndicatorSummary.objects.get(period="2024", breakdown_key="", organisation=None).value == 7
    )
    assert IndicatorSummary.objects.get(period="2024", organisation=sosyal).value == 7
    review_services.submission_unapprove(submission=submission, by=None, reason="yanlış")
    assert not IndicatorSummary.objects.filter(period="2024").exists()
