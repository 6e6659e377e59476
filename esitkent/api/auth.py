"""Who is calling: a bearer token, or nobody. Sessions are not read, so the API needs no CSRF
protection and a browser's login never widens what a script sees."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from esitkent.accounts.policies import must_use_two_factor

from . import domain, selectors, services
from .errors import ApiError

ANONYMOUS = "anonymous"  # truthy, so django-ninja treats the call as allowed


class TokenAuth(HttpBearer):
    def __init__(self, *, writes: bool = False, optional: bool = False):
        super().__init__()
        self.writes, self.optional = writes, optional

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            if self.optional:
                request.user = AnonymousUser()
                return ANONYMOUS
            raise ApiError(
                401,
                "login_required",
                "Bu işlem için bir API anahtarı gerekir (Authorization: Bearer …).",
                "This needs an API token (Authorization: Bearer …).",
            )
        scheme, _, text = header.partition(" ")
        if scheme.lower() != "bearer":
            raise ApiError(
                401,
                "bad_token",
                "Authorization başlığı “Bearer <anahtar>” biçiminde olmalı.",
                "The Authorization header must be “Bearer <token>”.",
            )
        return self.authenticate(request, text.strip())

    def authenticate(self, request, token):
        found = selectors.token_by_text(token)
        if found is None or services.token_outlived_password(found):
            raise ApiError(
                401,
                "bad_token",
                "API anahtarı geçersiz, süresi dolmuş ya da iptal edilmiş.",
                "The API token is invalid, expired or revoked.",
            )
        if not domain.scope_allows(found.scope, writes=self.writes):
            raise ApiError(
                403,
                "scope",
                "Bu anahtar yalnızca okuma içindir; yazmak için “write” kapsamlı anahtar gerekir.",
                "This token is read-only; writing needs a token with the “write” scope.",
            )
        if must_use_two_factor(found.user) and not is_mfa_enabled(found.user):
            raise ApiError(
                403,
                "two_factor",
                "Rolünüz iki adımlı doğrulama gerektiriyor; önce web arayüzünde etkinleştirin.",
                "Your role needs two-factor login; enable it in the web interface first.",
            )
        services.token_used(found)
        request.user = found.user
        request.api_token = found
        return found


read_or_anonymous = TokenAuth(optional=True)
read = TokenAuth()
write = TokenAuth(writes=True)
