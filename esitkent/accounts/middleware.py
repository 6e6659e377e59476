import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .enrolment import enrolment_granted
from .policies import CENTRE_ROLES, has_role, is_admin, must_use_two_factor

# Pages a person must still reach before enrolling: login, logout, the 2FA set-up itself.
# The API reads no session: its tokens check the second factor themselves.
EXEMPT_PREFIXES = ("/hesap/", "/static/", "/dil/", "/api/v1/")


class RequireTwoFactorMiddleware:
    """Administrators (and, later, case roles) work only after enrolling an authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        activating = request.path == reverse("mfa_activate_totp")
        if (
            user.is_authenticated
            and (activating or not request.path.startswith(EXEMPT_PREFIXES))
            and must_use_two_factor(user)
            and not is_mfa_enabled(user)
        ):
            if not activating:
                messages.info(
                    request,
                    "Rolünüz iki adımlı doğrulama gerektiriyor: devam etmek için bir doğrulama uygulaması ekleyin.",
                )
                return redirect("mfa_activate_totp")
            # Whoever has only the password (an administrator who set it, a colleague who saw
            # it) must not enrol her authenticator: the first one needs the e-mailed link too.
            if not enrolment_granted(request):
                return redirect("accounts_enrolment")
        return self.get_response(request)


def idle_limit_seconds(user) -> int | None:
    """How long this person may leave a session idle, if her roles set a limit."""
    limits = []
    if has_role(user, *CENTRE_ROLES):
        limits.append(settings.CASE_IDLE_TIMEOUT_SECONDS)
    if user.is_staff or is_admin(user):
        limits.append(settings.ADMIN_IDLE_TIMEOUT_SECONDS)
    return min(limits, default=None)


class IdleTimeoutMiddleware:
    """People who can open case records (CASE_IDLE_TIMEOUT_SECONDS) or change every account
    and setting (ADMIN_IDLE_TIMEOUT_SECONDS) are signed out after that long without a request:
    a page left open on an unattended screen closes itself."""

    KEY = "_esitkent_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        limit = idle_limit_seconds(user) if user.is_authenticated else None
        if limit is not None:
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - last_seen > limit:
                logout(request)
                messages.info(request, _("Uzun süre işlem yapılmadığı için oturumunuz kapatıldı."))
                return redirect_to_login(request.get_full_path())
            request.session[self.KEY] = now
        return self.get_response(request)
