"""A person grants a role: the rules of issue 14 and their log.

A centre's team is granted by its manager (`centre_role_grant`), the first manager and the
network coordinator by two administrators (`centre_role_propose`, then another's
`centre_role_confirm`); plan roles come from the admin (`plan_role_*`). Nobody grants himself,
and every step is written in the grant log (`MembershipEvent`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
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
from .services import grant_log


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
    grant_log(MembershipEvent.Kind.GRANT, by=by, membership=membership, reason=membership.reason)
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
    return grant_log(
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
    grant_log(
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
    grant_log(MembershipEvent.Kind.REVOKE, by=by, membership=membership, reason=reason.strip())
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
    grant_log(MembershipEvent.Kind.CHANGE, by=by, membership=membership, reason=membership.reason)
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
    grant_log(MembershipEvent.Kind.REVOKE, by=by, membership=membership, reason=reason)
    user = membership.user
    membership.delete()
    forget_memberships(user)
