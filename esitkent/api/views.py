"""The token pages: make a token (its text is shown once), see them, revoke them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from esitkent.core.errors import InputRejected
from esitkent.core.policies import may

from . import domain, selectors, services


def _require_a_role(request) -> None:
    if not may(request.user, "api.hold_tokens"):
        raise PermissionDenied


def tokens(request):
    _require_a_role(request)
    context = {
        "tokens": selectors.tokens_listed_for(request.user),
        "max_days": domain.MAX_DAYS,
        "see_all": may(request.user, "api.see_all_tokens"),
        "now": timezone.now(),
    }
    if request.method == "POST":
        try:
            days = int(request.POST.get("gun", "0"))
        except ValueError:
            days = 0
        try:
            token, plaintext = services.token_create(
                user=request.user,
                name=request.POST.get("ad", ""),
                scope=request.POST.get("kapsam", ""),
                days=days,
            )
        except InputRejected as exc:
            context["problems"] = exc.problems
            return render(request, "api/tokens.html", context, status=422)
        context.update(created=token, plaintext=plaintext)
        response = render(request, "api/tokens.html", context)
        # The token's text is on this page only: no cache may keep it.
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "api/tokens.html", context)


@require_POST
def token_revoke(request, token_id: int):
    _require_a_role(request)
    token = get_object_or_404(selectors.tokens_listed_for(request.user), pk=token_id)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("“%(name)s” anahtarı iptal edildi.") % {"name": token.name})
    return redirect("api_tokens:list")
