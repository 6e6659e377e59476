"""Pages of referrals and transfers: sending one from the record, and the answer (accept,
reject, done) or revocation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from esitkent.core.errors import InputRejected
from esitkent.core.feedback import refusal_messages

from . import forms, referral_selectors, referral_services, selectors
from .views import case_found, case_page, record_form_page, refusal_logged


@case_page
def referral_new(request, code):
    case, _access = case_found(request, code, owner=True)
    targets = referral_selectors.referral_targets(case)

    def write(case, data, form):
        to_centre = next(c for c in targets if c.code == data["to_centre"])
        referral_services.referral_create(
            case=case,
            by=request.user,
            to_centre=to_centre,
            kind=data["kind"],
            service=data["service"],
            sections=data["sections"],
            note=data["note"],
            override_reason=data["override_reason"],
        )

    return record_form_page(
        request,
        case,
        forms.ReferralForm,
        _("Yönlendirme ya da devir"),
        write,
        form_kwargs={"centres": targets},
    )


@case_page
def referral_respond(request, referral_id):
    """Accept, reject or mark done (the receiver); revoke (the sender)."""
    if request.method != "POST":
        return redirect("cases:list")
    referral = referral_selectors.referral_for(request.user, referral_id)
    if referral is None:
        refusal_logged(request, f"yönlendirmeye yanıt: #{referral_id}")
        raise Http404
    action, note = request.POST.get("action", ""), request.POST.get("note", "")
    try:
        if action == "revoke":
            referral_services.referral_revoke(referral=referral, by=request.user, note=note)
        else:
            referral_services.referral_respond(
                referral=referral, by=request.user, action=action, note=note
            )
    except InputRejected as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Yönlendirme güncellendi."))
    if selectors.case_for(request.user, referral.case.survivor_code) is not None:
        return redirect("cases:detail", code=referral.case.survivor_code)
    return redirect("cases:list")
