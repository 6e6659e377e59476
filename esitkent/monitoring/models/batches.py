"""Values in and out through files: import batches, their staged rows, and the external
identifiers (DHIS2 UIDs) that files name things by."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator, Plan


class ImportBatch(models.Model):
    """One value import: who, when, from what file, how it was read, how far it got and what
    it did. A large file runs as a background job; this row is its progress and its result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Sırada")
        READING = "reading", _("Okunuyor")
        CHECKING = "checking", _("Denetleniyor")
        WRITING = "writing", _("Yazılıyor")
        DONE = "done", _("Tamamlandı")
        REFUSED = "refused", _("Reddedildi")
        FAILED = "failed", _("Beklenmeyen hata")

    FINISHED = frozenset({Status.DONE, Status.REFUSED, Status.FAILED})

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="import_batches"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    source_name = models.CharField(max_length=200)
    dry_run = models.BooleanField("deneme", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    # How the file was read: format, id scheme, decimal mark, encoding (docs/data.md).
    options = models.JSONField(default=dict, blank=True)
    # The upload waits here for its job and is removed when the job ends; its digest stays.
    upload = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)  # what the reader recognised
    problems = models.JSONField(default=list, blank=True)  # [{where, message, code}]
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    ignored = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.source_name}"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_read / self.rows_total))


class StagedValue(models.Model):
    """A checked row of an import waiting for the final write. Rows are staged in short
    transactions while the file is read and compared; the final write copies them in a few
    set-based statements, so the database's write lock is held briefly (docs/architecture.md)."""

    class Action(models.TextChoices):
        NEW = "new"
        UPDATE = "update"
        DELETE = "delete"
        SAME = "same"
        IGNORE = "ignore"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="staged")
    line = models.PositiveIntegerField()
    indicator_id = models.BigIntegerField()
    period = models.CharField(max_length=12)
    organisation_id = models.BigIntegerField()
    breakdown_key = models.CharField(max_length=200, blank=True)
    breakdown = models.JSONField(default=dict)
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    delete = models.BooleanField(default=False)
    action = models.CharField(max_length=8, choices=Action.choices, blank=True)
    existing_id = models.BigIntegerField(null=True, blank=True)
    existing_version = models.PositiveIntegerField(null=True, blank=True)
    submission_id = models.BigIntegerField(null=True, blank=True)
    # The history row's readable parts, made by the one helper that writes every Change.
    subject = models.CharField(max_length=300, blank=True)
    field = models.CharField(max_length=200, blank=True)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["batch", "indicator_id", "period", "organisation_id", "breakdown_key"],
                name="staged_cell",
            ),
            models.Index(fields=["batch", "action"], name="staged_action"),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.line} {self.action}"


class ExternalId(models.Model):
    """How another system (a ministry's DHIS2) names one of our things: an indicator (data
    element), an organisation (org unit) or a breakdown (category option combo), under one
    identifier scheme (uid, code or name). Kept per plan: one plan, one exchange partner."""

    class Kind(models.TextChoices):
        DATA_ELEMENT = "dataelement", _("Gösterge (dataElement)")
        ORG_UNIT = "orgunit", _("Birim (orgUnit)")
        CATEGORY_OPTION_COMBO = "categoryoptioncombo", _("Kırılım (categoryOptionCombo)")

    class Scheme(models.TextChoices):
        UID = "uid", "UID"
        CODE = "code", _("Kod")
        NAME = "name", _("Ad")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="external_ids")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    scheme = models.CharField(max_length=4, choices=Scheme.choices)
    external_id = models.CharField("dış tanımlayıcı", max_length=230)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="external_ids"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    breakdown_key = models.CharField("kırılım", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "kind", "scheme", "external_id"]
        verbose_name = "dış tanımlayıcı"
        verbose_name_plural = "dış tanımlayıcılar"
        constraints = [
            # One meaning per identifier, and one identifier per thing, in each scheme.
            models.UniqueConstraint(
                fields=["plan", "kind", "scheme", "external_id"], name="external_id_once"
            ),
            models.UniqueConstraint(
                fields=["plan", "scheme", "indicator"],
                condition=Q(kind="dataelement"),
                name="external_id_one_per_indicator",
            ),
            models.UniqueConstraint(
                fields=["plan", "scheme", "organisation"],
                condition=Q(kind="orgunit"),
                name="external_id_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["plan", "scheme", "breakdown_key"],
                condition=Q(kind="categoryoptioncombo"),
                name="external_id_one_per_breakdown",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="dataelement", indicator__isnull=False, organisation__isnull=True)
                    | Q(kind="orgunit", indicator__isnull=True, organisation__isnull=False)
                    | Q(
                        kind="categoryoptioncombo",
                        indicator__isnull=True,
                        organisation__isnull=True,
                    )
                ),
                name="external_id_names_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.kind}:{self.scheme}:{self.external_id}"
