"""The access log's one write. Every service and every view that shows or refuses a record
appends its row here."""

from __future__ import annotations

from esitkent.centres.models import Centre

from .models import AccessLogEntry, Case


def access_record(
    *,
    user,
    action: str,
    case: Case | None = None,
    centre: Centre | None = None,
    detail: str = "",
    reason: str = "",
) -> AccessLogEntry:
    """Append one row. `detail` and `reason` must never carry a sensitive value: callers pass
    what was done ("olay eklendi"), not what was written."""
    if centre is None and case is not None:
        centre = case.centre
    return AccessLogEntry.objects.create(
        user_ref=user.pk if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None and user.is_authenticated else "",
        centre_code=centre.code if centre is not None else "",
        action=action,
        case_code=case.survivor_code if case is not None else "",
        detail=detail[:200],
        reason=reason[:200],
    )
