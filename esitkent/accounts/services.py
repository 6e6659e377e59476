"""Writes for accounts.

`membership_grant` is the system's own write (seeding, the demo, tests). A person grants a
role only through the `centre_role_*` and `plan_role_*` services of `role_services`, which
hold the rules of issue 14: a centre's team is granted by its manager, the first manager (and
the network coordinator) by two administrators, nobody grants himself, and every step is
logged in `MembershipEvent` through `grant_log` here."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.crypto import get_random_string

from esitkent.orgs.models import Organisation

from .models import Membership, MembershipEvent, Role
from .policies import (
    forget_memberships,
    is_admin,
)

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
        grant_log(MembershipEvent.Kind.GRANT, by=None, membership=membership, reason=reason)
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
        grant_log(
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


# --- The grant log: every change to a role or an account, append-only -----------------------


def grant_log(
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
