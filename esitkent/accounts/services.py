"""Writes for accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.crypto import get_random_string

from esitkent.orgs.models import Organisation

from .models import Membership, Role
from .policies import forget_memberships

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
    *, user, organisation: Organisation, role: str, is_sample: bool = False
) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_sample": is_sample}
    )
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
        membership_grant(user=user, organisation=organisation, role=role, is_sample=True)
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
    Membership.objects.filter(is_sample=True).delete()
    doomed.delete()
    return count
