"""The care a case record holds, each write in one transaction with an access-log row:
incidents (classified by the GBVIMS rules), risk assessments, services provided, 6284
protective measures and follow-ups.

Inputs are checked in full before anything is written (InputRejected); permission is the
caller's check (policies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.turkish import tr_lower

from . import domain
from .access_services import access_record
from .checks import check_choice, check_many, not_future
from .models import (
    AccessLogEntry,
    Case,
    CaseService,
    FollowUp,
    Incident,
    ProtectiveMeasure,
    RiskAssessment,
)


@transaction.atomic
def incident_record(
    *,
    case: Case,
    by,
    occurred_on: dt.date | None,
    forms: Iterable[str],
    answers: Mapping[str, bool],
    relationship: str,
    perpetrator_count: int = 1,
    narrative: str = "",
    today: dt.date | None = None,
    log: bool = True,
) -> Incident:
    today = today or timezone.localdate()
    forms = list(dict.fromkeys(forms))
    problems: list[Problem] = []
    check_many(problems, "şiddet biçimleri", forms, domain.VIOLENCE_FORMS, required=True)
    check_choice(problems, "failin yakınlığı", relationship, domain.PERPETRATOR_RELATIONSHIPS)
    not_future(problems, "olay tarihi", occurred_on, today)
    if not 1 <= perpetrator_count <= 20:
        problems.append(Problem("fail sayısı", "1 ile 20 arasında olmalı"))
    if problems:
        raise InputRejected(problems)
    answers = {key: bool(answers.get(key)) for key in domain.CLASSIFIER_KEYS}
    incident = Incident.objects.create(
        case=case,
        occurred_on=occurred_on,
        time_to_application=domain.time_to_application(occurred_on, case.applied_on),
        forms=forms,
        classifier_answers=answers,
        core_type=domain.core_type(answers),
        perpetrator_relationship=relationship,
        perpetrator_count=perpetrator_count,
        narrative=narrative.strip(),
        created_by=by,
    )
    if log:
        access_record(user=by, action=AccessLogEntry.Action.UPDATE, case=case, detail="olay")
    return incident


@transaction.atomic
def risk_assess(
    *,
    case: Case,
    by,
    assessed_on: dt.date,
    factors: Iterable[str],
    safety_plan: str = "",
    next_review_on: dt.date | None = None,
    log: bool = True,
) -> RiskAssessment:
    factors = list(dict.fromkeys(factors))
    problems: list[Problem] = []
    check_many(problems, "risk etkenleri", factors, domain.RISK_QUESTIONS)
    if next_review_on is not None and next_review_on < assessed_on:
        problems.append(Problem("gözden geçirme tarihi", "değerlendirme tarihinden önce olamaz"))
    if problems:
        raise InputRejected(problems)
    level = domain.risk_level(factors)
    assessment = RiskAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        factors=factors,
        level=level,
        safety_plan=safety_plan.strip(),
        next_review_on=next_review_on or domain.next_review(level, assessed_on),
        assessed_by=by,
    )
    if log:
        access_record(user=by, action=AccessLogEntry.Action.UPDATE, case=case, detail="risk")
    return assessment


@transaction.atomic
def service_set(
    *,
    case: Case,
    by,
    service: str,
    status: str,
    reason_not_provided: str = "",
    provided_on: dt.date | None = None,
    note: str = "",
    log: bool = True,
) -> CaseService:
    problems: list[Problem] = []
    check_choice(problems, "hizmet", service, domain.SERVICES)
    check_choice(problems, "durum", status, domain.SERVICE_STATUSES)
    if status == "not_provided":
        check_choice(
            problems, "sağlanamama nedeni", reason_not_provided, domain.NOT_PROVIDED_REASONS
        )
    elif reason_not_provided:
        problems.append(Problem("sağlanamama nedeni", "yalnız sağlanamayan hizmet için girilir"))
    if status == "provided" and provided_on is None:
        problems.append(Problem("sağlandığı tarih", "sağlanan hizmet için tarih gerekli"))
    if problems:
        raise InputRejected(problems)
    line, _ = CaseService.objects.update_or_create(
        case=case,
        service=service,
        defaults={
            "status": status,
            "reason_not_provided": reason_not_provided,
            "provided_on": provided_on if status == "provided" else None,
            "note": note.strip(),
            "updated_by": by,
        },
    )
    if log:
        access_record(
            user=by,
            action=AccessLogEntry.Action.UPDATE,
            case=case,
            detail=f"hizmet: {tr_lower(domain.SERVICES[service])}",
        )
    return line


@transaction.atomic
def measure_record(
    *,
    case: Case,
    by,
    measure: str,
    authority: str,
    starts_on: dt.date,
    duration_days: int,
    extends: ProtectiveMeasure | None = None,
    log: bool = True,
) -> ProtectiveMeasure:
    problems: list[Problem] = []
    check_choice(problems, "tedbir", measure, domain.MEASURES)
    check_choice(problems, "kararı veren", authority, domain.MEASURE_AUTHORITIES)
    if not 1 <= duration_days <= domain.MAX_FIRST_DURATION_DAYS:
        problems.append(
            Problem(
                "süre (gün)",
                f"1 ile {domain.MAX_FIRST_DURATION_DAYS} gün arasında olmalı "
                "(6284 m. 8: en çok altı ay)",
            )
        )
    if extends is not None and extends.case_id != case.pk:
        problems.append(Problem("uzatılan tedbir", "bu vakanın tedbiri değil"))
    if problems:
        raise InputRejected(problems)
    record = ProtectiveMeasure.objects.create(
        case=case,
        measure=measure,
        authority=authority,
        starts_on=starts_on,
        duration_days=duration_days,
        ends_on=domain.measure_ends_on(starts_on, duration_days),
        extends=extends,
        created_by=by,
    )
    if log:
        access_record(
            user=by, action=AccessLogEntry.Action.UPDATE, case=case, detail="6284 tedbiri"
        )
    return record


@transaction.atomic
def follow_up_record(*, case: Case, by, happened_on: dt.date, kind: str, note: str = ""):
    problems: list[Problem] = []
    check_choice(problems, "izlem türü", kind, domain.FOLLOW_UP_KINDS)
    not_future(problems, "izlem tarihi", happened_on, timezone.localdate())
    if problems:
        raise InputRejected(problems)
    follow_up = FollowUp.objects.create(
        case=case, happened_on=happened_on, kind=kind, note=note.strip(), by=by
    )
    access_record(user=by, action=AccessLogEntry.Action.UPDATE, case=case, detail="izlem")
    return follow_up
