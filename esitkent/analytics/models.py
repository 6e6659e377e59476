"""Summaries that dashboards and the public read: approved values only, refreshed per group."""

from django.db import models

from esitkent.plans.models import Indicator


class IndicatorSummary(models.Model):
    """An indicator's approved value for a period and breakdown, across reporting organisations."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="summaries")
    period = models.CharField(max_length=12)
    breakdown_key = models.CharField(max_length=200, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=4)
    organisations = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown_key"], name="summary_once"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self):
        return f"{self.indicator.code} {self.period} [{self.breakdown_key}] = {self.value}"
