"""Reads shared by every app."""

from .models import PublicationStamp


def publication_stamp() -> PublicationStamp | None:
    return PublicationStamp.objects.filter(pk=1).first()
