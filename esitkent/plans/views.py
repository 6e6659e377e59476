from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from esitkent.core.errors import InputRejected

from . import exchange
from .domain import SEVERITY_LABELS, has_errors, summarise
from .forms import ActivitySearchForm, PlanImportForm
from .models import Activity, Plan
from .selectors import (
    area_summaries,
    distinct_activities,
    plan_document,
    plan_findings,
    plan_tree,
    search_activities,
)
from .selectors import (
    plan_list as select_plans,
)
from .services import plan_import

view_plan = permission_required("plans.view_plan", raise_exception=True)


@view_plan
def home(request):
    plan = Plan.objects.order_by("-start_year").first()
    return redirect("plans:overview", slug=plan.slug) if plan else redirect("plans:list")


@view_plan
def plan_list(request):
    return render(request, "plans/plan_list.html", {"plans": select_plans()})


@view_plan
def plan_overview(request, slug):
    plan = get_object_or_404(Plan.objects.select_related("owner"), slug=slug)
    findings = plan_findings(plan)
    return render(
        request,
        "plans/plan_overview.html",
        {
            "plan": plan,
            "summaries": area_summaries(plan),
            "activity_count": distinct_activities(plan).count(),
            "findings_by_severity": {
                SEVERITY_LABELS[s]: sum(1 for f in findings if f.severity == s)
                for s in SEVERITY_LABELS
            },
            "search_form": ActivitySearchForm(),
        },
    )


@view_plan
def area_detail(request, slug, area):
    plan = get_object_or_404(Plan, slug=slug)
    tree = {a.code: a for a in plan_tree(plan)}
    if area not in tree:
        return render(request, "404.html", status=404)
    return render(request, "plans/area_detail.html", {"plan": plan, "area": tree[area]})


@view_plan
def activity_detail(request, slug, row):
    activity = get_object_or_404(
        Activity.objects.select_related(
            "subgoal__goal__area__plan", "duplicate_of"
        ).prefetch_related("indicators", "parties__organisation", "parties__group", "duplicates"),
        subgoal__goal__area__plan__slug=slug,
        row=row,
    )
    parties = list(activity.parties.all())
    return render(
        request,
        "plans/activity_detail.html",
        {
            "activity": activity,
            "plan": activity.subgoal.goal.area.plan,
            "responsible": [p for p in parties if p.role == "responsible"],
            "cooperating": [p for p in parties if p.role == "cooperating"],
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
    template = "plans/_search_results.html" if request.htmx else "plans/activity_search.html"
    return render(request, template, {"plan": plan, "form": form, "results": results})


@view_plan
def plan_lint_view(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    findings = plan_findings(plan)
    return render(
        request,
        "plans/plan_lint.html",
        {
            "plan": plan,
            "findings": findings,
            "summary": sorted(summarise(findings).items()),
            "has_errors": has_errors(findings),
            "labels": SEVERITY_LABELS,
        },
    )


@view_plan
def plan_export(request, slug, fmt):
    plan = get_object_or_404(Plan, slug=slug)
    if fmt not in exchange.FORMATS:
        return HttpResponse(
            "Bilinmeyen biçim", status=404, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(
        exchange.dumps(plan_document(plan), fmt), content_type=exchange.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.{fmt}"'
    return response


@permission_required("plans.import_plan", raise_exception=True)
def plan_import_view(request):
    form = PlanImportForm(request.POST or None, request.FILES or None)
    result = problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = exchange.loads(upload.read(), exchange.format_of(upload.name))
            result = plan_import(
                document=document,
                dry_run=form.cleaned_data["dry_run"],
                replace=form.cleaned_data["replace"],
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
