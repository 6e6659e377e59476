"""A year's report tells that year: later periods' approvals do not leak into an earlier
report, the years offered are the plan's own, and the Equality Commission reads it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from esitkent.core import progress_rating
from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import ActivityReport, DataValue, Submission
from esitkent.monitoring.summary_selectors import report_years
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, Indicator
from esitkent.reports.selectors import annual_report

SLUG = "izmir-yeep-2022-2024"
APPROVER = "onaylayan"


def approve(plan, code, reports, approver, values=()):
    """A submitted period of the social projects department, approved as review does."""
    period = period_services.reporting_period_create(
        plan=plan, code=code, deadline=dt.date(int(code[:4]) + 1, 1, 31)
    )
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    submission = Submission.objects.create(period=period, organisation=sosyal, status="submitted")
    for activity, status, progress in reports:
        ActivityReport.objects.create(
            activity=activity,
            period=period,
            organisation=sosyal,
            submission=submission,
            status=status,
            progress=progress,
        )
    for indicator, value in values:
        DataValue.objects.create(
            indicator=indicator, period=code, organisation=sosyal, value=Decimal(value)
        )
    review_services.submission_approve(submission=submission, by=approver)
    return period


@pytest.fixture
def two_years(izmir_plan, make_user):
    """2022 approved (one activity under way), 2023 open with nothing approved, 2024 approved
    with six activities completed and a value."""
    approver = make_user(APPROVER, "coordinator")
    activities = list(
        Activity.objects.filter(
            subgoal__goal__area__plan=izmir_plan,
            duplicate_of__isnull=True,
            indicators__definition__dimensions=[],
        )
        .distinct()
        .order_by("row")[:6]
    )
    assert len(activities) > 3
    first = activities[0]
    approve(izmir_plan, "2022", [(first, "ongoing", 30)], approver)
    period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31)
    )
    indicator = Indicator.objects.filter(
        activity__in=activities, definition__isnull=False, definition__dimensions=[]
    ).first()
    approve(
        izmir_plan,
        "2024",
        [(a, "completed", 100) for a in activities],
        approver,
        values=[(indicator, "17")],
    )
    return izmir_plan, activities, indicator


def lines(report):
    """Activity lines by area and printed code (each area numbers its own)."""
    return {(area.code, line.code): line for area in report.areas for line in area.activities}


def key(activity):
    return (activity.subgoal.goal.area.code, activity.code_printed)


def test_a_past_year_shows_its_own_state_not_a_later_years(two_years):
    plan, activities, indicator = two_years
    report = annual_report(plan, 2023)
    assert report.as_of == dt.date(2023, 12, 31)
    assert report.approved_submissions == 0
    # Only the 2022 report stood at the end of 2023: one activity at 30 %, nothing completed.
    assert report.progress == pytest.approx(30)
    first, *rest = activities
    assert lines(report)[key(first)].progress == 30
    assert lines(report)[key(first)].status == "Sürüyor"
    for activity in rest:
        line = lines(report)[key(activity)]
        assert (line.status, line.progress, line.rag) == ("", None, progress_rating.NONE), line
    area_figures = [(a.code, a.progress) for a in report.areas if a.progress is not None]
    assert len(area_figures) == 1 and area_figures[0][1] == pytest.approx(30)
    shown = {i.code: i.value for line in lines(report).values() for i in line.indicators}
    assert shown[indicator.code] is None

    later = annual_report(plan, 2024)
    assert later.approved_submissions == 1
    assert lines(later)[key(first)].progress == 100
    assert lines(later)[key(rest[0])].status == "Tamamlandı"
    shown = {i.code: i.value for line in lines(later).values() for i in line.indicators}
    assert shown[indicator.code] == Decimal("17")
    assert later.progress > report.progress


def test_the_2023_pdf_reads_as_2023(two_years):
    from esitkent.reports.render import render
    from esitkent.reports.tests.test_annual import pdf_text_and_pages

    plan, activities, _ = two_years
    text, _ = pdf_text_and_pages(render(annual_report(plan, 2023), "pdf", "tr"))
    flat = " ".join(text.split())
    assert "Durum tarihi: 31.12.2023" in flat
    assert "Bu yıl için onaylanmış gönderim: 0." in flat
    assert "Planın genel ilerlemesi: %30." in flat
    assert "Tamamlandı" not in flat  # every completion is 2024's
    assert "2022 dönemi raporu" in flat  # the status standing then, and where it came from


def test_only_the_plans_years_with_periods_are_offered(two_years, coordinator_client):
    plan, _, _ = two_years
    today = dt.date(2026, 12, 7)
    assert list(report_years(plan, as_of=today)) == [2022, 2023, 2024]
    period_services.reporting_period_create(plan=plan, code="2025", deadline=dt.date(2026, 1, 31))
    assert list(report_years(plan, as_of=today)) == [2022, 2023, 2024]  # past the plan's end
    html = coordinator_client.get(f"/raporlar/{SLUG}/").content.decode()
    assert f"/raporlar/{SLUG}/2024/?bicim=pdf" in html
    assert f"/raporlar/{SLUG}/2025/" not in html and f"/raporlar/{SLUG}/2026/" not in html
    dashboard = coordinator_client.get(f"/panolar/{SLUG}/").content.decode()
    assert f"/raporlar/{SLUG}/2024/?bicim=pdf" in dashboard
    assert f"/raporlar/{SLUG}/2025/" not in dashboard
    assert coordinator_client.get(f"/raporlar/{SLUG}/2025/", {"bicim": "html"}).status_code == 404


def test_a_plan_year_without_periods_is_not_offered(izmir_plan):
    period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2024, 1, 31)
    )
    assert list(report_years(izmir_plan, as_of=dt.date(2026, 1, 1))) == [2023]
    assert list(report_years(izmir_plan, as_of=dt.date(2023, 6, 1))) == [2023]
    assert list(report_years(izmir_plan, as_of=dt.date(2022, 6, 1))) == []


def test_the_equality_commission_reads_the_report_but_does_not_publish(two_years, make_user):
    viewer = Client()
    viewer.force_login(make_user("komisyon-uyesi", "viewer", "tce-komisyonu"))
    response = viewer.get(f"/raporlar/{SLUG}/2024/", {"bicim": "html"})
    assert response.status_code == 200
    assert "2024 yılı izleme raporu" in response.content.decode()
    index = viewer.get(f"/raporlar/{SLUG}/")
    assert index.status_code == 200 and "Portalda yayımla" not in index.content.decode()
    dashboard = viewer.get(f"/panolar/{SLUG}/").content.decode()
    assert f"/raporlar/{SLUG}/2024/?bicim=pdf" in dashboard
    assert viewer.get(f"/raporlar/{SLUG}/2024/yayimla/").status_code == 403
    assert viewer.post(f"/raporlar/{SLUG}/2024/yayimla/").status_code == 403
    reporter = Client()
    reporter.force_login(make_user("raportor", "reporter", "sosyal-projeler-db"))
    assert reporter.get(f"/raporlar/{SLUG}/2024/", {"bicim": "html"}).status_code == 403


def test_an_edition_past_the_plans_end_can_still_be_withdrawn(izmir_plan, coordinator_client):
    from esitkent.reports.models import PublishedReport

    PublishedReport.objects.create(
        plan=izmir_plan,
        year=2025,
        language="tr",
        pdf=b"%PDF-1.7 ornek",
        size=14,
        published_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
    )
    assert coordinator_client.get(f"/raporlar/{SLUG}/2025/yayimla/").status_code == 404
    assert coordinator_client.post(f"/raporlar/{SLUG}/2025/kaldir/").status_code == 302
    assert not PublishedReport.objects.current().exists()
