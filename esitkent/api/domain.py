"""Personal API tokens as text: what a person copies once, and what the database keeps.

The token carries 32 random bytes, so a plain SHA-256 digest is enough to store it: there is
nothing to guess that a slow password hash would protect. The short prefix lets a person tell
their tokens apart in the list without the database holding anything usable.
"""

import hashlib
import secrets

PREFIX = "ek_"
READ = "read"
WRITE = "write"
SCOPES = (READ, WRITE)
MAX_DAYS = 365


def token_new() -> tuple[str, str, str]:
    """A fresh token: (what the person copies, the prefix shown in lists, the stored digest)."""
    plaintext = PREFIX + secrets.token_urlsafe(32)
    return plaintext, plaintext[: len(PREFIX) + 6], token_digest(plaintext)


def token_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def password_fingerprint(session_auth_hash: str) -> str:
    """What a token keeps of the password it was made under: a digest of Django's session auth
    hash (itself a keyed HMAC of the password hash), so the column reveals nothing about the
    password, yet any new password, whoever sets it, gives a different value."""
    return hashlib.sha256(f"esitkent.api.token|{session_auth_hash}".encode()).hexdigest()


def scope_allows(scope: str, *, writes: bool) -> bool:
    return scope == WRITE or not writes
