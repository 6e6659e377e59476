from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from esitkent.core import crypto


class NoSignupAccountAdapter(DefaultAccountAdapter):
    """Accounts are issued by the municipality's administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request):
        return False


class EncryptingMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored under the field keys: a copy of the
    database alone gives no second factor (issue 14)."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
