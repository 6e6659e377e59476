"""The monitoring cycle from the attacker's side (and the careless user's)."""

import datetime as dt

import pytest

from esitkent.core.errors import InputRejected
from esitkent.monitoring import (
    entry_services,
    import_check_services,
    import_services,
    period_services,
    review_services,
    value_services,
)
from esitkent.monitoring.models import Change, DataValue, Submission
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

TODAY = dt.date(2025, 1, 10)
SLUG = "izmir-yeep-2022-2024"


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31)
    )


@pytest.fixture
def sosyal(db):
    return Organisation.objects.get(code="sosyal-projeler-db")


def submitted(period, sosyal, by):
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    Submission.objects.filter(pk=submission.pk).update(status="submitted", submitted_by=by)
    return Submission.objects.get(pk=submission.pk)


def test_a_units_own_coordinator_cannot_review_its_submission(client, make_user, period, sosyal):
    own = make_user("kendi-koord", "coordinator", "sosyal-projeler-db")
    submission = submitted(period, sosyal, None)
    client.force_login(own)
    assert (
        client.post(
            f"/izleme/gonderim/{submission.pk}/inceleme/", {"action": "approve"}
        ).status_code
        == 403
    )
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


def test_another_departments_coordinator_cannot_review_or_manage(client, make_user, period, sosyal):
    client.force_login(make_user("fen-koord", "coordinator", "fen-isleri-db"))
    submission = submitted(period, sosyal, None)
    assert (
        client.post(
            f"/izleme/gonderim/{submission.pk}/inceleme/", {"action": "approve"}
        ).status_code
        == 403
    )
    for page in ("inceleme", "donemler", "degerler", "gostergeler"):
        assert client.get(f"/izleme/plan/{SLUG}/{page}/").status_code == 403


def test_nobody_approves_what_they_submitted(make_user, period, sosyal):
    person = make_user("iki-sapkali", "coordinator")
    submission = submitted(period, sosyal, person)
    with pytest.raises(InputRejected, match="kendi gönderdiğiniz"):
        review_services.submission_approve(submission=submission, by=person)


def test_a_coordinator_cannot_enter_values_only_reporters_can(client, make_user, period):
    client.force_login(make_user("koord-giris", "coordinator", "sosyal-projeler-db"))
    indicator = Indicator.objects.get(code="egitim-1.2.3-g1")
    assert (
        client.post(
            f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/", {f"v|{indicator.id}|": "3"}
        ).status_code
        == 403
    )


def test_the_form_cannot_overwrite_an_approved_seed_value(izmir_plan, sosyal, make_user):
    reporter = make_user("r1", "reporter", "sosyal-projeler-db")
    old_period = period_services.reporting_period_create(
        plan=izmir_plan, code="2021", deadline=dt.date(2025, 1, 31)
    )
    submission = entry_services.submission_open(period=old_period, organisation=sosyal)
    seed = DataValue.objects.get(indicator__code="istihdam-2.1.1-g2", period="2021")
    with pytest.raises(InputRejected, match="onaylanmış değer değiştirilemez"):
        entry_services.submission_save(
            submission=submission,
            values=[value_services.ValueEntry(seed.indicator, {}, "999", None)],
            reports=[],
            by=reporter,
            today=TODAY,
        )
    assert DataValue.objects.get(pk=seed.pk).value == 9


def test_imports_only_for_the_assigned_unit(izmir_plan, period):
    text = "dataelement,period,orgunit,value\negitim-1.2.3-g1,2024,fen-isleri-db,3\n"
    with pytest.raises(InputRejected, match="bu gösterge fen-isleri-db birimine atanmamış"):
        import_services.values_import(
            plan=izmir_plan, source=text.encode(), name="x.csv", today=TODAY
        )


def test_a_repeated_cell_in_a_later_chunk_is_refused_at_its_own_line(
    izmir_plan, period, monkeypatch
):
    monkeypatch.setattr(import_check_services, "CHUNK", 2)
    text = (
        "dataelement,period,orgunit,value\n"
        + "egitim-1.2.3-g1,2024,sosyal-projeler-db,3\negitim-1.6.1-g2,2024,sosyal-projeler-db,1\negitim-1.2.3-g1,2024,sosyal-projeler-db,5\n"
    )
    with pytest.raises(InputRejected) as rejected:
        import_services.values_import(
            plan=izmir_plan, source=text.encode(), name="x.csv", today=TODAY
        )
    assert [str(p) for p in rejected.value.problems] == [
        "satır 4, 'categoryoptioncombo': aynı hücre dosyada ikinci kez var: 2024 Toplam"
    ]
    assert not DataValue.objects.filter(period="2024").exists()


def test_clearing_a_value_keeps_its_history(period, sosyal, make_user):
    reporter = make_user("r2", "reporter", "sosyal-projeler-db")
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    indicator = Indicator.objects.get(code="egitim-1.2.3-g1")
    for raw in ("3", "4", ""):
        entry_services.submission_save(
            submission=submission,
            values=[value_services.ValueEntry(indicator, {}, raw, "")],
            reports=[],
            by=reporter,
            today=TODAY,
        )
    trail = list(
        Change.objects.filter(subject__startswith="egitim-1.2.3-g1")
        .order_by("id")
        .values_list("action", "old", "new")
    )
    assert trail == [("entered", "", "3"), ("updated", "3", "4"), ("deleted", "4", "")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1e20", "çok büyük"),
        ("1,00001", "en çok dört ondalık"),
        ("2,5", "tam sayı olmalı"),
        ("-1", "negatif olamaz"),
    ],
)
def test_numbers_that_do_not_fit_are_named(period, sosyal, make_user, raw, message):
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    indicator = Indicator.objects.get(code="egitim-1.2.3-g1")
    with pytest.raises(InputRejected, match=message):
        entry_services.submission_save(
            submission=submission,
            values=[value_services.ValueEntry(indicator, {}, raw, "")],
            reports=[],
            by=make_user("r3", "reporter", "sosyal-projeler-db"),
            today=TODAY,
        )


def test_a_malformed_form_field_is_a_named_problem_not_a_crash(client, make_user, period):
    client.force_login(make_user("r4", "reporter", "sosyal-projeler-db"))
    response = client.post(f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/", {"v|12": "3"})
    assert response.status_code == 400 and "form alanı anlaşılamadı" in response.content.decode()


def test_reading_the_entry_page_writes_nothing(client, make_user, period):
    client.force_login(make_user("r5", "reporter", "sosyal-projeler-db"))
    assert client.get(f"/izleme/donem/{period.id}/birim/sosyal-projeler-db/").status_code == 200
    assert not Submission.objects.exists()


def test_saving_without_breakdown_comments_keeps_them(period, sosyal, make_user):
    reporter = make_user("r6", "reporter", "sosyal-projeler-db")
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    indicator = Indicator.objects.get(code="egitim-1.6.1-g2")
    entry_services.submission_save(
        submission=submission,
        values=[value_services.ValueEntry(indicator, {"sex": "F"}, "6", "kayıt listesinden")],
        reports=[],
        by=reporter,
        today=TODAY,
    )
    entry_services.submission_save(
        submission=submission,
        values=[value_services.ValueEntry(indicator, {"sex": "F"}, "6", None)],
        reports=[],
        by=reporter,
        today=TODAY,
    )
    assert (
        DataValue.objects.get(indicator=indicator, breakdown_key="sex=F").comment
        == "kayıt listesinden"
    )


def test_a_reopened_period_must_be_open_in_the_future(period):
    period_services.period_lock(period=period)
    with pytest.raises(InputRejected, match="bugünden önce"):
        period_services.period_reopen(
            period=period, by=None, reason="ek süre", until=dt.date(2025, 1, 1), today=TODAY
        )


def test_a_failed_reminder_is_not_recorded_and_inactive_people_get_none(
    period, make_user, mailoutbox, monkeypatch
):
    from esitkent.monitoring import reminders
    from esitkent.monitoring.models import ReminderPolicy, ReminderSent

    ReminderPolicy.objects.create(plan=period.plan, days_before=[21], overdue_every_days=7)
    active, gone = (
        make_user("aktif", "reporter", "sosyal-projeler-db"),
        make_user("ayrildi", "reporter", "sosyal-projeler-db"),
    )
    active.email, gone.email, gone.is_active = "aktif@example.org", "ayrildi@example.org", False
    active.save()
    gone.save()

    def fail(*args, **kwargs):
        raise OSError("SMTP kapalı")

    monkeypatch.setattr(reminders, "send_mail", fail)
    assert reminders.reminders_send(today=TODAY) == 0 and not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert reminders.reminders_send(today=TODAY) == 1
    assert mailoutbox[0].to == ["aktif@example.org"]


def test_review_queue_shows_waiting_submissions_first(coordinator_client, period, sosyal):
    from esitkent.monitoring.review_selectors import review_queue

    other = period_services.reporting_period_create(
        plan=period.plan, code="2023", deadline=dt.date(2025, 1, 31)
    )
    Submission.objects.create(period=other, organisation=sosyal, status="approved")
    submitted(period, sosyal, None)
    assert [s.status for s in review_queue(period.plan)] == ["submitted", "approved"]
