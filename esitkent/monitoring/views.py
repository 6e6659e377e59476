import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.evidence import EVIDENCE_MAX_BYTES
from esitkent.core.policies import may, require
from esitkent.core.reasons import Reason, gettext_noop
from esitkent.orgs.models import Organisation
from esitkent.orgs.selectors import district_names
from esitkent.plans.models import Indicator, Plan

from . import (
    definition_services,
    domain,
    entry_services,
    period_selectors,
    period_services,
    review_services,
    value_services,
)
from .forms import (
    STATUS_CHOICES,
    DefinitionForm,
    EvidenceForm,
    PeriodForm,
    ReopenForm,
)
from .models import ReportingPeriod, Submission
from .selectors import (
    completeness,
    entry_form,
    progress_tree,
    reporter_tasks,
    review_queue,
    submission_problems,
)

view_monitoring = require("monitoring.view")


def _today():
    return timezone.localdate()


@view_monitoring
def tasks(request):
    plans = [p for p in Plan.objects.all() if may(request.user, "monitoring.manage_plan", p)]
    return render(
        request,
        "monitoring/tasks.html",
        {"tasks": reporter_tasks(request.user, today=_today()), "plans": plans},
    )


@view_monitoring
def submission_entry(request, period_id, org):
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)
    organisation = get_object_or_404(Organisation, code=org)
    # Reading the page writes nothing: an unsaved submission stands in until the first save.
    submission = Submission.objects.filter(
        period=period, organisation=organisation
    ).first() or Submission(period=period, organisation=organisation)
    if not may(request.user, "monitoring.view_submission", submission):
        raise PermissionDenied
    may_enter = may(request.user, "monitoring.enter_values", submission)
    problems, saved_but_not_sent, conflict = None, False, False
    today = _today()
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        try:
            values, reports = _parse_entry(request.POST)
        except InputRejected as exc:
            problems = exc.problems
        else:
            submission = entry_services.submission_open(period=period, organisation=organisation)
            try:
                entry_services.submission_save(
                    submission=submission,
                    values=values,
                    reports=reports,
                    by=request.user,
                    today=today,
                )
            except value_services.WriteConflict as exc:
                problems, conflict = exc.problems, True
            except InputRejected as exc:
                problems = exc.problems
            else:
                if "submit" not in request.POST:
                    messages.success(request, _("Taslak kaydedildi."))
                    return redirect("monitoring:entry", period_id=period.id, org=organisation.code)
                try:
                    review_services.submission_submit(
                        submission=submission, by=request.user, today=today
                    )
                    messages.success(request, _("Gönderildi: koordinatörün incelemesini bekliyor."))
                    return redirect("monitoring:entry", period_id=period.id, org=organisation.code)
                except InputRejected as exc:
                    problems, saved_but_not_sent = exc.problems, True
        submission = (
            Submission.objects.filter(period=period, organisation=organisation).first()
            or submission
        )
    editable = (
        may_enter
        and submission.status in Submission.EDITABLE
        and period_selectors.period_accepts_entries(period, today)
    )
    every_period = request.GET.get("gecmis") == "tum"
    blocks = entry_form(submission, today=today, every_period=every_period)
    return render(
        request,
        "monitoring/entry.html",
        {
            "submission": submission,
            "period": period,
            "blocks": blocks,
            "editable": editable,
            "problems": problems,
            "saved_but_not_sent": saved_but_not_sent,
            "pending": submission_problems(submission, today=today, blocks=blocks)
            if editable
            else [],
            "statuses": STATUS_CHOICES,
            "evidence_form": EvidenceForm(),
            "history": submission.changes.select_related("by").filter(
                indicator__isnull=True, activity_report__isnull=True
            )
            if submission.pk
            else [],
            "conflict": conflict,
            "every_period": every_period,
            "districts": district_names(),  # the history keeps a district by its code
        },
        status=409 if conflict else 400 if problems else 200,
    )


COMMENT_WITHOUT_VALUE = Reason(
    "comment_without_value",
    gettext_noop("açıklama bir değerin yanında saklanır; önce değeri girin ya da açıklamayı silin"),
)


def _parse_entry(post):
    """Form fields v|<indicator id>|<breakdown key>, c|… for comments, a|<activity id>|<field>.

    Which indicators and activities the unit may write is decided by the service, not here.
    """
    indicator_ids = set()
    fields = []
    for name, raw in post.items():
        if not name.startswith("v|"):
            continue
        parts = name.split("|", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            raise InputRejected(
                [Problem("form", "form alanı anlaşılamadı; sayfayı yenileyip yeniden deneyin")]
            )
        indicator_ids.add(int(parts[1]))
        fields.append((int(parts[1]), parts[2], raw))
    indicators = Indicator.objects.in_bulk(indicator_ids)
    values, lost_comments = [], []
    for indicator_id, key, raw in fields:
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise InputRejected([Problem("form", "bilinmeyen gösterge")])
        try:
            breakdown = domain.parse_breakdown_key(key)
        except ValueError as exc:
            raise InputRejected([Problem(indicator.code, str(exc))]) from None
        comment_field = f"c|{indicator_id}|{key}"
        comment = post[comment_field].strip() if comment_field in post else None
        seen_version = post.get(f"ver|{indicator_id}|{key}")
        where = f"{indicator.code} {domain.breakdown_label(breakdown)}"
        original_comment = post.get(f"oc|{indicator_id}|{key}")
        # A value's comment is stored with the value: one typed beside an empty cell would
        # vanish on save without a word, so it is sent back instead.
        if not raw.strip() and comment and comment != (original_comment or "").strip():
            lost_comments.append(Problem(where, COMMENT_WITHOUT_VALUE))
        values.append(
            value_services.ValueEntry(
                indicator,
                breakdown,
                raw,
                comment,
                where,
                version=int(seen_version) if seen_version and seen_version.isdigit() else None,
                original=post.get(f"o|{indicator_id}|{key}"),
                original_comment=original_comment,
            )
        )
    if lost_comments:
        raise InputRejected(lost_comments)
    reports = []
    activity_ids = sorted(
        {
            int(n.split("|")[1])
            for n in post
            if n.startswith("a|") and n.count("|") == 2 and n.split("|")[1].isdigit()
        }
    )
    for activity_id in activity_ids:

        def field(name, a=activity_id):
            return post.get(f"a|{a}|{name}", "").strip()

        def shown(name, a=activity_id):
            return post.get(f"ao|{name}|{a}", "").strip()

        progress, new_date = field("progress"), field("new_date")
        try:
            original = None
            if f"ao|status|{activity_id}" in post:
                original = {
                    "status": shown("status"),
                    "progress": int(shown("progress")) if shown("progress") else None,
                    "milestones": shown("milestones"),
                    "explanation": shown("explanation"),
                    "corrective_action": shown("corrective_action"),
                    "new_date": _date(shown("new_date")),
                }
            reports.append(
                entry_services.ReportEntry(
                    activity_id=activity_id,
                    status=field("status") or "not_started",
                    progress=int(progress) if progress else None,
                    milestones=field("milestones"),
                    explanation=field("explanation"),
                    corrective_action=field("corrective_action"),
                    new_date=_date(new_date),
                    original=original,
                )
            )
        except ValueError:
            raise InputRejected(
                [
                    Problem(
                        f"faaliyet {activity_id}",
                        "ilerleme tam sayı, yeni tarih geçerli bir tarih olmalı",
                    )
                ]
            ) from None
    return values, reports


def _date(text: str) -> dt.date | None:
    return dt.datetime.strptime(text, "%Y-%m-%d").date() if text else None


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
                    today=_today(),
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


def _managed_plan(request, slug) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if not may(request.user, "monitoring.manage_plan", plan):
        raise PermissionDenied
    return plan


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
                review_services.submission_approve(submission=submission, by=request.user)
                messages.success(request, _("Onaylandı; değerler kilitlendi."))
            elif action == "note":
                value_id = request.POST.get("value", "")
                entry_services.value_note_add(
                    submission=submission,
                    value_id=int(value_id) if value_id.isdigit() else 0,
                    by=request.user,
                    text=request.POST.get("text", ""),
                )
                messages.success(request, _("Not eklendi; birim bu değerin yanında görecek."))
            elif action in {"return", "unapprove"}:
                reason = request.POST.get("reason", "")
                service = (
                    review_services.submission_return
                    if action == "return"
                    else review_services.submission_unapprove
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


@view_monitoring
def periods(request, slug):
    plan = _managed_plan(request, slug)
    create, reopen = PeriodForm(prefix="yeni"), ReopenForm(prefix="ac")
    problems = None
    if request.method == "POST":
        try:
            if "create" in request.POST:
                create = PeriodForm(request.POST, prefix="yeni")
                if not create.is_valid():
                    raise InputRejected(
                        [
                            Problem(f.label, "; ".join(e))
                            for f, e in (
                                (create.fields[n], errs) for n, errs in create.errors.items()
                            )
                        ]
                    )
                period_services.reporting_period_create(
                    plan=plan,
                    code=create.cleaned_data["code"],
                    deadline=create.cleaned_data["deadline"],
                    grace_days=create.cleaned_data["grace_days"],
                )
            else:
                period = get_object_or_404(
                    ReportingPeriod, pk=request.POST.get("period"), plan=plan
                )
                if "lock" in request.POST:
                    period_services.period_lock(period=period, by=request.user)
                else:
                    reopen = ReopenForm(request.POST, prefix="ac")
                    if not reopen.is_valid():
                        raise InputRejected(
                            [Problem("yeniden açma", "gerekçe ve yeni son gün gerekli")]
                        )
                    period_services.period_reopen(
                        period=period,
                        by=request.user,
                        reason=reopen.cleaned_data["reason"],
                        until=reopen.cleaned_data["until"],
                    )
            return redirect("monitoring:periods", slug=plan.slug)
        except (InputRejected, ValueError) as exc:
            problems = (
                exc.problems if isinstance(exc, InputRejected) else [Problem("dönem", str(exc))]
            )
    return render(
        request,
        "monitoring/periods.html",
        {
            "plan": plan,
            "periods": plan.reporting_periods.all(),
            "create": create,
            "reopen": reopen,
            "problems": problems,
            "today": _today(),
        },
        status=400 if problems else 200,
    )


@view_monitoring
def progress(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    return render(
        request,
        "monitoring/progress.html",
        {"plan": plan, "tree": progress_tree(plan, as_of=_today())},
    )


@view_monitoring
def definitions(request, slug):
    plan = _managed_plan(request, slug)
    rows = (
        Indicator.objects.filter(activity__subgoal__goal__area__plan=plan, definition__isnull=False)
        .select_related("definition", "activity__subgoal__goal__area")
        .prefetch_related("assignments__organisation", "definition__targets")
        .order_by("activity__row", "position")
    )
    return render(request, "monitoring/definitions.html", {"plan": plan, "rows": rows})


@view_monitoring
def definition_edit(request, slug, code):
    plan = _managed_plan(request, slug)
    indicator = get_object_or_404(
        Indicator.objects.select_related("definition", "activity"),
        code=code,
        activity__subgoal__goal__area__plan=plan,
    )
    definition = getattr(indicator, "definition", None)
    if definition is None:
        raise Http404
    initial = {
        name: getattr(definition, name)
        for name in (
            "measure_type",
            "unit",
            "aggregation",
            "direction",
            "dimensions",
            "periodicity",
            "data_source",
            "baseline_value",
            "baseline_year",
        )
    }
    initial["targets"] = "; ".join(
        f"{t.year}={domain.plain_number(t.value)}" for t in definition.targets.all()
    )
    initial["organisations"] = [
        a.organisation for a in indicator.assignments.select_related("organisation")
    ]
    form = DefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        targets, organisations = data.pop("targets"), list(data.pop("organisations"))
        definition_services.definition_update(
            definition=definition, fields=data, targets=targets, organisations=organisations
        )
        messages.success(request, _("Gösterge tanımı kaydedildi."))
        return redirect("monitoring:definitions", slug=plan.slug)
    return render(
        request,
        "monitoring/definition_edit.html",
        {"plan": plan, "indicator": indicator, "form": form},
        status=400 if form.errors else 200,
    )
