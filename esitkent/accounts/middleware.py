from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect

from .policies import must_use_two_factor

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
