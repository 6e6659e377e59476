"""A plan's monitoring pages for its coordinators: periods, progress and indicator
definitions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.numbers import plain_number
from esitkent.plans.models import Indicator, Plan

from . import definition_services, period_services
from .forms import DefinitionForm, PeriodForm, ReopenForm
from .models import ReportingPeriod
from .progress_selectors import progress_tree
from .views import managed_plan, view_monitoring


@view_monitoring
def periods(request, slug):
    plan = managed_plan(request, slug)
    create, reopen = PeriodForm(prefix="yeni"), ReopenForm(prefix="ac")
    problems = None
    if request.method == "POST":
        if "create" in request.POST:
            create = PeriodForm(request.POST, prefix="yeni")
        elif "lock" not in request.POST:
            reopen = ReopenForm(request.POST, prefix="ac")
        try:
            _period_act(request, plan, create, reopen)
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
            "today": timezone.localdate(),
        },
        status=400 if problems else 200,
    )


def _period_act(request, plan: Plan, create: PeriodForm, reopen: ReopenForm) -> None:
    """Create, lock or reopen a period, as the posted button says."""
    if "create" in request.POST:
        if not create.is_valid():
            raise InputRejected(
                [Problem(create.fields[n].label, "; ".join(e)) for n, e in create.errors.items()]
            )
        period_services.reporting_period_create(
            plan=plan,
            code=create.cleaned_data["code"],
            deadline=create.cleaned_data["deadline"],
            grace_days=create.cleaned_data["grace_days"],
        )
        return
    period_id = request.POST.get("period", "")
    if not (period_id.isascii() and period_id.isdigit()):
        raise InputRejected([Problem("dönem", "dönem bulunamadı")])
    period = get_object_or_404(ReportingPeriod, pk=period_id, plan=plan)
    if "lock" in request.POST:
        period_services.period_lock(period=period, by=request.user)
        return
    if not reopen.is_valid():
        raise InputRejected([Problem("yeniden açma", "gerekçe ve yeni son gün gerekli")])
    period_services.period_reopen(
        period=period,
        by=request.user,
        reason=reopen.cleaned_data["reason"],
        until=reopen.cleaned_data["until"],
    )


@view_monitoring
def progress(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    return render(
        request,
        "monitoring/progress.html",
        {"plan": plan, "tree": progress_tree(plan, as_of=timezone.localdate())},
    )


@view_monitoring
def definitions(request, slug):
    plan = managed_plan(request, slug)
    rows = (
        Indicator.objects.filter(activity__subgoal__goal__area__plan=plan, definition__isnull=False)
        .select_related("definition", "activity__subgoal__goal__area")
        .prefetch_related("assignments__organisation", "definition__targets")
        .order_by("activity__row", "position")
    )
    return render(request, "monitoring/definitions.html", {"plan": plan, "rows": rows})


@view_monitoring
def definition_edit(request, slug, code):
    plan = managed_plan(request, slug)
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
        f"{t.year}={plain_number(t.value)}" for t in definition.targets.all()
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
