"""The coordinating office's pages: the review queue and a submission's review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.policies import may
from esitkent.orgs.selectors import district_names

from . import services
from .entry_selectors import entry_form
from .models import Submission
from .review_selectors import completeness, review_queue
from .views import _managed_plan, _today, view_monitoring


@view_monitoring
def review_queue_view(request, slug):
    plan = _managed_plan(request, slug)
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
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.submission_approve(submission=submission, by=request.user)
                messages.success(request, _("Onaylandı; değerler kilitlendi."))
            elif action == "note":
                value_id = request.POST.get("value", "")
                services.value_note_add(
                    submission=submission,
                    value_id=int(value_id) if value_id.isdigit() else 0,
                    by=request.user,
                    text=request.POST.get("text", ""),
                )
                messages.success(request, _("Not eklendi; birim bu değerin yanında görecek."))
            elif action in {"return", "unapprove"}:
                reason = request.POST.get("reason", "")
                service = (
                    services.submission_return
                    if action == "return"
                    else services.submission_unapprove
                )
                service(submission=submission, by=request.user, reason=reason)
                messages.success(
                    request,
                    _("Gerekçesiyle birime geri gönderildi.")
                    if action == "return"
                    else _("Onay kaldırıldı; birim yeniden düzenleyebilir."),
                )
            else:
                raise InputRejected([Problem("işlem", "bilinmeyen işlem")])
            return redirect("monitoring:review", pk=submission.pk)
        except InputRejected as exc:
            problems = exc.problems
    return render(
        request,
        "monitoring/review.html",
        {
            "submission": submission,
            "blocks": entry_form(submission, today=_today()),
            "problems": problems,
            "evidence": submission.evidence.order_by("uploaded_at", "id"),
            "history": submission.changes.select_related("by"),
            "districts": district_names(),  # the history keeps a district by its code
        },
        status=400 if problems else 200,
    )
