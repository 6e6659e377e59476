from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esitkent.orgs.models import Organisation


class Role(models.TextChoices):
    ADMIN = "admin", _("Yönetici")
    COORDINATOR = "coordinator", _("Plan koordinatörü")
    REPORTER = "reporter", _("Birim raportörü")
    VIEWER = "viewer", _("İzleyici")
    CENTRE_STAFF = "centre_staff", _("Merkez çalışanı")
    CENTRE_MANAGER = "centre_manager", _("Merkez sorumlusu")
    NETWORK_COORDINATOR = "network_coordinator", _("Merkez ağı koordinatörü")


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        """Memberships that count today: a grant past its end date gives nothing."""
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Membership(models.Model):
    """A role a person holds in an organisation; all permissions derive from these.

    Centre roles are written only through `role_services.centre_role_*` (the centre's manager, or
    two administrators for the first manager); `membership_grant` is the system's own write,
    for seeding and tests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    is_sample = models.BooleanField("örnek veri", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="yetkiyi veren",
    )
    reason = models.CharField("gerekçe", max_length=200, blank=True)
    # The last day the role counts; empty for no end.
    ends_on = models.DateField("bitiş tarihi", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "üyelik"
        verbose_name_plural = "üyelikler"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_once")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Yetki kaydı değiştirilemez.")

    def delete(self):
        raise PermissionError("Yetki kaydı silinemez.")


class MembershipEvent(models.Model):
    """Who granted, proposed, confirmed, declined or revoked which role, to whom, where, why
    and when. Append-only: the model refuses updates and deletes, and so does the database
    (triggers, migration 0003). A proposal's outcome is the one event that points back at it,
    so an open proposal is one without an outcome, and nothing here is ever rewritten."""

    class Kind(models.TextChoices):
        GRANT = "grant", "Yetki verildi"
        PROPOSE = "propose", "Yetki önerildi"
        CONFIRM = "confirm", "Öneri onaylandı, yetki verildi"
        DECLINE = "decline", "Öneri reddedildi ya da geri çekildi"
        REVOKE = "revoke", "Yetki geri alındı"
        CHANGE = "change", "Yetki değiştirildi"
        # Account events, with no organisation or role: the access review's one-step
        # disabling and an administrator setting someone else's password.
        DISABLE = "disable", "Hesap devre dışı bırakıldı"
        PASSWORD = "password", "Parola yönetici tarafından değiştirildi"

    # Plain values, no foreign keys to people or organisations: deleting a user must not have
    # to rewrite the log, which the database would refuse.
    at = models.DateTimeField("zaman", auto_now_add=True, db_index=True)
    kind = models.CharField("olay", max_length=10, choices=Kind.choices)
    by_ref = models.PositiveIntegerField(null=True)
    by_username = models.CharField("işlemi yapan", max_length=150, blank=True)
    user_ref = models.PositiveIntegerField(null=True, db_index=True)
    username = models.CharField("kullanıcı", max_length=150)
    organisation_ref = models.PositiveIntegerField(null=True, db_index=True)
    organisation_code = models.CharField("kurum", max_length=80)
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    reason = models.CharField("gerekçe", max_length=200, blank=True)
    ends_on = models.DateField("bitiş tarihi", null=True, blank=True)
    # On a confirmation or a refusal: the proposal it closes; one outcome per proposal.
    proposal = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="outcome"
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "yetki kaydı"
        verbose_name_plural = "yetki kayıtları"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.username} {self.role}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Yetki kaydı değiştirilemez.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Yetki kaydı silinemez.")
