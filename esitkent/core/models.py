"""Shared model vocabulary: where a row of data came from."""

from django.db import models


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
