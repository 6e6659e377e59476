import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esitkent.monitoring import period_services
from esitkent.monitoring.models import ReminderPolicy, Submission
from esitkent.monitoring.reminders import reminder_kind, reminders_send
from esitkent.orgs.models import Organisation

DEADLINE = dt.date(2025, 1, 31)


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (dt.date(2025, 1, 17), "due"),
        (dt.date(2025, 1, 28), "due"),
        (dt.date(2025, 1, 20), None),
        (dt.date(2025, 1, 31), None),
        (dt.date(2025, 2, 1), "overdue"),
        (dt.date(2025, 2, 2), None),
        (dt.date(2025, 2, 8), "overdue"),
    ],
)
def test_when_reminders_go_out(today, kind):
    assert (
        reminder_kind(deadline=DEADLINE, today=today, days_before=[14, 3], overdue_every=7) == kind
    )


@given(st.integers(1, 60), st.integers(1, 30))
def test_overdue_reminders_repeat_at_the_set_interval(days_late, every):
    today = DEADLINE + dt.timedelta(days=days_late)
    assert (
        reminder_kind(deadline=DEADLINE, today=today, days_before=[], overdue_every=every)
        == "overdue"
    ) == ((days_late - 1) % every == 0)


@pytest.fixture
def setup(izmir_plan, make_user):
    period = period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=DEADLINE, grace_days=30
    )
    ReminderPolicy.objects.create(plan=izmir_plan, days_before=[14, 3], overdue_every_days=7)
    reporter = make_user("hatirlatilan", "reporter", "sosyal-projeler-db")
    reporter.email = "raportor@example.org"
    reporter.save()
    return period


def test_reporters_are_reminded_once_a_day(setup, mailoutbox):
    assert reminders_send(today=dt.date(2025, 1, 17)) == 1
    assert reminders_send(today=dt.date(2025, 1, 17)) == 0
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["raportor@example.org"]
    assert "31.01.2025" in mail.subject and "İzleme" in mail.body


def test_overdue_reminder_and_none_once_submitted(setup, mailoutbox):
    assert reminders_send(today=dt.date(2025, 2, 1)) == 1
    assert "gecikti" in mailoutbox[0].subject
    Submission.objects.create(
        period=setup,
        organisation=Organisation.objects.get(code="sosyal-projeler-db"),
        status="submitted",
    )
    assert reminders_send(today=dt.date(2025, 2, 8)) == 0


def test_a_disabled_policy_sends_nothing(setup, mailoutbox):
    ReminderPolicy.objects.update(enabled=False)
    assert reminders_send(today=dt.date(2025, 1, 17)) == 0 and mailoutbox == []


def test_the_daily_jobs_are_scheduled(db):
    from io import StringIO

    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("setup_schedules", stdout=StringIO())
    call_command("setup_schedules", stdout=StringIO())
    assert sorted(Schedule.objects.values_list("func", flat=True)) == [
        "esitkent.cases.jobs.purge_expired_cases",
        "esitkent.monitoring.jobs.lock_expired_periods",
        "esitkent.monitoring.jobs.send_reminders",
    ]
