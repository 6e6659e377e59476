"""The yearly self-assessment of a centre against the standards: its page and its steps
(start, save, submit, evidence, verify, return, improvement actions), and the verifiers' queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from esitkent.core.errors import InputRejected
from esitkent.core.evidence import EVIDENCE_MAX_BYTES
from esitkent.core.feedback import refusal_messages
from esitkent.core.policies import may

from . import assessment_services, domain, selectors
from .forms import ActionForm, EvidenceForm
from .models import Assessment, ImprovementAction
from .views import centre_or_404, deny_unless


@never_cache
def assessment(request, code, year):
    centre = centre_or_404(code)
    deny_unless(request, "centres.view_centre", centre)
    record = selectors.assessment_of(centre, year)
    can_assess = may(request.user, "centres.assess", centre)
    can_verify = may(request.user, "centres.verify", centre)
    if request.method == "POST":
        step = request.POST.get("adim", "")
        try:
            _assessment_step(request, step, centre, year, record, can_assess, can_verify)
        except InputRejected as exc:
            refusal_messages(request, exc)
        return redirect("centres:assessment", code=code, year=year)
    if record is None and not can_assess:
        raise Http404
    return render(
        request,
        "centres/assessment.html",
        {
            "centre": centre,
            "year": year,
            "a": record,
            "sections": selectors.assessment_sections(selectors.answers_of(record))
            if record
            else [],
            "ratings": [(code, _(label)) for code, label in domain.RATINGS.items()],
            "can_edit": can_assess
            and record is not None
            and record.status == Assessment.Status.DRAFT,
            "can_start": can_assess and record is None,
            "can_verify": can_verify
            and record is not None
            and record.status == Assessment.Status.SUBMITTED,
            "can_plan": record is not None
            and record.status == Assessment.Status.VERIFIED
            and (can_assess or can_verify),
            "evidence_form": EvidenceForm(),
            "events": record.events.select_related("by") if record else [],
            "evidence": record.evidence.all() if record else [],
            "actions": record.actions.select_related("item") if record else [],
            "statuses": ImprovementAction.Status.choices,
        },
    )


def _assessment_step(request, step, centre, year, record, can_assess, can_verify) -> None:
    if step == "baslat" and can_assess:
        assessment_services.assessment_start(centre=centre, year=year, by=request.user)
        messages.success(request, _("Öz değerlendirme başlatıldı."))
        return
    if record is None:
        raise PermissionDenied
    handler, who = _STEPS.get(step, (None, None))
    permitted = {"assess": can_assess, "verify": can_verify, "either": can_assess or can_verify}
    if handler is None or not permitted[who]:
        raise PermissionDenied
    handler(request, step, record)


def _answers_save(request, step, record) -> None:
    post, user = request.POST, request.user
    answers = {
        a.item_id: (post.get(f"r-{a.item_id}", ""), post.get(f"n-{a.item_id}", ""))
        for a in record.answers.all()
        if f"r-{a.item_id}" in post
    }
    assessment_services.assessment_save(assessment=record, answers=answers, by=user)
    if step == "gonder":
        assessment_services.assessment_submit(assessment=record, by=user)
        messages.success(request, _("Öz değerlendirme doğrulama için gönderildi."))
    else:
        messages.success(request, _("Taslak kaydedildi."))


def _evidence_attach(request, step, record) -> None:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Kanıt dosyası seçilmedi."))
        return
    upload = form.cleaned_data["file"]
    item = selectors.standard_item(form.cleaned_data.get("item") or 0)
    assessment_services.assessment_evidence_attach(
        assessment=record,
        item=item,
        name=upload.name,
        content=upload.read(EVIDENCE_MAX_BYTES + 1),
        by=request.user,
    )
    messages.success(request, _("Kanıt eklendi."))


def _verify(request, step, record) -> None:
    post = request.POST
    changes = {
        a.item_id: (post.get(f"v-{a.item_id}", ""), post.get(f"g-{a.item_id}", ""))
        for a in record.answers.all()
    }
    actions = assessment_services.assessment_verify(
        assessment=record, changes=changes, by=request.user
    )
    messages.success(
        request,
        ngettext(
            "Doğrulandı; iyileştirme planına %(n)s eylem eklendi.",
            "Doğrulandı; iyileştirme planına %(n)s eylem eklendi.",
            len(actions),
        )
        % {"n": len(actions)},
    )


def _return(request, step, record) -> None:
    assessment_services.assessment_return(
        assessment=record, by=request.user, reason=request.POST.get("gerekce", "")
    )
    messages.success(request, _("Değerlendirme merkeze geri gönderildi."))


def _action_update(request, step, record) -> None:
    post = request.POST
    action = get_object_or_404(ImprovementAction, pk=post.get("eylem"), assessment=record)
    form = ActionForm(post)
    if not form.is_valid():
        messages.error(
            request, _("%(code)s: eksik ya da geçersiz alan") % {"code": action.item.code}
        )
        return
    assessment_services.improvement_action_update(
        action=action,
        by=request.user,
        **{
            "text": form.cleaned_data["action"],
            "owner": form.cleaned_data["owner"],
            "deadline": form.cleaned_data["deadline"],
            "status": form.cleaned_data["status"],
        },
    )
    messages.success(request, _("%(code)s: eylem güncellendi.") % {"code": action.item.code})


# The form's `adim` (step) names, as the assessment page posts them: the step's handler, and
# who may take it (the centre assessing itself, the network verifying, or either).
_STEPS = {
    "kaydet": (_answers_save, "assess"),
    "gonder": (_answers_save, "assess"),
    "kanit": (_evidence_attach, "either"),
    "dogrula": (_verify, "verify"),
    "geri": (_return, "verify"),
    "eylem": (_action_update, "either"),
}


@never_cache
def evidence_download(request, code, year, evidence_id):
    centre = centre_or_404(code)
    deny_unless(request, "centres.view_centre", centre)
    record = get_object_or_404(Assessment, centre=centre, year=year)
    evidence = get_object_or_404(record.evidence, pk=evidence_id)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@never_cache
def verification_queue(request):
    deny_unless(request, "centres.verify")
    return render(request, "centres/queue.html", {"queue": selectors.verification_queue()})
