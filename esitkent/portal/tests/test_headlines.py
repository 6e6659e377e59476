"""Headline figures say what they cover, count each activity once, and judge a unit only on
what it is responsible for."""

import datetime as dt
import re

import pytest
from django.db.models import Q
from django.utils import timezone

from esitkent.monitoring import period_services, review_services
from esitkent.monitoring.models import ActivityReport, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, ActivityParty

SLUG = "izmir-yeep-2022-2024"


def _approve(plan, reports):
    """reports: [(activity, status, progress)], sent for 2022 by each activity's responsible
    unit and approved."""
    period = period_services.reporting_period_create(
        plan=plan, code="2022", deadline=dt.date(2023, 1, 31)
    )
    submissions = {}
    for activity, status, progress in reports:
        owner = activity.parties.get(role=ActivityParty.Role.RESPONSIBLE).organisation
        if owner not in submissions:
            submissions[owner] = Submission.objects.create(
                period=period,
                organisation=owner,
                status="submitted",
                submitted_at=timezone.make_aware(dt.datetime(2023, 1, 20, 12)),
            )
        ActivityReport.objects.create(
            activity=activity,
            period=period,
            organisation=owner,
            submission=submissions[owner],
            status=status,
            progress=progress,
        )
    for submission in submissions.values():
        review_services.submission_approve(submission=submission, by=None)


def _activities(plan, **due):
    return Activity.objects.filter(
        subgoal__goal__area__plan=plan, duplicate_of__isnull=True, **due
    ).order_by("row")


def _owner(activity):
    return activity.parties.get(role=ActivityParty.Role.RESPONSIBLE).organisation


def _row(html: str, name: str) -> str:
    return next(r for r in html.split("<tr>") if f">{name}</a>" in r)


@pytest.fixture
def overdue(izmir_plan):
    """An activity past its due date, reported delayed at 5 % by the unit responsible for it;
    the bar association is among those named to cooperate on it."""
    activity = _activities(izmir_plan, due_date__isnull=False).first()
    _approve(izmir_plan, [(activity, "delayed", 5)])
    return activity


@pytest.fixture
def timeless(izmir_plan):
    """An activity with no due date (so never rated), reported completed."""
    activity = _activities(izmir_plan, due_date__isnull=True).first()
    _approve(izmir_plan, [(activity, "completed", 100)])
    return activity


def test_the_plan_headline_says_how_many_activities_it_covers(client, izmir_plan):
    first, second = _activities(izmir_plan, due_date__isnull=False)[:2]
    _approve(izmir_plan, [(first, "delayed", 5), (second, "completed", None)])
    total = _activities(izmir_plan).count()
    html = client.get(f"/acik/{SLUG}/").content.decode()
    headline = html.split("<h1>", 1)[1].split("<section", 1)[0]
    assert "%53" in headline  # (5 + 100) / 2 = 52.5: the mean of the two reported only
    assert f"Raporlanan faaliyet: 2 / {total}" in headline
    assert f"raporu olmayan {total - 2} faaliyet" in headline


def test_a_unit_is_not_rated_on_activities_it_only_cooperates_on(viewer_client, overdue):
    bar = Organisation.objects.get(code="izmir-barosu")
    assert overdue.parties.filter(group__members=bar).exists()
    html = viewer_client.get(f"/panolar/{SLUG}/birimler/").content.decode()
    row = _row(html, bar.name)
    assert "Geride" not in row and "rag-red" not in row
    # Positive control: the responsible unit is rated on the same activity.
    assert "rag-red" in _row(html, _owner(overdue).name)
    card = viewer_client.get(f"/panolar/{SLUG}/birimler/{bar.code}/").content.decode()
    behind = card.split("Geride kalanlar")[1].split("Raporlama: zamanında mı?")[0]
    assert overdue.code_printed not in behind
    cooperating = card.split("İş birliği yaptığı faaliyetler", 1)[1]
    assert f">{overdue.code_printed}</a>" in cooperating


def test_a_unit_is_named_in_each_activity_once(viewer_client, overdue):
    owner = _owner(overdue)
    named = (
        _activities(overdue.subgoal.goal.area.plan)
        .filter(Q(parties__organisation=owner) | Q(parties__group__members=owner))
        .distinct()
        .count()
    )
    card = viewer_client.get(f"/panolar/{SLUG}/birimler/{owner.code}/").content.decode()
    said = int(re.search(r"(\d+) faaliyette adı geçiyor", card)[1])
    assert said == named
    listed = card.split("Sorumlu olduğu faaliyetler", 1)[1].split("Bildirdiği onaylı değerler")[0]
    assert listed.count(f">{overdue.code_printed}</a>") == 1


def test_no_percentage_is_shown_beside_not_assessed(viewer_client, timeless):
    owner = _owner(timeless)
    responsible = (
        _activities(timeless.subgoal.goal.area.plan)
        .filter(parties__role="responsible", parties__organisation=owner)
        .distinct()
        .count()
    )
    html = viewer_client.get(f"/panolar/{SLUG}/birimler/").content.decode()
    row = _row(html, owner.name)
    assert "Değerlendirilmedi" in row
    assert "%" not in row
    assert f"1 / {responsible} raporlandı" in row
