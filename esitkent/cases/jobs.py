"""Background jobs of the case records (django-q2 calls these by dotted path)."""

from django.utils import timezone

from .retention_services import cases_purge


def purge_expired_cases() -> int:
    return len(cases_purge(today=timezone.localdate()))
