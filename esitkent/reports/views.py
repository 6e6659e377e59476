from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from esitkent.core.downloads import attachment
from esitkent.plans.models import Plan

from .render import FORMATS, render
from .selectors import annual_report


@permission_required("analytics.view_dashboard", raise_exception=True)
def annual(request, slug, year):
    plan = get_object_or_404(Plan, slug=slug)
    if not request.user.has_perm("reports.produce_report", plan):
        raise PermissionDenied
    fmt = request.GET.get("bicim", "pdf")
    lang = request.GET.get("dil", "tr")
    if (
        fmt not in FORMATS
        or lang not in ("tr", "en")
        or not plan.start_year <= year <= plan.end_year + 2
    ):
        raise Http404
    return attachment(
        render(annual_report(plan, year), fmt, lang),
        f"{plan.slug}-izleme-raporu-{year}-{lang}.{fmt}",
        inline=fmt == "html",
    )
