from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from esitkent.core.downloads import attachment
from esitkent.core.errors import InputRejected
from esitkent.core.policies import may, require
from esitkent.plans.models import Plan

from .models import PublishedReport
from .render import FORMATS, report_filename
from .render import render as render_report
from .selectors import annual_report, current_editions, plan_years, report_index, sample_years
from .services import report_publish, report_withdraw

view_dashboard = require("analytics.view_dashboard")


def _plan_for(request, slug: str, perm: str) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if not may(request.user, perm, plan):
        raise PermissionDenied
    return plan


@view_dashboard
def annual(request, slug, year):
    plan = _plan_for(request, slug, "reports.produce_report")
    fmt = request.GET.get("bicim", "pdf")
    lang = request.GET.get("dil", "tr")
    if (
        fmt not in FORMATS
        or lang not in PublishedReport.Language.values
        or year not in plan_years(plan)
    ):
        raise Http404
    report = annual_report(plan, year)
    return attachment(
        render_report(report, fmt, lang),
        report_filename(plan.slug, year, lang, fmt, sample=report.sample),
        inline=fmt == "html",
    )


@view_dashboard
def index(request, slug):
    """Every year's report to download, and what the portal shows of them."""
    plan = _plan_for(request, slug, "reports.produce_report")
    years = report_index(plan, as_of=timezone.localdate())
    return render(
        request,
        "reports/index.html",
        {
            "plan": plan,
            "years": years,
            "sample_years": sample_years(plan, [year for year, _editions in years]),
            "may_publish": may(request.user, "reports.publish_report", plan),
            "plan_public": plan.status == Plan.Status.APPROVED,
        },
    )


def _confirmed(request, slug, year, *, action: str, service, done: str):
    """GET asks for confirmation; POST does it. Both the publication and the withdrawal
    change what every visitor of the portal sees."""
    plan = _plan_for(request, slug, "reports.publish_report")
    # An edition of a year outside the plan's (published before years were limited to them)
    # can still be taken off the portal.
    if year not in plan_years(plan) and not (
        action == "withdraw" and current_editions(plan, year=year).exists()
    ):
        raise Http404
    problems = []
    if request.method == "POST":
        try:
            service(plan=plan, year=year, by=request.user)
        except InputRejected as exc:
            problems = exc.problems
        else:
            messages.success(request, done % {"year": year})
            return redirect("reports:index", slug=plan.slug)
    return render(
        request,
        "reports/confirm.html",
        {
            "plan": plan,
            "year": year,
            "action": action,
            "current": list(current_editions(plan, year=year)),
            "problems": problems,
            "plan_public": plan.status == Plan.Status.APPROVED,
        },
        status=400 if problems else 200,
    )


@view_dashboard
@require_http_methods(["GET", "POST"])
def publish(request, slug, year):
    return _confirmed(
        request,
        slug,
        year,
        action="publish",
        service=report_publish,
        done=_("%(year)s izleme raporu açık portalda yayımlandı."),
    )


@view_dashboard
@require_http_methods(["GET", "POST"])
def withdraw(request, slug, year):
    return _confirmed(
        request,
        slug,
        year,
        action="withdraw",
        service=report_withdraw,
        done=_("%(year)s izleme raporu açık portaldan kaldırıldı."),
    )
