from django.conf import settings
from django.db import models

from . import domain


class ApiToken(models.Model):
    """A person's key to the API: only its digest is stored, it acts with its owner's roles,
    limited by its scope, until it expires or is revoked."""

    class Scope(models.TextChoices):
        READ = domain.READ, "okuma"
        WRITE = domain.WRITE, "okuma ve yazma"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("ad", max_length=80)
    prefix = models.CharField("ön ek", max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField("kapsam", max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField("oluşturulma", auto_now_add=True)
    expires_at = models.DateTimeField("son geçerlilik")
    last_used_at = models.DateTimeField("son kullanım", null=True, blank=True)
    revoked_at = models.DateTimeField("iptal", null=True, blank=True)
    # The owner's password when the token was made (domain.password_fingerprint): a password
    # change, hers or an administrator's, ends the token.
    password_fingerprint = models.CharField(max_length=64, default="", editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "API anahtarı"
        verbose_name_plural = "API anahtarları"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
