"""A file kept with a case record (evidence, a court decision), checked before it is kept."""

from __future__ import annotations

import base64

from django.db import transaction

from esitkent.core.evidence import checked_evidence

from .access_services import access_record
from .models import AccessLogEntry, Case, CaseAttachment


@transaction.atomic
def attachment_add(*, case: Case, by, name: str, content: bytes) -> CaseAttachment:
    checked = checked_evidence(name, content)
    attachment = CaseAttachment.objects.create(
        case=case,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        content=base64.b64encode(content).decode(),
        uploaded_by=by,
    )
    access_record(user=by, action=AccessLogEntry.Action.ATTACHMENT, case=case, detail="ek yüklendi")
    return attachment
