from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from esitkent.core import xlsx
from esitkent.core.downloads import attachment, csv_bytes
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.policies import may, require
from esitkent.monitoring.context_services import CONTEXT_CSV_HEADER, context_values_import
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan
from esitkent.plans.selectors import default_plan

from . import card_pdf, charts
from .card_selectors import unit_card
from .context_selectors import context_overview, context_template_rows
from .dashboard_selectors import dashboard_page
from .forms import DashboardFilters, MapRequest, PivotRequest
from .map_selectors import map_page
from .pivot_selectors import PIVOT_DIMENSIONS, pivot_page
from .progress_selectors import unit_progress

view_dashboard = require("analytics.view_dashboard")


@view_dashboard
def dashboard_home(request):
    plan = default_plan()
    return redirect("analytics:dashboard", slug=plan.slug) if plan else redirect("plans:list")


@view_dashboard
def dashboard(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    filters = DashboardFilters(request.GET)
    filters.full_clean()  # never refuses: see DashboardFilters
    page = dashboard_page(
        plan,
        year=filters.year,
        area=filters.cleaned_data["alan"],
        organisation=filters.cleaned_data["birim"],
        as_of=timezone.localdate(),
    )
    if response := charts.csv_download(request, page.charts):
        return response
    return render(
        request,
        "analytics/dashboard.html",
        {
            "plan": plan,
            "progress_chart": page.progress_chart,
            "goal_chart": page.goal_chart,
            "unit_chart": page.unit_chart,
            "timeliness_chart": page.timeliness_chart,
            "areas": page.areas,
            "filters": filters.echoed,
            "plan_areas": page.plan_areas,
            "may_report": may(request.user, "reports.produce_report", plan),
            "report_years": page.report_years,
            "organisations": page.organisations,
        },
    )


@view_dashboard
def district_map(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    asked = MapRequest(request.GET)
    asked.full_clean()  # never refuses: see MapRequest
    page = map_page(
        plan,
        key=asked.cleaned_data["kaynak"],
        period=asked.cleaned_data["donem"],
        per=asked.cleaned_data["olcek"],
    )
    if response := charts.csv_download(request, [page.chart]):
        return response
    return render(
        request,
        "analytics/map.html",
        {
            "plan": plan,
            "sources": page.sources,
            "source": page.source,
            "period": page.period,
            "per": page.per,
            "chart": page.chart,
        },
    )


@view_dashboard
def context(request):
    themes, checks = context_overview()
    return render(
        request,
        "analytics/context.html",
        {
            "themes": themes,
            "checks": checks,
            "may_load": may(request.user, "analytics.load_context"),
        },
    )


@require("analytics.load_context")
def context_upload(request):
    if request.GET.get("sablon"):
        return attachment(
            csv_bytes(CONTEXT_CSV_HEADER, context_template_rows()), "baglam-sablon.csv"
        )
    problems = result = None
    if request.method == "POST":
        upload = request.FILES.get("dosya")
        try:
            if upload is None:
                raise InputRejected([Problem("dosya", "bir CSV dosyası seçin")])
            result = context_values_import(stream=(line.decode("utf-8-sig") for line in upload))
        except UnicodeDecodeError:
            problems = [Problem("dosya", "UTF-8 metin değil")]
        except InputRejected as exc:
            problems = exc.problems
    return render(
        request,
        "analytics/context_upload.html",
        {"problems": problems, "result": result, "header": CONTEXT_CSV_HEADER},
        status=400 if problems else 200,
    )


@view_dashboard
def pivot_explorer(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    asked = PivotRequest(request.GET)
    asked.full_clean()  # never refuses: see PivotRequest
    rows, columns = asked.axes
    page = pivot_page(
        plan,
        codes=asked.cleaned_data["g"],
        rows=rows,
        columns=columns,
        period=asked.cleaned_data["donem"],
    )
    fmt = asked.cleaned_data["bicim"]
    if fmt == "csv":
        return attachment(csv_bytes(page.header, page.body), f"{plan.slug}-pivot.csv")
    if fmt == "xlsx":
        return _pivot_xlsx(
            plan, page.header, page.body, page.chosen, page.period if page.period_fixed else None
        )
    return render(
        request,
        "analytics/pivot.html",
        {
            "plan": plan,
            "available": page.available,
            "chosen": page.chosen,
            "dimensions": PIVOT_DIMENSIONS,
            "rows": page.rows,
            "columns": page.columns,
            "periods": page.periods,
            "period": page.period,
            "period_fixed": page.period_fixed,
            "notes": page.notes,
            "table": page.table,
            "header": page.header,
            "body": page.body,
            "row_count": max(1, len(page.rows)),
        },
    )


def _pivot_xlsx(plan, header, body, indicators, period) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Tablo")
    xlsx.header(ws, header)
    xlsx.put_rows(ws, body)
    about = wb.create_sheet(_("Açıklama"))
    lines = [
        [_("Plan"), plan.title],
        [_("Dönem"), period or _("satır/sütunlarda")],
        [_("Kaynak"), _("Onaylı değerler (EşitKent özetleri)")],
        [
            _("Toplamlar"),
            _(
                "Gösterilen hücrelerin toplamıdır; farklı göstergeler, yüzdeler ve çakışan "
                "dönemler (ör. 2020/2021 ile 2020) toplanmaz."
            ),
        ],
        *[[_("Gösterge"), f"{i.code} {i.name}"] for i in indicators],
    ]
    xlsx.put_rows(about, lines, first_row=1)
    return attachment(xlsx.workbook_bytes(wb), f"{plan.slug}-pivot.xlsx")


@view_dashboard
def unit_cards(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    units = unit_progress(plan, as_of=timezone.localdate())
    return render(request, "analytics/cards.html", {"plan": plan, "units": units})


@view_dashboard
def unit_card_page(request, slug, org):
    plan = get_object_or_404(Plan, slug=slug)
    organisation = get_object_or_404(Organisation, code=org)
    card = unit_card(plan, organisation, as_of=timezone.localdate())
    return render(
        request,
        "analytics/card.html",
        {"plan": plan, "card": card, "sample_periods": card_pdf.sample_periods(card)},
    )


@view_dashboard
@require_GET
def unit_card_download(request, slug, org):
    """The card as a PDF in ?dil=tr|en, else in the page's language."""
    lang = request.GET.get("dil") or translation.get_language()[:2]
    if lang not in card_pdf.LANGUAGES:
        if "dil" in request.GET:
            raise Http404
        lang = "tr"
    plan = get_object_or_404(Plan, slug=slug)
    organisation = get_object_or_404(Organisation, code=org)
    today = timezone.localdate()
    card = unit_card(plan, organisation, as_of=today)
    body = card_pdf.pdf(
        plan, card, as_of=today, lang=lang, base_url=request.build_absolute_uri("/")
    )
    return attachment(body, card_pdf.filename(plan, card, lang))
