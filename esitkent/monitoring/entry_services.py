"""A reporting unit's entries for a period: its values (through the one write path in
value_services), its activity reports, its evidence; a reviewer's note beside a value; and the
figures EşitKent computes itself, entered like a unit's. Keyword-only functions, each in one
transaction; every change leaves a Change row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from esitkent.core import progress_rating
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.evidence import checked_evidence
from esitkent.core.models import Provenance
from esitkent.core.reasons import Reason
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, Indicator

from .change_services import value_change
from .models import ActivityReport, Change, Evidence, ReportingPeriod, Submission
from .period_selectors import entry_refusal
from .value_selectors import reporting_unit, unit_values
from .value_services import (
    COMPUTED,
    FORM,
    ValueEntry,
    WriteConflict,
    locked,
    values_write,
)


@dataclass
class ReportEntry:
    activity_id: int
    status: str
    progress: int | None
    milestones: str = ""
    explanation: str = ""
    corrective_action: str = ""
    new_date: dt.date | None = None
    # The fields as the form showed them (None: not from the form). Only the fields the person
    # changed are written; a changed field that someone else changed meanwhile is a conflict.
    original: dict | None = None


@transaction.atomic
def submission_open(*, period: ReportingPeriod, organisation: Organisation) -> Submission:
    submission, _ = Submission.objects.get_or_create(period=period, organisation=organisation)
    return submission


def require_editable(submission: Submission, today: dt.date) -> None:
    """Refuse when the unit's submission or its period takes no entries today."""
    if refusal := entry_refusal(submission.period, submission.status, today):
        raise InputRejected([refusal])


@transaction.atomic
def submission_save(
    *,
    submission: Submission,
    values: list[ValueEntry],
    reports: list[ReportEntry],
    by,
    today: dt.date | None = None,
    provenance: str = Provenance.MANUAL,
    channel: str = FORM,
) -> None:
    """Save a draft through the one write path (value_services). Bad entries refuse the whole
    save, each named; validation that needs the complete picture (parts against totals,
    explanations) runs at submit.

    Only indicators assigned to the unit and the activities they belong to can be written, and
    an approved value cannot be changed here (a coordinator unapproves first).
    """
    today = today or timezone.localdate()
    submission = values_write(
        submission=submission,
        entries=values,
        by=by,
        channel=channel,
        today=today,
        provenance=provenance,
    )
    if reports:
        _reports_save(submission, reports, by)


# --- Activity reports -----------------------------------------------------------------------

REPORT_FIELDS = ("status", "progress", "milestones", "explanation", "corrective_action", "new_date")


def _report_problems(reports: list[ReportEntry], allowed: set[int]) -> list[Problem]:
    problems: list[Problem] = []
    for report in reports:
        where = f"faaliyet {report.activity_id}"
        if report.activity_id not in allowed:
            problems.append(
                Problem(
                    where,
                    Reason(
                        "not_reported_here",
                        gettext_noop("bu faaliyet bu birimin raporladığı bir faaliyet değil"),
                    ),
                )
            )
        if report.status not in progress_rating.ACTIVITY_STATUSES:
            problems.append(Problem(where, Reason("status", gettext_noop("bilinmeyen durum"))))
        if report.progress is not None and not 0 <= report.progress <= 100:
            problems.append(
                Problem(
                    where,
                    Reason("progress_range", gettext_noop("ilerleme 0 ile 100 arasında olmalı")),
                )
            )
    return problems


def _reports_save(submission: Submission, reports: list[ReportEntry], by) -> None:
    allowed = set(
        Indicator.objects.filter(
            assignments__organisation=submission.organisation, plan=submission.period.plan
        ).values_list("activity_id", flat=True)
    )
    if problems := _report_problems(reports, allowed):
        raise InputRejected(problems)
    stored = {
        r.activity_id: r
        for r in ActivityReport.objects.filter(
            period=submission.period, organisation=submission.organisation
        )
    }
    # The history names each activity by its printed code: read once for the whole save.
    printed = dict(
        Activity.objects.filter(id__in=[r.activity_id for r in reports]).values_list(
            "id", "code_printed"
        )
    )
    conflicts: list[Problem] = []
    for report in reports:
        conflicts += _save_report(
            submission, report, stored.get(report.activity_id), by, printed[report.activity_id]
        )
    if conflicts:
        raise WriteConflict(conflicts)


def _report_text(name: str, value) -> str:
    if value is None:
        return ""
    if name == "status":
        # The history keeps the words of record, whatever language the writer reads.
        with translation.override(settings.LANGUAGE_CODE):
            return str(ActivityReport.Status(value).label)
    if name == "new_date":
        return value.strftime("%d.%m.%Y")
    return str(value)


def _empty(value) -> bool:
    return value in (None, "")


def _same(a, b) -> bool:
    return a == b or (_empty(a) and _empty(b))


def _field_label(name: str) -> str:
    return ActivityReport._meta.get_field(name).verbose_name


def _report_conflict(entry: ReportEntry, name: str, yours, theirs) -> Problem:
    return Problem(
        f"faaliyet {entry.activity_id} · {_field_label(name)}",
        Reason(
            "conflict",
            gettext_noop(
                "siz “{yours}” girdiniz; bu arada başka biri “{theirs}” olarak "
                "kaydetti. Sayfayı yenileyip yeniden deneyin."
            ),
            yours=_report_text(name, yours),
            theirs=_report_text(name, theirs),
        ),
    )


def _report_changes(
    entry: ReportEntry, old_values: dict, new_values: dict, seen: dict | None
) -> tuple[list[str], list[Problem]]:
    """The fields to write and the conflicts: a field left as the form showed it is not
    written; one the person changed that someone else changed since she read it conflicts."""
    changed, conflicts = [], []
    for name in REPORT_FIELDS:
        old, new = old_values[name], new_values[name]
        if seen is not None:
            before = seen.get(name)
            if _same(before, new):
                continue
            if not _same(before, old):
                conflicts.append(_report_conflict(entry, name, new, old))
                continue
        if not _same(old, new):
            changed.append(name)
    return changed, conflicts


def _save_report(
    submission: Submission,
    entry: ReportEntry,
    report: ActivityReport | None,
    by,
    code_printed: str,
) -> list[Problem]:
    """Write a report's changed fields only; each changed field leaves a Change. Returns the
    conflicts: fields the person changed that someone else changed since she read them."""
    if report is None:
        report = ActivityReport(
            activity_id=entry.activity_id,
            period=submission.period,
            organisation=submission.organisation,
            submission=submission,
        )
        old_values = dict.fromkeys(REPORT_FIELDS)
    else:
        old_values = {name: getattr(report, name) for name in REPORT_FIELDS}
    new_values = {name: getattr(entry, name) for name in REPORT_FIELDS}
    # Nothing stored yet: saving the form is what makes the report, as it stands.
    seen = entry.original if report.pk else None
    changed, conflicts = _report_changes(entry, old_values, new_values, seen)
    if conflicts or not changed:
        return conflicts
    for name in changed:
        setattr(report, name, new_values[name])
    report.submission = submission
    report.save()
    Change.objects.bulk_create(
        Change(
            activity_report=report,
            submission=submission,
            action=Change.Action.UPDATED,
            # The history is read by people: the field's label and the status's word.
            field=_field_label(name),
            old=_report_text(name, old_values[name]),
            new=_report_text(name, new_values[name]),
            by=by,
            subject=f"faaliyet {code_printed} · {submission.period.code} · "
            f"{submission.organisation.code}",
        )
        for name in changed
    )
    return []


# --- Evidence and a reviewer's note ----------------------------------------------------------


@transaction.atomic
def evidence_attach(
    *, submission: Submission, name: str, content: bytes, by, today: dt.date | None = None
) -> Evidence:
    """PDF, JPEG or PNG up to 10 MB, recognised by content, stored outside the database."""
    submission = locked(submission)
    require_editable(submission, today or timezone.localdate())
    evidence = Evidence.objects.create(
        submission=submission, uploaded_by=by, **checked_evidence(name, content).fields()
    )
    Change.objects.create(
        submission=submission,
        action=Change.Action.ENTERED,
        field="kanıt",
        new=evidence.original_name,
        by=by,
        subject=f"kanıt · {submission.period.code} · {submission.organisation.code}",
    )
    return evidence


REVIEW_NOTE_MAX = 2000


def _note_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InputRejected(
            [Problem("not", Reason("note_required", gettext_noop("not yazılmalı")))]
        )
    if len(text) > REVIEW_NOTE_MAX:
        raise InputRejected(
            [
                Problem(
                    "not",
                    Reason(
                        "note_too_long",
                        gettext_noop("not en çok {limit} karakter olabilir"),
                        limit=REVIEW_NOTE_MAX,
                    ),
                )
            ]
        )
    return text


@transaction.atomic
def value_note_add(*, submission: Submission, value_id: int, by, text: str) -> Change:
    """A reviewer's note on one value of the unit's submission: kept in the value's trail,
    read by the reporter beside the value. Whether `by` may review is the caller's policy
    check (monitoring.review_submission)."""
    text = _note_text(text)
    # Only a value the review is about: the unit's own, for this period of this plan.
    value = (
        unit_values(submission).select_related("indicator", "organisation").filter(pk=value_id)
    ).first()
    if value is None:
        raise InputRejected(
            [
                Problem(
                    "değer",
                    Reason("note_value", gettext_noop("bu değer incelenen gönderime ait değil")),
                )
            ]
        )
    note = value_change(
        action=Change.Action.NOTED,
        indicator=value.indicator,
        organisation=value.organisation,
        period=value.period,
        breakdown=value.breakdown,
        by=by,
        submission=submission,
        data_value=value,
        reason=text,
    )
    note.save()
    return note


# --- Values EşitKent computes itself -----------------------------------------------------------


@transaction.atomic
def computed_values_enter(
    *, period: ReportingPeriod, entries: list[ValueEntry], by, today: dt.date | None = None
) -> None:
    """Counts EşitKent derives (the centre network's events, the case records' anonymised
    figures) into the submission of each indicator's reporting unit, unapproved and marked
    `computed`: the unit sends them with its report and the coordinator approves them like any
    other, so the period lock, the assignment check and the history apply."""
    units: dict[int, Organisation] = {}  # indicator → its unit, one query per indicator
    by_unit: dict[int, tuple[Organisation, list[ValueEntry]]] = {}
    for entry in entries:
        if entry.indicator.pk not in units:
            units[entry.indicator.pk] = reporting_unit(entry.indicator)
        unit = units[entry.indicator.pk]
        by_unit.setdefault(unit.pk, (unit, []))[1].append(entry)
    for unit, unit_entries in by_unit.values():
        submission_save(
            submission=submission_open(period=period, organisation=unit),
            values=unit_entries,
            reports=[],
            by=by,
            today=today,
            provenance=Provenance.COMPUTED,
            channel=COMPUTED,
        )
