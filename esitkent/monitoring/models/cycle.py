"""The reporting cycle: periods, submissions with their evidence and activity reports, and
reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esitkent.core.models import EvidenceFile
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Activity, Plan

from .. import domain


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


class Evidence(EvidenceFile):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")


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
