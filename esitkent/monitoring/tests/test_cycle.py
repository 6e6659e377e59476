"""The monitoring cycle through its services: enter, submit, return, correct, approve, unapprove."""

import datetime as dt
from decimal import Decimal

import pytest

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
from esitkent.plans.models import Indicator

TODAY = dt.date(2025, 1, 10)


@pytest.fixture
def period(izmir_plan):
    return period_services.reporting_period_create(
        plan=izmir_plan, code="2024", deadline=dt.date(2025, 1, 31), grace_days=10
    )


@pytest.fixture
def sosyal(db):
    return Organisation.objects.get(code="sosyal-projeler-db")


@pytest.fixture
def reporter(make_user):
    return make_user("raportor-test", "reporter", "sosyal-projeler-db")


def indicator(code):
    return Indicator.objects.select_related("definition", "activity").get(code=code)


def entries(*rows):
    return [
        value_services.ValueEntry(indicator(code), breakdown, raw, comment)
        for code, breakdown, raw, comment in rows
    ]


def all_reports(submission, overrides=None):
    """A status for every activity the organisation reports on, so that submitting is possible."""
    from esitkent.monitoring.entry_selectors import entry_form

    out = []
    for block in entry_form(submission, today=TODAY):
        fields = {"status": "completed", "progress": 100}
        fields.update((overrides or {}).get(block.activity.id, {}))
        out.append(entry_services.ReportEntry(activity_id=block.activity.id, **fields))
    return out


def test_default_assignments_go_to_the_responsible_unit(izmir_plan, sosyal):
    assert Indicator.objects.filter(assignments__organisation=sosyal).count() == 80


def test_a_draft_keeps_every_change_with_who_and_what(period, sosyal, reporter):
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    code = "egitim-1.2.3-g1"
    entry_services.submission_save(
        submission=submission,
        values=entries((code, {}, "12", "")),
        reports=[],
        by=reporter,
        today=TODAY,
    )
    entry_services.submission_save(
        submission=submission,
        values=entries((code, {}, "1.234", "ilk yarıyıl dahil")),
        reports=[],
        by=reporter,
        today=TODAY,
    )
    value = DataValue.objects.get(
        indicator__code=code, period="2024", organisation=sosyal, breakdown_key=""
    )
    assert (
        value.value == Decimal("1234") and value.comment == "ilk yarıyıl dahil"
    )  # Turkish thousands
    history = [(c.action, c.old, c.new, c.by) for c in value.changes.all()]
    assert history == [
        ("entered", "", "12", reporter),
        ("updated", "12", "1234 (ilk yarıyıl dahil)", reporter),
    ]


def test_bad_entries_are_named_and_nothing_is_saved(period, sosyal, reporter):
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    with pytest.raises(InputRejected) as rejected:
        entry_services.submission_save(
            submission=submission,
            values=[
                value_services.ValueEntry(
                    indicator("egitim-1.2.3-g1"), {}, "12", where="egitim-1.2.3-g1 toplam"
                ),
                value_services.ValueEntry(
                    indicator("egitim-1.2.3-g1"), {"sex": "F"}, "5", where="egitim-1.2.3-g1 sex=F"
                ),
                value_services.ValueEntry(
                    indicator("egitim-1.6.1-g2"), {}, "on iki", where="egitim-1.6.1-g2 toplam"
                ),
            ],
            reports=[],
            by=reporter,
            today=TODAY,
        )
    assert [str(p) for p in rejected.value.problems] == [
        "egitim-1.2.3-g1 sex=F: bu gösterge 'Cinsiyet' kırılımı almıyor",
        "egitim-1.6.1-g2 toplam: sayı değil: 'on iki'",
    ]
    assert not DataValue.objects.filter(period="2024").exists()


def test_submit_needs_a_status_for_every_activity_and_consistent_parts(period, sosyal, reporter):
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    participants = indicator("egitim-1.6.1-g2")
    assert {"sex", "age"} <= set(participants.definition.dimensions)
    entry_services.submission_save(
        submission=submission,
        values=entries(
            ("egitim-1.6.1-g2", {}, "10", ""),
            ("egitim-1.6.1-g2", {"sex": "F"}, "7", ""),
            ("egitim-1.6.1-g2", {"sex": "M"}, "5", ""),
        ),
        reports=[],
        by=reporter,
        today=TODAY,
    )
    with pytest.raises(InputRejected) as rejected:
        review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    messages = [str(p) for p in rejected.value.problems]
    assert (
        f"Gösterge egitim-1.6.1-g2: “{participants.name}” göstergesinde cinsiyet kırılımlarının "
        "toplamı (12), toplam değerden (10) büyük: Cinsiyet: Kadın = 7; Cinsiyet: Erkek = 5"
        in messages
    )
    assert any("durum ve ilerleme girilmemiş" in m for m in messages)
    assert Submission.objects.get(pk=submission.pk).status == "draft"


def test_an_activity_behind_its_term_needs_explanation_action_and_new_date(
    period, sosyal, reporter
):
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    short_term = indicator("egitim-1.2.7-g1").activity  # Kısa Vade: due 31.12.2022, long past
    entry_services.submission_save(
        submission=submission,
        values=[],
        reports=all_reports(submission, {short_term.id: {"status": "ongoing", "progress": 40}}),
        by=reporter,
        today=TODAY,
    )
    with pytest.raises(InputRejected, match="açıklama, düzeltici eylem ve yeni tarih gerekli"):
        review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    explained = {
        "status": "delayed",
        "progress": 40,
        "explanation": "Eğitmen bulunamadı",
        "corrective_action": "Üniversiteyle protokol",
        "new_date": dt.date(2025, 6, 30),
    }
    entry_services.submission_save(
        submission=submission,
        values=[],
        reports=all_reports(submission, {short_term.id: explained}),
        by=reporter,
        today=TODAY,
    )
    review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    assert Submission.objects.get(pk=submission.pk).status == "submitted"
    report = ActivityReport.objects.get(activity=short_term, period=period)
    assert [(c.field, c.new) for c in report.changes.all()] == [
        ("durum", "Sürüyor"),
        ("ilerleme (%)", "40"),
        ("durum", "Gecikmede"),
        ("gecikme açıklaması", explained["explanation"]),
        ("düzeltici eylem", explained["corrective_action"]),
        ("yeni tarih", explained["new_date"].strftime("%d.%m.%Y")),
    ]


def test_return_correct_approve_lock_and_unapprove(period, sosyal, reporter, make_user):
    coordinator = make_user("koord-test", "coordinator")
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    entry_services.submission_save(
        submission=submission,
        values=entries(("egitim-1.2.3-g1", {}, "12", "")),
        reports=all_reports(submission),
        by=reporter,
        today=TODAY,
    )
    review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    with pytest.raises(InputRejected, match="gerekçe yazılmalı"):
        review_services.submission_return(submission=submission, by=coordinator, reason=" ")
    review_services.submission_return(
        submission=submission, by=coordinator, reason="Eğitim sayısı 2023'ü de içeriyor"
    )
    entry_services.submission_save(
        submission=submission,
        values=entries(("egitim-1.2.3-g1", {}, "9", "yalnız 2024")),
        reports=[],
        by=reporter,
        today=TODAY,
    )
    review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    review_services.submission_approve(submission=submission, by=coordinator)
    value = DataValue.objects.get(indicator__code="egitim-1.2.3-g1", period="2024")
    assert value.approved and value.value == 9
    with pytest.raises(InputRejected, match="“Onaylandı” durumunda; değiştirilemez"):
        entry_services.submission_save(
            submission=submission,
            values=entries(("egitim-1.2.3-g1", {}, "99", "")),
            reports=[],
            by=reporter,
            today=TODAY,
        )
    review_services.submission_unapprove(
        submission=submission, by=coordinator, reason="Kanıt eksik"
    )
    assert not DataValue.objects.get(pk=value.pk).approved
    trail = [
        (c.action, c.reason)
        for c in Change.objects.filter(
            submission=submission, field="durum", activity_report__isnull=True
        )
    ]
    assert trail == [
        ("submitted", ""),
        ("returned", "Eğitim sayısı 2023'ü de içeriyor"),
        ("submitted", ""),
        ("approved", ""),
        ("unapproved", "Kanıt eksik"),
    ]


def test_a_closed_period_takes_no_entries_until_reopened_with_a_reason(
    period, sosyal, reporter, make_user
):
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    late = dt.date(2025, 2, 11)  # deadline 31.01 + 10 grace days
    with pytest.raises(InputRejected, match="dönemi kapandı"):
        entry_services.submission_save(
            submission=submission,
            values=entries(("egitim-1.2.3-g1", {}, "3", "")),
            reports=[],
            by=reporter,
            today=late,
        )
    assert period_services.periods_lock_expired(today=late) == 1
    with pytest.raises(InputRejected, match="gerekçe"):
        period_services.period_reopen(
            period=period, by=None, reason="", until=dt.date(2025, 3, 1), today=late
        )
    period_services.period_reopen(
        period=ReportingPeriod.objects.get(pk=period.pk),
        by=None,
        reason="Birim yazılı olarak ek süre istedi",
        until=dt.date(2025, 3, 1),
        today=late,
    )
    entry_services.submission_save(
        submission=Submission.objects.get(pk=submission.pk),
        values=entries(("egitim-1.2.3-g1", {}, "3", "")),
        reports=[],
        by=reporter,
        today=late,
    )
    assert DataValue.objects.filter(period="2024").count() == 1


def test_evidence_is_checked_by_content(period, sosyal, reporter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    evidence = entry_services.evidence_attach(
        submission=submission,
        name="liste.pdf",
        content=b"%PDF-1.4 katilimci listesi",
        by=reporter,
        today=TODAY,
    )
    assert evidence.content_type == "application/pdf" and (tmp_path / evidence.file.name).exists()
    with pytest.raises(InputRejected, match="yalnız PDF, JPEG ya da PNG"):
        entry_services.evidence_attach(
            submission=submission,
            name="fatura.pdf.exe",
            content=b"MZ\x90\x00",
            by=reporter,
            today=TODAY,
        )
    with pytest.raises(InputRejected, match="10 MB"):
        entry_services.evidence_attach(
            submission=submission,
            name="buyuk.pdf",
            content=b"%PDF-" + b"0" * (10 * 1024 * 1024),
            by=reporter,
            today=TODAY,
        )


def test_seed_history_is_approved_with_its_source(izmir_plan):
    parks = DataValue.objects.filter(
        indicator__code="kentsel-1.1.1-g1", provenance="seed"
    ).order_by("period")
    assert [(v.period, v.value) for v in parks] == [("2020", 28), ("2020/2021", 58), ("2021", 30)]
    assert all(v.approved and v.source.startswith("seed 001") for v in parks)
    from esitkent.monitoring.models import ContextValue

    anahtar = ContextValue.objects.get(series__code="anahtar-merkez-hizmet-alan-kadin")
    assert anahtar.value == 1210 and anahtar.source.startswith("seed 001")


def test_a_rule_between_indicators_written_as_data_blocks_submitting(period, sosyal, reporter):
    from esitkent.monitoring.models import ValidationRule

    trainings, participants = indicator("egitim-1.6.1-g1"), indicator("egitim-1.6.1-g2")
    ValidationRule.objects.create(
        plan=period.plan,
        code="egitim-katilimci",
        name="Eğitim sayısı katılımcı sayısını aşamaz",
        left=trainings,
        operator="<=",
        right=participants,
    )
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    entry_services.submission_save(
        submission=submission,
        values=entries(("egitim-1.6.1-g1", {}, "12", ""), ("egitim-1.6.1-g2", {}, "10", "")),
        reports=all_reports(submission),
        by=reporter,
        today=TODAY,
    )
    with pytest.raises(InputRejected) as rejected:
        review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    assert [str(p) for p in rejected.value.problems] == [
        "Kural egitim-katilimci: Eğitim sayısı katılımcı sayısını aşamaz"
    ]
    entry_services.submission_save(
        submission=submission,
        values=entries(("egitim-1.6.1-g2", {}, "30", "")),
        reports=[],
        by=reporter,
        today=TODAY,
    )
    review_services.submission_submit(submission=submission, by=reporter, today=TODAY)


def test_an_outlying_total_needs_a_comment(period, sosyal, reporter):
    for year, value in (("2021", 10), ("2022", 12), ("2023", 11)):
        DataValue.objects.create(
            indicator=indicator("egitim-1.2.3-g1"),
            period=year,
            organisation=sosyal,
            value=value,
            approved=True,
            provenance="manual",
        )
    submission = entry_services.submission_open(period=period, organisation=sosyal)
    entry_services.submission_save(
        submission=submission,
        values=entries(("egitim-1.2.3-g1", {}, "400", "")),
        reports=all_reports(submission),
        by=reporter,
        today=TODAY,
    )
    with pytest.raises(InputRejected, match="önceki değerlerinden çok farklı"):
        review_services.submission_submit(submission=submission, by=reporter, today=TODAY)
    entry_services.submission_save(
        submission=submission,
        values=entries(("egitim-1.2.3-g1", {}, "400", "ilçelerle ortak kampanya")),
        reports=[],
        by=reporter,
        today=TODAY,
    )
    review_services.submission_submit(submission=submission, by=reporter, today=TODAY)


def test_the_years_target_colours_the_indicator(period, sosyal, reporter):
    from esitkent.monitoring.entry_selectors import entry_form

    submission = entry_services.submission_open(period=period, organisation=sosyal)
    entry_services.submission_save(
        submission=submission,
        values=entries(("egitim-1.2.4-g1", {}, "3", "")),
        reports=[],
        by=reporter,
        today=TODAY,
    )
    block = next(
        ib
        for b in entry_form(submission, today=TODAY)
        for ib in b.indicators
        if ib.indicator.code == "egitim-1.2.4-g1"
    )
    assert (block.target, block.target_rag) == (4, "amber")  # printed target: "Yılda 4 defa"
