"""A record's files: upload (checked, then kept encrypted) and a logged download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from esitkent.core import downloads
from esitkent.core.errors import InputRejected
from esitkent.core.evidence import file_suffix
from esitkent.core.feedback import refusal_messages

from . import access_services, attachment_services, selectors
from .models import AccessLogEntry
from .views import case_found, case_page

Action = AccessLogEntry.Action


@case_page
def attachment_upload(request, code):
    case, _access = case_found(request, code, owner=True)
    upload = request.FILES.get("file")
    if request.method == "POST" and upload is not None:
        try:
            attachment_services.attachment_add(
                case=case, by=request.user, name=upload.name, content=upload.read()
            )
        except InputRejected as exc:
            refusal_messages(request, exc)
        else:
            messages.success(request, _("Ek dosya şifrelenerek kaydedildi."))
    return redirect("cases:detail", code=code)


@case_page
def attachment_download(request, code, attachment_id):
    case, _access = case_found(request, code, owner=True)
    attachment = selectors.attachment_for(case, attachment_id)
    if attachment is None:
        raise Http404
    access_services.access_record(
        user=request.user, action=Action.ATTACHMENT, case=case, detail="ek indirildi"
    )
    suffix = file_suffix(attachment.content_type)
    return downloads.attachment(
        selectors.attachment_bytes(attachment), f"ek-{attachment.pk}.{suffix}"
    )
