"""Reads about value imports: a plan's recent batches, one batch, the units a plan's file may
name, and a batch's counts in words."""

from __future__ import annotations

from esitkent.plans.models import Plan

from .models import ImportBatch


def batch_line(batch: ImportBatch) -> str:
    return (
        f"içe aktarılan {batch.imported}, güncellenen {batch.updated}, değişmeyen "
        f"{batch.unchanged}, silinen {batch.deleted}, yok sayılan {batch.ignored}"
    )


def recent_batches(plan: Plan, count: int = 10):
    return ImportBatch.objects.filter(plan=plan).select_related("by")[:count]


def plan_batches(plan: Plan):
    """The plan's batches, to find one by its id."""
    return ImportBatch.objects.select_related("by").filter(plan=plan)
