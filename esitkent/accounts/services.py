"""Writes for accounts.

`membership_grant` is the system's own write (seeding, the demo, tests). A person grants a
role only through the `centre_role_*` and `plan_role_*` services, which hold the rules of
issue 14: a centre's team is granted by its manager, the first manager (and the network
coordinator) by two administrators, nobody grants himself, and every step is logged in
`MembershipEvent`."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from esitkent.core.errors import InputRejected, Problem
from esitkent.orgs.models import Organisation

from .models import Membership, MembershipEvent, Role
from .policies import (
    CENTRE_ROLES,
    PROPOSABLE_ROLES,
    forget_memberships,
    is_admin,
    may_grant_centre_role,
    may_propose_centre_role,
    may_revoke_membership,
)
from .selectors import open_proposals

_account_log = logging.getLogger("esitkent.accounts")

DEMO_USERS = [
    # username, role, organisation code, full name
    ("yonetici", Role.ADMIN, "izbb", "Örnek Yönetici"),
    ("koordinator", Role.COORDINATOR, "kadin-calismalari-sm", "Örnek Plan Koordinatörü"),
    ("raportor", Role.REPORTER, "sosyal-projeler-db", "Örnek Birim Raportörü"),
    ("izleyici", Role.VIEWER, "tce-komisyonu", "Örnek Komisyon Üyesi"),
    # The counselling-centre network: these roles need two-factor login, enrolled on first use.
    ("merkez-sorumlusu", Role.CENTRE_MANAGER, "kdm-karsiyaka", "Örnek Merkez Sorumlusu"),
    ("merkez-calisani", Role.CENTRE_STAFF, "kdm-karsiyaka", "Örnek Merkez Çalışanı"),
    ("siginmaevi", Role.CENTRE_STAFF, "izbb-kadin-siginmaevi", "Örnek Sığınmaevi Çalışanı"),
    ("ag-koordinatoru", Role.NETWORK_COORDINATOR, "kadin-calismalari-sm", "Örnek Ağ Koordinatörü"),
]


@transaction.atomic
def membership_grant(
    *,
    user,
    organisation: Organisation,
    role: str,
    is_sample: bool = False,
    reason: str = "kurulum",
) -> Membership:
    """The system's grant, with no person behind it: seeding, the demo, tests. Logged all the
    same, with an empty `by`."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"is_sample": is_sample, "reason": reason},
    )
    if created:
        _log(MembershipEvent.Kind.GRANT, by=None, membership=membership, reason=reason)
    forget_memberships(user)
    return membership


@transaction.atomic
def demo_users_create(
    *, passwords: dict[str, str] | None = None
) -> list[tuple[str, str, str, str]]:
    """One sample user per role. Existing demo users keep their passwords unless given new ones."""
    User = get_user_model()
    passwords = dict(passwords or {})
    created = []
    for username, role, org_code, full_name in DEMO_USERS:
        organisation = Organisation.objects.get(code=org_code)
        first, last = full_name.rsplit(" ", 1)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        # A reserved example domain, so that reminder e-mails show in the demo's console.
        user.email = f"{username}@example.org"
        password = passwords.get(username) or get_random_string(12)
        user.set_password(password)
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save()
        membership_grant(
            user=user,
            organisation=organisation,
            role=role,
            is_sample=True,
            reason="örnek kullanıcı",
        )
        created.append((username, password, Role(role).label, organisation.name))
    return created


@transaction.atomic
def sample_users_purge() -> int:
    """Remove every user whose only memberships are sample ones."""
    User = get_user_model()
    sample_ids = set(Membership.objects.filter(is_sample=True).values_list("user_id", flat=True))
    real_ids = set(Membership.objects.filter(is_sample=False).values_list("user_id", flat=True))
    doomed = User.objects.filter(id__in=sample_ids - real_ids)
    count = doomed.count()
    # The grant log is append-only: the sample roles' end is written in it, not erased from it.
    sample = Membership.objects.filter(is_sample=True).select_related("user", "organisation")
    for membership in sample:
        _log(
            MembershipEvent.Kind.REVOKE,
            by=None,
            membership=membership,
            reason="örnek veri silindi (purge_sample_data)",
        )
    sample.delete()
    doomed.delete()
    return count


@transaction.atomic
def accounts_disable(*, by, user_ids: list[int], reason: str) -> int:
    """The access review's one step: idle or unneeded accounts stop signing in at once
    (Django refuses an inactive user's session and the API an inactive owner's token).
    Nobody disables their own account this way, and only an administrator may."""
    from .policies import is_admin

    if not is_admin(by):
        raise PermissionDenied
    User = get_user_model()
    chosen = User.objects.select_for_update().filter(pk__in=user_ids, is_active=True)
    chosen = chosen.exclude(pk=by.pk)
    doomed = list(chosen)
    for user in doomed:
        user.is_active = False
        user.save(update_fields=["is_active"])
        _account_event(MembershipEvent.Kind.DISABLE, by=by, user=user, reason=reason)
    return len(doomed)


# --- Granting roles: the people's route ---------------------------------------------------------


def _log(
    kind: str,
    *,
    by,
    membership=None,
    user=None,
    organisation=None,
    role: str = "",
    reason: str = "",
    ends_on: dt.date | None = None,
    proposal: MembershipEvent | None = None,
) -> MembershipEvent:
    if membership is not None:
        user, organisation, role = membership.user, membership.organisation, membership.role
        ends_on = membership.ends_on
    return MembershipEvent.objects.create(
        kind=kind,
        by_ref=by.pk if by is not None else None,
        by_username=by.get_username() if by is not None else "",
        user_ref=user.pk,
        username=user.get_username(),
        organisation_ref=organisation.pk,
        organisation_code=organisation.code,
        role=role,
        reason=reason,
        ends_on=ends_on,
        proposal=proposal,
    )


def _account_event(kind: str, *, by, user, reason: str = "") -> MembershipEvent:
    """An event about the account itself (no organisation, no role) in the same log."""
    return MembershipEvent.objects.create(
        kind=kind,
        by_ref=by.pk if by is not None else None,
        by_username=by.get_username() if by is not None else "",
        user_ref=user.pk,
        username=user.get_username(),
        reason=reason[:200],
    )


def _holds_a_system_role(user) -> bool:
    return bool(user.is_staff or user.is_superuser or is_admin(user))


def _grant_problems(*, by, user, reason: str, ends_on, case_role: bool) -> list[Problem]:
    problems = []
    if user.pk == by.pk:
        problems.append(Problem("", _("Kimse kendine yetki veremez.")))
    if not user.is_active:
        problems.append(Problem(_("kullanıcı"), _("hesap etkin değil")))
    if case_role and _holds_a_system_role(user):
        # Administrators run the system and reach no record (docs/security.md).
        problems.append(Problem(_("kullanıcı"), _("yönetici hesaplarına merkez rolü verilemez")))
    if not (reason or "").strip():
        problems.append(Problem(_("gerekçe"), _("gerekçe yazılmalı")))
    if ends_on is not None and ends_on < timezone.localdate():
        problems.append(Problem(_("bitiş tarihi"), _("geçmiş bir tarih olamaz")))
    return problems


def _holds_now(user, organisation, role: str) -> bool:
    return (
        Membership.objects.active().filter(user=user, organisation=organisation, role=role).exists()
    )


def _has_manager(organisation) -> bool:
    return (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.CENTRE_MANAGER)
        .exists()
    )


def _grant(*, by, user, organisation, role, reason, ends_on) -> Membership:
    """Write the grant and its GRANT event: one step for the manager's and the admin's path."""
    membership = _write(
        by=by, user=user, organisation=organisation, role=role, reason=reason, ends_on=ends_on
    )
    _log(MembershipEvent.Kind.GRANT, by=by, membership=membership, reason=membership.reason)
    return membership


def _write(*, by, user, organisation, role, reason, ends_on) -> Membership:
    # One row per (user, organisation, role): a grant that has ended is renewed in place.
    membership, _created = Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={
            "granted_by": by,
            "reason": reason.strip(),
            "ends_on": ends_on,
            "is_sample": False,
        },
    )
    forget_memberships(user)
    return membership


@transaction.atomic
def centre_role_grant(
    *, by, user, organisation: Organisation, role: str, reason: str, ends_on=None
) -> Membership:
    """A centre manager adds staff, or another manager, to her own centre."""
    if not may_grant_centre_role(by, organisation, role):
        raise PermissionDenied(_("Bu merkezde bu yetkiyi veremezsiniz."))
    problems = _grant_problems(by=by, user=user, reason=reason, ends_on=ends_on, case_role=True)
    if not problems and _holds_now(user, organisation, role):
        problems.append(Problem(_("kullanıcı"), _("bu yetkiye zaten sahip")))
    if problems:
        raise InputRejected(problems)
    return _grant(
        by=by, user=user, organisation=organisation, role=role, reason=reason, ends_on=ends_on
    )


@transaction.atomic
def centre_role_propose(
    *, by, user, organisation: Organisation, role: str, reason: str, ends_on=None
) -> MembershipEvent:
    """An administrator proposes the first manager of a centre, or a network coordinator;
    nothing is granted until another administrator confirms."""
    if not may_propose_centre_role(by):
        raise PermissionDenied
    problems = _grant_problems(by=by, user=user, reason=reason, ends_on=ends_on, case_role=True)
    if role not in PROPOSABLE_ROLES:
        problems.append(
            Problem(
                _("rol"),
                _(
                    "yöneticiler yalnızca merkez sorumlusu ya da ağ koordinatörü önerebilir; "
                    "çalışanları merkezin sorumlusu yetkilendirir"
                ),
            )
        )
    elif role == Role.CENTRE_MANAGER and _has_manager(organisation):
        problems.append(
            Problem(
                _("kurum"),
                _("bu merkezin etkin bir sorumlusu var; ekibini o yetkilendirir"),
            )
        )
    if not problems and _holds_now(user, organisation, role):
        problems.append(Problem(_("kullanıcı"), _("bu yetkiye zaten sahip")))
    if (
        not problems
        and open_proposals()
        .filter(user_ref=user.pk, organisation_ref=organisation.pk, role=role)
        .exists()
    ):
        problems.append(Problem("", _("Aynı yetki için açık bir öneri zaten var.")))
    if problems:
        raise InputRejected(problems)
    return _log(
        MembershipEvent.Kind.PROPOSE,
        by=by,
        user=user,
        organisation=organisation,
        role=role,
        reason=reason.strip(),
        ends_on=ends_on,
    )


def _open(proposal: MembershipEvent) -> MembershipEvent:
    if (
        proposal.kind != MembershipEvent.Kind.PROPOSE
        or MembershipEvent.objects.filter(proposal=proposal).exists()
    ):
        raise InputRejected([Problem("", _("Bu öneri artık açık değil."))])
    return proposal


@transaction.atomic
def centre_role_confirm(*, by, proposal: MembershipEvent) -> Membership:
    """A different administrator confirms: the grant is made, in the confirmer's name, with
    the proposal's reason and end date. The rules are checked again, as they stand now."""
    if not may_propose_centre_role(by):
        raise PermissionDenied
    _open(proposal)
    if by.pk in (proposal.by_ref, proposal.user_ref):
        raise PermissionDenied(_("Öneriyi başka bir yönetici onaylamalı."))
    user = get_user_model().objects.filter(pk=proposal.user_ref).first()
    organisation = Organisation.objects.filter(pk=proposal.organisation_ref).first()
    if user is None or organisation is None:
        raise InputRejected([Problem("", _("Önerilen kullanıcı ya da kurum artık yok."))])
    problems = _grant_problems(
        by=by, user=user, reason=proposal.reason, ends_on=proposal.ends_on, case_role=True
    )
    if proposal.role == Role.CENTRE_MANAGER and _has_manager(organisation):
        problems.append(
            Problem(_("kurum"), _("bu merkezin etkin bir sorumlusu var; ekibini o yetkilendirir"))
        )
    if problems:
        raise InputRejected(problems)
    # The outcome first: a second confirmation of the same proposal fails on its uniqueness
    # before anything is granted.
    _log(
        MembershipEvent.Kind.CONFIRM,
        by=by,
        user=user,
        organisation=organisation,
        role=proposal.role,
        reason=proposal.reason,
        ends_on=proposal.ends_on,
        proposal=proposal,
    )
    return _write(
        by=by,
        user=user,
        organisation=organisation,
        role=proposal.role,
        reason=proposal.reason,
        ends_on=proposal.ends_on,
    )


@transaction.atomic
def centre_role_decline(*, by, proposal: MembershipEvent, reason: str) -> MembershipEvent:
    """Another administrator refuses the proposal, or its proposer withdraws it."""
    if not may_propose_centre_role(by):
        raise PermissionDenied
    _open(proposal)
    if not (reason or "").strip():
        raise InputRejected([Problem(_("gerekçe"), _("gerekçe yazılmalı"))])
    return MembershipEvent.objects.create(
        kind=MembershipEvent.Kind.DECLINE,
        by_ref=by.pk,
        by_username=by.get_username(),
        user_ref=proposal.user_ref,
        username=proposal.username,
        organisation_ref=proposal.organisation_ref,
        organisation_code=proposal.organisation_code,
        role=proposal.role,
        reason=reason.strip(),
        ends_on=proposal.ends_on,
        proposal=proposal,
    )


@transaction.atomic
def centre_role_revoke(*, by, membership: Membership, reason: str) -> None:
    """The centre's manager for her team, or an administrator, with a reason."""
    if not may_revoke_membership(by, membership):
        raise PermissionDenied
    if not (reason or "").strip():
        raise InputRejected([Problem(_("gerekçe"), _("gerekçe yazılmalı"))])
    _log(MembershipEvent.Kind.REVOKE, by=by, membership=membership, reason=reason.strip())
    user = membership.user
    membership.delete()
    forget_memberships(user)


# --- Plan roles, from the admin -----------------------------------------------------------------


def plan_role_problems(
    *, by, user, organisation, role: str, reason: str, ends_on=None, membership=None
) -> list[Problem]:
    """What is wrong with an administrator's plan-role grant or change (the admin's form shows
    these before anything is written). Centre roles never go this way."""
    problems = []
    if role in CENTRE_ROLES or (membership is not None and membership.role in CENTRE_ROLES):
        problems.append(Problem(_("rol"), _("merkez rolleri yönetim panelinden verilemez")))
    if user is not None:
        problems += _grant_problems(
            by=by, user=user, reason=reason, ends_on=ends_on, case_role=False
        )
    if (
        membership is None
        and user is not None
        and organisation is not None
        and not problems
        and _holds_now(user, organisation, role)
    ):
        problems.append(Problem(_("kullanıcı"), _("bu yetkiye zaten sahip")))
    return problems


@transaction.atomic
def plan_role_grant(
    *, by, user, organisation: Organisation, role: str, reason: str, ends_on=None
) -> Membership:
    """An administrator grants a plan role (admin, coordinator, reporter, viewer)."""
    if not is_admin(by):
        raise PermissionDenied
    problems = plan_role_problems(
        by=by, user=user, organisation=organisation, role=role, reason=reason, ends_on=ends_on
    )
    if problems:
        raise InputRejected(problems)
    return _grant(
        by=by, user=user, organisation=organisation, role=role, reason=reason, ends_on=ends_on
    )


@transaction.atomic
def plan_role_change(*, by, membership: Membership, role: str, reason: str, ends_on=None):
    """The role or end date of a plan-role membership; never into or out of a centre role."""
    if not is_admin(by):
        raise PermissionDenied
    problems = plan_role_problems(
        by=by,
        user=membership.user,
        organisation=membership.organisation,
        role=role,
        reason=reason,
        ends_on=ends_on,
        membership=Membership.objects.get(pk=membership.pk),  # as stored, not as edited
    )
    if problems:
        raise InputRejected(problems)
    membership.role, membership.ends_on = role, ends_on
    membership.granted_by, membership.reason = by, reason.strip()
    membership.save(update_fields=["role", "ends_on", "granted_by", "reason"])
    _log(MembershipEvent.Kind.CHANGE, by=by, membership=membership, reason=membership.reason)
    forget_memberships(membership.user)
    return membership


@transaction.atomic
def plan_role_revoke(*, by, membership: Membership, reason: str) -> None:
    if not is_admin(by):
        raise PermissionDenied
    if membership.role in CENTRE_ROLES:
        raise InputRejected(
            [Problem(_("rol"), _("merkez rolleri yönetim panelinden geri alınamaz"))]
        )
    _log(MembershipEvent.Kind.REVOKE, by=by, membership=membership, reason=reason)
    user = membership.user
    membership.delete()
    forget_memberships(user)


@transaction.atomic
def password_reset_by_admin(*, by, user, password: str | None) -> None:
    """An administrator sets (or, with None, disables) another person's password.

    Whoever knows the new password must not thereby become that person: her browser sessions
    end (Django refuses a session whose password hash changed), her API tokens stop working
    (each is bound to the password it was made under, see api.domain.password_fingerprint) and
    her authenticator app and recovery codes are deleted, so she must enrol a second factor
    again, through the link sent to her own address.
    """
    from allauth.mfa.models import Authenticator

    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    removed, _ = Authenticator.objects.filter(user=user).delete()
    _account_event(
        MembershipEvent.Kind.PASSWORD,
        by=by,
        user=user,
        reason="oturumlar, API anahtarları ve doğrulayıcılar sona erdi",
    )
    _account_log.warning(
        "password of %s (id %s) set by administrator %s (id %s); sessions and API tokens "
        "ended, %d authenticator rows deleted",
        user.get_username(),
        user.pk,
        by.get_username() if by is not None else "-",
        getattr(by, "pk", None),
        removed,
    )
