"""Referrals and transfers between centres: sending one, the receiving centre's answer, and
taking one back. Each in one transaction, each leaving an access-log row.

The service's own rule, not the caller's: a referral without her consent needs the owning
centre's manager and a reason, and the override is logged.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from esitkent.centres.models import Centre
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.turkish import tr_lower

from . import domain, policies
from .access_services import access_record
from .checks import check_choice, check_many
from .models import AccessLogEntry, Case, Consent, Referral

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
    problems = _referral_problems(case, to_centre, kind, service, sections)
    gap = _consent_gap(case, service, kind)
    override = gap is not None
    if override:
        _override_check(problems, case, by, gap, override_reason)
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


def _referral_problems(
    case: Case, to_centre: Centre, kind: str, service: str, sections: list[str]
) -> list[Problem]:
    problems: list[Problem] = []
    if kind not in Referral.Kind.values:
        problems.append(Problem("tür", f"geçersiz: {kind!r}"))
    if service:
        check_choice(problems, "hizmet", service, domain.SERVICES)
    check_many(problems, "paylaşılan bölümler", sections, domain.SECTIONS)
    if to_centre.pk == case.centre_id:
        problems.append(Problem("alıcı merkez", "vakanın kendi merkezi"))
    if case.status == Case.Status.CLOSED:
        problems.append(Problem("durum", "kapalı vaka yönlendirilemez"))
    if Referral.objects.filter(
        case=case, to_centre=to_centre, status=Referral.Status.PENDING
    ).exists():
        problems.append(Problem("alıcı merkez", "bu merkeze yanıt bekleyen bir yönlendirme var"))
    return problems


def _override_check(problems, case: Case, by, gap: str, override_reason: str) -> None:
    """A referral her consent does not cover goes only with a reason, from the manager."""
    if not override_reason.strip():
        problems.append(
            Problem(
                "onam",
                f"{gap}; yalnız merkez sorumlusu gerekçe yazarak onamsız yönlendirebilir",
            )
        )
    elif not policies.may_manage(by, case):
        problems.append(Problem("onam", "onamsız yönlendirmeyi yalnız merkez sorumlusu yapabilir"))


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
