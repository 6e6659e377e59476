import csv
import io
import json

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify

from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan

from . import charts
from .selectors import area_progress, context_overview, figures_by_area, map_data, map_sources

view_dashboard = permission_required("analytics.view_dashboard", raise_exception=True)


class Chart:
    """A chart on a page: its Vega spec for the browser, a table view and a CSV download."""

    def __init__(self, name: str, spec: dict, columns: list[tuple[str, str]], rows: list[dict]):
        self.name, self.columns, self.rows = name, columns, rows
        self.title = spec["title"]["text"]
        # Parsed, so that the template's json_script escapes <, > and & in names and labels.
        self.vega = json.loads(charts.to_vega(spec))
        self.dom_id = f"spec-{slugify(name)}"

    def table(self):
        return [[row.get(key) for key, _ in self.columns] for row in self.rows]


def _csv(chart: Chart) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in chart.columns])
    for row in chart.table():
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse(
        out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{chart.name}.csv"'
    return response


def _download(request, charts_on_page: list[Chart]):
    wanted = request.GET.get("csv")
    chart = next((c for c in charts_on_page if c.name == wanted), None)
    return _csv(chart) if chart else None


@view_dashboard
def dashboard_home(request):
    from django.shortcuts import redirect

    from esitkent.plans.selectors import default_plan

    plan = default_plan()
    return redirect("analytics:dashboard", slug=plan.slug) if plan else redirect("plans:list")


@view_dashboard
def dashboard(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    year = request.GET.get("yil", "")
    area = request.GET.get("alan", "")
    org = Organisation.objects.filter(code=request.GET.get("birim", "")).first()
    progress = area_progress(plan, as_of=timezone.localdate())
    page_charts = [
        Chart(
            "ilerleme",
            charts.progress_by_area(progress, "Alanlara göre ilerleme (son onaylı raporlar)"),
            [("label", "Alan"), ("progress", "İlerleme (%)"), ("rag", "Durum")],
            progress,
        )
    ]
    areas = figures_by_area(
        plan, year=int(year) if year.isdigit() else None, area=area or None, organisation=org
    )
    for area_figures in areas:
        for figures in area_figures.indicators:
            spec = charts.series(
                figures.rows,
                f"{figures.indicator.name} ({figures.indicator.code})",
                baseline=figures.baseline,
                targets=figures.targets,
            )
            figures.chart = Chart(
                figures.indicator.code,
                spec,
                [("period", "Dönem"), ("value", "Değer")],
                figures.rows,
            )
            page_charts.append(figures.chart)
    if response := _download(request, page_charts):
        return response
    return render(
        request,
        "analytics/dashboard.html",
        {
            "plan": plan,
            "progress_chart": page_charts[0],
            "areas": areas,
            "filters": {"yil": year, "alan": area, "birim": org.code if org else ""},
            "plan_areas": plan.areas.all(),
            "may_report": request.user.has_perm("reports.produce_report", plan),
            "report_years": range(plan.start_year, plan.end_year + 1),
            "organisations": Organisation.objects.filter(
                assignments__indicator__activity__subgoal__goal__area__plan=plan
            ).distinct(),
        },
    )


@view_dashboard
def district_map(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    sources = map_sources(plan)
    source = next(
        (s for s in sources if s.key == request.GET.get("kaynak")), sources[0] if sources else None
    )
    period = (
        request.GET.get("donem")
        if source and request.GET.get("donem") in source.periods
        else (source.periods[-1] if source else None)
    )
    per = (
        request.GET.get("olcek")
        if request.GET.get("olcek") in ("raw", "women", "population")
        else "raw"
    )
    chart = None
    if source:
        data = map_data(source, period, per=per)
        spec = charts.district_map(
            data.features,
            f"{source.label} — {period}",
            legend_title=data.legend,
            breaks=data.breaks,
        )
        chart = Chart(
            "harita",
            spec,
            [
                ("district", "İlçe"),
                ("pcode", "pcode"),
                ("value", "Değer"),
                ("shown", data.legend),
                ("population_year", "Nüfus yılı"),
            ],
            data.rows,
        )
        if response := _download(request, [chart]):
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
    return render(request, "analytics/context.html", {"themes": themes, "checks": checks})
