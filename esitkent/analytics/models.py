"""Summaries that dashboards and the public read: approved values only, refreshed per group."""

from django.db import models
from django.db.models import Q

from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator


class IndicatorSummary(models.Model):
    """An indicator's approved value for a period and breakdown: one row per reporting
    organisation, and one row across them all (organisation empty)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="summaries")
    period = models.CharField(max_length=12)
    breakdown_key = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(max_digits=20, decimal_places=4)
    organisations = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Two conditional constraints, because NULLs are distinct in a plain unique constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown_key"],
                condition=Q(organisation__isnull=True),
                name="summary_once",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown_key", "organisation"],
                condition=Q(organisation__isnull=False),
                name="summary_once_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self):
        who = self.organisation.code if self.organisation_id else "*"
        return f"{self.indicator.code} {self.period} {who} [{self.breakdown_key}] = {self.value}"
