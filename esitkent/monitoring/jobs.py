"""Entry points for django-q2 schedules: they take no objects, only run the daily work."""

from django.utils import timezone

from .reminders import reminders_send
from .services import periods_lock_expired


def send_reminders() -> int:
    return reminders_send(today=timezone.localdate())


def lock_expired_periods() -> int:
    return periods_lock_expired(today=timezone.localdate())
