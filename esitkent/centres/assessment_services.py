"""Writes of the standards assessment: a centre manager's self-assessment, the network
coordinator's verification, evidence and the improvement plan. Split from services.py along
the seam between the registry and the assessment cycle."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.evidence import checked_evidence
from esitkent.core.formatting import tr_number
from esitkent.core.reasons import Reason, gettext_noop

from . import domain, selectors
from .models import (
    Assessment,
    AssessmentAnswer,
    AssessmentEvent,
    AssessmentEvidence,
    Centre,
    ImprovementAction,
    StandardItem,
)

Status = Assessment.Status


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("centre").get(pk=assessment.pk)


def _require(assessment: Assessment, *allowed: str) -> None:
    if assessment.status not in allowed:
        raise InputRejected(
            [
                Problem(
                    "değerlendirme",
                    Reason(
                        "assessment_state",
                        gettext_noop("değerlendirme şu an “{status}” durumunda; bu adım yapılamaz"),
                        status=assessment.get_status_display(),
                    ),
                )
            ]
        )


def _log(assessment: Assessment, action: str, by, detail: str = "") -> None:
    AssessmentEvent.objects.create(assessment=assessment, action=action, detail=detail, by=by)


def _answers(assessment: Assessment):
    return assessment.answers.select_related("item__section")


def _checked_ratings(stored: dict[int, AssessmentAnswer], ratings) -> list[Problem]:
    """Item ids that are not this assessment's and ratings that are not on the scale, named
    by item code. `ratings`: (item id, rating) pairs; an empty rating means none."""
    problems = []
    for item_id, rating in ratings:
        answer = stored.get(item_id)
        if answer is None:
            problems.append(Problem(f"madde {item_id}", "bu değerlendirmenin maddesi değil"))
        elif rating and rating not in domain.RATINGS:
            problems.append(Problem(answer.item.code, f"geçersiz değerlendirme: {rating!r}"))
    return problems


def _percent(score) -> str:
    return "—" if score is None else f"%{tr_number(score)}"


@transaction.atomic
def assessment_start(*, centre: Centre, year: int, by, is_sample: bool = False) -> Assessment:
    """This year's self-assessment against the catalogue in force, one answer per item."""
    version = selectors.version_in_force()
    if version is None:
        raise InputRejected([Problem("standartlar", "yürürlükte bir standart sürümü yok")])
    if existing := Assessment.objects.filter(centre=centre, year=year).first():
        return existing
    assessment = Assessment.objects.create(
        centre=centre, version=version, year=year, started_by=by, is_sample=is_sample
    )
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, item=item)
        for item in StandardItem.objects.filter(section__version=version)
    )
    _log(assessment, "started", by, f"sürüm {version.number}")
    return assessment


@transaction.atomic
def assessment_save(*, assessment: Assessment, answers: dict[int, tuple[str, str]], by) -> int:
    """The centre's own ratings and notes (item id → (rating, note)); draft only. Returns
    how many answers changed."""
    assessment = _locked(assessment)
    _require(assessment, Status.DRAFT)
    stored = {a.item_id: a for a in _answers(assessment)}
    if problems := _checked_ratings(stored, ((i, r) for i, (r, _) in answers.items())):
        raise InputRejected(problems)
    changed = []
    for item_id, (rating, note) in answers.items():
        answer = stored[item_id]
        if (answer.self_rating, answer.self_note) != (rating, note.strip()):
            answer.self_rating, answer.self_note = rating, note.strip()
            changed.append(answer)
    AssessmentAnswer.objects.bulk_update(changed, ["self_rating", "self_note"])
    if changed:
        _log(assessment, "saved", by, f"{len(changed)} madde")
    return len(changed)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> None:
    """Send for verification. Every item needs a rating, and an item rated below "met"
    needs a word on why, so that the coordinator and the improvement plan can use it."""
    assessment = _locked(assessment)
    _require(assessment, Status.DRAFT)
    problems = []
    for answer in _answers(assessment):
        if not answer.self_rating:
            problems.append(Problem(answer.item.code, "değerlendirilmemiş"))
        elif answer.self_rating in domain.NEEDS_ACTION and not answer.self_note:
            problems.append(
                Problem(answer.item.code, "karşılanmayan ya da kısmen karşılanan madde açıklanmalı")
            )
    if problems:
        raise InputRejected(problems)
    assessment.status, assessment.submitted_by, assessment.submitted_at = (
        Status.SUBMITTED,
        by,
        timezone.now(),
    )
    assessment.save()
    own = selectors.scores(assessment).own
    _log(assessment, "submitted", by, f"öz değerlendirme puanı {_percent(own)}")


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, reason: str) -> None:
    assessment = _locked(assessment)
    _require(assessment, Status.SUBMITTED)
    if not reason.strip():
        raise InputRejected([Problem("gerekçe", "geri gönderme gerekçesi yazılmalı")])
    assessment.status = Status.DRAFT
    assessment.save(update_fields=["status"])
    _log(assessment, "returned", by, reason.strip())


@transaction.atomic
def assessment_verify(
    *, assessment: Assessment, changes: dict[int, tuple[str, str]], by, today: dt.date | None = None
) -> list[ImprovementAction]:
    """The coordinator agrees with each rating or changes it with a reason (item id →
    (rating, reason)). The final ratings give the scores, and every item still below "met"
    becomes an open action of the improvement plan."""
    assessment = _locked(assessment)
    _require(assessment, Status.SUBMITTED)
    if by is not None and by.pk == assessment.submitted_by_id:
        raise InputRejected(
            [Problem("doğrulama", "kendi gönderdiğiniz değerlendirmeyi doğrulayamazsınız")]
        )
    stored = {a.item_id: a for a in _answers(assessment)}
    problems = _checked_ratings(stored, ((i, r) for i, (r, _) in changes.items()))
    for item_id, (rating, reason) in changes.items():
        answer = stored.get(item_id)
        if answer is None or (rating and rating not in domain.RATINGS):
            continue  # already named above
        if rating and rating != answer.self_rating and not reason.strip():
            problems.append(
                Problem(
                    answer.item.code,
                    Reason(
                        "change_needs_reason",
                        gettext_noop("değerlendirmeyi değiştirmek için gerekçe yazılmalı"),
                    ),
                )
            )
    if problems:
        raise InputRejected(problems)
    changed = []
    for item_id, (rating, reason) in changes.items():
        answer = stored[item_id]
        if rating and rating != answer.self_rating:
            answer.verified_rating, answer.verify_reason = rating, reason.strip()
        else:
            answer.verified_rating, answer.verify_reason = "", ""
        changed.append(answer)
    AssessmentAnswer.objects.bulk_update(changed, ["verified_rating", "verify_reason"])
    assessment.status, assessment.verified_by, assessment.verified_at = (
        Status.VERIFIED,
        by,
        timezone.now(),
    )
    assessment.save()
    altered = [a for a in stored.values() if a.verified_rating]
    _log(
        assessment,
        "verified",
        by,
        f"{len(altered)} madde değiştirildi; doğrulanmış puan "
        f"{_percent(selectors.scores(assessment).final)}",
    )
    return _improvement_plan(assessment, list(stored.values()), today or timezone.localdate())


def _improvement_plan(
    assessment: Assessment, answers: list[AssessmentAnswer], today: dt.date
) -> list[ImprovementAction]:
    # Six months is the default deadline the manager can move; owner is hers to name.
    deadline = today + dt.timedelta(days=182)
    actions = []
    for answer in answers:
        if answer.rating in domain.NEEDS_ACTION:
            action, _ = ImprovementAction.objects.get_or_create(
                assessment=assessment,
                item=answer.item,
                defaults={
                    "action": f"{answer.item.text} (şu an: {domain.RATINGS[answer.rating]})",
                    "deadline": deadline,
                },
            )
            actions.append(action)
    return actions


@transaction.atomic
def improvement_action_update(
    *, action: ImprovementAction, text: str, owner: str, deadline: dt.date | None, status: str, by
) -> None:
    if status not in ImprovementAction.Status.values:
        raise InputRejected([Problem(action.item.code, f"geçersiz durum: {status!r}")])
    if not text.strip():
        raise InputRejected([Problem(action.item.code, "yapılacak iş boş olamaz")])
    action.action, action.owner, action.deadline, action.status = (
        text.strip(),
        owner.strip(),
        deadline,
        status,
    )
    action.save()
    _log(action.assessment, "action", by, f"{action.item.code}: {action.get_status_display()}")


@transaction.atomic
def assessment_evidence_attach(
    *, assessment: Assessment, item: StandardItem | None, name: str, content: bytes, by
) -> AssessmentEvidence:
    """PDF, JPEG or PNG up to 10 MB, recognised by content, as for monitoring evidence."""
    assessment = _locked(assessment)
    _require(assessment, Status.DRAFT, Status.SUBMITTED)
    if item is not None and item.section.version_id != assessment.version_id:
        raise InputRejected([Problem(name, "madde bu değerlendirmenin sürümünde değil")])
    evidence = AssessmentEvidence.objects.create(
        assessment=assessment, item=item, uploaded_by=by, **checked_evidence(name, content).fields()
    )
    _log(assessment, "evidence", by, evidence.original_name)
    return evidence
