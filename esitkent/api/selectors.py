"""Reads for the API: tokens, and what each caller may see. Anonymous callers get exactly the
portal's data (approved plans, approved aggregates across units)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from esitkent.accounts.policies import is_member
from esitkent.analytics.public_selectors import summaries_of
from esitkent.core.policies import may
from esitkent.monitoring.report_selectors import periods_of
from esitkent.monitoring.value_selectors import unit_values
from esitkent.plans.models import Plan
from esitkent.portal.selectors import public_plans

from . import domain
from .models import ApiToken


def token_by_text(plaintext: str) -> ApiToken | None:
    """The live token with this text: not revoked, not expired, owner still active."""
    if not plaintext.startswith(domain.PREFIX) or len(plaintext) > 100:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(
            digest=domain.token_digest(plaintext),
            revoked_at=None,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def tokens_listed_for(user) -> QuerySet[ApiToken]:
    """A person's own tokens; an administrator sees everyone's."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    return tokens if may(user, "api.see_all_tokens") else tokens.filter(user=user)


# --- What a caller may read ------------------------------------------------------------------


def plans_for(user) -> QuerySet[Plan]:
    """Members of the municipality see plans in every state, as in the office pages."""
    return Plan.objects.all() if is_member(user) else public_plans()


def periods_for(user) -> QuerySet:
    return periods_of(plans_for(user))


def published_values(user) -> QuerySet:
    """Approved aggregates, each marked whether it is from a sample period (the portal's own
    rule, so the API and the open data mark the same values): across units for everyone; per
    unit too for members, who see the same on the unit cards."""
    return summaries_of(plans_for(user), per_unit=is_member(user))


def with_breakdown_option(rows: QuerySet, dimension: str, option: str) -> QuerySet:
    """Rows whose breakdown key has dimension=option (keys are 'a=x;b=y', sorted by name)."""
    part = f"{dimension}={option}"
    return rows.filter(
        Q(breakdown_key=part)
        | Q(breakdown_key__startswith=f"{part};")
        | Q(breakdown_key__endswith=f";{part}")
        | Q(breakdown_key__contains=f";{part};")
    )


def submission_values(submission) -> QuerySet:
    return (
        unit_values(submission)
        .select_related("indicator")
        .order_by("indicator__activity__row", "indicator__position", "breakdown_key")
    )
