from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from esitkent.core.downloads import attachment
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.policies import may, require
from esitkent.orgs.models import Organisation

from . import exchange
from .forms import ActivitySearchForm, PlanImportForm
from .models import Plan
from .selectors import (
    activity_page,
    area_summaries,
    area_tree,
    distinct_activities,
    finding_groups,
    plan_document,
    plan_findings,
    search_activities,
    severity_counts,
)
from .selectors import plan_list as select_plans
from .services import plan_import

view_plan = require("plans.view_plan")


@view_plan
def plan_list(request):
    return render(request, "plans/plan_list.html", {"plans": select_plans()})


@view_plan
def plan_overview(request, slug):
    plan = get_object_or_404(Plan.objects.select_related("owner"), slug=slug)
    return render(
        request,
        "plans/plan_overview.html",
        {
            "plan": plan,
            "summaries": area_summaries(plan),
            "activity_count": distinct_activities(plan).count(),
            "severities": severity_counts(plan_findings(plan)),
            "search_form": ActivitySearchForm(),
        },
    )


@view_plan
def area_detail(request, slug, area):
    plan = get_object_or_404(Plan, slug=slug)
    tree = area_tree(plan, area)
    if tree is None:
        raise Http404
    return render(request, "plans/area_detail.html", {"plan": plan, "area": tree})


@view_plan
def activity_detail(request, slug, row):
    page = activity_page(slug=slug, row=row)
    if page is None:
        raise Http404
    return render(
        request,
        "plans/activity_detail.html",
        {
            "activity": page.activity,
            "plan": page.activity.subgoal.goal.area.plan,
            "responsible": page.responsible,
            "cooperating": page.cooperating,
        },
    )


@view_plan
def activity_search(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    form = ActivitySearchForm(request.GET or None)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        results = search_activities(
            plan, query=data["q"], term=data["term"], organisation=data["org"]
        )
    # A history restore asks for the whole page, even though it carries the htmx header.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "plans/_search_results.html" if fragment else "plans/activity_search.html"
    response = render(request, template, {"plan": plan, "form": form, "results": results})
    patch_vary_headers(response, ("HX-Request",))
    return response


@view_plan
def plan_lint_view(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    findings = plan_findings(plan)
    return render(
        request,
        "plans/plan_lint.html",
        {"plan": plan, "groups": finding_groups(findings), "severities": severity_counts(findings)},
    )


@view_plan
def plan_export(request, slug, fmt):
    plan = get_object_or_404(Plan, slug=slug)
    if fmt not in exchange.FORMATS:
        raise Http404
    return attachment(exchange.dumps(plan_document(plan), fmt), f"{plan.slug}.{fmt}")


@require("plans.import_plan")
def plan_import_view(request):
    # Refuse an oversized upload before Django reads the body into a temporary file.
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.PLAN_UPLOAD_MAX_BYTES + 64 * 1024:
        form = PlanImportForm()
        problems = [Problem("dosya", "5 MB'tan büyük dosya yüklenemez")]
        return render(
            request, "plans/plan_import.html", {"form": form, "problems": problems}, status=413
        )
    form = PlanImportForm(request.POST or None, request.FILES or None)
    result = problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = exchange.loads(upload.read(), exchange.format_of(upload.name))
            _check_may_import(request.user, document)
            result = plan_import(
                document=document,
                dry_run=form.cleaned_data["dry_run"],
                replace=form.cleaned_data["replace"],
                archive_removed=form.cleaned_data["archive_removed"],
                by=request.user,
            )
        except InputRejected as exc:
            problems = exc.problems
    status = 400 if problems else 200
    return render(
        request,
        "plans/plan_import.html",
        {"form": form, "result": result, "problems": problems},
        status=status,
    )


def _check_may_import(user, document: dict) -> None:
    owner = Organisation.objects.filter(code=document.get("owner")).first()
    if owner is not None and not may(user, "plans.import_plan_for", owner):
        raise InputRejected(
            [Problem("plan › sahibi", f"{owner.name} adına plan içe aktarma yetkiniz yok")]
        )
    existing = Plan.objects.filter(slug=document.get("slug")).first()
    if existing is not None and not may(user, "plans.replace_plan", existing):
        reason = (
            "onaylı bir planı yalnız sistem yöneticisi değiştirebilir"
            if existing.status == Plan.Status.APPROVED
            else "bu planı değiştirme yetkiniz yok"
        )
        raise InputRejected([Problem("plan › kısa ad", f"'{existing.slug}': {reason}")])
