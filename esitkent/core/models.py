"""Shared model vocabulary: where a row of data came from."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class Provenance(models.TextChoices):
    SEED = "seed", "Kaynak belgeden"
    MANUAL = "manual", "Elle girildi"
    IMPORT = "import", "İçe aktarıldı"
    COMPUTED = "computed", "Hesaplandı"
    SAMPLE = "sample", "Örnek veri"


class PublicationStamp(models.Model):
    """One row: bumped whenever something the public sees changes (an approval or its
    withdrawal, a plan import), so public pages answer conditional requests from one read."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"v{self.version} {self.changed_at:%Y-%m-%d %H:%M}"


class DerivedFieldsModel(models.Model):
    """Fields computed from others on every save. A save limited by update_fields (as
    update_or_create does) writes them too, or a renamed row would keep its old sort and
    search keys."""

    DERIVED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.DERIVED}
        super().save(*args, **kwargs)

    def derive(self) -> None:
        raise NotImplementedError


class EvidenceFile(models.Model):
    """An uploaded evidence file's record (core.evidence checks and names the file). Each
    subclass declares its own `file` field, for its own upload folder."""

    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class HashedSession(AbstractBaseSession):
    """A session as esitkent.core.sessions stores it: the key's SHA-256 (64 hex digits, hence
    the longer column), never the key itself; the data encrypted."""

    session_key = models.CharField(_("session key"), max_length=64, primary_key=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "core_hashed_session"

    @classmethod
    def get_session_store_class(cls):
        from esitkent.core.sessions import SessionStore

        return SessionStore
