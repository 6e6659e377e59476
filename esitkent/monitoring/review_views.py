"""The coordinating office's pages: the review queue and a submission's review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.policies import may
from esitkent.orgs.selectors import district_names

from . import entry_services, review_services
from .entry_selectors import entry_form
from .models import Submission
from .review_selectors import completeness, review_history, review_queue, submission_evidence
from .views import managed_plan, view_monitoring


@view_monitoring
def review_queue_view(request, slug):
    plan = managed_plan(request, slug)
    periods = list(plan.reporting_periods.all())
    return render(
        request,
        "monitoring/queue.html",
        {
            "plan": plan,
            "queue": review_queue(plan),
            "completeness": [(p, completeness(plan, p)) for p in periods],
        },
    )


@view_monitoring
def submission_review(request, pk):
    submission = get_object_or_404(
        Submission.objects.select_related("period__plan", "organisation"), pk=pk
    )
    if not may(request.user, "monitoring.review_submission", submission):
        raise PermissionDenied
    problems = None
    if request.method == "POST":
        try:
            messages.success(request, _review_act(request, submission))
            return redirect("monitoring:review", pk=submission.pk)
        except InputRejected as exc:
            problems = exc.problems
    return render(
        request,
        "monitoring/review.html",
        {
            "submission": submission,
            "blocks": entry_form(submission, today=timezone.localdate()),
            "problems": problems,
            "evidence": submission_evidence(submission),
            "history": review_history(submission),
            "districts": district_names(),  # the history keeps a district by its code
        },
        status=400 if problems else 200,
    )


def _review_act(request, submission: Submission) -> str:
    """Do the reviewer's action on the submission; what to tell her it did."""
    action = request.POST.get("action")
    if action == "approve":
        review_services.submission_approve(submission=submission, by=request.user)
        return _("Onaylandı; değerler kilitlendi.")
    if action == "note":
        value_id = request.POST.get("value", "")
        entry_services.value_note_add(
            submission=submission,
            value_id=int(value_id) if value_id.isdigit() else 0,
            by=request.user,
            text=request.POST.get("text", ""),
        )
        return _("Not eklendi; birim bu değerin yanında görecek.")
    reason = request.POST.get("reason", "")
    if action == "return":
        review_services.submission_return(submission=submission, by=request.user, reason=reason)
        return _("Gerekçesiyle birime geri gönderildi.")
    if action == "unapprove":
        review_services.submission_unapprove(submission=submission, by=request.user, reason=reason)
        return _("Onay kaldırıldı; birim yeniden düzenleyebilir.")
    raise InputRejected([Problem("işlem", "bilinmeyen işlem")])
