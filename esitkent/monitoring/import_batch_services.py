"""The batch row of a value import: created with its upload stored, its progress recorded in
transactions of its own (the page polls it), its staged rows cleared when the run ends."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile, File
from django.db import transaction

from esitkent.plans.models import Plan

from .models import ImportBatch, StagedValue


def batch_create(
    *,
    plan: Plan,
    by,
    source_name: str,
    dry_run: bool = False,
    options: dict | None = None,
    upload=None,
) -> ImportBatch:
    """A batch row for a file about to be imported: queued, the upload stored (streamed, in
    chunks) until its run, its size and digest recorded for good."""
    batch = ImportBatch(
        plan=plan,
        by=by,
        source_name=source_name[:200],
        dry_run=dry_run,
        status=ImportBatch.Status.QUEUED,
        options=options or {},
    )
    if upload is not None:
        upload = ContentFile(upload) if isinstance(upload, bytes) else File(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        batch.size, batch.sha256 = upload.size, digest.hexdigest()
        upload.seek(0)
        batch.upload.save(f"{batch.sha256[:16]}.bin", upload, save=False)
    with transaction.atomic():
        batch.save()
    return batch


def batch_progress(batch: ImportBatch, **fields) -> None:
    """Record how far a batch got, in a transaction of its own (the page polls it)."""
    for name, value in fields.items():
        setattr(batch, name, value)
    with transaction.atomic():
        if batch.pk is None:
            batch.save()
        else:
            batch.save(update_fields=list(fields))


def batch_upload_delete(batch: ImportBatch) -> None:
    if batch.upload:
        batch.upload.delete(save=False)
        with transaction.atomic():
            ImportBatch.objects.filter(pk=batch.pk).update(upload="")


def staged_clear(batch: ImportBatch) -> None:
    if batch.pk is None:
        return
    while True:
        with transaction.atomic():
            ids = list(StagedValue.objects.filter(batch=batch).values_list("id", flat=True)[:20000])
            if not ids:
                return
            StagedValue.objects.filter(id__in=ids).delete()
