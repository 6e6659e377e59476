import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .policies import CENTRE_ROLES, has_role, must_use_two_factor

# Pages a person must still reach before enrolling: login, logout, the 2FA set-up itself.
# The API reads no session: its tokens check the second factor themselves.
EXEMPT_PREFIXES = ("/hesap/", "/static/", "/dil/", "/api/v1/")


class RequireTwoFactorMiddleware:
    """Administrators (and, later, case roles) work only after enrolling an authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and must_use_two_factor(user)
            and not is_mfa_enabled(user)
        ):
            messages.info(
                request,
                "Rolünüz iki adımlı doğrulama gerektiriyor: devam etmek için bir doğrulama uygulaması ekleyin.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """People who can open case records are signed out after CASE_IDLE_TIMEOUT_SECONDS
    without a request: a case page left open on an unattended screen closes itself."""

    KEY = "_esitkent_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and has_role(user, *CENTRE_ROLES):
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - last_seen > settings.CASE_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, _("Uzun süre işlem yapılmadığı için oturumunuz kapatıldı."))
                return redirect_to_login(request.get_full_path())
            request.session[self.KEY] = now
        return self.get_response(request)
