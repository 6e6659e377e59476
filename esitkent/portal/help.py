"""The public "where to get help" page, written for a woman who may be watched.

Unlike the rest of the portal it is never cached (not by the browser, not by a proxy, not in
the response cache), sets no cookie, sends no referrer and carries a quick-exit button to a
neutral site (GOV.UK's "Exit this page" pattern).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .caching import public_language
from .help_selectors import help_lines


def quick_exit_url() -> str:
    """A neutral site (settings: the weather service by default)."""
    return settings.QUICK_EXIT_URL


@login_not_required
@require_safe
@never_cache
def help_page(request):
    dil = public_language(request)
    with translation.override(dil):
        response = render(
            request,
            "portal/help.html",
            {
                "dil": dil,
                "q": "?dil=en" if dil == "en" else "",
                "exit_url": quick_exit_url(),
                "districts": help_lines(),
            },
        )
    # The security middleware only sets its own policy where the view set none.
    response["Referrer-Policy"] = "no-referrer"
    return response
