"""Thin views of one case record: find it through the centre-scoped selector, check the
policy, call a service, log the access. Every page is `no-store`, and POSTed fields are
kept out of error reports."""

from __future__ import annotations

import re
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from esitkent.core.errors import InputRejected
from esitkent.core.feedback import refusal_on_form

from . import (
    access_services,
    alert_selectors,
    domain,
    forms,
    policies,
    referral_selectors,
    selectors,
    services,
)
from .models import AccessLogEntry

Action = AccessLogEntry.Action
SURVIVOR_CODE = re.compile(r"V-[A-Z0-9]{4}-[A-Z0-9]{4}")


def case_page(view):
    """Only case roles; never cached; no POSTed value and no local variable of this or any
    frame below it (a service's arguments, the ORM's) in an error report."""

    @wraps(view)
    @never_cache
    @sensitive_post_parameters()
    @sensitive_variables()
    def wrapper(request, *args, **kwargs):
        if not policies.works_on_cases(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _shown(code: str) -> str:
    # Whatever was typed stays out of the permanent log unless it has the shape of a survivor
    # code: it might be a name or a national ID number.
    return code if SURVIVOR_CODE.fullmatch(code) else "(kod biçiminde değil)"


def refusal_logged(request, detail: str) -> None:
    """A refused attempt on a record, logged without naming a record or a centre: another
    centre's record and a code that does not exist leave the same trace."""
    access_services.access_record(user=request.user, action=Action.DENIED, detail=detail)


def case_found(request, code: str, *, owner: bool = False):
    """The record through visible_cases, or 404 exactly as for a code that does not exist;
    a refused attempt is logged."""
    found = selectors.case_for(request.user, code)
    if found is None:
        refusal_logged(request, f"kayıt açılamadı: {_shown(code)}")
        raise Http404
    case, access = found
    if owner and not access.owner:
        access_services.access_record(
            user=request.user, action=Action.DENIED, case=case, detail="yalnız okuma izni var"
        )
        raise PermissionDenied
    return case, access


@case_page
def case_list(request):
    status = request.GET.get("durum", "")
    code = request.GET.get("kod", "").strip()
    cases = selectors.case_list(request.user, status=status, code=code)
    centres = selectors.my_centres(request.user)
    access_services.access_record(
        user=request.user,
        centre=centres[0] if len(centres) == 1 else None,
        action=Action.SEARCH if code else Action.LIST,
        detail=f"{len(cases)} kayıt listelendi" + (" (kod ile)" if code else ""),
    )
    if code and not cases:
        refusal_logged(request, f"kod ile arama: {_shown(code.upper())}")
    return render(
        request,
        "cases/list.html",
        {
            "cases": cases,
            "status": status,
            "code": code,
            "incoming": referral_selectors.incoming_referrals(request.user),
            "alerts": alert_selectors.alerts(request.user),
            "centres": centres,
            "search_form": forms.NationalIdSearchForm(),
            "manages": bool(policies.managed_centre_ids(request.user)),
        },
    )


@case_page
def national_id_search(request):
    """POST only, so the number is never in an address, a server log or the history."""
    if request.method != "POST":
        return redirect("cases:list")
    form = forms.NationalIdSearchForm(request.POST)
    cases = selectors.find_by_national_id(request.user, form.data.get("national_id", ""))
    centres = selectors.my_centres(request.user)
    access_services.access_record(
        user=request.user,
        centre=centres[0] if len(centres) == 1 else None,
        action=Action.SEARCH,
        detail=f"T.C. kimlik no ile arama: {len(cases)} sonuç",
    )
    number = form.data.get("national_id", "")
    if selectors.national_id_held_elsewhere(request.user, number):
        # Never the number: the row says only that it led to a record she may not open.
        refusal_logged(request, "T.C. kimlik no ile arama: başka merkezin kaydı gösterilmedi")
    return render(request, "cases/search.html", {"cases": cases, "form": form})


@case_page
def case_new(request):
    centres = selectors.my_centres(request.user)
    form = forms.ApplicationForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                centre=form.centre(),
                by=request.user,
                channel=form.cleaned_data["channel"],
                **form.application(),
            )
        except InputRejected as exc:
            refusal_on_form(form, exc)
        else:
            messages.success(
                request, _("Başvuru kaydedildi: %(code)s") % {"code": case.survivor_code}
            )
            return redirect("cases:detail", code=case.survivor_code)
    return render(request, "cases/application.html", {"form": form})


@case_page
def case_detail(request, code):
    case, access = case_found(request, code)
    access_services.access_record(
        user=request.user,
        action=Action.VIEW,
        case=case,
        centre=None if access.owner else access.referrals[0].to_centre,
        detail="kayıt görüntülendi" + ("" if access.owner else " (yönlendirme ile)"),
    )
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "access": access,
            "sees_contact": access.sees_contact(case),
            "parts": selectors.case_sections(case, access),
            "domain": domain,
            "reveal_form": forms.RevealForm(),
        },
    )


@case_page
def case_reveal(request, code):
    """A confidential address's contact fields, shown once, for a reason that is logged."""
    case, access = case_found(request, code, owner=True)
    form = forms.RevealForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("cases:detail", code=code)
    access_services.access_record(
        user=request.user, action=Action.REVEAL, case=case, reason=form.cleaned_data["reason"]
    )
    return render(request, "cases/reveal.html", {"case": case})


def record_form_page(request, case_or_code, form_class, title, write, *, form_kwargs=None):
    """The pattern of every small form on the owner's record: show, parse, write, back to the
    record. Takes the record when the view has already found it."""
    case = case_or_code
    if isinstance(case_or_code, str):
        case, _access = case_found(request, case_or_code, owner=True)
    form = form_class(request.POST or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            write(case, form.cleaned_data, form)
        except InputRejected as exc:
            refusal_on_form(form, exc)
        else:
            messages.success(request, _("Kaydedildi."))
            return redirect("cases:detail", code=case.survivor_code)
    return render(request, "cases/form.html", {"case": case, "form": form, "title": title})


@case_page
def identity_edit(request, code):
    """For a confidential address the form opens only after a reason, like the reveal; the
    reason step never saves, so an empty reason cannot reach the identity form's save."""
    case, _access = case_found(request, code, owner=True)
    initial = {f: getattr(case, f) for f in forms.ApplicationForm.IDENTITY_FIELDS}
    initial["confidential_address"] = case.confidential_address
    title = _("Kimlik ve iletişim bilgileri")
    if request.method == "POST" and "reveal_reason" in request.POST:
        reason = request.POST["reveal_reason"].strip()[:200]
        if not reason:
            return render(request, "cases/identity_reason.html", {"case": case})
        access_services.access_record(
            user=request.user, action=Action.REVEAL, case=case, detail="kimlik formu", reason=reason
        )
        form = forms.IdentityForm(initial=initial)
        return render(request, "cases/form.html", {"case": case, "form": form, "title": title})
    if request.method != "POST":
        if case.confidential_address:
            return render(request, "cases/identity_reason.html", {"case": case})
        access_services.access_record(
            user=request.user, action=Action.REVEAL, case=case, detail="kimlik formu"
        )
    return record_form_page(
        request,
        case,
        forms.IdentityForm,
        title,
        lambda case, data, form: services.identity_update(
            case=case,
            by=request.user,
            identity={f: data[f] for f in forms.ApplicationForm.IDENTITY_FIELDS},
            confidential_address=data["confidential_address"],
        ),
        form_kwargs={"initial": initial},
    )


@case_page
def consent_edit(request, code):
    return record_form_page(
        request,
        code,
        forms.ConsentForm,
        _("Onam"),
        lambda case, data, form: services.consent_record(case=case, by=request.user, **data),
    )


@case_page
def case_close(request, code):
    return record_form_page(
        request,
        code,
        forms.CloseForm,
        _("Vakayı kapat"),
        lambda case, data, form: services.case_close(case=case, by=request.user, **data),
    )
