"""The demo's sample cycles: real services on their own calendar, labelled, and removable
without touching the seed data."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from esitkent.accounts.services import DEMO_USERS
from esitkent.analytics.models import IndicatorSummary
from esitkent.core.models import PublicationStamp
from esitkent.monitoring.models import (
    ActivityReport,
    Change,
    DataValue,
    ReportingPeriod,
    Submission,
)

# What the demo adds and the purge must remove again; everything else is compared row by row.
VOLATILE = {
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "django_q",
    "core.publicationstamp",  # moves on purpose: the public pages must drop the sample
    "monitoring.reminderpolicy",  # the demo's setting for its open period, like its schedules
}
APPEND_ONLY = "accounts.membershipevent"  # the grant log keeps the sample roles' whole story


def _dump() -> dict[str, list]:
    out = StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    rows: dict[str, list] = {}
    for row in json.loads(out.getvalue()):
        model = row["model"]
        if model in VOLATILE or model.split(".")[0] in VOLATILE:
            continue
        rows.setdefault(model, []).append(row)
    return rows


def _demo(stdout=None):
    out = stdout or StringIO()
    call_command("create_demo_users", stdout=out)
    call_command("create_demo_periods", stdout=out)
    return out


@pytest.fixture
def demo_var(tmp_path, settings):
    settings.VAR_DIR = tmp_path


@pytest.mark.django_db
def test_the_past_years_are_a_whole_cycle_through_the_real_services(izmir_plan, demo_var):
    printed = _demo().getvalue()
    periods = {p.code: p for p in ReportingPeriod.objects.filter(plan=izmir_plan)}
    assert set(periods) == {"2022", "2023", "2024"}
    assert all(p.is_sample for p in periods.values())
    assert periods["2022"].locked_at and periods["2023"].locked_at
    assert periods["2024"].locked_at is None

    past = Submission.objects.filter(period__code__in=["2022", "2023"])
    assert past.count() == 2 and {s.status for s in past} == {"approved"}
    first, second = past.get(period__code="2022"), past.get(period__code="2023")
    # 2022 went back once with a reason; 2023 came in after its deadline.
    returned = Change.objects.filter(submission=first, action="returned").get()
    assert "ÖRNEK" in returned.reason
    assert first.submitted_at.date() <= periods["2022"].deadline
    assert second.submitted_at.date() > periods["2023"].deadline
    assert "9 gün geç" in printed
    # The history carries the dates of the cycle, not the day the demo was made.
    assert Change.objects.filter(submission=first, action="approved").get().at.date() == dt.date(
        2023, 1, 30
    )
    # The reviewer and the reporter are different people, as the approval rule wants.
    assert first.reviewed_by_id != first.submitted_by_id

    values = DataValue.objects.filter(submission__in=past)
    assert values.count() > 500 and not values.filter(approved=False).exists()
    assert values.exclude(breakdown_key="").filter(breakdown_key__contains="district=").exists()
    assert values.filter(breakdown_key__contains="age=").filter(breakdown_key__contains="sex=")
    behind = ActivityReport.objects.filter(submission__in=past, status="delayed")
    assert behind.exists() and not behind.filter(explanation="").exists()
    # The corrected value keeps its round trip in the history.
    corrected = Change.objects.filter(
        submission=first, action="updated", data_value__isnull=False
    ).first()
    assert corrected is not None and "yeniden kontrol" in corrected.new
    # Approval refreshed the summaries the dashboards and the portal read.
    assert IndicatorSummary.objects.filter(period="2023").exists()


@pytest.mark.django_db
def test_the_sample_never_touches_a_seed_figure(izmir_plan, demo_var):
    seed_before = list(
        DataValue.objects.filter(provenance="seed").order_by("pk").values_list("pk", "value")
    )
    _demo()
    assert (
        list(DataValue.objects.filter(provenance="seed").order_by("pk").values_list("pk", "value"))
        == seed_before
    )
    sample = DataValue.objects.filter(submission__period__is_sample=True)
    assert sample.exists() and not sample.filter(provenance="seed").exists()
    assert not DataValue.objects.filter(provenance="seed", submission__isnull=False).exists()


@pytest.mark.django_db
def test_purge_sample_leaves_the_seed_data_exactly_as_before(izmir_plan, demo_var, client):
    before = _dump()
    stamp_before = PublicationStamp.objects.filter(pk=1).values_list("version", flat=True).first()
    # The whole demo, as `make demo` runs it.
    _demo()
    call_command("publish_demo_reports", stdout=StringIO())
    call_command("create_demo_centres", stdout=StringIO())
    call_command("create_demo_cases", stdout=StringIO())
    during = _dump()
    # Positive control: the demo did add rows the comparison can see.
    assert during != before
    assert len(during["monitoring.datavalue"]) > len(before["monitoring.datavalue"])
    assert {r["fields"]["is_sample"] for r in during["reports.publishedreport"]} == {True}
    reports = client.get(f"/acik/{izmir_plan.slug}/raporlar/").content.decode()
    assert reports.count('<span class="badge">ÖRNEK</span>') == 4  # 2022, 2023 × tr, en

    call_command("purge_sample_data", stdout=StringIO())
    after = _dump()
    log = after.pop(APPEND_ONLY)
    before.pop(APPEND_ONLY, None)
    assert set(after) == set(before)
    for model in before:
        assert after[model] == before[model], f"{model} changed by the demo and its purge"
    # The log was only added to: each sample role granted and, at the purge, revoked.
    demo_users = {username for username, *_ in DEMO_USERS}
    assert {row["fields"]["username"] for row in log} <= demo_users
    kinds = [row["fields"]["kind"] for row in log]
    assert kinds.count("grant") == kinds.count("revoke") == len(DEMO_USERS)
    # The public pages are told that published figures changed.
    assert PublicationStamp.objects.get(pk=1).version != stamp_before


@pytest.mark.django_db
def test_files_and_pages_say_which_periods_are_sample(izmir_plan, demo_var, client):
    from esitkent.monitoring.export_selectors import export_rows

    _demo()
    rows = list(export_rows(plan=izmir_plan))
    assert rows and all(r["comment"].startswith("ÖRNEK") for r in rows)
    client.force_login(get_user_model().objects.get(username="koordinator"))
    page = client.get(f"/panolar/{izmir_plan.slug}/").content.decode()
    assert "ÖRNEK VERİ: 2022, 2023, 2024 dönemleri tanıtım için girilmiştir" in page
    # Each chart of approved values says which of its periods are sample, in title and table.
    assert page.count("ÖRNEK veri: 2022, 2023") >= 10
    district_map = client.get(f"/panolar/{izmir_plan.slug}/harita/").content.decode()
    assert " (ÖRNEK)" in district_map
    csv = client.get(f"/panolar/{izmir_plan.slug}/?csv=egitim-1.1.1-g1").content.decode()
    assert csv.splitlines()[1].endswith("ÖRNEK")

    # Positive control: once a period is real, its rows and the banner say nothing of it.
    ReportingPeriod.objects.filter(code="2023").update(is_sample=False)
    rows = [r for r in export_rows(plan=izmir_plan) if r["period"] == "2023"]
    assert rows and any(not r["comment"].startswith("ÖRNEK") for r in rows)
    page = client.get(f"/panolar/{izmir_plan.slug}/").content.decode()
    assert "ÖRNEK VERİ: 2022, 2024 dönemleri" in page
    assert "ÖRNEK veri: 2022, 2023" not in page and "ÖRNEK veri: 2022" in page
