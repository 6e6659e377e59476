"""Reads for the API: tokens, and what each caller may see. Anonymous callers get exactly the
portal's data (approved plans, approved aggregates across units)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from esitkent.accounts.models import Role
from esitkent.accounts.policies import coordinates_plan, is_admin, is_member, memberships
from esitkent.analytics.models import IndicatorSummary
from esitkent.core.policies import may
from esitkent.monitoring.models import DataValue, ReportingPeriod, Submission
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


def periods_for(user) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan__in=plans_for(user)).select_related("plan")


def published_values(user) -> QuerySet[IndicatorSummary]:
    """Approved aggregates: across units for everyone; per unit too for members, who see the
    same on the unit cards."""
    area = "indicator__activity__subgoal__goal__area"
    rows = IndicatorSummary.objects.filter(**{f"{area}__plan__in": plans_for(user)})
    if not is_member(user):
        rows = rows.filter(organisation=None)
    return rows.select_related("indicator", "organisation", f"{area}__plan")


def with_breakdown_option(rows: QuerySet, dimension: str, option: str) -> QuerySet:
    """Rows whose breakdown key has dimension=option (keys are 'a=x;b=y', sorted by name)."""
    part = f"{dimension}={option}"
    return rows.filter(
        Q(breakdown_key=part)
        | Q(breakdown_key__startswith=f"{part};")
        | Q(breakdown_key__endswith=f";{part}")
        | Q(breakdown_key__contains=f";{part};")
    )


def submissions_for(user) -> QuerySet[Submission]:
    """Submissions the caller may see: reporters their units', coordinators their plans',
    administrators all. The same rule as monitoring.view_submission, as a query."""
    rows = Submission.objects.select_related("period__plan", "organisation")
    if is_admin(user):
        return rows
    held = memberships(user)
    reporting = [org for org, role in held if role == Role.REPORTER]
    coordinating = [org for org, role in held if role == Role.COORDINATOR]
    coordinated = Plan.objects.filter(coordinating_unit_id__in=coordinating).values("pk")
    # A plan without a coordinating unit is run by its owner's coordinators (coordinates_plan).
    unowned = [
        plan.pk
        for plan in Plan.objects.filter(coordinating_unit=None).select_related("owner")
        if coordinating and coordinates_plan(user, plan)
    ]
    return rows.filter(
        Q(organisation_id__in=reporting)
        | Q(period__plan__in=coordinated)
        | Q(period__plan_id__in=unowned)
    )


def submission_values(submission: Submission) -> QuerySet[DataValue]:
    return (
        unit_values(submission)
        .select_related("indicator")
        .order_by("indicator__activity__row", "indicator__position", "breakdown_key")
    )
