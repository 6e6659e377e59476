"""Thin views above single records: the support-line log, the encrypted export, the access
log and the anonymised statistics."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from esitkent.core import downloads
from esitkent.core.errors import InputRejected
from esitkent.core.feedback import refusal_messages, refusal_on_form
from esitkent.plans.models import Plan

from . import (
    access_selectors,
    access_services,
    call_selectors,
    call_services,
    exports,
    feeds,
    forms,
    policies,
    selectors,
    statistics_selectors,
)
from .models import AccessLogEntry
from .views import case_page

PLAN = "izmir-yeep-2022-2024"


@case_page
def calls(request):
    centres = selectors.my_centres(request.user)
    form = forms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call_services.call_record(centre=centres[0], by=request.user, **form.cleaned_data)
        except InputRejected as exc:
            refusal_on_form(form, exc)
        else:
            messages.success(request, _("Çağrı kaydedildi."))
            return redirect("cases:calls")
    return render(
        request, "cases/calls.html", {"form": form, "calls": call_selectors.calls(request.user)}
    )


@case_page
def call_convert(request, call_id):
    call = call_selectors.call_for(request.user, call_id)
    if call is None:
        raise Http404
    form = forms.ApplicationForm(
        request.POST or None,
        initial={
            "channel": "support_line",
            "age_band": call.age_band,
            "district": call.district.code if call.district else None,
        },
    )
    form.fields["channel"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            case = call_services.call_convert(call=call, by=request.user, **form.application())
        except InputRejected as exc:
            refusal_on_form(form, exc)
        else:
            messages.success(
                request, _("Çağrıdan vaka açıldı: %(code)s") % {"code": case.survivor_code}
            )
            return redirect("cases:detail", code=case.survivor_code)
    return render(request, "cases/application.html", {"form": form, "call": call})


@case_page
def export(request):
    managed = selectors.managed_centres(request.user)
    if not managed:
        access_services.access_record(
            user=request.user, action=AccessLogEntry.Action.DENIED, detail="dışa aktarma"
        )
        raise PermissionDenied
    form = forms.ExportForm(request.POST or None)
    centre = managed.filter(code=request.POST.get("centre", "")).first() or managed.first()
    if request.method == "POST" and form.is_valid():
        name, content = exports.centre_export(
            centre=centre,
            by=request.user,
            password=form.cleaned_data["password"],
            reason=form.cleaned_data["reason"],
        )
        return downloads.attachment(content, name)
    return render(request, "cases/export.html", {"form": form, "centres": managed})


@never_cache
def access_log(request):
    if not policies.may_read_access_log(request.user):
        raise PermissionDenied
    code = request.GET.get("kod", "")
    return render(
        request,
        "cases/access_log.html",
        {"entries": access_selectors.access_log(request.user, case_code=code), "code": code},
    )


def _month(text: str, months: list[str]) -> str:
    if text in months:
        return text
    if months:
        return months[0]
    return f"{timezone.localdate():%Y-%m}"


@never_cache
@sensitive_post_parameters()
def statistics(request):
    """Managers: their own centre, one column. The network coordinator: every centre by
    district. Internal threshold (1–4 hidden) with complementary suppression; fixed months,
    no free queries."""
    user = request.user
    if not policies.sees_centre_statistics(user):
        raise PermissionDenied
    network = policies.sees_network_statistics(user)
    managed = policies.managed_centre_ids(user)
    months = statistics_selectors.months_with_cases(None if network else managed)
    month = _month(request.GET.get("ay", ""), months)
    dimension = request.GET.get("boyut", "core_type")
    dimension = dimension if dimension in statistics_selectors.DIMENSIONS else "core_type"
    if request.method == "POST":
        if not network:
            raise PermissionDenied
        plan = Plan.objects.filter(slug=PLAN).first()
        year = request.POST.get("yil", "")
        if not year.isdigit():
            messages.error(request, _("Yıl seçilmedi."))
            return redirect("cases:statistics")
        try:
            written = feeds.violence_indicators_enter(plan=plan, year=int(year), by=user)
        except InputRejected as exc:
            refusal_messages(request, exc)
        else:
            messages.success(
                request,
                _("Onay bekleyen değerler olarak yazıldı: %(lines)s")
                % {"lines": "; ".join(written)},
            )
        return redirect("cases:statistics")
    table = statistics_selectors.anonymised_counts(
        month=month,
        dimension=dimension,
        by_district=network,
        centre_ids=None if network else managed,
    )
    access_services.access_record(
        user=user, action=AccessLogEntry.Action.STATISTICS, detail=f"{month} {dimension}"
    )
    return render(
        request,
        "cases/statistics.html",
        {
            "table": table,
            "rows": table.display_rows(),
            "months": months,
            "month": month,
            "dimension": dimension,
            "dimensions": statistics_selectors.DIMENSIONS,
            "network": network,
            "years": sorted({int(m[:4]) for m in months}, reverse=True),
        },
    )
