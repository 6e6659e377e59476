from django.conf import settings
from django.db import models

from esitkent.orgs.models import Organisation


class Role(models.TextChoices):
    ADMIN = "admin", "Yönetici"
    COORDINATOR = "coordinator", "Plan koordinatörü"
    REPORTER = "reporter", "Birim raportörü"
    VIEWER = "viewer", "İzleyici"
    CENTRE_STAFF = "centre_staff", "Merkez çalışanı"
    CENTRE_MANAGER = "centre_manager", "Merkez sorumlusu"
    NETWORK_COORDINATOR = "network_coordinator", "Merkez ağı koordinatörü"


class Membership(models.Model):
    """A role a person holds in an organisation; all permissions derive from these."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    is_sample = models.BooleanField("örnek veri", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "üyelik"
        verbose_name_plural = "üyelikler"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_once")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"
