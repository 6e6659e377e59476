"""A plan changes without losing a value or its history (issue 13, finding 2 and deliverable 3).

The test approves values, replaces the plan with an edited document and checks that every
monitoring row survived, row for row.
"""

import datetime as dt

import pytest

from esitkent.analytics.models import IndicatorSummary
from esitkent.core.errors import InputRejected
from esitkent.monitoring import entry_services, period_services, review_services, value_services
from esitkent.monitoring.models import (
    ActivityReport,
    Change,
    DataValue,
    ReportingPeriod,
    Submission,
)
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, Indicator
from esitkent.plans.selectors import plan_document
from esitkent.plans.services import plan_import

TODAY = dt.date(2025, 1, 10)


def _monitoring_rows(plan):
    """Every monitoring row of the plan, as (table, id, the fields that make it what it is)."""
    rows = set()
    for value in DataValue.objects.filter(indicator__activity__subgoal__goal__area__plan=plan):
        rows.add(("value", value.id, value.indicator_id, value.period, str(value.value)))
    for change in Change.objects.all():
        rows.add(("change", change.id, change.action, change.old, change.new))
    for submission in Submission.objects.filter(period__plan=plan):
        rows.add(("submission", submission.id, submission.status))
    for period in ReportingPeriod.objects.filter(plan=plan):
        rows.add(("period", period.id, period.code))
    for report in ActivityReport.objects.filter(period__plan=plan):
        rows.add(("report", report.id, report.activity_id, report.status))
    for summary in IndicatorSummary.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan
    ):
        rows.add(("summary", summary.indicator_id, summary.period, summary.breakdown_key))
    return rows


@pytest.fixture
def approved_year(izmir_plan, make_user):
    """2024 reported by the Sosyal Projeler unit with a breakdown and an activity report,
    submitted, approved."""
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )
    unit = Organisation.objects.get(code="sosyal-projeler-db")
    reporter = make_user("rap", "reporter", unit.code)
    submission = entry_services.submission_open(period=period, organisation=unit)
    indicator = Indicator.objects.get(code="egitim-1.6.1-g2")
    entry_services.submission_save(
        submission=submission,
        values=[
            value_services.ValueEntry(indicator, {}, "10", "ilk"),
            value_services.ValueEntry(indicator, {"sex": "F"}, "6", ""),
        ],
        reports=[
            entry_services.ReportEntry(
                activity_id=indicator.activity_id, status="ongoing", progress=50
            )
        ],
        by=reporter,
        today=TODAY,
    )
    entry_services.submission_save(
        submission=submission,
        values=[value_services.ValueEntry(indicator, {}, "11", "ikinci")],
        reports=[],
        by=reporter,
        today=TODAY,
    )
    Submission.objects.filter(pk=submission.pk).update(status="submitted", submitted_by=reporter)
    review_services.submission_approve(submission=submission, by=make_user("koord", "coordinator"))
    return indicator


def test_replacing_a_plan_keeps_every_value_and_its_history(izmir_plan, approved_year):
    before = _monitoring_rows(izmir_plan)
    assert {row[0] for row in before} >= {
        "value",
        "change",
        "submission",
        "period",
        "report",
        "summary",
    }
    document = plan_document(izmir_plan)
    activity = document["areas"][0]["goals"][0]["subgoals"][0]["activities"][0]
    activity["title"] = activity["title"] + " (gözden geçirildi)"
    plan_import(document=document, replace=True)
    plan = type(izmir_plan).objects.get(slug=izmir_plan.slug)
    assert plan.pk == izmir_plan.pk
    assert _monitoring_rows(plan) == before
    assert Activity.objects.filter(title=activity["title"]).exists()
    assert DataValue.objects.get(indicator=approved_year, breakdown_key="").value == 11


def test_removing_an_indicator_that_holds_values_is_refused_by_name(izmir_plan, approved_year):
    document = plan_document(izmir_plan)
    for area in document["areas"]:
        for goal in area["goals"]:
            for subgoal in goal["subgoals"]:
                for activity in subgoal["activities"]:
                    if activity["code"] == "1.6.1" and area["code"] == "egitim":
                        activity["indicators"] = activity["indicators"][:1]
    with pytest.raises(InputRejected) as refused:
        plan_import(document=document, replace=True)
    assert "egitim-1.6.1-g2" in str(refused.value)
    assert DataValue.objects.filter(indicator=approved_year).count() == 2


def test_an_indicator_with_values_is_archived_when_asked_and_comes_back(izmir_plan, approved_year):
    document = plan_document(izmir_plan)
    for area in document["areas"]:
        for goal in area["goals"]:
            for subgoal in goal["subgoals"]:
                for activity in subgoal["activities"]:
                    if activity["code"] == "1.6.1" and area["code"] == "egitim":
                        kept = activity["indicators"]
                        activity["indicators"] = kept[:1]
    result = plan_import(document=document, replace=True, archive_removed=True)
    assert [row.startswith("gösterge egitim-1.6.1-g2") for row in result.archived] == [True]
    assert not Indicator.objects.filter(code="egitim-1.6.1-g2").exists()  # gone from the plan
    archived = Indicator.all_objects.get(code="egitim-1.6.1-g2")
    assert archived.archived_at is not None
    assert DataValue.objects.filter(indicator=archived).count() == 2  # its values stay
    # Named again by a later document, it comes back with its values.
    for area in document["areas"]:
        for goal in area["goals"]:
            for subgoal in goal["subgoals"]:
                for activity in subgoal["activities"]:
                    if activity["code"] == "1.6.1" and area["code"] == "egitim":
                        activity["indicators"] = kept
    plan_import(document=document, replace=True)
    assert Indicator.objects.get(code="egitim-1.6.1-g2").pk == archived.pk


def test_an_inserted_indicator_does_not_take_anothers_identity(izmir_plan, approved_year):
    document = plan_document(izmir_plan)
    for area in document["areas"]:
        for goal in area["goals"]:
            for subgoal in goal["subgoals"]:
                for activity in subgoal["activities"]:
                    if activity["code"] == "1.6.1" and area["code"] == "egitim":
                        activity["indicators"].insert(0, {"name": "Yeni ölçü"})
    plan_import(document=document, replace=True)
    # The values still belong to the indicator they were reported for, under its name.
    assert Indicator.objects.get(code="egitim-1.6.1-g2").name == approved_year.name
    new = Indicator.objects.get(plan=izmir_plan, name="Yeni ölçü")
    assert new.code not in {"egitim-1.6.1-g1", "egitim-1.6.1-g2"}
    assert DataValue.objects.filter(indicator=approved_year).count() == 2
