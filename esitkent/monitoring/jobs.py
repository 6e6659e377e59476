"""Entry points for django-q2 schedules: they take no objects, only run the daily work."""

from django.utils import timezone

from .period_services import periods_lock_expired
from .reminders import reminders_send


def send_reminders() -> int:
    return reminders_send(today=timezone.localdate())


def lock_expired_periods() -> int:
    return periods_lock_expired(today=timezone.localdate())


def values_import_run(batch_id: int) -> str:
    """A large value file's import, queued by the exchange page; its batch row is the result."""
    from esitkent.core.errors import InputRejected

    from .import_services import batch_run
    from .models import ImportBatch

    batch = ImportBatch.objects.select_related("plan", "by").get(pk=batch_id)
    try:
        batch_run(batch=batch, today=timezone.localdate())
    except InputRejected:
        pass  # refused: the problems are on the batch row, for its page
    except Exception:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, finished_at=timezone.now()
        )
        raise
    return batch.status
