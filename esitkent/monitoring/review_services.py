"""A submission's way through review: the unit submits, the coordinator returns, approves or
unapproves it, each along the one table of states (`domain.TRANSITIONS`) and each leaving a
Change. Approval and unapproval tell the listeners of `hooks` which groups changed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason

from . import domain
from .entry_selectors import submission_problems
from .entry_services import require_editable
from .hooks import approved_values_changed
from .models import Change, Submission
from .value_selectors import groups_of_submission, unit_values
from .value_services import locked


@transaction.atomic
def submission_submit(*, submission: Submission, by, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    submission = locked(submission)
    require_editable(submission, today)
    problems = [p for p in submission_problems(submission, today=today) if p.blocking]
    if problems:
        raise InputRejected([Problem(p.where, p.message) for p in problems])
    submission.submitted_at, submission.submitted_by = timezone.now(), by
    _transition(
        submission,
        "submit",
        by,
        Change.Action.SUBMITTED,
        extra_fields=["submitted_at", "submitted_by"],
    )


@transaction.atomic
def submission_return(*, submission: Submission, by, reason: str) -> None:
    _require_reason(reason)
    submission = _require_status(submission, "return")
    _transition(submission, "return", by, Change.Action.RETURNED, reason)


@transaction.atomic
def submission_approve(*, submission: Submission, by) -> None:
    submission = _require_status(submission, "approve")
    if by is not None and submission.submitted_by_id == getattr(by, "pk", None):
        raise InputRejected(
            [
                Problem(
                    "gönderim",
                    Reason(
                        "own_submission",
                        gettext_noop("kendi gönderdiğiniz veriyi onaylayamazsınız"),
                    ),
                )
            ]
        )
    _transition(submission, "approve", by, Change.Action.APPROVED)
    values = unit_values(submission)
    values.update(approved=True, submission=submission)
    approved_values_changed(groups=groups_of_submission(submission))


@transaction.atomic
def submission_unapprove(*, submission: Submission, by, reason: str) -> None:
    _require_reason(reason)
    submission = _require_status(submission, "unapprove")
    _transition(submission, "unapprove", by, Change.Action.UNAPPROVED, reason)
    unit_values(submission).update(approved=False)
    approved_values_changed(groups=groups_of_submission(submission))


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise InputRejected(
            [Problem("gerekçe", Reason("reason_required", gettext_noop("gerekçe yazılmalı")))]
        )


def _require_status(submission: Submission, action: str) -> Submission:
    current = locked(submission)
    if domain.next_state(current.status, action) is None:
        raise InputRejected(
            [
                Problem(
                    "gönderim",
                    Reason(
                        "wrong_status",
                        gettext_noop("gönderim şu an “{status}” durumunda; bu işlem yapılamaz"),
                        status=current.get_status_display(),
                    ),
                )
            ]
        )
    return current


def _transition(
    submission: Submission,
    action: str,
    by,
    change: str,
    reason: str = "",
    extra_fields: list[str] | None = None,
) -> None:
    # The history keeps the words of record, whatever language the person reads.
    with translation.override(settings.LANGUAGE_CODE):
        old = str(submission.get_status_display())
        submission.status = domain.next_state(submission.status, action)
        new = str(submission.get_status_display())
    fields = ["status", *(extra_fields or [])]
    if action in {"return", "approve", "unapprove"}:
        submission.reviewed_at, submission.reviewed_by, submission.review_note = (
            timezone.now(),
            by,
            reason,
        )
        fields += ["reviewed_at", "reviewed_by", "review_note"]
    submission.save(update_fields=fields)
    Change.objects.create(
        submission=submission,
        action=change,
        field="durum",
        old=old,
        new=new,
        reason=reason,
        by=by,
        subject=f"gönderim · {submission.period.code} · {submission.organisation.code}",
    )
