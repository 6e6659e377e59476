"""Encryption at rest for the few fields that must never be readable from the database file,
a backup or a SQL log: shelter addresses now, case identity fields later.

Keys come from FIELD_ENCRYPTION_KEYS (settings), never from SECRET_KEY, so a leaked settings
file or database alone does not open them. The first key encrypts; every key decrypts, which
is what lets `rotate_field_keys` move old rows to a new key without downtime.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.views.decorators.debug import sensitive_variables


class Confidential(str):
    """Plaintext that reads normally in a template but prints as stars in a traceback, an
    error report or a log line: those show values through repr(), and an error while a page
    is drawn would otherwise carry the address from the template's context into them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'********************'"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS boş: şifreli alanlar okunamaz.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


# sensitive_variables: if encryption fails, Django's error report would otherwise print the
# plaintext from these frames' locals.
@sensitive_variables()
def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


@sensitive_variables()
def decrypt(token: str) -> Confidential:
    try:
        return Confidential(_current().decrypt(token.encode()).decode())
    except InvalidToken:
        # Never echo the token or the value: the message may reach a log.
        raise ImproperlyConfigured(
            "Şifreli bir alan mevcut anahtarlarla çözülemedi (FIELD_ENCRYPTION_KEYS eksik mi?)."
        ) from None


@sensitive_variables()
def blind_index(text: str) -> str:
    """A keyed digest for finding a row by an exact encrypted value (a national ID number)
    without decrypting every row. HMAC, so the digest cannot be brute-forced from the
    database alone: an 11-digit number has too few possibilities for a plain hash."""
    import hashlib
    import hmac

    key = settings.FIELD_BLIND_INDEX_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:40]


def rotate(token: str) -> str:
    """The same plaintext under the first key."""
    return _current().rotate(token.encode()).decode()


def is_ciphertext(value: str) -> bool:
    """Whether a value is already a Fernet token: every token starts with the version byte
    0x80, "gAAAAA" in base64, which no base32 TOTP secret or hex seed can."""
    return value.startswith("gAAAAA")


# Where allauth.mfa keeps secrets inside Authenticator.data, each passed through MFA_ADAPTER's
# encrypt(): the TOTP secret, the recovery codes' seed, and codes carried over from
# django-otp ("migrated_codes", a list).
MFA_SECRET_KEYS = ("secret", "seed")


def mfa_secrets_map(data: dict, transform) -> dict:
    """Authenticator data with `transform` applied to every secret in it."""
    data = dict(data)
    for name in MFA_SECRET_KEYS:
        if data.get(name):
            data[name] = transform(data[name])
    if data.get("migrated_codes"):
        data["migrated_codes"] = [transform(code) for code in data["migrated_codes"]]
    return data


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; reads back plaintext. The empty string stays empty.

    Only `isnull` can be looked up: any other filter would compare ciphertexts, which never
    matches and would hide a mistake.
    """

    @sensitive_variables()
    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    @sensitive_variables()
    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields():
    """Every (model, field name) holding ciphertext, for rotation."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field.attname
