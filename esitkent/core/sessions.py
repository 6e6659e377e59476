"""Sessions that a copy of the database cannot replay (issue 14).

The cookie carries the session key; the table holds only its SHA-256, so a key read from a
backup or the database file opens nothing. A plain hash is enough: the key has 32 random
characters (about 165 bits), far beyond guessing. The session data is encrypted under the
field keys, because it can hold a secret for a while (the TOTP secret being enrolled,
allauth's login state) and Django's own encoding is only signed, not hidden.

SESSION_ENGINE = "esitkent.core.sessions".
"""

import hashlib
import logging

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.utils import timezone

from esitkent.core import crypto

logger = logging.getLogger(__name__)


def stored_key(session_key: str) -> str:
    """The form in which a session key is kept in the table."""
    return hashlib.sha256(session_key.encode()).hexdigest()


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from esitkent.core.models import HashedSession

        return HashedSession

    def encode(self, session_dict):
        return crypto.encrypt(super().encode(session_dict))

    def decode(self, session_data):
        if not crypto.is_ciphertext(session_data):
            return {}
        try:
            return super().decode(str(crypto.decrypt(session_data)))
        except ImproperlyConfigured:
            # Under a key since dropped: the session is simply over, as after a logout.
            logger.warning("Bir oturum mevcut anahtarlarla çözülemedi; oturum kapatıldı.")
            return {}

    def _get_session_from_db(self):
        try:
            return self.model.objects.get(
                session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            self._session_key = None

    async def _aget_session_from_db(self):
        try:
            return await self.model.objects.aget(
                session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            self._session_key = None

    def exists(self, session_key):
        return self.model.objects.filter(session_key=stored_key(session_key)).exists()

    async def aexists(self, session_key):
        return await self.model.objects.filter(session_key=stored_key(session_key)).aexists()

    def create_model_instance(self, data):
        return self.model(
            session_key=stored_key(self._get_or_create_session_key()),
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )

    async def acreate_model_instance(self, data):
        return self.model(
            session_key=stored_key(await self._aget_or_create_session_key()),
            session_data=self.encode(data),
            expire_date=await self.aget_expiry_date(),
        )

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await self.model.objects.filter(session_key=stored_key(session_key)).adelete()
