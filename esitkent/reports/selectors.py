"""What the annual monitoring report says, gathered once for every format (HTML, PDF, XLSX)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from esitkent.analytics.context_selectors import context_checks
from esitkent.analytics.public_selectors import year_totals
from esitkent.core import progress_rating
from esitkent.monitoring.progress_selectors import (
    StandingReports,
    activity_rag,
    activity_status_as_of,
    progress_tree,
)
from esitkent.monitoring.report_selectors import (
    ACTIVITY_STATUS_LABELS,
    approved_submissions_count,
    sample_periods_reached,
    sample_statuses,
)
from esitkent.monitoring.review_selectors import completeness
from esitkent.monitoring.selectors import reporting_period, sample_period_codes
from esitkent.monitoring.summary_selectors import report_years
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
    period: object | None  # the year's own reporting period, if the plan has one
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
    tree = progress_tree(plan, as_of=as_of, latest=standing.latest)
    period = reporting_period(plan, str(year))
    areas = _area_sections(plan, tree)
    lines = _ActivityLines(
        plan,
        year,
        as_of,
        standing,
        sample_standing=sample_statuses(plan, periods_ending_by=year_end),
        totals=year_totals(plan, str(year)),
        totals_sample=period is not None and period.is_sample,
    )
    for activity in _report_activities(plan):
        areas[activity.subgoal.goal.area_id].activities.append(lines.of(activity))
    return AnnualReport(
        plan=plan,
        year=year,
        as_of=as_of,
        progress=tree.progress.value,
        rag=tree.rag,
        areas=list(areas.values()),
        period=period,
        completeness=completeness(plan, period) if period else [],
        lint_summary=finding_summary(plan),
        consistency=context_checks(),
        approved_submissions=approved_submissions_count(plan, year),
        produced_on=today,
        sample_periods=report_sample_periods(plan, year),
        plan_sample_codes=frozenset(sample_period_codes(plan)),
    )


def _area_sections(plan: Plan, tree) -> dict[int, AreaSection]:
    """The plan's areas in order, by id, each with its progress and colour from the tree."""
    nodes = {node.label: node for node in tree.children}
    sections = {}
    for area in plan.areas.order_by("position"):
        node = nodes.get(area.title)
        sections[area.id] = AreaSection(
            area.code,
            area.title,
            area.title_printed,
            node.progress.value if node else None,
            node.rag if node else progress_rating.NONE,
        )
    return sections


def _report_activities(plan: Plan):
    """The plan's activities in printed order (a row printed twice once), with their area and
    their indicators' definitions and targets."""
    return (
        Activity.objects.filter(subgoal__goal__area__plan=plan, duplicate_of__isnull=True)
        .select_related("subgoal__goal__area")
        .prefetch_related(Prefetch("indicators__definition"), "indicators__definition__targets")
        .order_by("row")
    )


@dataclass
class _ActivityLines:
    """Makes each activity's line of the year's report from what was read once for all."""

    plan: Plan
    year: int
    as_of: dt.date
    standing: StandingReports  # how activities stood at the year's end
    sample_standing: set[int]
    totals: dict[int, Decimal]
    totals_sample: bool  # the year's own period, whose totals these are, is a sample one

    def of(self, activity: Activity) -> ActivityLine:
        report = self.standing.last_report.get(activity.id)
        status, progress = self.standing.latest.get(activity.id, (None, None))
        line = ActivityLine(
            activity.code_printed,
            activity.title,
            TERM_LABELS.get(activity.term, ""),
            activity.due_date,
            ACTIVITY_STATUS_LABELS.get(status, ""),
            100.0 if status == "completed" else progress,
            activity_rag(activity, self.standing.latest, plan=self.plan, as_of=self.as_of),
            report.explanation if report else "",
            report.corrective_action if report else "",
            report.new_date if report else None,
            earlier_period=(
                report.period.code if report and report.period.end.year < self.year else ""
            ),
            sample=activity.id in self.sample_standing,
        )
        line.indicators = [
            self._indicator_line(indicator, indicator.definition)
            for indicator in activity.indicators.all()
            if getattr(indicator, "definition", None) is not None
        ]
        return line

    def _indicator_line(self, indicator, definition) -> IndicatorLine:
        value = self.totals.get(indicator.id)
        target = next((t.value for t in definition.targets.all() if t.year == self.year), None)
        return IndicatorLine(
            indicator.code,
            indicator.name,
            definition.unit,
            value,
            target,
            progress_rating.target_rag(value, target, definition.direction),
            sample=value is not None and self.totals_sample,
        )


def _reached_by(periods: list[tuple[int, str, bool]], year: int) -> list[str]:
    # A year's report reads the approvals of every period ended by its end, and the year's
    # own period's completeness even before anything is approved.
    return [code for end, code, approved in periods if end <= year and (approved or end == year)]


def report_sample_periods(plan: Plan, year: int) -> list[str]:
    """The sample periods whose figures the year's report may hold, earliest first."""
    return _reached_by(sample_periods_reached(plan), year)


def sample_years(plan: Plan, years: list[int]) -> dict[int, list[str]]:
    """Of these years, those whose report holds sample figures, with the sample periods."""
    periods = sample_periods_reached(plan)
    reached = {year: _reached_by(periods, year) for year in years}
    return {year: codes for year, codes in reached.items() if codes}


def plan_years(plan: Plan) -> range:
    """Years a report can be made for: the plan's own. Its last year's report is still made
    in the years after, while that year's figures are approved; it stays the last year's."""
    return range(plan.start_year, plan.end_year + 1)


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
