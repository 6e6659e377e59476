"""The one way to ask whether someone may do something.

Django's `user.has_perm` (and `permission_required`, and `perms` in templates) answers yes to any
active superuser before a rule is asked, so a rule of separation of duties (only a unit's
reporters enter its values, only a centre's manager edits its profile) would not bind an
administrator. `may` runs the django-rules predicate itself; where an administrator holds a
power, the rule says so (`is_admin` counts superusers).
"""

from __future__ import annotations

from functools import wraps

import rules
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache


def may(user, perm: str, obj=None) -> bool:
    # A misspelt name would deny silently everywhere it is used: fail loudly instead.
    if not rules.perm_exists(perm):
        raise LookupError(f"no such permission rule: {perm}")
    # Like Django's backends: a deactivated account holds no permission, whatever its roles.
    if user is None or not getattr(user, "is_active", False):
        return False
    return bool(rules.has_perm(perm, user, obj))


def require(perm: str):
    """View decorator: 403 unless the signed-in user may `perm` (no object).

    A page behind a permission is one person's view (drafts, unapproved values, a plan not yet
    approved): it is never stored by a browser or a proxy, so `never_cache` comes with it."""

    def decorate(view):
        @never_cache
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not may(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorate
