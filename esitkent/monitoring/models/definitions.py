"""Indicator definitions, their targets, the units that report them and the rules between
their totals."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esitkent.core.models import Provenance
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator, Plan


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
