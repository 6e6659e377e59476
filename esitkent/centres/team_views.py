"""Who works at a centre: the manager's team page and the administrators' proposals page.

A centre's manager grants and revokes its staff and managers; a centre with no manager gets
its first one from two administrators, one proposing and another confirming (issue 14). The
rules and the log live in `accounts.role_services`; these views only route the forms there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from esitkent.accounts import role_services
from esitkent.accounts import selectors as account_selectors
from esitkent.core.errors import InputRejected
from esitkent.core.feedback import refusal_messages

from .models import Centre
from .policies import builds_team, proposes_roles, sees_team
from .team_forms import ProposalForm, TeamGrantForm


@never_cache
def team(request, code):
    centre = get_object_or_404(Centre.objects.select_related("organisation"), code=code)
    if not sees_team(request.user, centre):
        raise PermissionDenied
    may_grant = builds_team(request.user, centre)
    step = request.POST.get("adim", "") if request.method == "POST" else ""
    form = TeamGrantForm(request.POST if step == "ver" else None)
    try:
        if step == "ver":
            if not may_grant:
                raise PermissionDenied
            if form.is_valid():
                data = form.cleaned_data
                role_services.centre_role_grant(
                    by=request.user,
                    user=data["username"],
                    organisation=centre.organisation,
                    role=data["role"],
                    reason=data["reason"],
                    ends_on=data["ends_on"],
                )
                messages.success(request, _("Yetki verildi ve kayda geçti."))
                return redirect("centres:team", code=centre.code)
        elif step == "geri-al":
            membership = _found(
                account_selectors.team_membership(
                    centre.organisation, _number(request.POST.get("membership"))
                )
            )
            role_services.centre_role_revoke(
                by=request.user, membership=membership, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Yetki geri alındı ve kayda geçti."))
            return redirect("centres:team", code=centre.code)
        elif request.method == "POST":
            raise PermissionDenied
    except InputRejected as exc:
        refusal_messages(request, exc)
    return render(
        request,
        "centres/team.html",
        {
            "centre": centre,
            "members": account_selectors.team_of(centre.organisation),
            "events": account_selectors.grant_events(organisation=centre.organisation),
            "form": form if may_grant else None,
            "today": timezone.localdate(),
        },
    )


@never_cache
def proposals(request):
    if not proposes_roles(request.user):
        raise PermissionDenied
    step = request.POST.get("adim", "") if request.method == "POST" else ""
    form = ProposalForm(request.POST if step == "oner" else None)
    try:
        if step == "oner":
            if form.is_valid():
                data = form.cleaned_data
                role_services.centre_role_propose(
                    by=request.user,
                    user=data["username"],
                    organisation=data["organisation"],
                    role=data["role"],
                    reason=data["reason"],
                    ends_on=data["ends_on"],
                )
                messages.success(
                    request, _("Öneri kaydedildi; başka bir yönetici onaylayınca yetki verilir.")
                )
                return redirect("centres:proposals")
        elif step in ("onayla", "reddet"):
            proposal = _found(account_selectors.proposal(_number(request.POST.get("proposal"))))
            if step == "onayla":
                role_services.centre_role_confirm(by=request.user, proposal=proposal)
                messages.success(request, _("Öneri onaylandı; yetki verildi."))
            else:
                role_services.centre_role_decline(
                    by=request.user, proposal=proposal, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Öneri kapatıldı."))
            return redirect("centres:proposals")
        elif request.method == "POST":
            raise PermissionDenied
    except InputRejected as exc:
        refusal_messages(request, exc)
    return render(
        request,
        "centres/proposals.html",
        {
            "proposals": account_selectors.open_proposals(),
            "events": account_selectors.grant_events(),
            "form": form,
        },
    )


def _number(raw) -> int:
    raw = raw or ""
    return int(raw) if raw.isascii() and raw.isdigit() else 0


def _found(found):
    if found is None:
        raise Http404
    return found
