from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from esitkent.core import xlsx
from esitkent.core.downloads import attachment, csv_bytes
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.policies import may, require
from esitkent.monitoring.context_services import CONTEXT_CSV_HEADER, context_values_import
from esitkent.monitoring.selectors import sample_period_codes
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan
from esitkent.plans.selectors import default_plan
from esitkent.reports.selectors import report_years

from . import card_pdf, charts, domain
from .charts import Chart
from .selectors import (
    PIVOT_DIMENSIONS,
    context_overview,
    context_template_rows,
    figures_by_area,
    indicator_breakdowns,
    map_choice,
    map_data,
    map_sources,
    pivot,
    pivot_indicators,
    pivot_periods,
    progress_overview,
    unit_card,
    unit_progress,
    year_completeness,
)

view_dashboard = require("analytics.view_dashboard")


@view_dashboard
def dashboard_home(request):
    plan = default_plan()
    return redirect("analytics:dashboard", slug=plan.slug) if plan else redirect("plans:list")


@view_dashboard
def dashboard(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    year = request.GET.get("yil", "")
    area = request.GET.get("alan", "")
    org = Organisation.objects.filter(code=request.GET.get("birim", "")).first()
    year_number = int(year) if year.isdigit() else None
    overview = progress_overview(plan, as_of=timezone.localdate())
    area_title = next((a.title for a in plan.areas.all() if a.code == area), None)
    goals = [g for g in overview.goals if not area or g["area"] == area_title]
    units = [u for u in overview.units if not org or u["code"] == org.code]
    page_charts = [
        Chart(
            "ilerleme",
            charts.progress_by_area(
                overview.areas, _("Alanlara göre ilerleme (son onaylı raporlar)")
            ),
            [("label", "Alan"), ("progress", "İlerleme (%)"), ("rag", "Durum")],
            overview.areas,
            measure="progress",
        ),
        Chart(
            "hedefler",
            charts.progress_by_area(goals, _("Hedeflere göre ilerleme")),
            [("area", "Alan"), ("label", "Hedef"), ("progress", "İlerleme (%)"), ("rag", "Durum")],
            goals,
            measure="progress",
        ),
        Chart(
            "birimler",
            # The chart keeps to units rated on what they answer for; the table lists every unit.
            charts.progress_by_area(
                [u for u in units if u["progress"] is not None],
                _("Birimlere göre ilerleme (sorumlu olduğu faaliyetler)"),
            ),
            [
                ("label", "Birim"),
                ("named", "Adı geçtiği faaliyet"),
                ("responsible", "Sorumlu"),
                ("cooperating", "İş birliği"),
                ("reported", "Raporlanan"),
                ("behind", "Geride"),
                ("progress", "İlerleme (%)"),
            ],
            units,
            measure="progress",
        ),
    ]
    timeliness = year_completeness(plan, year_number)
    page_charts.append(
        Chart(
            "zamanlilik",
            charts.timeliness(timeliness, _("Dönemlere göre tamlık ve zamanlılık")),
            [
                ("label", "Dönem"),
                ("units", "Beklenen birim"),
                ("submitted", "Gönderen"),
                ("on_time", "Zamanında"),
                ("late", "Geç"),
                ("completeness", "Tamlık (%)"),
            ],
            timeliness,
        )
    )
    areas = figures_by_area(plan, year=year_number, area=area or None, organisation=org)
    breakdowns = indicator_breakdowns(
        {f.indicator.id: f.rows[-1]["period"] for a in areas for f in a.indicators if f.rows},
        organisation=org,
    )
    sample = sample_period_codes(plan)
    for area_figures in areas:
        for figures in area_figures.indicators:
            title = f"{figures.indicator.name} ({figures.indicator.code})"
            # A chart image leaves the page (saved, pasted into a slide): its title says which
            # of its figures are the demo's sample, and so does its table's last column.
            shown = [r["period"] for r in figures.rows if r["period"] in sample]
            if shown:
                title += " — " + _("ÖRNEK veri: %(periods)s") % {"periods": ", ".join(shown)}
            spec = charts.series(
                figures.rows,
                title,
                baseline=figures.baseline,
                targets=figures.targets,
            )
            figures.chart = Chart(
                figures.indicator.code,
                spec,
                [("period", "Dönem"), ("value", "Değer")]
                + ([("sample_label", "Örnek veri")] if shown else []),
                [
                    {**r, "sample_label": _("ÖRNEK") if r["period"] in sample else ""}
                    for r in figures.rows
                ]
                if shown
                else figures.rows,
            )
            page_charts.append(figures.chart)
            if rows := breakdowns.get(figures.indicator.id):
                figures.breakdown_chart = Chart(
                    f"{figures.indicator.code}-kirilim",
                    charts.bars(
                        rows,
                        _("%(code)s — kırılımlar (%(period)s)")
                        % {"code": figures.indicator.code, "period": rows[0]["period"]}
                        + (f" ({_('ÖRNEK')})" if rows[0]["period"] in sample else ""),
                        x_title=gettext_noop("Değer"),
                    ),
                    [("group", "Kırılım"), ("label", "Seçenek"), ("value", "Değer")],
                    rows,
                )
                page_charts.append(figures.breakdown_chart)
    if response := charts.csv_download(request, page_charts):
        return response
    return render(
        request,
        "analytics/dashboard.html",
        {
            "plan": plan,
            "progress_chart": page_charts[0],
            "goal_chart": page_charts[1],
            "unit_chart": page_charts[2],
            "timeliness_chart": page_charts[3],
            "areas": areas,
            "filters": {"yil": year, "alan": area, "birim": org.code if org else ""},
            "plan_areas": plan.areas.all(),
            "may_report": may(request.user, "reports.produce_report", plan),
            "report_years": report_years(plan, as_of=timezone.localdate()),
            "organisations": Organisation.objects.filter(
                assignments__indicator__activity__subgoal__goal__area__plan=plan
            ).distinct(),
        },
    )


@view_dashboard
def district_map(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    sources = map_sources(plan)
    source, period, per = map_choice(
        sources,
        key=request.GET.get("kaynak"),
        period=request.GET.get("donem"),
        per=request.GET.get("olcek"),
    )
    chart = None
    if source:
        title = f"{source.label} — {period}"
        if source.indicator_id is not None and period in sample_period_codes(plan):
            title += f" ({_('ÖRNEK')})"
        chart = charts.map_chart(map_data(source, period, per=per), title)
        if response := charts.csv_download(request, [chart]):
            return response
    return render(
        request,
        "analytics/map.html",
        {
            "plan": plan,
            "sources": sources,
            "source": source,
            "period": period,
            "per": per,
            "chart": chart,
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
    available = pivot_indicators(plan)
    by_code = {i.code: i for i in available}
    chosen = [by_code[c] for c in dict.fromkeys(request.GET.getlist("g")) if c in by_code]
    chosen = chosen or available[:1]
    rows, columns, notes = domain.pivot_axes(
        request.GET.getlist("satir") or ["indicator"],
        request.GET.getlist("sutun") if "satir" in request.GET else ["period"],
        known=PIVOT_DIMENSIONS,
        several_indicators=len(chosen) > 1,
    )
    periods = pivot_periods(chosen)
    period = request.GET.get("donem") if request.GET.get("donem") in periods else None
    period = period or (periods[-1] if periods else None)
    table = pivot(chosen, rows=rows, columns=columns, period=period)
    header, body = domain.pivot_grid(
        table,
        row_titles=[_(PIVOT_DIMENSIONS[d]) for d in rows],
        total_title=_("Toplam"),
        value_title=_("Değer"),
    )
    if table.overlap_withheld:
        notes.append(
            _(
                "Dönemler çakışıyor (ör. 2020/2021 değeri 2020 ve 2021'i de kapsar): aynı "
                "günleri iki kez sayacak toplamlar verilmedi."
            )
        )
    fmt = request.GET.get("bicim")
    if fmt == "csv":
        return attachment(csv_bytes(header, body), f"{plan.slug}-pivot.csv")
    if fmt == "xlsx":
        return _pivot_xlsx(
            plan, header, body, chosen, period if "period" not in rows + columns else None
        )
    return render(
        request,
        "analytics/pivot.html",
        {
            "plan": plan,
            "available": available,
            "chosen": chosen,
            "dimensions": PIVOT_DIMENSIONS,
            "rows": rows,
            "columns": columns,
            "periods": periods,
            "period": period,
            "period_fixed": "period" not in rows + columns,
            "notes": notes,
            "table": table,
            "header": header,
            "body": body,
            "row_count": max(1, len(rows)),
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
