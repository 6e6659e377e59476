"""What the annual monitoring report says, gathered once for every format (HTML, PDF, XLSX)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from esitkent.analytics.models import IndicatorSummary
from esitkent.analytics.selectors import context_checks
from esitkent.monitoring import domain
from esitkent.monitoring.models import ActivityReport, ReportingPeriod, Submission
from esitkent.monitoring.selectors import completeness, progress_tree
from esitkent.plans.domain import summarise
from esitkent.plans.models import Activity, Plan
from esitkent.plans.selectors import plan_findings

from .models import PublishedReport


@dataclass
class IndicatorLine:
    code: str
    name: str
    unit: str
    value: Decimal | None
    target: Decimal | None
    rag: str


@dataclass
class ActivityLine:
    code: str
    title: str
    term: str
    due: dt.date | None
    status: str
    progress: float | None
    rag: str
    explanation: str
    corrective_action: str
    new_date: dt.date | None
    indicators: list[IndicatorLine] = field(default_factory=list)


@dataclass
class AreaSection:
    code: str
    title: str
    title_printed: str
    progress: float | None
    rag: str
    activities: list[ActivityLine] = field(default_factory=list)


@dataclass
class AnnualReport:
    plan: Plan
    year: int
    as_of: dt.date
    progress: float | None
    rag: str
    areas: list[AreaSection]
    period: ReportingPeriod | None
    completeness: list
    lint_summary: list[tuple[str, int]]
    consistency: list
    approved_submissions: int


STATUS_LABELS = dict(ActivityReport.Status.choices)


def annual_report(plan: Plan, year: int) -> AnnualReport:
    as_of = min(dt.date(year, 12, 31), dt.date.today())
    tree = progress_tree(plan, as_of=as_of)
    period = ReportingPeriod.objects.filter(plan=plan, code=str(year)).first()
    reports = {}
    if period:
        for report in ActivityReport.objects.filter(
            period=period, submission__status=Submission.Status.APPROVED
        ):
            reports.setdefault(report.activity_id, report)
    summaries = {
        s.indicator_id: s.value
        for s in IndicatorSummary.objects.filter(
            indicator__activity__subgoal__goal__area__plan=plan,
            period=str(year),
            dimensions="",
            organisation=None,
        )
    }
    start = dt.date(plan.start_year, 1, 1)
    areas = []
    area_nodes = {node.label: node for node in tree.children}
    activities = (
        Activity.objects.filter(subgoal__goal__area__plan=plan, duplicate_of__isnull=True)
        .select_related("subgoal__goal__area")
        .prefetch_related(Prefetch("indicators__definition"), "indicators__definition__targets")
    )
    by_area: dict[int, AreaSection] = {}
    for area in plan.areas.order_by("position"):
        node = area_nodes.get(area.title)
        by_area[area.id] = AreaSection(
            area.code,
            area.title,
            area.title_printed,
            node.progress.value if node else None,
            node.rag if node else domain.NONE,
        )
        areas.append(by_area[area.id])
    for activity in activities.order_by("row"):
        report = reports.get(activity.id)
        status = report.status if report else None
        progress = report.progress if report else None
        rag = (
            domain.activity_rag(
                status=status, progress=progress, start=start, due=activity.due_date, as_of=as_of
            )
            if report
            else domain.NONE
        )
        line = ActivityLine(
            activity.code_printed,
            activity.title,
            activity.get_term_display() or "",
            activity.due_date,
            STATUS_LABELS.get(status, ""),
            100.0 if status == "completed" else progress,
            rag,
            report.explanation if report else "",
            report.corrective_action if report else "",
            report.new_date if report else None,
        )
        for indicator in activity.indicators.all():
            definition = getattr(indicator, "definition", None)
            if definition is None:
                continue
            value = summaries.get(indicator.id)
            target = next((t.value for t in definition.targets.all() if t.year == year), None)
            line.indicators.append(
                IndicatorLine(
                    indicator.code,
                    indicator.name,
                    definition.unit,
                    value,
                    target,
                    domain.target_rag(value, target, definition.direction),
                )
            )
        by_area[activity.subgoal.goal.area_id].activities.append(line)
    return AnnualReport(
        plan=plan,
        year=year,
        as_of=as_of,
        progress=tree.progress.value,
        rag=tree.rag,
        areas=areas,
        period=period,
        completeness=completeness(plan, period) if period else [],
        lint_summary=sorted(summarise(plan_findings(plan)).items()),
        consistency=context_checks(),
        approved_submissions=Submission.objects.filter(
            period=period, status=Submission.Status.APPROVED
        ).count()
        if period
        else 0,
    )


def report_years(plan: Plan, *, as_of: dt.date | None = None) -> range:
    """Years a report can be made for: the plan's own, and two after it, when the last year's
    figures are still being approved. With as_of, none after its year (a year not yet begun
    has nothing to report)."""
    last = plan.end_year + 2
    return range(plan.start_year, (last if as_of is None else min(last, as_of.year)) + 1)


def current_editions(plan: Plan, *, year: int | None = None) -> QuerySet[PublishedReport]:
    """The editions on the portal now (withdrawn ones are not), of every year or one, newest
    year first and Turkish first within a year, without their PDFs."""
    found = (
        PublishedReport.objects.current()
        .filter(plan=plan)
        .defer("pdf")
        .order_by("-year", "-language")  # "tr" > "en"
    )
    return found if year is None else found.filter(year=year)


def current_edition_pdf(plan: Plan, year: int, language: str) -> bytes | None:
    """The PDF of the year's edition on the portal now, in that language."""
    found = (
        PublishedReport.objects.current()
        .filter(plan=plan, year=year, language=language)
        .values_list("pdf", flat=True)
        .first()
    )
    return bytes(found) if found is not None else None


def report_index(plan: Plan, *, as_of: dt.date) -> list[tuple[int, list[PublishedReport]]]:
    """Each year a report can be made for up to as_of's (and a later one already published),
    with its editions on the portal now and who published them."""
    published: dict[int, list[PublishedReport]] = {}
    for report in current_editions(plan).select_related("published_by"):
        published.setdefault(report.year, []).append(report)
    return [
        (year, published.get(year, []))
        for year in report_years(plan)
        if year <= as_of.year or year in published
    ]
