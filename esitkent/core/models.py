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
