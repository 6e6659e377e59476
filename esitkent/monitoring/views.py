"""The reporter's pages: her tasks, the entry form and its evidence."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from esitkent.core.errors import InputRejected
from esitkent.core.evidence import EVIDENCE_MAX_BYTES
from esitkent.core.policies import may, require
from esitkent.orgs.models import Organisation
from esitkent.orgs.selectors import district_names
from esitkent.plans.models import Plan

from . import entry_services, period_selectors, review_services, value_services
from .entry_forms import entries_from_post
from .entry_selectors import (
    entry_form,
    submission_history,
    submission_or_unsaved,
    submission_problems,
)
from .forms import STATUS_CHOICES, EvidenceForm
from .models import ReportingPeriod, Submission
from .selectors import managed_plans, reporter_tasks

view_monitoring = require("monitoring.view")


def managed_plan(request, slug) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if not may(request.user, "monitoring.manage_plan", plan):
        raise PermissionDenied
    return plan


@view_monitoring
def tasks(request):
    return render(
        request,
        "monitoring/tasks.html",
        {
            "tasks": reporter_tasks(request.user, today=timezone.localdate()),
            "plans": managed_plans(request.user),
        },
    )


class _Outcome:
    """What a save left to show: its problems, and whether it was a conflict or a save that
    could not be sent."""

    def __init__(self, problems=None, *, conflict=False, saved_but_not_sent=False):
        self.problems, self.conflict = problems, conflict
        self.saved_but_not_sent = saved_but_not_sent


@view_monitoring
def submission_entry(request, period_id, org):
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)
    organisation = get_object_or_404(Organisation, code=org)
    submission = submission_or_unsaved(period, organisation)
    if not may(request.user, "monitoring.view_submission", submission):
        raise PermissionDenied
    outcome = _Outcome()
    if request.method == "POST":
        if not may(request.user, "monitoring.enter_values", submission):
            raise PermissionDenied
        outcome = _entry_save(request, period, organisation)
        if outcome is None:
            return redirect("monitoring:entry", period_id=period.id, org=organisation.code)
        submission = submission_or_unsaved(period, organisation)
    return _entry_page(request, submission, outcome)


def _entry_save(request, period, organisation) -> _Outcome | None:
    """Save (and, asked to, submit) what was posted; None when all went through."""
    try:
        values, reports = entries_from_post(request.POST)
    except InputRejected as exc:
        return _Outcome(exc.problems)
    submission = entry_services.submission_open(period=period, organisation=organisation)
    today = timezone.localdate()
    try:
        entry_services.submission_save(
            submission=submission, values=values, reports=reports, by=request.user, today=today
        )
    except value_services.WriteConflict as exc:
        return _Outcome(exc.problems, conflict=True)
    except InputRejected as exc:
        return _Outcome(exc.problems)
    if "submit" not in request.POST:
        messages.success(request, _("Taslak kaydedildi."))
        return None
    try:
        review_services.submission_submit(submission=submission, by=request.user, today=today)
    except InputRejected as exc:
        return _Outcome(exc.problems, saved_but_not_sent=True)
    messages.success(request, _("Gönderildi: koordinatörün incelemesini bekliyor."))
    return None


def _entry_page(request, submission: Submission, outcome: _Outcome):
    today = timezone.localdate()
    editable = (
        may(request.user, "monitoring.enter_values", submission)
        and submission.status in Submission.EDITABLE
        and period_selectors.period_accepts_entries(submission.period, today)
    )
    every_period = request.GET.get("gecmis") == "tum"
    blocks = entry_form(submission, today=today, every_period=every_period)
    return render(
        request,
        "monitoring/entry.html",
        {
            "submission": submission,
            "period": submission.period,
            "blocks": blocks,
            "editable": editable,
            "problems": outcome.problems,
            "saved_but_not_sent": outcome.saved_but_not_sent,
            "pending": submission_problems(submission, today=today, blocks=blocks)
            if editable
            else [],
            "statuses": STATUS_CHOICES,
            "evidence_form": EvidenceForm(),
            "history": submission_history(submission),
            "conflict": outcome.conflict,
            "every_period": every_period,
            "districts": district_names(),  # the history keeps a district by its code
        },
        status=409 if outcome.conflict else 400 if outcome.problems else 200,
    )


@view_monitoring
def evidence_upload(request, pk):
    submission = get_object_or_404(Submission, pk=pk)
    if request.method != "POST" or not may(request.user, "monitoring.enter_values", submission):
        raise PermissionDenied
    if int(request.META.get("CONTENT_LENGTH") or 0) > EVIDENCE_MAX_BYTES + 64 * 1024:
        messages.error(request, _("Kanıt dosyası 10 MB'tan büyük olamaz."))
    else:
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                entry_services.evidence_attach(
                    submission=submission,
                    name=upload.name,
                    content=upload.read(
                        EVIDENCE_MAX_BYTES + 1
                    ),  # never more than the limit into memory
                    by=request.user,
                    today=timezone.localdate(),
                )
                messages.success(request, _("Kanıt eklendi."))
            except InputRejected as exc:
                messages.error(request, "; ".join(str(p) for p in exc.problems))
    return redirect(
        "monitoring:entry", period_id=submission.period_id, org=submission.organisation.code
    )


@view_monitoring
def evidence_download(request, pk, evidence_id):
    submission = get_object_or_404(Submission, pk=pk)
    if not may(request.user, "monitoring.view_submission", submission):
        raise PermissionDenied
    evidence = submission.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=True,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response
