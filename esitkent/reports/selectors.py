"""What the annual monitoring report says, gathered once for every format (HTML, PDF, XLSX)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from esitkent.analytics.models import IndicatorSummary
from esitkent.analytics.selectors import activity_status_as_of, context_checks
from esitkent.monitoring import domain
from esitkent.monitoring.models import ActivityReport, ReportingPeriod, Submission
from esitkent.monitoring.progress_selectors import activity_rag, progress_tree
from esitkent.monitoring.review_selectors import completeness
from esitkent.plans.models import Activity, Plan
from esitkent.plans.selectors import finding_summary

from .models import PublishedReport


@dataclass
class IndicatorLine:
    code: str
    name: str
    unit: str
    value: Decimal | None
    target: Decimal | None
    rag: str
    # The value is a sample period's (the year's own period is sample).
    sample: bool = False


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
    # The period of the report shown when it is an earlier year's: the status that still
    # stood at the year's end, said to be that old.
    earlier_period: str = ""
    # The status and progress draw on a sample period's report (of one unit at least).
    sample: bool = False


@dataclass
class AreaSection:
    code: str
    title: str
    title_printed: str
    progress: float | None
    rag: str
    activities: list[ActivityLine] = field(default_factory=list)

    @property
    def sample(self) -> bool:
        """The area's progress or one of its figures draws on a sample period."""
        return any(a.sample or any(i.sample for i in a.indicators) for a in self.activities)


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
    produced_on: dt.date = field(default_factory=timezone.localdate)
    # Codes of the sample periods whose figures the report may hold (see report_sample_periods):
    # the whole report is then marked ÖRNEK, and every figure drawn from them.
    sample_periods: list[str] = field(default_factory=list)
    # Every sample period code of the plan: a map of one of them is marked too.
    plan_sample_codes: frozenset[str] = frozenset()

    @property
    def sample(self) -> bool:
        return bool(self.sample_periods)

    @property
    def progress_sample(self) -> bool:
        """The plan's and the areas' progress draw on a sample period's report."""
        return any(area.sample for area in self.areas)


STATUS_LABELS = dict(ActivityReport.Status.choices)
# Lazy, like the status labels: the report's language names the term when it is drawn.
TERM_LABELS = dict(Activity.Term.choices)


def annual_report(plan: Plan, year: int) -> AnnualReport:
    """The year as it stood at its end: approved reports and values of the periods ended by
    31 December (a later period's approvals never count), approved whenever — a year's own
    period is reviewed in the next. The whole report, summary and activity pages alike,
    reads the same standing reports."""
    today = timezone.localdate()
    year_end = dt.date(year, 12, 31)
    as_of = min(year_end, today)
    standing = activity_status_as_of(plan, periods_ending_by=year_end)
    sample_standing = sample_statuses(plan, periods_ending_by=year_end)
    tree = progress_tree(plan, as_of=as_of, latest=standing.latest)
    period = ReportingPeriod.objects.filter(plan=plan, code=str(year)).first()
    summaries = {
        s.indicator_id: s.value
        for s in IndicatorSummary.objects.filter(
            indicator__activity__subgoal__goal__area__plan=plan,
            period=str(year),
            dimensions="",
            organisation=None,
        )
    }
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
        report = standing.last_report.get(activity.id)
        status, progress = standing.latest.get(activity.id, (None, None))
        rag = activity_rag(activity, standing.latest, plan=plan, as_of=as_of)
        line = ActivityLine(
            activity.code_printed,
            activity.title,
            TERM_LABELS.get(activity.term, ""),
            activity.due_date,
            STATUS_LABELS.get(status, ""),
            100.0 if status == "completed" else progress,
            rag,
            report.explanation if report else "",
            report.corrective_action if report else "",
            report.new_date if report else None,
            earlier_period=report.period.code if report and report.period.end.year < year else "",
            sample=activity.id in sample_standing,
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
                    sample=value is not None and period is not None and period.is_sample,
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
        lint_summary=finding_summary(plan),
        consistency=context_checks(),
        approved_submissions=Submission.objects.filter(
            period__plan=plan, period__end__year=year, status=Submission.Status.APPROVED
        ).count(),
        produced_on=today,
        sample_periods=report_sample_periods(plan, year),
        plan_sample_codes=frozenset(
            ReportingPeriod.objects.filter(plan=plan, is_sample=True).values_list("code", flat=True)
        ),
    )


def sample_statuses(plan: Plan, *, periods_ending_by: dt.date | None = None) -> set[int]:
    """Activities whose standing status (each unit's latest approved report, as
    latest_activity_status and activity_status_as_of read it) takes one unit's report from a
    sample period: that status and progress are sample figures, not real ones."""
    reports = ActivityReport.objects.filter(
        period__plan=plan, submission__status=Submission.Status.APPROVED
    )
    if periods_ending_by is not None:
        reports = reports.filter(period__end__lte=periods_ending_by)
    latest: dict[tuple[int, int], bool] = {}
    for activity_id, unit_id, sample in reports.order_by("period__end", "id").values_list(
        "activity_id", "organisation_id", "period__is_sample"
    ):
        latest[(activity_id, unit_id)] = sample
    return {activity_id for (activity_id, _unit), sample in latest.items() if sample}


def _sample_periods_reached(plan: Plan) -> list[tuple[int, str, bool]]:
    """The plan's sample periods as (end year, code, has an approved submission)."""
    return [
        (end.year, code, approved)
        for end, code, approved in ReportingPeriod.objects.filter(plan=plan, is_sample=True)
        .annotate(
            approved=Exists(
                Submission.objects.filter(period=OuterRef("pk"), status=Submission.Status.APPROVED)
            )
        )
        .order_by("end", "code")
        .values_list("end", "code", "approved")
    ]


def _reached_by(periods: list[tuple[int, str, bool]], year: int) -> list[str]:
    # A year's report reads the approvals of every period ended by its end, and the year's
    # own period's completeness even before anything is approved.
    return [code for end, code, approved in periods if end <= year and (approved or end == year)]


def report_sample_periods(plan: Plan, year: int) -> list[str]:
    """The sample periods whose figures the year's report may hold, earliest first."""
    return _reached_by(_sample_periods_reached(plan), year)


def sample_years(plan: Plan, years: list[int]) -> dict[int, list[str]]:
    """Of these years, those whose report holds sample figures, with the sample periods."""
    periods = _sample_periods_reached(plan)
    reached = {year: _reached_by(periods, year) for year in years}
    return {year: codes for year, codes in reached.items() if codes}


def plan_years(plan: Plan) -> range:
    """Years a report can be made for: the plan's own. Its last year's report is still made
    in the years after, while that year's figures are approved; it stays the last year's."""
    return range(plan.start_year, plan.end_year + 1)


def report_years(plan: Plan, *, as_of: dt.date | None = None) -> list[int]:
    """Years offered for a report: the plan's own that have a reporting period ending in
    them, and with as_of none after its year (a year not yet begun has nothing to report).
    A year past the plan's end has nothing of the plan to report, whatever its periods."""
    last = plan.end_year if as_of is None else min(plan.end_year, as_of.year)
    return sorted(
        set(
            ReportingPeriod.objects.filter(
                plan=plan, end__year__gte=plan.start_year, end__year__lte=last
            ).values_list("end__year", flat=True)
        )
    )


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
    """Each year offered up to as_of's, and any year with an edition on the portal now (to
    be withdrawn), with its editions and who published them."""
    published: dict[int, list[PublishedReport]] = {}
    for report in current_editions(plan).select_related("published_by"):
        published.setdefault(report.year, []).append(report)
    years = sorted(set(report_years(plan, as_of=as_of)) | set(published))
    return [(year, published.get(year, [])) for year in years]
