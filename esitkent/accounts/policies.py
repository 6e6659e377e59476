"""Who holds which role. Other apps build their permissions from these predicates."""

import rules

from .models import Role


def _has_role(user, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return user.memberships.filter(role__in=roles).exists()


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser) or _has_role(user, Role.ADMIN)


@rules.predicate
def is_coordinator(user) -> bool:
    return _has_role(user, Role.COORDINATOR)


@rules.predicate
def is_member(user) -> bool:
    return _has_role(user, Role.ADMIN, Role.COORDINATOR, Role.REPORTER, Role.VIEWER) or bool(
        user.is_authenticated and user.is_superuser
    )
