"""Issue 15, item 2: the portal's home shows each plan in force at a glance — progress by area
with its red/amber/green counts, the activities that are behind and why (approved explanations
only), the latest approved figures with their period (ÖRNEK where sample), a district map with
its table, the published reports and the date of the last approval. Data goes in through the
monitoring services, as a unit and the coordinator would enter and approve it."""

import calendar
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from esitkent.accounts.services import membership_grant
from esitkent.monitoring import (
    definition_services,
    entry_services,
    period_services,
    review_services,
    value_services,
)
from esitkent.monitoring.entry_selectors import entry_form
from esitkent.monitoring.models import ReportingPeriod, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity
from esitkent.reports.services import report_publish

SLUG = "izmir-yeep-2022-2024"
TODAY = dt.date(2025, 1, 10)  # within both periods' deadlines
WHY = "Ödenek geç geldi; ihale yenilendi"
HIDDEN_WHY = "Onaylanmamış gerekçe: bu metin yayımlanmamalı"
REAL_FIGURE, SAMPLE_FIGURE = "4321", "8765"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _send(period, code, reporter, *, values=(), overrides=None):
    """The unit's submission through the services: a report for every activity it answers
    for (completed unless overridden), the given values, saved and sent by its reporter."""
    org = Organisation.objects.get(code=code)
    membership_grant(user=reporter, organisation=org, role="reporter")
    submission = entry_services.submission_open(period=period, organisation=org)
    reports = []
    for block in entry_form(submission, today=TODAY):
        fields = {"status": "completed", "progress": 100}
        fields.update((overrides or {}).get(block.activity.id, {}))
        reports.append(entry_services.ReportEntry(activity_id=block.activity.id, **fields))
    entries = [value_services.ValueEntry(i, breakdown, raw, "") for i, breakdown, raw in values]
    entry_services.submission_save(
        submission=submission, values=entries, reports=reports, by=reporter, today=TODAY
    )
    review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    return submission, [r.activity_id for r in reports]


def _behind(reason: str) -> dict:
    return {
        "status": "delayed",
        "progress": 20,
        "explanation": reason,
        "corrective_action": "Yeni ihale takvimi",
        "new_date": dt.date(2025, 6, 30),
    }


@pytest.fixture
def cycle(izmir_plan, make_user):
    """2024 (real): the social projects unit reports one activity delayed, with its reason,
    and a figure; the coordinator approves. 2023 (sample): the same unit's figure for another
    indicator, approved. The works unit sends a delayed activity with its reason that nobody
    has approved yet."""
    reporter = make_user("rap-sosyal", "reporter", "sosyal-projeler-db")
    other = make_user("rap-fen", "reporter", "fen-isleri-db")
    coordinator = make_user("koord-onay", "coordinator")
    real = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    sample = period_services.reporting_period_create(
        plan=izmir_plan, code="2023", deadline=dt.date(2025, 1, 31)
    )
    ReportingPeriod.objects.filter(pk=sample.pk).update(is_sample=True)
    sample.refresh_from_db()
    sosyal = Organisation.objects.get(code="sosyal-projeler-db")
    mine = sosyal.assignments.filter(
        indicator__plan=izmir_plan,
        indicator__definition__periodicity="annual",
        indicator__activity__due_date__isnull=False,
    ).select_related("indicator__activity")
    first = mine.order_by("indicator__activity__row").first().indicator
    # The sample figure has a district breakdown too, so the home's map shows it.
    second = next(
        a.indicator
        for a in mine.select_related("indicator__definition").order_by("indicator__activity__row")
        if "district" in a.indicator.definition.dimensions and a.indicator != first
    )
    late = first.activity

    submission, reported = _send(
        sample,
        "sosyal-projeler-db",
        reporter,
        values=[(second, {}, SAMPLE_FIGURE), (second, {"district": "konak"}, "321")],
    )
    review_services.submission_approve(submission=submission, by=coordinator)
    submission, reported = _send(
        real,
        "sosyal-projeler-db",
        reporter,
        values=[(first, {}, REAL_FIGURE)],
        overrides={late.id: _behind(WHY)},
    )
    review_services.submission_approve(submission=submission, by=coordinator)

    # The works unit also reports an activity the social projects unit completed.
    shared = next(a.indicator for a in mine if a.indicator.activity_id != late.id)
    hidden = shared.activity
    fen = Organisation.objects.get(code="fen-isleri-db")
    definition_services.assignment_set(indicator=shared, organisations=[sosyal, fen])
    _send(real, "fen-isleri-db", other, overrides={hidden.id: _behind(HIDDEN_WHY)})
    return {
        "late": late,
        "hidden": hidden,
        "reported": set(reported),
        "first": first,
        "second": second,
        "coordinator": coordinator,
    }


def _home(client, query=""):
    response = client.get(f"/acik/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, heading: str) -> str:
    """The part of the page from a heading to the next heading of its level or above."""
    start = html.index(f">{heading}</h3>")
    end = re.search(r"<h[23][ >]", html[start:])
    return html[start : start + end.start()] if end else html[start:]


def _cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]


def _row(html: str, name: str) -> str:
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if name in r]
    assert len(rows) == 1, (name, rows)
    return rows[0]


def test_each_area_shows_its_progress_bar_and_counts(client, izmir_plan, cycle):
    late = cycle["late"]
    area = late.subgoal.goal.area
    in_area = Activity.objects.filter(subgoal__goal__area=area, duplicate_of__isnull=True)
    reported = in_area.filter(id__in=cycle["reported"])
    green = reported.filter(due_date__isnull=False).exclude(id=late.id).count()
    red = 1  # past its due date, not completed
    none = in_area.count() - green - red
    # Completed counts 100, the late one 20: the mean over the area's reported activities.
    expected = (Decimal(100) * (reported.count() - 1) + 20) / reported.count()

    html = _home(client)
    bars = _section(html, "Alanlara göre ilerleme")
    assert 'data-vega-spec="spec-ilerleme-izmir-yeep-2022-2024"' in bars  # the chart
    cells = _cells(_row(bars, area.title))
    assert cells == [
        area.title,
        f"%{expected.quantize(Decimal(1), ROUND_HALF_UP)}",
        str(green),
        "0",
        str(red),
        str(none),
    ]
    # The chart's figures also download as a CSV, like every chart on the portal.
    csv = client.get(f"/acik/?csv=ilerleme-{SLUG}").content.decode("utf-8-sig").splitlines()
    assert csv[0] == "Alan,İlerleme (%),Yolunda,Dikkat,Geride,Değerlendirilmedi"
    assert any(
        line.startswith(f"{area.title},") and line.endswith(f",{red},{none}") for line in csv
    )


def test_a_behind_activity_is_listed_with_its_approved_reason_only(client, cycle):
    html = _home(client)
    behind = _section(html, "Geride olan faaliyetler")
    late = cycle["late"]
    link = f'href="/acik/{SLUG}/faaliyet/{late.row}/"'
    assert link in behind and late.code_printed in behind
    item = behind.split(link, 1)[1].split("</li>", 1)[0]
    assert WHY in item and "Geride" in item and "Gecikmede" in item
    # The works unit's reason waits for approval: neither it nor its activity is shown.
    assert HIDDEN_WHY not in html
    assert f'href="/acik/{SLUG}/faaliyet/{cycle["hidden"].row}/"' not in behind


def test_latest_figures_show_their_period_and_mark_sample_ones(client, cycle):
    html = _home(client)
    figures = _section(html, "Son onaylı değerler")
    real = _cells(_row(figures, cycle["first"].name))
    sample = _row(figures, cycle["second"].name)
    assert real[1:] == ["4.321", "2024"]
    assert "8.765" in sample and "2023" in sample and "ÖRNEK" in sample
    assert "ÖRNEK" not in _row(figures, cycle["first"].name)


def test_the_map_has_its_table_beside_it(client, cycle):
    html = _home(client)
    shown = _section(html, "İlçe haritası")
    assert 'data-vega-spec="spec-harita-izmir-yeep-2022-2024"' in shown
    # The plan's own indicator with figures by district comes before the context series.
    caption = re.search(r"<caption>(.*?)</caption>", shown, re.S).group(1)
    assert cycle["second"].code in caption and "2023" in caption and "ÖRNEK" in caption
    assert _cells(_row(shown, ">Konak<")) == ["Konak", "321"]


def test_published_reports_and_the_last_approval_are_shown(client, izmir_plan, cycle):
    report_publish(plan=izmir_plan, year=2024, by=cycle["coordinator"], languages=("tr",))
    approved = Submission.objects.filter(period__plan=izmir_plan, status="approved")
    for day, submission in zip((3, 12), approved.order_by("id"), strict=True):
        Submission.objects.filter(pk=submission.pk).update(
            reviewed_at=timezone.make_aware(dt.datetime(2025, 2, day, 10))
        )
    html = _home(client)
    reports = _section(html, "Yayımlanmış izleme raporları")
    assert f'href="/acik/{SLUG}/raporlar/izleme-raporu-2024-tr.pdf"' in reports
    assert '<time datetime="2025-02-12">12 Şubat 2025</time>' in html


def test_anyone_sees_it_without_signing_in(client, cycle):
    response = client.get("/acik/")
    assert response.status_code == 200
    assert "Cache-Control" in response and "public" in response["Cache-Control"]
    assert "Geride olan faaliyetler" in response.content.decode()


def test_the_home_reads_summaries_within_its_budget(client, cycle, django_assert_max_num_queries):
    # Measured: 15 for one plan (the stamp, the plans, then per plan the approved reports,
    # activities, areas, figures, the map's sources and figures, periods, reports and the
    # last approval), plus a small margin. The query-budget module checks it does not grow.
    with django_assert_max_num_queries(15 + 3):
        html = _home(client)
    assert WHY in html


def test_the_english_home_has_english_words(client, cycle):
    report_publish(plan=cycle["late"].plan, year=2024, by=cycle["coordinator"], languages=("tr",))
    html = _home(client, "?dil=en")
    for word in ("Behind", "On track", "Not assessed", "Area", "Progress (%)", "SAMPLE"):
        assert word in html, word
    for word in ("Period", "Value", "District map", "Monitoring reports", "Delayed"):
        assert word in html, word
    for heading in (
        "Progress by area",
        "Activities behind",
        "Latest approved values",
        "Published monitoring reports",
    ):
        assert f">{heading}</h3>" in html, heading
    assert "2024 monitoring report" in html
    today = timezone.localdate()
    assert f">{today.day} {calendar.month_name[today.month]} {today.year}</time>" in html
    assert f'href="/acik/{SLUG}/faaliyet/{cycle["late"].row}/?dil=en"' in html
    for turkish in ("Değerlendirilmedi", ">Yolunda<", "ÖRNEK", "Dönem"):
        assert turkish not in html, turkish
