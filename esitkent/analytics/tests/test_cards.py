"""Unit report cards and the dashboard's progress, timeliness and breakdown charts."""

import datetime as dt

import pytest
from django.utils import timezone

from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import ActivityReport, DataValue, Submission
from esitkent.orgs.models import Organisation

SLUG = "izmir-yeep-2022-2024"


@pytest.fixture
def late_and_behind(izmir_plan):
    """Sosyal Projeler sends its 2022 report five days late, with one of its activities
    delayed and explained; the coordinator approves it."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2022", deadline=dt.date(2023, 1, 31)
    )
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
    for key, breakdown, value in [
        ("", {}, 40),
        ("sex=F", {"sex": "F"}, 22),
        ("sex=M", {"sex": "M"}, 18),
    ]:
        DataValue.objects.create(
            indicator=indicator,
            period="2022",
            organisation=sosyal,
            breakdown_key=key,
            breakdown=breakdown,
            value=value,
            submission=submission,
        )
    review_services.submission_approve(submission=submission, by=None)
    return activity, indicator


def test_a_unit_card_shows_what_is_behind_and_what_came_late(viewer_client, late_and_behind):
    activity, indicator = late_and_behind
    html = viewer_client.get(f"/panolar/{SLUG}/birimler/sosyal-projeler-db/").content.decode()
    assert "Sosyal Projeler Dairesi Başkanlığı" in html
    assert "5 gün geç" in html
    behind = html.split("Geride kalanlar")[1].split("Raporlama: zamanında mı?")[0]
    assert activity.code_printed in behind and "Mekân tahsisi gecikti" in behind
    assert "İkinci dönemde iki grup açılacak" in behind
    figures = html.split("Bildirdiği onaylı değerler")[1]
    assert indicator.code in figures and ">40<" in figures


def test_the_card_list_names_every_responsible_unit(viewer_client, late_and_behind):
    html = viewer_client.get(f"/panolar/{SLUG}/birimler/").content.decode()
    assert html.count(f'href="/panolar/{SLUG}/birimler/') >= 10
    assert f'href="/panolar/{SLUG}/birimler/sosyal-projeler-db/"' in html


def test_dashboard_has_goal_unit_timeliness_and_breakdown_charts(viewer_client, late_and_behind):
    _, indicator = late_and_behind
    html = viewer_client.get(f"/panolar/{SLUG}/").content.decode()
    for title in (
        "Hedeflere göre ilerleme",
        "Birimlere göre ilerleme",
        "Dönemlere göre tamlık ve zamanlılık",
        f"{indicator.code} — kırılımlar (2022)",
    ):
        assert title in html
    lines = (
        viewer_client.get(f"/panolar/{SLUG}/", {"csv": "zamanlilik"})
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert lines[0] == "Dönem,Beklenen birim,Gönderen,Zamanında,Geç,Tamlık (%)"
    assert lines[1].startswith("2022,") and ",1,0,1," in lines[1]
    breakdown = (
        viewer_client.get(f"/panolar/{SLUG}/", {"csv": f"{indicator.code}-kirilim"})
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert breakdown == [
        "Kırılım,Seçenek,Değer",
        "Cinsiyet,Kadın,22.0000",
        "Cinsiyet,Erkek,18.0000",
    ]


def test_filtering_by_unit_shows_that_units_own_figures(viewer_client, late_and_behind):
    _, indicator = late_and_behind
    mine = viewer_client.get(f"/panolar/{SLUG}/", {"birim": "sosyal-projeler-db"})
    assert f"({indicator.code})" in mine.content.decode()
    other = viewer_client.get(f"/panolar/{SLUG}/", {"birim": "kadin-calismalari-sm"})
    assert f"({indicator.code})" not in other.content.decode()
