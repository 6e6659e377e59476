"""Writes shared by every app."""

from django.db.models import F
from django.utils import timezone

from .models import PublicationStamp


def publication_touch() -> None:
    """Call inside the transaction that changes published data: the new stamp becomes
    visible with that data, never before it."""
    now = timezone.now()
    if not PublicationStamp.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        PublicationStamp.objects.create(pk=1, version=1, changed_at=now)
