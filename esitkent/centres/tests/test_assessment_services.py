"""The assessment cycle: a manager's self-assessment, the coordinator's verification, evidence,
the improvement plan and the history of it all."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from esitkent.accounts.services import membership_grant
from esitkent.centres import assessment_services as services
from esitkent.centres import selectors
from esitkent.centres.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentEvent,
    AssessmentEvidence,
    ImprovementAction,
    StandardItem,
)
from esitkent.core.errors import InputRejected
from esitkent.orgs.models import Organisation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def percent(points: Decimal, items: int) -> Decimal:
    return (points / items * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def events(assessment) -> list[str]:
    return list(
        AssessmentEvent.objects.filter(assessment=assessment).values_list("action", flat=True)
    )


@pytest.fixture
def assessment(kdm, manager, version1):
    return services.assessment_start(centre=kdm, year=2025, by=manager)


@pytest.fixture
def items(assessment) -> dict[str, StandardItem]:
    """The assessment's items by code."""
    return {a.item.code: a.item for a in assessment.answers.select_related("item")}


def rate_all(assessment, items, by, **special: tuple[str, str]):
    """Every item "met", except those named (code → (rating, note))."""
    answers = {item.pk: ("met", "") for item in items.values()}
    answers |= {items[code.replace("_", "-")].pk: value for code, value in special.items()}
    return services.assessment_save(assessment=assessment, answers=answers, by=by)


@pytest.fixture
def submitted(assessment, items, manager):
    """Self-assessed: all met but MG-3 partly and PS-1 not met, both explained; submitted."""
    rate_all(
        assessment,
        items,
        manager,
        MG_3=("partly", "Çocuk alanı yok, bir çalışan ilgileniyor"),
        PS_1=("not_met", "Kadro yok"),
    )
    services.assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    return assessment


def test_an_assessment_has_one_answer_per_item_of_the_version_in_force(
    assessment, version1, kdm, manager
):
    catalogue = StandardItem.objects.filter(section__version=version1)
    answers = assessment.answers.all()

    assert assessment.version == version1
    assert answers.count() == catalogue.count() == 39
    assert set(answers.values_list("item_id", flat=True)) == set(
        catalogue.values_list("pk", flat=True)
    )
    assert not answers.exclude(self_rating="").exists()
    assert assessment.status == Assessment.Status.DRAFT
    # Starting again in the same year opens the same assessment.
    assert services.assessment_start(centre=kdm, year=2025, by=manager) == assessment
    assert AssessmentAnswer.objects.filter(assessment__centre=kdm).count() == 39
    assert events(assessment) == ["started"]


def test_saving_an_unknown_rating_is_refused_naming_the_item(assessment, items, manager):
    mg1, mg2 = items["MG-1"], items["MG-2"]

    with pytest.raises(InputRejected) as exc:
        services.assessment_save(
            assessment=assessment,
            answers={mg1.pk: ("met", ""), mg2.pk: ("excellent", "")},
            by=manager,
        )

    assert [p.where for p in exc.value.problems] == ["MG-2"]
    assert "excellent" in str(exc.value)
    # Not even the good answer was written.
    assert not assessment.answers.exclude(self_rating="").exists()
    assert events(assessment) == ["started"]


def test_saving_gives_the_self_score_and_counts_changes(assessment, items, manager):
    assert rate_all(assessment, items, manager, MG_1=("not_met", "Oda yok")) == 39
    # The same answers again change nothing.
    assert rate_all(assessment, items, manager, MG_1=("not_met", "Oda yok")) == 0

    assert selectors.scores(assessment).own == percent(Decimal(38), 39) == Decimal("97.4")
    assert events(assessment) == ["started", "saved"]


def test_submitting_needs_every_item_rated_and_each_shortfall_explained(assessment, items, manager):
    answers = {item.pk: ("met", "") for item in items.values()}
    answers[items["MG-1"].pk] = ("", "")
    answers[items["MG-2"].pk] = ("partly", "")
    answers[items["MG-3"].pk] = ("not_met", "   ")
    answers[items["MG-4"].pk] = ("partly", "Rampa yok")
    answers[items["MG-5"].pk] = ("na", "")
    services.assessment_save(assessment=assessment, answers=answers, by=manager)

    with pytest.raises(InputRejected) as exc:
        services.assessment_submit(assessment=assessment, by=manager)

    assert {p.where: p.message for p in exc.value.problems} == {
        "MG-1": "değerlendirilmemiş",
        "MG-2": "karşılanmayan ya da kısmen karşılanan madde açıklanmalı",
        "MG-3": "karşılanmayan ya da kısmen karşılanan madde açıklanmalı",
    }
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.submitted_at is None and assessment.submitted_by is None
    assert "submitted" not in events(assessment)


def test_a_submitted_assessment_cannot_be_changed_by_the_centre(submitted, items, manager):
    with pytest.raises(InputRejected) as exc:
        services.assessment_save(
            assessment=submitted, answers={items["MG-1"].pk: ("not_met", "x")}, by=manager
        )

    assert exc.value.problems[0].code == "assessment_state"
    assert submitted.answers.get(item=items["MG-1"]).self_rating == "met"


def test_a_changed_rating_needs_a_reason(submitted, items, coordinator):
    with pytest.raises(InputRejected) as exc:
        services.assessment_verify(
            assessment=submitted, changes={items["MG-1"].pk: ("partly", "  ")}, by=coordinator
        )

    assert [(p.where, p.code) for p in exc.value.problems] == [("MG-1", "change_needs_reason")]
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED
    assert not ImprovementAction.objects.filter(assessment=submitted).exists()


def test_the_submitter_cannot_verify_her_own_assessment(submitted):
    # Even if she also holds the network coordinator's role.
    submitter = submitted.submitted_by
    membership_grant(
        user=submitter,
        organisation=Organisation.objects.get(code="kadin-calismalari-sm"),
        role="network_coordinator",
    )

    with pytest.raises(InputRejected) as exc:
        services.assessment_verify(assessment=submitted, changes={}, by=submitter)

    assert "kendi gönderdiğiniz" in str(exc.value)
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED and submitted.verified_by is None


def test_verification_sets_the_final_score_and_the_improvement_plan(submitted, items, coordinator):
    own = percent(Decimal(37) + Decimal("0.5"), 39)
    assert selectors.scores(submitted).own == own == Decimal("96.2")

    actions = services.assessment_verify(
        assessment=submitted,
        changes={
            items["MG-1"].pk: ("not_met", "Görüşme ortak ofiste yapılıyor"),  # met → not met
            items["MG-3"].pk: ("met", "Çocuk alanı yerinde görüldü"),  # partly → met
            items["MG-2"].pk: ("partly", "Bekleme alanı ortak salon"),  # met → partly
            items["MG-4"].pk: ("met", ""),  # agrees: no reason needed
        },
        by=coordinator,
        today=dt.date(2026, 1, 15),
    )

    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.VERIFIED
    assert submitted.verified_by == coordinator and submitted.verified_at is not None
    scores = selectors.scores(submitted)
    assert scores.own == own  # the centre's own view is kept as it was
    assert scores.final == percent(Decimal(36) + Decimal("0.5"), 39) == Decimal("93.6")
    mg1 = submitted.answers.get(item=items["MG-1"])
    assert (mg1.self_rating, mg1.verified_rating, mg1.rating) == ("met", "not_met", "not_met")
    assert mg1.verify_reason == "Görüşme ortak ofiste yapılıyor"
    mg4 = submitted.answers.get(item=items["MG-4"])
    assert (mg4.verified_rating, mg4.verify_reason, mg4.rating) == ("", "", "met")
    # One open action for each item whose final rating is below "met", and no other.
    stored = ImprovementAction.objects.filter(assessment=submitted)
    assert (
        {a.item.code for a in actions} == {a.item.code for a in stored} == {"MG-1", "MG-2", "PS-1"}
    )
    assert all(a.status == ImprovementAction.Status.OPEN for a in stored)
    assert all(a.deadline == dt.date(2026, 1, 15) + dt.timedelta(days=182) for a in stored)
    assert items["MG-1"].text in stored.get(item=items["MG-1"]).action
    assert (
        "3 madde değiştirildi"
        in AssessmentEvent.objects.get(assessment=submitted, action="verified").detail
    )


def test_a_verified_assessment_cannot_be_verified_again(submitted, coordinator):
    services.assessment_verify(assessment=submitted, changes={}, by=coordinator)

    with pytest.raises(InputRejected) as exc:
        services.assessment_verify(assessment=submitted, changes={}, by=coordinator)

    assert exc.value.problems[0].code == "assessment_state"


def test_returning_needs_a_reason_and_puts_it_back_to_draft(submitted, items, manager, coordinator):
    with pytest.raises(InputRejected):
        services.assessment_return(assessment=submitted, by=coordinator, reason=" ")
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED

    services.assessment_return(assessment=submitted, by=coordinator, reason="PS-1 kanıtı eksik")

    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.DRAFT
    returned = AssessmentEvent.objects.get(assessment=submitted, action="returned")
    assert (returned.by, returned.detail) == (coordinator, "PS-1 kanıtı eksik")
    # Back in draft, the centre can correct and send it again.
    services.assessment_save(
        assessment=submitted, answers={items["PS-1"].pk: ("partly", "Yarı zamanlı")}, by=manager
    )
    services.assessment_submit(assessment=submitted, by=manager)
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED


def test_evidence_is_accepted_by_content_not_by_name(
    assessment, items, manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    evidence = services.assessment_evidence_attach(
        assessment=assessment, item=items["MG-1"], name="oda.dat", content=PDF, by=manager
    )

    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF) and evidence.original_name == "oda.dat"
    assert evidence.file.name.endswith(".pdf")
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF
    with pytest.raises(InputRejected) as exc:
        services.assessment_evidence_attach(
            assessment=assessment,
            item=None,
            name="kanit.pdf",
            content=b"Bu bir PDF degil, duz metin.\n",
            by=manager,
        )
    assert [p.where for p in exc.value.problems] == ["kanit.pdf"]
    assert AssessmentEvidence.objects.filter(assessment=assessment).count() == 1


def test_each_step_leaves_a_row_in_the_history(
    assessment, items, manager, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rate_all(assessment, items, manager, PS_1=("not_met", "Kadro yok"))
    services.assessment_evidence_attach(
        assessment=assessment, item=items["PS-1"], name="kadro.pdf", content=PDF, by=manager
    )
    services.assessment_submit(assessment=assessment, by=manager)
    services.assessment_return(assessment=assessment, by=coordinator, reason="Kanıt eksik")
    services.assessment_submit(assessment=assessment, by=manager)
    [action] = services.assessment_verify(assessment=assessment, changes={}, by=coordinator)
    services.improvement_action_update(
        action=action,
        text="Psikolog kadrosu açılacak",
        owner="İnsan Kaynakları",
        deadline=dt.date(2026, 6, 30),
        status=ImprovementAction.Status.IN_PROGRESS,
        by=manager,
    )

    history = list(
        AssessmentEvent.objects.filter(assessment=assessment).values_list("action", "by__username")
    )
    assert history == [
        ("started", "merkez-sorumlusu"),
        ("saved", "merkez-sorumlusu"),
        ("evidence", "merkez-sorumlusu"),
        ("submitted", "merkez-sorumlusu"),
        ("returned", "ag-koordinatoru"),
        ("submitted", "merkez-sorumlusu"),
        ("verified", "ag-koordinatoru"),
        ("action", "merkez-sorumlusu"),
    ]
