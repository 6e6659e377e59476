"""The life of a case record, each write in one transaction with an access-log row: the
application and its consent, identity, consent given or withdrawn later, closing and
reopening. What the record holds has its own room (care_services), and so have referrals,
the support line, attachments and retention (referral_services, call_services,
attachment_services, retention_services).

Inputs are checked in full before anything is written; a refusal names the field in Turkish
(InputRejected). Permission is the caller's check (policies).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from esitkent.centres.models import Centre
from esitkent.core.crypto import blind_index
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.turkish import tr_lower

from . import domain
from .access_services import access_record
from .checks import check_choice, check_many, checked_national_id, not_future
from .models import (
    AccessLogEntry,
    Case,
    Consent,
)

DEMOGRAPHICS: dict[str, tuple[str, dict[str, str]]] = {
    "age_band": ("yaş grubu", domain.AGE_BANDS),
    "education": ("eğitim durumu", domain.EDUCATION),
    "employment": ("çalışma durumu", domain.EMPLOYMENT),
    "marital_status": ("medeni durum", domain.MARITAL_STATUS),
    "children": ("çocuk sayısı", domain.CHILDREN),
    "disability": ("engellilik", domain.DISABILITY),
    "nationality": ("uyruk / statü", domain.NATIONALITY),
}


def _new_code() -> str:
    while True:
        code = domain.survivor_code(secrets.choice)
        if not Case.objects.filter(survivor_code=code).exists():
            return code


# --- Application and consent ----------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    centre: Centre,
    by,
    applied_on: dt.date,
    channel: str,
    demographics: Mapping[str, str],
    district=None,
    identity: Mapping[str, str] | None = None,
    confidential_address: bool = False,
    referral_consent: bool,
    referral_services: Iterable[str] = (),
    statistics_consent: bool,
    is_sample: bool = False,
    today: dt.date | None = None,
    log: bool = True,
) -> Case:
    """Take an application. Consent is asked first and recorded both ways: a "no" is a
    decision with a date and a text version too."""
    today = today or timezone.localdate()
    identity = {k: (v or "").strip() for k, v in (identity or {}).items()}
    referral_services = list(referral_services)
    problems: list[Problem] = []
    check_choice(problems, "başvuru yolu", channel, domain.CHANNELS)
    for field, (label, catalogue) in DEMOGRAPHICS.items():
        check_choice(problems, label, demographics.get(field, ""), catalogue)
    not_future(problems, "başvuru tarihi", applied_on, today)
    unknown = set(identity) - set(domain.IDENTITY_FIELDS)
    if unknown:
        problems.append(Problem("kimlik", f"bilinmeyen alan: {', '.join(sorted(unknown))}"))
    number = checked_national_id(problems, identity)
    check_many(problems, "yönlendirme onamı: hizmetler", referral_services, domain.SERVICES)
    if problems:
        raise InputRejected(problems)
    if number:
        identity["national_id"] = number
    case = Case.objects.create(
        centre=centre,
        survivor_code=_new_code(),
        applied_on=applied_on,
        channel=channel,
        caseworker=by,
        confidential_address=confidential_address,
        district=district,
        referral_consent=referral_consent,
        statistics_consent=statistics_consent,
        national_id_index=blind_index(number) if number else "",
        is_sample=is_sample,
        created_by=by,
        **{field: demographics[field] for field in DEMOGRAPHICS},
        **identity,
    )
    _first_consents_record(case, by, referral_services)
    if log:
        access_record(user=by, action=AccessLogEntry.Action.CREATE, case=case, detail="başvuru")
    return case


def _first_consents_record(case: Case, by, referral_services: list[str]) -> None:
    """Both answers of the application, given on the day she applied."""
    Consent.objects.bulk_create(
        [
            Consent(
                case=case,
                kind=Consent.Kind.REFERRAL,
                granted=case.referral_consent,
                services=referral_services if case.referral_consent else [],
                version=domain.CONSENT_VERSION,
                given_on=case.applied_on,
                recorded_by=by,
            ),
            Consent(
                case=case,
                kind=Consent.Kind.STATISTICS,
                granted=case.statistics_consent,
                version=domain.CONSENT_VERSION,
                given_on=case.applied_on,
                recorded_by=by,
            ),
        ]
    )


@transaction.atomic
def identity_update(*, case: Case, by, identity: Mapping[str, str], confidential_address: bool):
    identity = {k: (v or "").strip() for k, v in identity.items() if k in domain.IDENTITY_FIELDS}
    problems: list[Problem] = []
    number = checked_national_id(problems, identity)
    if problems:
        raise InputRejected(problems)
    if "national_id" in identity:
        identity["national_id"] = number
        case.national_id_index = blind_index(number) if number else ""
    for field, value in identity.items():
        setattr(case, field, value)
    case.confidential_address = confidential_address
    case.save()
    access_record(user=by, action=AccessLogEntry.Action.UPDATE, case=case, detail="kimlik")


@transaction.atomic
def consent_record(
    *,
    case: Case,
    by,
    kind: str,
    granted: bool,
    services: Iterable[str] = (),
    given_on: dt.date | None = None,
) -> Consent:
    """Give or withdraw one part of the consent. Withdrawing statistics consent takes the
    case out of every figure not yet approved; approved (locked) figures stay as published."""
    services = list(services)
    problems: list[Problem] = []
    if kind not in Consent.Kind.values:
        problems.append(Problem("onam türü", f"geçersiz: {kind!r}"))
    check_many(problems, "hizmetler", services, domain.SERVICES)
    if problems:
        raise InputRejected(problems)
    consent = Consent.objects.create(
        case=case,
        kind=kind,
        granted=granted,
        services=services if granted and kind == Consent.Kind.REFERRAL else [],
        version=domain.CONSENT_VERSION,
        given_on=given_on or timezone.localdate(),
        recorded_by=by,
    )
    field = "referral_consent" if kind == Consent.Kind.REFERRAL else "statistics_consent"
    setattr(case, field, granted)
    case.save(update_fields=[field, "updated_at"])
    access_record(
        user=by,
        action=AccessLogEntry.Action.UPDATE,
        case=case,
        detail=f"onam: {tr_lower(Consent.Kind(kind).label)} "
        + ("verildi" if granted else "geri çekildi"),
    )
    return consent


@transaction.atomic
def case_close(*, case: Case, by, closed_on: dt.date, reason: str, note: str = "") -> Case:
    problems: list[Problem] = []
    check_choice(problems, "kapanış nedeni", reason, domain.CLOSURE_REASONS)
    if case.status == Case.Status.CLOSED:
        problems.append(Problem("durum", "vaka zaten kapalı"))
    if closed_on < case.applied_on:
        problems.append(Problem("kapanış tarihi", "başvuru tarihinden önce olamaz"))
    not_future(problems, "kapanış tarihi", closed_on, timezone.localdate())
    if problems:
        raise InputRejected(problems)
    case.status = Case.Status.CLOSED
    case.closed_on = closed_on
    case.closure_reason = reason
    case.closure_note = note.strip()
    case.retention_until = domain.retention_due(closed_on)
    case.save()
    access_record(user=by, action=AccessLogEntry.Action.UPDATE, case=case, detail="kapatıldı")
    return case


@transaction.atomic
def case_reopen(*, case: Case, by, reason: str) -> Case:
    problems: list[Problem] = []
    if not reason.strip():
        problems.append(Problem("gerekçe", "yeniden açmak için gerekçe yazın"))
    if case.status != Case.Status.CLOSED:
        problems.append(Problem("durum", "vaka zaten açık"))
    if problems:
        raise InputRejected(problems)
    case.status = Case.Status.OPEN
    case.closed_on = None
    case.closure_reason = ""
    case.retention_until = None
    case.save()
    access_record(
        user=by,
        action=AccessLogEntry.Action.UPDATE,
        case=case,
        detail="yeniden açıldı",
        reason=reason.strip(),
    )
    return case
