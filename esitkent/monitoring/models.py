"""Monitoring: indicator definitions, reporting periods, assignments, submissions, values.

A value is what × when × who × breakdown (DHIS2's data value): indicator, period code,
organisation, and explicit option codes per dimension. Values are stored as reported; totals
and ratios are derived.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esitkent.core.models import EvidenceFile, Provenance
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, Indicator, Plan

from . import domain


class MeasureType(models.TextChoices):
    COUNT = "count", _("Sayı")
    PERCENTAGE = "percentage", _("Yüzde")
    RATIO = "ratio", _("Oran")
    CURRENCY = "currency", _("Tutar (TL)")
    MILESTONE = "milestone", _("Evet/Hayır (kilometre taşı)")
    TEXT = "text", _("Metin")


class IndicatorDefinition(models.Model):
    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="definition")
    measure_type = models.CharField(
        "ölçü türü", max_length=12, choices=MeasureType.choices, default=MeasureType.COUNT
    )
    unit = models.CharField("birim", max_length=40, blank=True)
    aggregation = models.CharField(
        "birleştirme",
        max_length=8,
        choices=[("sum", _("Toplam")), ("average", _("Ortalama")), ("last", _("Son değer"))],
        default="sum",
    )
    direction = models.CharField(
        "yön",
        max_length=8,
        choices=[("higher", _("Yüksek iyi")), ("lower", _("Düşük iyi")), ("none", _("Yönsüz"))],
        default="higher",
    )
    dimensions = models.JSONField("kırılımlar", default=list, blank=True)
    periodicity = models.CharField(
        "sıklık",
        max_length=12,
        choices=[
            ("annual", _("Yıllık")),
            ("six-monthly", _("Altı aylık")),
            ("quarterly", _("Üç aylık")),
            ("monthly", _("Aylık")),
        ],
        default="annual",
    )
    data_source = models.CharField("veri kaynağı", max_length=300, blank=True)
    baseline_value = models.DecimalField(
        "başlangıç değeri", max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField("başlangıç yılı", null=True, blank=True)
    is_reported = models.BooleanField("raporlanır", default=True)
    note = models.TextField(blank=True)
    provenance = models.CharField(
        max_length=12, choices=Provenance.choices, default=Provenance.MANUAL
    )

    class Meta:
        verbose_name = "gösterge tanımı"
        verbose_name_plural = "gösterge tanımları"

    def __str__(self):
        return f"{self.indicator.code} ({self.get_measure_type_display()})"


class IndicatorTarget(models.Model):
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("yıl")
    value = models.DecimalField("hedef", max_digits=18, decimal_places=4)
    printed = models.CharField("basılı", max_length=200, blank=True)

    class Meta:
        ordering = ["definition", "year"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "year"], name="target_once_per_year")
        ]

    def __str__(self):
        return f"{self.definition.indicator.code} {self.year}: {self.value}"


class ReportingPeriod(models.Model):
    """A reporting window: what is reported for the period code, by when, and whether it is open."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reporting_periods")
    code = models.CharField("dönem", max_length=12)
    start = models.DateField("başlangıç")
    end = models.DateField("bitiş")
    deadline = models.DateField("son gün")
    grace_days = models.PositiveSmallIntegerField("ek süre (gün)", default=0)
    locked_at = models.DateTimeField("kilitlenme", null=True, blank=True)
    reopened_reason = models.TextField("yeniden açma gerekçesi", blank=True)
    is_sample = models.BooleanField("örnek veri", default=False)

    class Meta:
        ordering = ["plan", "start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="reporting_period_once")
        ]

    def __str__(self):
        return f"{self.plan.slug} {self.code}"


class Assignment(models.Model):
    """Which organisation reports which indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assignments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "organisation"], name="assignment_once")
        ]

    def __str__(self):
        return f"{self.organisation} → {self.indicator.code}"


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Taslak")
        SUBMITTED = "submitted", _("Gönderildi")
        RETURNED = "returned", _("Geri gönderildi")
        APPROVED = "approved", _("Onaylandı")

    EDITABLE = domain.EDITABLE_STATES  # the one table of states is monitoring/domain.py

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="submissions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField("durum", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField("inceleme notu", blank=True)

    class Meta:
        ordering = ["period", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["period", "organisation"], name="submission_once")
        ]

    def __str__(self):
        return f"{self.period} {self.organisation} ({self.get_status_display()})"


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


class ActivityReport(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Başlamadı")
        ONGOING = "ongoing", _("Sürüyor")
        COMPLETED = "completed", _("Tamamlandı")
        DELAYED = "delayed", _("Gecikmede")
        CANCELLED = "cancelled", _("İptal")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="activity_reports"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activity_reports"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="activity_reports"
    )
    status = models.CharField(
        "durum", max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField("ilerleme (%)", null=True, blank=True)
    milestones = models.TextField("kilometre taşları", blank=True)
    explanation = models.TextField("gecikme açıklaması", blank=True)
    corrective_action = models.TextField("düzeltici eylem", blank=True)
    new_date = models.DateField("yeni tarih", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "period", "organisation"], name="activity_report_once"
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="progress_at_most_100",
            ),
        ]

    def __str__(self):
        return f"{self.activity.code} {self.period.code} {self.get_status_display()}"


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


class Evidence(EvidenceFile):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")


class ValidationRule(models.Model):
    """A rule between two indicators' totals, written as data: left ≤ right, left == right…"""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="validation_rules", verbose_name="plan"
    )
    code = models.SlugField("kod", max_length=60)
    name = models.CharField("ad", max_length=300)
    left = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name="sol gösterge"
    )
    operator = models.CharField(
        "işleç", max_length=2, choices=[(o, o) for o in ("<=", "<", ">=", ">", "==")]
    )
    right = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sağ gösterge",
    )
    right_constant = models.DecimalField(
        "sağ sabit", max_digits=18, decimal_places=4, null=True, blank=True
    )
    blocking = models.BooleanField("gönderimi engeller", default=True)

    class Meta:
        verbose_name = "doğrulama kuralı"
        verbose_name_plural = "doğrulama kuralları"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="rule_code_once"),
            models.CheckConstraint(
                condition=Q(right__isnull=False) | Q(right_constant__isnull=False),
                name="rule_has_right_side",
            ),
        ]

    def __str__(self):
        return self.name


class ReminderPolicy(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="reminder_policy")
    enabled = models.BooleanField("açık", default=True)
    days_before = models.JSONField("son günden önce (gün)", default=list)
    overdue_every_days = models.PositiveSmallIntegerField("gecikmede kaç günde bir", default=7)

    class Meta:
        verbose_name = "hatırlatma ayarı"
        verbose_name_plural = "hatırlatma ayarları"

    def __str__(self):
        return f"{self.plan.slug}: {self.days_before}"


class ContextSeries(models.Model):
    """A figure the plan's context or history reports that no plan indicator measures."""

    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, blank=True)
    source = models.TextField(blank=True)
    # Context indicators (the plan's "current situation" figures) carry a theme and a kind;
    # series from the service history leave them empty.
    theme = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


class ContextValue(models.Model):
    series = models.ForeignKey(ContextSeries, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=12)
    breakdown_key = models.CharField(max_length=200, blank=True)
    breakdown = models.JSONField(default=dict)
    value = models.DecimalField(max_digits=18, decimal_places=4)
    kind = models.CharField(
        max_length=8, choices=[("value", _("Değer")), ("target", _("Hedef"))], default="value"
    )
    approximate = models.BooleanField(default=False)
    printed = models.TextField(blank=True)
    source = models.TextField()
    note = models.TextField(blank=True)
    provenance = models.CharField(
        max_length=12, choices=Provenance.choices, default=Provenance.SEED
    )

    class Meta:
        ordering = ["series", "period", "breakdown_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "period", "breakdown_key", "kind"], name="context_value_once"
            )
        ]

    def __str__(self):
        return f"{self.series.code} {self.period} = {self.value}"


class ReminderSent(models.Model):
    """One reminder per organisation, period, kind and day, however often the job runs."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        max_length=8, choices=[("due", _("Son gün yaklaşıyor")), ("overdue", _("Gecikti"))]
    )
    day = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation", "kind", "day"], name="reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.period} {self.organisation.code} {self.kind} {self.day}"


class ContextCheck(models.Model):
    """A percentage the source printed together with the counts it comes from, to recompute."""

    percentage_of = models.ForeignKey(
        ContextSeries, on_delete=models.CASCADE, related_name="checks"
    )
    numerator = models.JSONField()  # {"period": "2020", "breakdown_key": "sex=F"}
    denominator = models.JSONField()  # one reference, or a list of references to add up
    printed_percentage = models.CharField(
        max_length=12
    )  # as printed: its decimals are its precision
    label = models.CharField(max_length=300)
    note = models.TextField(blank=True)
    source = models.TextField(blank=True)

    def __str__(self):
        return self.label
