"""Context series (population and other figures from outside the plan) and their checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from esitkent.core.models import Provenance


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
