"""Every write to a case record, each in one transaction, each leaving an access-log row.

Inputs are checked in full before anything is written; a refusal names the field in Turkish
(InputRejected). Permission is the caller's check (policies), except where the rule is the
service's own business: a referral without consent needs a manager's override.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from esitkent.centres.models import Centre
from esitkent.core.crypto import blind_index
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.evidence import checked_evidence
from esitkent.core.turkish import tr_lower

from . import domain, policies
from .models import (
    AccessLogEntry,
    Case,
    CaseAttachment,
    CaseService,
    Consent,
    FollowUp,
    Incident,
    ProtectiveMeasure,
    Referral,
    RiskAssessment,
    SupportLineCall,
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
IDENTITY_FIELDS = ("name", "national_id", "phone", "address", "safe_contact")
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY3479"  # no look-alikes (0/O, 1/I, 5/S, 8/B)


# --- The access log ----------------------------------------------------------------------------


def access_record(
    *,
    user,
    action: str,
    case: Case | None = None,
    centre: Centre | None = None,
    detail: str = "",
    reason: str = "",
) -> AccessLogEntry:
    """Append one row. `detail` and `reason` must never carry a sensitive value: callers pass
    what was done ("olay eklendi"), not what was written."""
    if centre is None and case is not None:
        centre = case.centre
    return AccessLogEntry.objects.create(
        user_ref=user.pk if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None and user.is_authenticated else "",
        centre_code=centre.code if centre is not None else "",
        action=action,
        case_code=case.survivor_code if case is not None else "",
        detail=detail[:200],
        reason=reason[:200],
    )


# --- Checks --------------------------------------------------------------------------------------


def _check_choice(problems, where: str, value: str, catalogue: Mapping[str, str]) -> None:
    if value not in catalogue:
        problems.append(Problem(where, f"geçersiz seçim: {value!r}"))


def _check_many(problems, where: str, values: Iterable[str], catalogue, *, required=False):
    values = list(values)
    if required and not values:
        problems.append(Problem(where, "en az birini seçin"))
    for value in values:
        if value not in catalogue:
            problems.append(Problem(where, f"geçersiz seçim: {value!r}"))


def national_id_normalised(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _not_future(problems, where: str, day: dt.date | None, today: dt.date) -> None:
    if day is not None and day > today:
        problems.append(Problem(where, "ileri bir tarih olamaz"))


def _new_code() -> str:
    while True:
        body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"V-{body[:4]}-{body[4:]}"
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
    problems: list[Problem] = []
    _check_choice(problems, "başvuru yolu", channel, domain.CHANNELS)
    for field, (label, catalogue) in DEMOGRAPHICS.items():
        _check_choice(problems, label, demographics.get(field, ""), catalogue)
    _not_future(problems, "başvuru tarihi", applied_on, today)
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if unknown:
        problems.append(Problem("kimlik", f"bilinmeyen alan: {', '.join(sorted(unknown))}"))
    number = national_id_normalised(identity.get("national_id", ""))
    if identity.get("national_id") and not domain.national_id_valid(number):
        problems.append(Problem("T.C. kimlik no", "11 haneli geçerli bir numara olmalı"))
    referral_services = list(referral_services)
    _check_many(problems, "yönlendirme onamı: hizmetler", referral_services, domain.SERVICES)
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
    Consent.objects.bulk_create(
        [
            Consent(
                case=case,
                kind=Consent.Kind.REFERRAL,
                granted=referral_consent,
                services=referral_services if referral_consent else [],
                version=domain.CONSENT_VERSION,
                given_on=applied_on,
                recorded_by=by,
            ),
            Consent(
                case=case,
                kind=Consent.Kind.STATISTICS,
                granted=statistics_consent,
                version=domain.CONSENT_VERSION,
                given_on=applied_on,
                recorded_by=by,
            ),
        ]
    )
    if log:
        access_record(user=by, action=AccessLogEntry.Action.CREATE, case=case, detail="başvuru")
    return case


@transaction.atomic
def identity_update(*, case: Case, by, identity: Mapping[str, str], confidential_address: bool):
    identity = {k: (v or "").strip() for k, v in identity.items() if k in IDENTITY_FIELDS}
    number = national_id_normalised(identity.get("national_id", ""))
    if identity.get("national_id") and not domain.national_id_valid(number):
        raise InputRejected([Problem("T.C. kimlik no", "11 haneli geçerli bir numara olmalı")])
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
    _check_many(problems, "hizmetler", services, domain.SERVICES)
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


# --- Incidents, risk, services, measures ----------------------------------------------------


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
    _check_many(problems, "şiddet biçimleri", forms, domain.VIOLENCE_FORMS, required=True)
    _check_choice(problems, "failin yakınlığı", relationship, domain.PERPETRATOR_RELATIONSHIPS)
    _not_future(problems, "olay tarihi", occurred_on, today)
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
    _check_many(problems, "risk etkenleri", factors, domain.RISK_QUESTIONS)
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
    _check_choice(problems, "hizmet", service, domain.SERVICES)
    _check_choice(problems, "durum", status, domain.SERVICE_STATUSES)
    if status == "not_provided":
        _check_choice(
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
    _check_choice(problems, "tedbir", measure, domain.MEASURES)
    _check_choice(problems, "kararı veren", authority, domain.MEASURE_AUTHORITIES)
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
    _check_choice(problems, "izlem türü", kind, domain.FOLLOW_UP_KINDS)
    _not_future(problems, "izlem tarihi", happened_on, timezone.localdate())
    if problems:
        raise InputRejected(problems)
    follow_up = FollowUp.objects.create(
        case=case, happened_on=happened_on, kind=kind, note=note.strip(), by=by
    )
    access_record(user=by, action=AccessLogEntry.Action.UPDATE, case=case, detail="izlem")
    return follow_up


@transaction.atomic
def case_close(*, case: Case, by, closed_on: dt.date, reason: str, note: str = "") -> Case:
    problems: list[Problem] = []
    _check_choice(problems, "kapanış nedeni", reason, domain.CLOSURE_REASONS)
    if case.status == Case.Status.CLOSED:
        problems.append(Problem("durum", "vaka zaten kapalı"))
    if closed_on < case.applied_on:
        problems.append(Problem("kapanış tarihi", "başvuru tarihinden önce olamaz"))
    _not_future(problems, "kapanış tarihi", closed_on, timezone.localdate())
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


@transaction.atomic
def attachment_add(*, case: Case, by, name: str, content: bytes) -> CaseAttachment:
    checked = checked_evidence(name, content)
    attachment = CaseAttachment.objects.create(
        case=case,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        content=base64.b64encode(content).decode(),
        uploaded_by=by,
    )
    access_record(user=by, action=AccessLogEntry.Action.ATTACHMENT, case=case, detail="ek yüklendi")
    return attachment


def attachment_bytes(attachment: CaseAttachment) -> bytes:
    return base64.b64decode(attachment.content)


# --- Referrals and transfers -----------------------------------------------------------------------

# Short Turkish words for the access log, which is read by people, not programs.
_KIND_WORDS = {"referral": "yönlendirme", "transfer": "devir"}
_ANSWER_WORDS = {"accept": "kabul", "reject": "ret", "done": "tamamlandı"}
_SECTION_WORDS = {
    "summary": "özet",
    "contact": "iletişim",
    "incidents": "olaylar",
    "risk": "risk",
    "services": "hizmetler",
    "measures": "tedbirler",
}


@transaction.atomic
def referral_create(
    *,
    case: Case,
    by,
    to_centre: Centre,
    kind: str = Referral.Kind.REFERRAL,
    service: str = "",
    sections: Iterable[str] = (),
    note: str = "",
    override_reason: str = "",
    log: bool = True,
) -> Referral:
    """Refused without her referral consent (for this service, where she named services),
    unless the owning centre's manager overrides with a reason; the override is logged."""
    sections = sorted(domain.ALWAYS_SHARED | set(sections))
    problems: list[Problem] = []
    if kind not in Referral.Kind.values:
        problems.append(Problem("tür", f"geçersiz: {kind!r}"))
    if service:
        _check_choice(problems, "hizmet", service, domain.SERVICES)
    _check_many(problems, "paylaşılan bölümler", sections, domain.SECTIONS)
    if to_centre.pk == case.centre_id:
        problems.append(Problem("alıcı merkez", "vakanın kendi merkezi"))
    if case.status == Case.Status.CLOSED:
        problems.append(Problem("durum", "kapalı vaka yönlendirilemez"))
    if Referral.objects.filter(
        case=case, to_centre=to_centre, status=Referral.Status.PENDING
    ).exists():
        problems.append(Problem("alıcı merkez", "bu merkeze yanıt bekleyen bir yönlendirme var"))
    gap = _consent_gap(case, service, kind)
    override = gap is not None
    if override:
        if not override_reason.strip():
            problems.append(
                Problem(
                    "onam",
                    f"{gap}; yalnız merkez sorumlusu gerekçe yazarak onamsız yönlendirebilir",
                )
            )
        elif not policies.may_manage(by, case):
            problems.append(
                Problem("onam", "onamsız yönlendirmeyi yalnız merkez sorumlusu yapabilir")
            )
    if problems:
        raise InputRejected(problems)
    referral = Referral.objects.create(
        case=case,
        kind=kind,
        from_centre=case.centre,
        to_centre=to_centre,
        service=service,
        sections=sections,
        note=note.strip()[:500],
        consent_override=override,
        override_reason=override_reason.strip()[:500] if override else "",
        created_by=by,
    )
    if override:
        access_record(
            user=by,
            action=AccessLogEntry.Action.OVERRIDE,
            case=case,
            detail=f"{to_centre.code}",
            reason=override_reason.strip(),
        )
    if log or override:
        access_record(
            user=by,
            action=AccessLogEntry.Action.REFER,
            case=case,
            detail=f"{_KIND_WORDS[kind]} → {to_centre.code}; bölümler: "
            + ", ".join(_SECTION_WORDS[s] for s in sections),
        )
    return referral


def _consent_gap(case: Case, service: str, kind: str) -> str | None:
    """None when her referral consent covers this referral; otherwise what it does not cover,
    said so that the caseworker can ask her about exactly that."""
    latest = (
        Consent.objects.filter(case=case, kind=Consent.Kind.REFERRAL)
        .order_by("-recorded_at", "-id")
        .first()
    )
    if not case.referral_consent or latest is None or not latest.granted:
        return "kadının yönlendirme onamı yok"
    # An empty list means she agreed to referral in general. Consent limited to named services
    # covers a referral for one of them only: not one that names no service, and not a
    # transfer, which hands over her whole record.
    if not latest.services:
        return None
    named = ", ".join(domain.SERVICES[s] for s in latest.services if s in domain.SERVICES)
    if kind != Referral.Kind.REFERRAL:
        return (
            f"kadının onamı yalnız şu hizmetler için yönlendirmeyi kapsıyor: {named}; "
            "devri kapsamıyor"
        )
    if not service:
        return (
            f"kadının onamı yalnız şu hizmetler için yönlendirmeyi kapsıyor: {named}; "
            "yönlendirmenin hizmetini seçin"
        )
    if service not in latest.services:
        return (
            f"kadının onamı «{domain.SERVICES[service]}» hizmetini kapsamıyor "
            f"(onam verdiği hizmetler: {named})"
        )
    return None


@transaction.atomic
def referral_respond(
    *, referral: Referral, by, action: str, note: str = "", log: bool = True
) -> Referral:
    """The receiving centre accepts, rejects (with a note) or marks done. An accepted transfer
    moves the record to the receiving centre."""
    allowed = {
        "accept": ({Referral.Status.PENDING}, Referral.Status.ACCEPTED),
        "reject": ({Referral.Status.PENDING}, Referral.Status.REJECTED),
        "done": ({Referral.Status.ACCEPTED}, Referral.Status.DONE),
    }
    if action not in allowed:
        raise InputRejected([Problem("işlem", f"geçersiz: {action!r}")])
    if referral.to_centre_id not in policies.case_centre_ids(by):
        raise InputRejected([Problem("yönlendirme", "yalnız alıcı merkez yanıt verebilir")])
    sources, target = allowed[action]
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if referral.status not in sources:
        raise InputRejected(
            [Problem("durum", f"bu yönlendirme şu an {tr_lower(referral.get_status_display())}")]
        )
    if action == "reject" and not note.strip():
        raise InputRejected([Problem("not", "reddederken bir not yazın")])
    referral.status = target
    referral.response_note = note.strip()[:500]
    referral.responded_by = by
    referral.responded_at = timezone.now()
    referral.save()
    case = referral.case
    if action == "accept" and referral.kind == Referral.Kind.TRANSFER:
        case.centre = referral.to_centre
        case.caseworker = by
        case.save(update_fields=["centre", "caseworker", "updated_at"])
    if log:
        access_record(
            user=by,
            action=AccessLogEntry.Action.RESPOND,
            case=case,
            centre=referral.to_centre,
            detail=f"{_KIND_WORDS[referral.kind]}: {_ANSWER_WORDS[action]}",
        )
    return referral


@transaction.atomic
def referral_revoke(*, referral: Referral, by, note: str = "") -> Referral:
    # A transfer once accepted is final whoever asks; otherwise the centre holding the record
    # (the sender, or after a transfer its new owner) answers for its referrals.
    if referral.kind == Referral.Kind.TRANSFER and referral.status == Referral.Status.ACCEPTED:
        raise InputRejected([Problem("durum", "kabul edilmiş devir geri alınamaz")])
    if not policies.may_edit(by, referral.case):
        raise InputRejected([Problem("yönlendirme", "yalnız kaydı tutan merkez geri alabilir")])
    if referral.status not in {Referral.Status.PENDING, Referral.Status.ACCEPTED}:
        raise InputRejected([Problem("durum", "yalnız süren bir yönlendirme geri alınabilir")])
    referral.status = Referral.Status.REVOKED
    referral.response_note = note.strip()[:500]
    referral.save(update_fields=["status", "response_note"])
    access_record(
        user=by,
        action=AccessLogEntry.Action.REFER,
        case=referral.case,
        detail=f"{_KIND_WORDS[referral.kind]} geri alındı → {referral.to_centre.code}",
    )
    return referral


# --- Support line ------------------------------------------------------------------------------


@transaction.atomic
def call_record(
    *,
    centre: Centre,
    by,
    received_at: dt.datetime,
    caller_type: str,
    forms: Iterable[str],
    age_band: str,
    district,
    outcome: str,
    is_sample: bool = False,
) -> SupportLineCall:
    forms = list(dict.fromkeys(forms))
    problems: list[Problem] = []
    _check_choice(problems, "arayan", caller_type, domain.CALLER_TYPES)
    _check_many(problems, "şiddet biçimleri", forms, domain.VIOLENCE_FORMS)
    _check_choice(problems, "yaş grubu", age_band, domain.AGE_BANDS)
    _check_choice(problems, "sonuç", outcome, domain.CALL_OUTCOMES)
    if outcome == "case_opened":
        problems.append(Problem("sonuç", "vaka, çağrı kaydından 'vakaya dönüştür' ile açılır"))
    if problems:
        raise InputRejected(problems)
    return SupportLineCall.objects.create(
        centre=centre,
        received_at=received_at,
        caller_type=caller_type,
        forms=forms,
        age_band=age_band,
        district=district,
        outcome=outcome,
        is_sample=is_sample,
        taken_by=by,
    )


@transaction.atomic
def call_convert(*, call: SupportLineCall, by, **application) -> Case:
    """Open a case from a call; she is asked for consent anew. The page offers the call's age
    band and district as the form's starting values, and what the form sends is kept."""
    if call.case_id is not None:
        raise InputRejected([Problem("çağrı", "bu çağrıdan zaten vaka açılmış")])
    case = case_open(centre=call.centre, by=by, channel="support_line", **application)
    call.case = case
    call.outcome = "case_opened"
    call.save(update_fields=["case", "outcome"])
    return case


# --- Retention -----------------------------------------------------------------------------------


@transaction.atomic
def cases_purge(*, today: dt.date, by=None) -> list[str]:
    """Destroy every closed record past its retention date, with everything it holds, and
    log one row per record removed (its code only). Returns the codes."""
    due = Case.objects.filter(status=Case.Status.CLOSED, retention_until__lt=today)
    removed = list(due.select_related("centre").order_by("pk"))
    for case in removed:
        access_record(
            user=by,
            action=AccessLogEntry.Action.PURGE,
            case=case,
            detail=f"kapanış {case.closed_on:%d.%m.%Y}; saklama süresi {case.retention_until:%d.%m.%Y}",
        )
    Case.objects.filter(pk__in=[c.pk for c in removed]).delete()
    return [case.survivor_code for case in removed]


@transaction.atomic
def sample_cases_purge() -> int:
    """Every sample case and sample call; real records are never sample and stay."""
    SupportLineCall.objects.filter(is_sample=True).delete()
    return Case.objects.filter(is_sample=True).delete()[1].get("cases.Case", 0)
