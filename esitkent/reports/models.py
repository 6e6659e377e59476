"""Annual monitoring reports as published on the public portal."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from esitkent.plans.models import Plan


class PublishedReportQuerySet(models.QuerySet):
    def current(self):
        """The editions on the portal now; withdrawn ones are kept on record only."""
        return self.filter(withdrawn_at__isnull=True)


class PublishedReport(models.Model):
    """An annual monitoring report as the coordinating unit published it: the PDF exactly as
    rendered that day, so the public copy does not shift as later approvals arrive. A new
    edition or a withdrawal marks it withdrawn; the row and its PDF stay as the record of what
    was public and when."""

    class Language(models.TextChoices):
        TR = "tr", "Türkçe"
        EN = "en", "English"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="published_reports")
    year = models.PositiveSmallIntegerField("yıl")
    language = models.CharField("dil", max_length=2, choices=Language.choices)
    # In the database rather than a file on disk: the snapshot is written in the same
    # transaction as its row and the publication stamp, so a failed publication leaves no
    # orphan file and a committed one is never missing its PDF. A report is tens of kilobytes.
    pdf = models.BinaryField(editable=False)
    size = models.PositiveIntegerField("boyut (bayt)")
    published_at = models.DateTimeField("yayımlanma")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A report that draws on a sample period is itself sample: `make purge-sample` removes it.
    is_sample = models.BooleanField("örnek veri", default=False)
    withdrawn_at = models.DateTimeField("kaldırılma", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-year", "language", "-published_at"]
        verbose_name = "yayımlanmış rapor"
        verbose_name_plural = "yayımlanmış raporlar"
        constraints = [
            # One current edition per plan, year and language; withdrawn ones pile up freely.
            models.UniqueConstraint(
                fields=["plan", "year", "language"],
                condition=Q(withdrawn_at__isnull=True),
                name="published_report_once",
            )
        ]

    def __str__(self):
        state = "kaldırıldı" if self.withdrawn_at else "yayında"
        return f"{self.plan.slug} {self.year} {self.language} ({state})"
