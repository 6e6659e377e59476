"""The standards catalogue: the version in force, drafts of the next one, their items, and
publishing a draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from esitkent.core.errors import InputRejected
from esitkent.core.feedback import refusal_messages
from esitkent.core.policies import may

from . import selectors, standards_services
from .models import StandardItem, StandardsVersion
from .views import deny_unless


@never_cache
def standards(request):
    deny_unless(request, "centres.view_directory")
    number = request.GET.get("surum")
    versions = selectors.standards_versions()
    shown = next((v for v in versions if str(v.number) == number), None) or (
        selectors.version_in_force() or (versions[0] if versions else None)
    )
    return render(
        request,
        "centres/standards.html",
        {
            "versions": versions,
            "version": shown,
            "sections": selectors.catalogue(shown) if shown else [],
            "can_manage": may(request.user, "centres.manage_standards"),
        },
    )


@never_cache
def standards_draft(request):
    deny_unless(request, "centres.manage_standards")
    if request.method != "POST":
        raise PermissionDenied
    try:
        draft = standards_services.standards_draft_create(by=request.user)
    except InputRejected as exc:
        refusal_messages(request, exc)
        return redirect("centres:standards")
    messages.success(
        request,
        _("Sürüm %(n)s taslağı hazır; maddeleri düzenleyebilirsiniz.") % {"n": draft.number},
    )
    return redirect(f"{reverse('centres:standards')}?surum={draft.number}")


@never_cache
def standards_item(request, item_id):
    deny_unless(request, "centres.manage_standards")
    item = get_object_or_404(StandardItem.objects.select_related("section__version"), pk=item_id)
    version = item.section.version
    if request.method == "POST":
        try:
            if request.POST.get("sil"):
                standards_services.standards_item_delete(item=item)
                messages.success(request, _("%(code)s taslaktan çıkarıldı.") % {"code": item.code})
            else:
                standards_services.standards_item_save(
                    version=version,
                    section=item.section,
                    item=item,
                    **{
                        k: request.POST.get(k, "")
                        for k in ("code", "text", "description", "evidence", "source")
                    },
                )
                messages.success(
                    request, _("%(code)s kaydedildi.") % {"code": request.POST.get("code")}
                )
            return redirect(f"{reverse('centres:standards')}?surum={version.number}")
        except InputRejected as exc:
            refusal_messages(request, exc)
    return render(request, "centres/standards_item.html", {"item": item, "version": version})


@never_cache
def standards_publish(request, number):
    deny_unless(request, "centres.manage_standards")
    version = get_object_or_404(StandardsVersion, number=number)
    if request.method == "POST":
        try:
            standards_services.standards_publish(version=version, by=request.user)
            messages.success(
                request,
                _("Sürüm %(n)s yürürlüğe girdi; önceki değerlendirmeler kendi sürümlerinde kalır.")
                % {"n": version.number},
            )
        except InputRejected as exc:
            refusal_messages(request, exc)
    return redirect(f"{reverse('centres:standards')}?surum={version.number}")
