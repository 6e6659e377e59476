"""Shared model vocabulary: where a row of data came from."""

from django.db import models


class Provenance(models.TextChoices):
    SEED = "seed", "Kaynak belgeden"
    MANUAL = "manual", "Elle girildi"
    IMPORT = "import", "İçe aktarıldı"
    COMPUTED = "computed", "Hesaplandı"
    SAMPLE = "sample", "Örnek veri"
