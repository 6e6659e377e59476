"""The periodic access review: every account, its roles, how it signs in and how many case
records it read in the last 90 days; idle accounts flagged and disabled in one step."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from esitkent.accounts.services import accounts_disable

from . import access_selectors, policies


@never_cache
def access_review(request):
    if not policies.may_review_access(request.user):
        raise PermissionDenied
    idle_days = settings.ACCESS_REVIEW_IDLE_DAYS
    rows = access_selectors.access_review(now=timezone.now(), idle_days=idle_days)
    if request.method == "POST":
        reason = request.POST.get("gerekce", "").strip()
        if request.POST.get("hepsi") == "bosta":
            chosen = [r.account.user_id for r in rows if r.idle]
        else:
            chosen = [int(v) for v in request.POST.getlist("kullanici") if v.isdigit()]
        if not reason:
            messages.error(request, _("Gerekçe yazılmadı: hesabı neden kapattığınızı yazın."))
        elif not chosen:
            messages.error(request, _("Kapatılacak hesap seçilmedi."))
        else:
            count = accounts_disable(by=request.user, user_ids=chosen, reason=reason)
            messages.success(request, _("%(n)s hesap devre dışı bırakıldı.") % {"n": count})
            return redirect("cases:access_review")
    return render(
        request,
        "cases/access_review.html",
        {
            "rows": rows,
            "idle_days": idle_days,
            "idle_count": sum(r.idle for r in rows),
            "window": access_selectors.REVIEW_WINDOW_DAYS,
        },
    )
