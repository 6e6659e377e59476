"""The values themselves and the trail of every change to a value, report or submission."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from esitkent.core.models import Provenance
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

from .batches import ImportBatch
from .cycle import ActivityReport, ReportingPeriod, Submission


class DataValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField("dönem", max_length=12, db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="values")
    breakdown_key = models.CharField("kırılım", max_length=200, blank=True)
    breakdown = models.JSONField("kırılım seçenekleri", default=dict)
    value = models.DecimalField("değer", max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField("metin değer", blank=True)
    comment = models.TextField("açıklama", blank=True)
    approximate = models.BooleanField("yaklaşık", default=False)
    provenance = models.CharField(
        max_length=12, choices=Provenance.choices, default=Provenance.MANUAL
    )
    source = models.TextField("kaynak", blank=True)
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="values"
    )
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="values"
    )
    approved = models.BooleanField("onaylı", default=False)
    # Grows by one with every write: a save made from an older reading of the value is a
    # conflict, not a silent overwrite.
    version = models.PositiveIntegerField("sürüm", default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "organisation", "breakdown_key"], name="value_once"
            )
        ]
        indexes = [models.Index(fields=["organisation", "period"])]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.organisation.code} [{self.breakdown_key}] = {self.value}"


class Change(models.Model):
    """Every change to a value, an activity report or a submission: who, when, old, new, why."""

    class Action(models.TextChoices):
        ENTERED = "entered", _("Girildi")
        UPDATED = "updated", _("Değiştirildi")
        DELETED = "deleted", _("Silindi")
        IMPORTED = "imported", _("İçe aktarıldı")
        SUBMITTED = "submitted", _("Gönderildi")
        RETURNED = "returned", _("Geri gönderildi")
        APPROVED = "approved", _("Onaylandı")
        UNAPPROVED = "unapproved", _("Onay kaldırıldı")
        LOCKED = "locked", _("Kilitlendi")
        REOPENED = "reopened", _("Yeniden açıldı")
        # A reviewer's note on one value (text in `reason`): part of the value's trail, so
        # it is read with the history and outlives a cleared value like the rest of it.
        NOTED = "noted", _("İnceleme notu")

    # History outlives the value: a cleared value keeps its trail (subject names what it was).
    data_value = models.ForeignKey(
        DataValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    subject = models.CharField("ne", max_length=300, blank=True)
    activity_report = models.ForeignKey(
        ActivityReport, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    # The cell a value change is about, by its own columns: the history of a cell is found
    # (and read by people) after its value row is gone.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_code = models.CharField("dönem kodu", max_length=12, blank=True)
    breakdown_key = models.CharField("kırılım", max_length=200, blank=True)
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    field = models.CharField(max_length=40, blank=True)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["indicator", "organisation", "period_code"], name="change_of_cell")
        ]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_action_display()} {self.field}: {self.old} → {self.new}"
