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
    # No index of its own: "organisation IS NULL" matches every across-units row, and
    # SQLite would pick such an index over the partial ones below (make bench showed it).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # The breakdown's dimension names, sorted ("", "sex", "age;sex", "district"): reads pick
    # one granularity by equality, through an index, instead of parsing keys.
    dimensions = models.CharField(max_length=60, blank=True, default="")
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
        indexes = [
            models.Index(
                fields=["dimensions", "period", "indicator"],
                condition=Q(organisation__isnull=True),
                name="summary_all_units",
            ),
            models.Index(
                fields=["organisation", "dimensions", "indicator", "period"],
                condition=Q(organisation__isnull=False),
                name="summary_per_unit",
            ),
        ]

    def __str__(self):
        who = self.organisation.code if self.organisation_id else "*"
        return f"{self.indicator.code} {self.period} {who} [{self.breakdown_key}] = {self.value}"
