import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_noop

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.reasons import Reason

from . import domain
from .models import ApiToken

logger = logging.getLogger(__name__)

# Touching last_used_at on every call would turn each read into a write.
USE_RECORDED_EVERY = dt.timedelta(minutes=5)


@transaction.atomic
def token_create(*, user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its text, which is shown once and never stored."""
    problems = []
    name = (name or "").strip()
    if not name:
        problems.append(Problem("ad", Reason("required", gettext_noop("anahtara bir ad verin"))))
    elif len(name) > 80:
        problems.append(
            Problem("ad", Reason("too_long", gettext_noop("ad en çok 80 karakter olabilir")))
        )
    if scope not in domain.SCOPES:
        problems.append(
            Problem("kapsam", Reason("scope", gettext_noop("kapsam “read” ya da “write” olmalı")))
        )
    if not 1 <= days <= domain.MAX_DAYS:
        problems.append(
            Problem(
                "süre",
                Reason(
                    "range",
                    gettext_noop("geçerlilik 1 ile {most} gün arasında olmalı"),
                    most=domain.MAX_DAYS,
                ),
            )
        )
    if problems:
        raise InputRejected(problems)
    plaintext, prefix, digest = domain.token_new()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        password_fingerprint=domain.password_fingerprint(user.get_session_auth_hash()),
        scope=scope,
        prefix=prefix,
        digest=digest,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, plaintext


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> None:
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])


def token_outlived_password(token: ApiToken) -> bool:
    """True, and the token revoked, if its owner's password changed since it was made: the
    token then shows as revoked in the lists, not as live."""
    user = token.user
    # A rotated SECRET_KEY kept in SECRET_KEY_FALLBACKS changes the hash, not the password.
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    if any(
        constant_time_compare(token.password_fingerprint, domain.password_fingerprint(h))
        for h in hashes
    ):
        return False
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
    logger.info("API token %s of %s revoked: password changed", token.pk, token.user.username)
    return True


def token_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
