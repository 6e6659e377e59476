"""The dashboard page: progress, timeliness and every approved figure as the charts (with their
tables) that the page draws, filtered by year, area and unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from esitkent.monitoring.selectors import sample_period_codes
from esitkent.monitoring.summary_selectors import assigned_organisations, report_years
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Plan

from . import charts
from .charts import Chart
from .figure_selectors import AreaFigures, IndicatorFigures, figures_by_area, indicator_breakdowns
from .progress_selectors import ProgressOverview, progress_overview, year_completeness


@dataclass
class Dashboard:
    progress_chart: Chart
    goal_chart: Chart
    unit_chart: Chart
    timeliness_chart: Chart
    areas: list[AreaFigures]  # each indicator's figures with its chart and breakdown chart
    plan_areas: list  # the plan's areas, for the filter
    organisations: QuerySet[Organisation]  # the units reporting on the plan, for the filter
    report_years: list[int]

    @property
    def charts(self) -> list[Chart]:
        """Every chart on the page in page order: each one's table can be downloaded."""
        return [
            self.progress_chart,
            self.goal_chart,
            self.unit_chart,
            self.timeliness_chart,
            *(
                chart
                for area in self.areas
                for figures in area.indicators
                for chart in (figures.chart, figures.breakdown_chart)
                if chart is not None
            ),
        ]


def dashboard_page(
    plan: Plan,
    *,
    year: int | None,
    area: str,
    organisation: Organisation | None,
    as_of: dt.date,
) -> Dashboard:
    """The page for the filters: goals of the chosen area, the chosen unit's progress, periods
    touching the year, and figures of the area and year (the unit's own where one is chosen)."""
    overview = progress_overview(plan, as_of=as_of)
    plan_areas = list(plan.areas.all())
    area_title = next((a.title for a in plan_areas if a.code == area), None)
    goals = [g for g in overview.goals if not area or g["area"] == area_title]
    units = [u for u in overview.units if not organisation or u["code"] == organisation.code]
    progress_chart, goal_chart, unit_chart = _progress_charts(overview, goals, units)
    timeliness_chart = _timeliness_chart(plan, year)
    areas = figures_by_area(plan, year=year, area=area or None, organisation=organisation)
    _draw_figures(plan, areas, organisation)
    return Dashboard(
        progress_chart,
        goal_chart,
        unit_chart,
        timeliness_chart,
        areas,
        plan_areas,
        assigned_organisations(plan),
        report_years(plan, as_of=as_of),
    )


def _progress_charts(
    overview: ProgressOverview, goals: list[dict], units: list[dict]
) -> tuple[Chart, Chart, Chart]:
    by_area = Chart(
        "ilerleme",
        charts.progress_by_area(overview.areas, _("Alanlara göre ilerleme (son onaylı raporlar)")),
        [("label", "Alan"), ("progress", "İlerleme (%)"), ("rag", "Durum")],
        overview.areas,
        measure="progress",
    )
    by_goal = Chart(
        "hedefler",
        charts.progress_by_area(goals, _("Hedeflere göre ilerleme")),
        [("area", "Alan"), ("label", "Hedef"), ("progress", "İlerleme (%)"), ("rag", "Durum")],
        goals,
        measure="progress",
    )
    by_unit = Chart(
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
    )
    return by_area, by_goal, by_unit


def _timeliness_chart(plan: Plan, year: int | None) -> Chart:
    timeliness = year_completeness(plan, year)
    return Chart(
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


def _draw_figures(plan: Plan, areas: list[AreaFigures], organisation: Organisation | None) -> None:
    """Gives each indicator its series chart, and a chart of its latest period's breakdowns
    where it has any."""
    breakdowns = indicator_breakdowns(
        {f.indicator.id: f.rows[-1]["period"] for a in areas for f in a.indicators if f.rows},
        organisation=organisation,
    )
    sample = sample_period_codes(plan)
    for area_figures in areas:
        for figures in area_figures.indicators:
            figures.chart = _series_chart(figures, sample)
            if rows := breakdowns.get(figures.indicator.id):
                figures.breakdown_chart = _breakdown_chart(figures, rows, sample)


def _series_chart(figures: IndicatorFigures, sample: set[str]) -> Chart:
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
    return Chart(
        figures.indicator.code,
        spec,
        [("period", "Dönem"), ("value", "Değer")]
        + ([("sample_label", "Örnek veri")] if shown else []),
        [{**r, "sample_label": _("ÖRNEK") if r["period"] in sample else ""} for r in figures.rows]
        if shown
        else figures.rows,
    )


def _breakdown_chart(figures: IndicatorFigures, rows: list[dict], sample: set[str]) -> Chart:
    return Chart(
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
