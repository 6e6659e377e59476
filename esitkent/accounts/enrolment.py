"""A first authenticator for a role that must have one is enrolled only through a one-time
link sent to the registered e-mail address (issue 14, finding 7).

The password alone is not enough: an administrator who set it, or anyone who saw it, would
otherwise enrol their own authenticator app and hold the account from then on. The link is a
random token; only its hash is kept, in the shared cache, bound to the user's current password
hash, for ENROLMENT_LINK_TIMEOUT_SECONDS, and it is deleted when used or when a new one is
sent. A lost cache only means asking for a new link."""

import hashlib
import secrets
import time

from allauth.core import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .policies import must_use_two_factor

# Opening the link lets this session reach the activation page for this long.
GRANT_SECONDS = 30 * 60
_GRANT = "_esitkent_enrolment_granted"


def _cache_key(user) -> str:
    return f"esitkent:enrolment-link:{user.pk}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _password_binding(user) -> str:
    # A password change (an administrator's reset included) voids a link already sent.
    return salted_hmac("esitkent.accounts.enrolment", user.password).hexdigest()


def masked(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def link_pending(user) -> bool:
    return cache.get(_cache_key(user)) is not None


def enrolment_link_send(*, request, user) -> None:
    token = secrets.token_urlsafe(32)
    cache.set(
        _cache_key(user),
        {"digest": _digest(token), "password": _password_binding(user)},
        settings.ENROLMENT_LINK_TIMEOUT_SECONDS,
    )
    url = request.build_absolute_uri(reverse("accounts_enrolment_open", args=[token]))
    hours = settings.ENROLMENT_LINK_TIMEOUT_SECONDS // 3600
    send_mail(
        _("EşitKent: doğrulama uygulamanızı ekleyin"),
        _(
            "Merhaba,\n\nEşitKent hesabınıza doğrulama uygulaması eklemek için aşağıdaki "
            "bağlantıyı açın ve şifrenizle giriş yapın. Bağlantı %(hours)d saat geçerlidir "
            "ve bir kez kullanılabilir.\n\n%(url)s\n\nBu isteği siz yapmadıysanız bağlantıyı "
            "açmayın ve sistem yöneticinize haber verin: şifreniz başkasının elinde olabilir.\n"
        )
        % {"hours": hours, "url": url},
        None,
        [user.email],
    )


def enrolment_link_use(*, request, token: str) -> bool:
    """True, and this session may enrol, if the token is the signed-in user's live link."""
    user = request.user
    pending = cache.get(_cache_key(user))
    if not (
        pending
        and constant_time_compare(pending["digest"], _digest(token))
        and constant_time_compare(pending["password"], _password_binding(user))
    ):
        return False
    if not cache.delete(_cache_key(user)):
        return False  # another request used it first
    request.session[_GRANT] = {"user": user.pk, "until": int(time.time()) + GRANT_SECONDS}
    return True


def enrolment_granted(request) -> bool:
    grant = request.session.get(_GRANT) or {}
    return grant.get("user") == request.user.pk and grant.get("until", 0) > time.time()


@require_http_methods(["GET", "POST"])
def enrolment(request):
    """Where a role that must use two-factor authentication, and has no authenticator yet,
    is sent: ask for the link, then open it."""
    user = request.user
    if not must_use_two_factor(user):
        return redirect("mfa_activate_totp")
    if is_mfa_enabled(user):
        return redirect("mfa_index")
    if request.method == "POST" and user.email:
        if ratelimit.consume(request, action="enrolment_link", user=user):
            enrolment_link_send(request=request, user=user)
            messages.success(
                request,
                _("Bağlantı %(email)s adresine gönderildi.") % {"email": masked(user.email)},
            )
        else:
            messages.error(
                request, _("Kısa sürede çok fazla bağlantı istendi; birkaç dakika sonra deneyin.")
            )
        return redirect("accounts_enrolment")
    return render(
        request,
        "accounts/enrolment.html",
        {
            "email": masked(user.email) if user.email else "",
            "pending": link_pending(user),
            "hours": settings.ENROLMENT_LINK_TIMEOUT_SECONDS // 3600,
        },
    )


@require_GET
def enrolment_open(request, token: str):
    if is_mfa_enabled(request.user):
        return redirect("mfa_index")
    if not enrolment_link_use(request=request, token=token):
        messages.error(
            request,
            _("Bağlantı geçersiz, kullanılmış ya da süresi dolmuş: yeni bir bağlantı isteyin."),
        )
        return redirect("accounts_enrolment")
    return redirect("mfa_activate_totp")


@require_GET
def email_closed(request):
    """allauth's address management, closed: addresses are the administrator's to set (the
    enrolment link goes there), and an address added here would be unverified."""
    return render(request, "accounts/email_closed.html")
