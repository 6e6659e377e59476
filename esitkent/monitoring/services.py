"""Writes for the monitoring cycle. Keyword-only functions, each in one transaction; every
change to a value, an activity report or a submission leaves a Change row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from esitkent.analytics.services import (
    groups_of_indicator,
    groups_of_submission,
    summaries_refresh,
)
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.evidence import checked_evidence
from esitkent.core.models import Provenance
from esitkent.core.reasons import Reason
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, ActivityParty, Indicator, Plan

from . import domain
from .models import (
    ActivityReport,
    Assignment,
    Change,
    DataValue,
    Evidence,
    IndicatorDefinition,
    IndicatorTarget,
    ReportingPeriod,
    Submission,
)
from .value_services import (  # noqa: F401 - ValueEntry is part of this module's interface
    COMPUTED,
    FORM,
    ValueEntry,
    WriteConflict,
    entry_refusal,
    locked,
    period_accepts_entries,
    value_change,
    values_write,
)

EDITABLE = Submission.EDITABLE


# --- Definitions and assignments -------------------------------------------------------------


@transaction.atomic
def definitions_load(*, plan: Plan, document: dict, provenance: str = "manual") -> int:
    """Indicator definitions from data/izmir/indicator_definitions.yaml; unknown codes refuse the file."""
    indicators = {
        i.code: i for i in Indicator.objects.filter(activity__subgoal__goal__area__plan=plan)
    }
    problems = [
        Problem(f"definitions[{n}]", f"bilinmeyen gösterge kodu: {entry.get('indicator')}")
        for n, entry in enumerate(document.get("definitions", []), start=1)
        if entry.get("indicator") not in indicators
    ]
    if problems:
        raise InputRejected(problems)
    count = 0
    for entry in document.get("definitions", []):
        baseline = entry.get("baseline") or {}
        definition, _ = IndicatorDefinition.objects.update_or_create(
            indicator=indicators[entry["indicator"]],
            defaults={
                "measure_type": entry["measure_type"],
                "unit": entry.get("unit") or "",
                "aggregation": entry.get("aggregation") or "sum",
                "direction": entry.get("direction") or "higher",
                "dimensions": [
                    d for d in domain.DIMENSION_ORDER if d in (entry.get("dimensions") or [])
                ],
                "periodicity": entry.get("periodicity") or "annual",
                "data_source": entry.get("data_source") or "",
                "baseline_value": baseline.get("value"),
                "baseline_year": baseline.get("year"),
                "note": entry.get("note") or "",
                "provenance": provenance,
                "is_reported": True,
            },
        )
        definition.targets.all().delete()
        for year, value in (entry.get("targets") or {}).items():
            IndicatorTarget.objects.create(
                definition=definition,
                year=int(year),
                value=Decimal(str(value)),
                printed=entry.get("targets_printed") or "",
            )
        count += 1
    return count


@transaction.atomic
def assignments_default(*, plan: Plan) -> int:
    """Each reported indicator goes to its activity's responsible organisations, unless assigned."""
    created = 0
    definitions = IndicatorDefinition.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan, is_reported=True
    )
    for definition in definitions.select_related("indicator"):
        indicator = definition.indicator
        if indicator.assignments.exists():
            continue
        parties = ActivityParty.objects.filter(
            activity=indicator.activity,
            role=ActivityParty.Role.RESPONSIBLE,
            organisation__isnull=False,
        )
        for party in parties:
            _, made = Assignment.objects.get_or_create(
                indicator=indicator, organisation=party.organisation
            )
            created += made
    return created


@transaction.atomic
def assignment_set(*, indicator: Indicator, organisations: list[Organisation]) -> None:
    indicator.assignments.exclude(organisation__in=organisations).delete()
    for organisation in organisations:
        Assignment.objects.get_or_create(indicator=indicator, organisation=organisation)


# --- Periods --------------------------------------------------------------------------------


@transaction.atomic
def reporting_period_create(
    *, plan: Plan, code: str, deadline: dt.date, grace_days: int = 15, is_sample: bool = False
) -> ReportingPeriod:
    period = domain.parse_period(code)
    if ReportingPeriod.objects.filter(plan=plan, code=code).exists():
        raise InputRejected([Problem("dönem", f"{code} dönemi bu planda zaten var")])
    if deadline < period.end:
        raise InputRejected([Problem("son gün", "son gün dönemin bitişinden önce olamaz")])
    return ReportingPeriod.objects.create(
        plan=plan,
        code=code,
        start=period.start,
        end=period.end,
        deadline=deadline,
        grace_days=grace_days,
        is_sample=is_sample,
    )


@transaction.atomic
def period_lock(*, period: ReportingPeriod, by=None) -> None:
    if period.locked_at is None:
        period.locked_at = timezone.now()
        period.save(update_fields=["locked_at"])
        Change.objects.create(period=period, action=Change.Action.LOCKED, by=by)


@transaction.atomic
def periods_lock_expired(*, today: dt.date) -> int:
    """Lock every period whose deadline and grace days have passed (run daily)."""
    locked = 0
    for period in ReportingPeriod.objects.filter(locked_at__isnull=True):
        if not period_accepts_entries(period, today):
            period_lock(period=period)
            locked += 1
    return locked


@transaction.atomic
def period_reopen(
    *, period: ReportingPeriod, by, reason: str, until: dt.date, today: dt.date | None = None
) -> None:
    today = today or timezone.localdate()
    if not reason.strip():
        raise InputRejected([Problem("gerekçe", "dönemi yeniden açmak için gerekçe yazın")])
    if until < today:
        raise InputRejected([Problem("yeni son gün", "yeni son gün bugünden önce olamaz")])
    period.locked_at = None
    period.reopened_reason = reason
    period.grace_days = min(32000, max(period.grace_days, (until - period.deadline).days))
    period.save(update_fields=["locked_at", "reopened_reason", "grace_days"])
    Change.objects.create(
        period=period,
        action=Change.Action.REOPENED,
        reason=reason,
        by=by,
        new=until.isoformat(),
        subject=f"dönem {period.code}",
    )


# --- A reporter's entries --------------------------------------------------------------------


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


def _check_editable(submission: Submission, today: dt.date) -> None:
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


def _reports_save(submission: Submission, reports: list[ReportEntry], by) -> None:
    allowed = set(
        Indicator.objects.filter(
            assignments__organisation=submission.organisation, plan=submission.period.plan
        ).values_list("activity_id", flat=True)
    )
    problems: list[Problem] = []
    for report in reports:
        if report.activity_id not in allowed:
            problems.append(
                Problem(
                    f"faaliyet {report.activity_id}",
                    Reason(
                        "not_reported_here",
                        gettext_noop("bu faaliyet bu birimin raporladığı bir faaliyet değil"),
                    ),
                )
            )
        if report.status not in domain.ACTIVITY_STATUSES:
            problems.append(
                Problem(
                    f"faaliyet {report.activity_id}",
                    Reason("status", gettext_noop("bilinmeyen durum")),
                )
            )
        if report.progress is not None and not 0 <= report.progress <= 100:
            problems.append(
                Problem(
                    f"faaliyet {report.activity_id}",
                    Reason("progress_range", gettext_noop("ilerleme 0 ile 100 arasında olmalı")),
                )
            )
    if problems:
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


REPORT_FIELDS = ("status", "progress", "milestones", "explanation", "corrective_action", "new_date")


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
    changed = []
    conflicts = []
    for name in REPORT_FIELDS:
        old, new = old_values[name], new_values[name]
        if seen is not None:
            before = seen.get(name)
            if before == new or (_empty(before) and _empty(new)):
                continue  # left as the form showed it
            if before != old and not (_empty(before) and _empty(old)):
                label = ActivityReport._meta.get_field(name).verbose_name
                conflicts.append(
                    Problem(
                        f"faaliyet {entry.activity_id} · {label}",
                        Reason(
                            "conflict",
                            gettext_noop(
                                "siz “{yours}” girdiniz; bu arada başka biri “{theirs}” olarak "
                                "kaydetti. Sayfayı yenileyip yeniden deneyin."
                            ),
                            yours=_report_text(name, new),
                            theirs=_report_text(name, old),
                        ),
                    )
                )
                continue
        if old != new and not (_empty(old) and _empty(new)):
            changed.append(name)
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
            field=ActivityReport._meta.get_field(name).verbose_name,
            old=_report_text(name, old_values[name]),
            new=_report_text(name, new_values[name]),
            by=by,
            subject=f"faaliyet {code_printed} · {submission.period.code} · "
            f"{submission.organisation.code}",
        )
        for name in changed
    )
    return []


@transaction.atomic
def evidence_attach(
    *, submission: Submission, name: str, content: bytes, by, today: dt.date | None = None
) -> Evidence:
    """PDF, JPEG or PNG up to 10 MB, recognised by content, stored outside the database."""
    submission = locked(submission)
    _check_editable(submission, today or timezone.localdate())
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


# --- Submit, review ---------------------------------------------------------------------------


def unit_values(submission: Submission):
    """Every value of the unit for the period in the plan, however it arrived (form or import);
    never a figure shipped as printed, which is approved on its own and belongs to no review."""
    return DataValue.objects.filter(
        organisation=submission.organisation,
        period=submission.period.code,
        indicator__plan=submission.period.plan,
    ).exclude(provenance=Provenance.SEED)


@transaction.atomic
def submission_submit(*, submission: Submission, by, today: dt.date | None = None) -> None:
    from .entry_selectors import submission_problems

    today = today or timezone.localdate()
    submission = locked(submission)
    _check_editable(submission, today)
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
    summaries_refresh(groups=groups_of_submission(submission))


@transaction.atomic
def submission_unapprove(*, submission: Submission, by, reason: str) -> None:
    _require_reason(reason)
    submission = _require_status(submission, "unapprove")
    _transition(submission, "unapprove", by, Change.Action.UNAPPROVED, reason)
    unit_values(submission).update(approved=False)
    summaries_refresh(groups=groups_of_submission(submission))


REVIEW_NOTE_MAX = 2000


@transaction.atomic
def value_note_add(*, submission: Submission, value_id: int, by, text: str) -> Change:
    """A reviewer's note on one value of the unit's submission: kept in the value's trail,
    read by the reporter beside the value. Whether `by` may review is the caller's policy
    check (monitoring.review_submission)."""
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


# --- Seed history ---------------------------------------------------------------------------


@transaction.atomic
def history_load(*, plan: Plan, document: dict) -> int:
    """The seeds' historical figures as approved values (or context series), each with its source.

    A figure goes to the organisation assigned to report its indicator, else to the plan's
    owner. Re-loading replaces seed values; values entered by people are never touched.
    """
    from .models import ContextSeries, ContextValue

    indicators = {
        i.code: i for i in Indicator.objects.filter(activity__subgoal__goal__area__plan=plan)
    }
    series = {}
    for entry in document.get("context_series", []):
        series[entry["code"]], _ = ContextSeries.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "unit": entry.get("unit") or "",
                "source": entry.get("source") or "",
            },
        )
    problems = []
    for n, entry in enumerate(document.get("values", []), start=1):
        target = entry.get("target") or {}
        if "indicator" in target and target["indicator"] not in indicators:
            problems.append(Problem(f"values[{n}]", f"bilinmeyen gösterge: {target['indicator']}"))
        if "series" in target and target["series"] not in series:
            problems.append(Problem(f"values[{n}]", f"bilinmeyen seri: {target['series']}"))
        try:
            domain.parse_period(str(entry.get("period")))
        except ValueError as exc:
            problems.append(Problem(f"values[{n}]", str(exc)))
    if problems:
        raise InputRejected(problems)
    DataValue.objects.filter(indicator__in=indicators.values(), provenance="seed").delete()
    ContextValue.objects.filter(series__in=series.values(), provenance="seed").delete()
    loaded = 0
    for entry in document.get("values", []):
        target = entry["target"]
        breakdown = {k: str(v) for k, v in (entry.get("breakdown") or {}).items()}
        key = domain.breakdown_key(breakdown)
        value = Decimal(str(entry["value"]))
        period = str(entry["period"])
        if "indicator" in target:
            indicator = indicators[target["indicator"]]
            assignment = indicator.assignments.select_related("organisation").first()
            organisation = assignment.organisation if assignment else plan.owner
            DataValue.objects.update_or_create(
                indicator=indicator,
                period=period,
                organisation=organisation,
                breakdown_key=key,
                defaults={
                    "breakdown": breakdown,
                    "value": value,
                    "comment": entry.get("printed") or "",
                    "approximate": bool(entry.get("approximate")),
                    "provenance": "seed",
                    "source": entry.get("source") or "",
                    "approved": True,
                },
            )
        else:
            ContextValue.objects.update_or_create(
                series=series[target["series"]],
                period=period,
                breakdown_key=key,
                kind=entry.get("kind") or "value",
                defaults={
                    "breakdown": breakdown,
                    "value": value,
                    "approximate": bool(entry.get("approximate")),
                    "printed": entry.get("printed") or "",
                    "source": entry.get("source") or "",
                    "note": entry.get("note") or "",
                },
            )
        loaded += 1
    return loaded


@transaction.atomic
def sample_periods_purge() -> int:
    """Remove sample reporting periods with everything entered in them (values, reports,
    evidence, history). Monitoring rows protect what they point at, so this deletes them
    explicitly, deepest first: only sample periods are ever deleted this way."""
    periods = list(ReportingPeriod.objects.filter(is_sample=True))
    groups: set[tuple[int, str]] = set()
    for period in periods:
        submissions = Submission.objects.filter(period=period)
        for submission in submissions:
            groups |= groups_of_submission(submission)
        reports = ActivityReport.objects.filter(period=period)
        Change.objects.filter(
            Q(period=period) | Q(submission__in=submissions) | Q(activity_report__in=reports)
        ).delete()
        DataValue.objects.filter(
            indicator__plan=period.plan, period=period.code, submission__in=submissions
        ).delete()
        Evidence.objects.filter(submission__in=submissions).delete()
        reports.delete()
        submissions.delete()
        period.delete()
    # The summaries the dashboards and the public pages read held the sample's approved
    # figures: they are rebuilt from what remains, and the public caches are told.
    summaries_refresh(groups=groups)
    return len(periods)


@transaction.atomic
def definition_update(
    *,
    definition: IndicatorDefinition,
    fields: dict,
    targets: dict[int, Decimal],
    organisations: list[Organisation],
) -> None:
    """A coordinator's edit of an indicator's definition, its yearly targets and who reports it.
    A change of how values combine refreshes every summary built from the indicator."""
    aggregation = definition.aggregation
    for name, value in fields.items():
        setattr(definition, name, value)
    definition.dimensions = [d for d in domain.DIMENSION_ORDER if d in definition.dimensions]
    definition.provenance = "manual"
    definition.save()
    definition.targets.exclude(year__in=targets).delete()
    for year, value in targets.items():
        IndicatorTarget.objects.update_or_create(
            definition=definition, year=year, defaults={"value": value}
        )
    assignment_set(indicator=definition.indicator, organisations=organisations)
    if definition.aggregation != aggregation:
        summaries_refresh(groups=groups_of_indicator(definition.indicator_id))


def record_reminder(
    *, period: ReportingPeriod, organisation_id: int, kind: str, day: dt.date, recipients: int
) -> None:
    from django.db import IntegrityError

    from .models import ReminderSent

    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                period=period,
                organisation_id=organisation_id,
                kind=kind,
                day=day,
                recipients=recipients,
            )
    except IntegrityError:
        pass  # another run recorded it first


# --- Values EşitKent computes itself -----------------------------------------------------------


def year_period(plan: Plan, year: int) -> ReportingPeriod:
    """The plan's reporting period of a year, or a refusal naming it."""
    period = ReportingPeriod.objects.filter(plan=plan, code=str(year)).first()
    if period is None:
        raise InputRejected(
            [Problem(f"dönem {year}", f"planın {year} için bir raporlama dönemi yok")]
        )
    return period


def reporting_unit(indicator: Indicator) -> Organisation:
    """The one unit that reports a computed indicator, or a refusal naming the indicator."""
    from .selectors import assigned_units

    units = assigned_units(indicator)
    if len(units) != 1:
        raise InputRejected(
            [
                Problem(
                    indicator.code,
                    "göstergenin tek bir sorumlu birimi olmalı (şu an "
                    f"{len(units)}); koordinatör görevlendirmeyi düzeltmeli",
                )
            ]
        )
    return units[0]


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
