"""Reads for dashboards, the district map and context indicators. Dashboards read summaries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from esitkent.monitoring import domain as monitoring_domain
from esitkent.monitoring.models import (
    ActivityReport,
    ContextCheck,
    ContextSeries,
    ContextValue,
    ReportingPeriod,
    Submission,
)
from esitkent.monitoring.progress_selectors import (
    activity_rag,
    latest_activity_status,
    progress_tree,
)
from esitkent.monitoring.review_selectors import completeness
from esitkent.orgs.models import District, DistrictPopulation, Organisation
from esitkent.plans.models import Activity, ActivityParty, Indicator, Plan
from esitkent.plans.selectors import responsibility_matrix

from . import domain
from .models import IndicatorSummary

THEMES = {
    "nufus": "Nüfus",
    "egitim": "Eğitim",
    "saglik": "Sağlık",
    "istihdam": "İstihdam",
    "katilim": "Katılım ve temsil",
    "siddet": "Kadına yönelik şiddet",
}


@dataclass
class IndicatorFigures:
    indicator: Indicator
    rows: list[dict]  # {period, value}
    targets: dict
    baseline: Decimal | None
    chart: object = None
    breakdown_chart: object = None


@dataclass
class AreaFigures:
    title: str
    indicators: list[IndicatorFigures] = field(default_factory=list)


def figures_by_area(
    plan: Plan, *, year: int | None = None, area: str | None = None, organisation=None
) -> list[AreaFigures]:
    """Approved totals per indicator and period, from the summaries, grouped by area.

    Reads plain tuples through the across-units (or per-unit) index and loads each indicator,
    its definition and targets once: the number of rows grows with periods, the objects do not.
    """
    summaries = IndicatorSummary.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan,
        dimensions="",
        organisation=organisation,  # None: across all organisations
    )
    if area:
        summaries = summaries.filter(indicator__activity__subgoal__goal__area__code=area)
    if year:
        periods = set(summaries.values_list("period", flat=True).distinct())
        summaries = summaries.filter(period__in=[p for p in periods if _period_touches(p, year)])
    rows = list(summaries.values_list("indicator_id", "period", "value"))
    indicators = (
        Indicator.objects.filter(id__in={r[0] for r in rows})
        .select_related("activity__subgoal__goal__area", "definition")
        .prefetch_related("definition__targets")
        .order_by("activity__row", "position")
    )
    by_indicator: dict[int, IndicatorFigures] = {}
    areas: dict[int, AreaFigures] = {}
    for indicator in indicators:
        area_obj = indicator.activity.subgoal.goal.area
        definition = getattr(indicator, "definition", None)
        targets = {t.year: t.value for t in definition.targets.all()} if definition else {}
        by_indicator[indicator.id] = IndicatorFigures(
            indicator, [], targets, definition.baseline_value if definition else None
        )
        areas.setdefault(area_obj.id, AreaFigures(area_obj.title)).indicators.append(
            by_indicator[indicator.id]
        )
    for indicator_id, period, value in sorted(rows, key=lambda r: r[1]):
        by_indicator[indicator_id].rows.append({"period": period, "value": value})
    return list(areas.values())


def _period_touches(code: str, year: int) -> bool:
    try:
        period = monitoring_domain.parse_period(code)
    except ValueError:
        return False
    return period.start.year <= year <= period.end.year


# --- The district map ---------------------------------------------------------------------------


@dataclass
class MapSource:
    key: str  # "g:<indicator code>" or "s:<series code>"
    label: str
    periods: list[str]
    # Indicator codes are unique within a plan only: the map reads the plan's own indicator.
    indicator_id: int | None = None


MAP_SCALES = ("raw", "women", "population")


def map_sources(plan: Plan) -> list[MapSource]:
    """Indicators and context series that have values by district."""
    sources: dict[str, MapSource] = {}
    pairs = (
        IndicatorSummary.objects.filter(
            indicator__activity__subgoal__goal__area__plan=plan,
            dimensions="district",
            organisation=None,
        )
        .values_list("indicator_id", "period")
        .distinct()
    )
    names = dict(
        (i.id, (i.code, i.name))
        for i in Indicator.objects.filter(activity__subgoal__goal__area__plan=plan)
    )
    for indicator_id, period in pairs:
        code, name = names[indicator_id]
        sources.setdefault(
            f"g:{code}", MapSource(f"g:{code}", f"{name} ({code})", [], indicator_id)
        ).periods.append(period)
    for code, name, period in ContextValue.objects.filter(
        breakdown_key__startswith="district=", kind="value"
    ).values_list("series__code", "series__name", "period"):
        sources.setdefault(f"s:{code}", MapSource(f"s:{code}", name, [])).periods.append(period)
    for source in sources.values():
        source.periods = sorted(set(source.periods))
    return sorted(sources.values(), key=lambda s: s.label)


def map_choice(
    sources: list[MapSource], *, key: str | None, period: str | None, per: str | None
) -> tuple[MapSource | None, str | None, str]:
    """The source, period and scale a request asks for, each falling back (to the first source,
    its latest period, raw values) when it is unknown: an old link whose period has gone, or a
    form sent after choosing another source, still shows a map."""
    source = next((s for s in sources if s.key == key), sources[0] if sources else None)
    if source is None:
        return None, None, "raw"
    chosen = period if period in source.periods else source.periods[-1]
    return source, chosen, per if per in MAP_SCALES else "raw"


@dataclass
class MapData:
    features: list[dict]
    rows: list[dict]
    breaks: list[Decimal]
    legend: str


def map_data(source: MapSource, period: str, *, per: str = "raw") -> MapData:
    kind, code = source.key.split(":", 1)
    if kind == "g":
        pairs = IndicatorSummary.objects.filter(
            indicator_id=source.indicator_id,
            period=period,
            dimensions="district",
            organisation=None,
        ).values_list("breakdown_key", "value")
    else:
        pairs = ContextValue.objects.filter(
            series__code=code, period=period, breakdown_key__startswith="district=", kind="value"
        ).values_list("breakdown_key", "value")
    values = {key.split("=", 1)[1]: value for key, value in pairs}
    year = monitoring_domain.parse_period(period).year
    population = _population_near(year)
    features, rows = [], []
    for district in District.objects.all():
        raw = values.get(district.code)
        pop = population.get(district.code)
        shown = raw
        if per in ("women", "population") and raw is not None:
            shown = domain.per_10000(
                raw, (pop.female if per == "women" else pop.total) if pop else None
            )
        features.append(domain.district_feature(district.name, district.boundary, shown))
        rows.append(
            {
                "district": district.name,
                "pcode": district.pcode,
                "value": raw,
                "shown": shown,
                "population_year": pop.year if pop else None,
            }
        )
    legend = {
        "raw": _("Değer"),
        "women": _("10.000 kadın başına"),
        "population": _("10.000 kişi başına"),
    }[per]
    return MapData(
        features,
        rows,
        domain.quantile_breaks([r["shown"] for r in rows if r["shown"] is not None]),
        legend,
    )


def _population_near(year: int) -> dict[str, DistrictPopulation]:
    """Each district's population figure with sex split from the nearest year not after `year`,
    else the earliest one."""
    out: dict[str, DistrictPopulation] = {}
    for pop in (
        DistrictPopulation.objects.filter(female__isnull=False)
        .select_related("district")
        .order_by("year")
    ):
        if pop.district.code not in out or pop.year <= year:
            out[pop.district.code] = pop
    return out


# --- Context indicators -----------------------------------------------------------------------


@dataclass
class ContextRow:
    period: str
    label: str
    value: Decimal
    printed: str
    source: str


@dataclass
class GapRow:
    period: str
    breakdown: str
    gap: domain.Gap


@dataclass
class CheckRow:
    check: ContextCheck
    result: domain.Consistency | None
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass
class SeriesView:
    series: ContextSeries
    rows: list[ContextRow]
    gaps: list[GapRow]


def context_overview() -> tuple[dict[str, list[SeriesView]], list[CheckRow]]:
    themes: dict[str, list[SeriesView]] = defaultdict(list)
    for series in (
        ContextSeries.objects.exclude(theme="").prefetch_related("values").order_by("code")
    ):
        rows, by_key = [], {}
        for v in series.values.all():
            if v.kind != "value":
                continue
            rows.append(
                ContextRow(
                    v.period,
                    monitoring_domain.breakdown_label(v.breakdown, translate=_)
                    if v.breakdown
                    else _("Toplam"),
                    v.value,
                    v.printed,
                    v.source,
                )
            )
            by_key[(v.period, v.breakdown_key)] = v.value
        gaps = []
        for (period, key), value in by_key.items():
            parts = monitoring_domain.parse_breakdown_key(key)
            if parts.get("sex") != "F":
                continue
            other = dict(parts, sex="M")
            men = by_key.get((period, monitoring_domain.breakdown_key(other)))
            if men is not None:
                rest = {k: v for k, v in parts.items() if k != "sex"}
                gaps.append(
                    GapRow(
                        period,
                        monitoring_domain.breakdown_label(rest, translate=_) if rest else "",
                        domain.Gap(value, men),
                    )
                )
        themes[THEMES.get(series.theme, series.theme)].append(SeriesView(series, rows, gaps))
    return dict(themes), context_checks()


def context_checks() -> list[CheckRow]:
    out = []
    values = {
        (v.series_id, v.period, v.breakdown_key): v.value
        for v in ContextValue.objects.filter(kind="value")
    }
    for check in ContextCheck.objects.select_related("percentage_of"):

        def get(ref, c=check):
            return values.get((c.percentage_of_id, ref["period"], ref["breakdown_key"]))

        numerator = get(check.numerator)
        refs = check.denominator if isinstance(check.denominator, list) else [check.denominator]
        parts = [get(r) for r in refs]
        denominator = None if any(p is None for p in parts) else sum(parts, Decimal(0))
        result = (
            domain.check_percentage(
                printed=Decimal(check.printed_percentage),
                numerator=numerator,
                denominator=denominator,
            )
            if numerator is not None and denominator
            else None
        )
        out.append(CheckRow(check, result, numerator, denominator))
    return out


# --- Progress by goal and by responsible unit; completeness and timeliness -------------------


@dataclass
class ProgressOverview:
    areas: list[dict]  # {label, progress, rag}
    goals: list[dict]  # {label, area, progress, rag}
    units: list[dict]  # see unit_progress


def progress_overview(plan: Plan, *, as_of: dt.date) -> ProgressOverview:
    """Progress by area, goal and unit from one read of the latest approved reports."""
    latest = latest_activity_status(plan)
    tree = progress_tree(plan, as_of=as_of, latest=latest)
    return ProgressOverview(
        areas=[
            {"label": area.label, "progress": area.progress.value, "rag": area.rag}
            for area in tree.children
        ],
        goals=[
            {
                "label": goal.label,
                "area": area.label,
                "progress": goal.progress.value,
                "rag": goal.rag,
            }
            for area in tree.children
            for goal in area.children
        ],
        units=unit_progress(plan, as_of=as_of, latest=latest),
    )


def unit_progress(plan: Plan, *, as_of: dt.date, latest=None) -> list[dict]:
    """Per organisation named on the plan (responsible or cooperating, directly or through a
    group): how many activities it is named in, each counted once, and how it stands on those
    it is responsible for. A unit is not judged on activities it only cooperates on: NGOs and
    the bar association are named on every activity and answer for none of them.

    `progress` is None when nothing it answers for could be rated (no report, or no due date
    to judge against): a percentage beside "not assessed" would claim what it does not show.
    """
    latest = latest_activity_status(plan) if latest is None else latest
    parties = ActivityParty.objects.filter(
        activity__subgoal__goal__area__plan=plan, activity__duplicate_of__isnull=True
    ).select_related("organisation", "activity", "group")
    roles: dict[Organisation, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    activities: dict[int, Activity] = {}
    for party in parties.prefetch_related("group__members"):
        members = [party.organisation] if party.organisation_id else []
        if party.group_id:
            members.extend(party.group.members.all())
        activities[party.activity_id] = party.activity
        for org in members:
            roles[org][party.activity_id].add(party.role)
    rows = []
    for org, by_activity in sorted(roles.items(), key=lambda kv: kv[0].sort_key):
        answers_for = [a for a, r in by_activity.items() if ActivityParty.Role.RESPONSIBLE in r]
        rags = [activity_rag(activities[a], latest, plan=plan, as_of=as_of) for a in answers_for]
        rag = monitoring_domain.worst_rag(rags)
        progress = monitoring_domain.roll_up(
            monitoring_domain.activity_progress(*latest.get(a, (None, None))) for a in answers_for
        )
        rows.append(
            {
                "label": org.name,
                "code": org.code,
                "named": len(by_activity),
                "responsible": len(answers_for),
                "cooperating": len(by_activity) - len(answers_for),
                "reported": sum(1 for a in answers_for if a in latest),
                "behind": sum(
                    1 for r in rags if r in (monitoring_domain.RED, monitoring_domain.AMBER)
                ),
                "progress": None if rag == monitoring_domain.NONE else progress.value,
                "rag": rag,
            }
        )
    return rows


def year_completeness(plan: Plan, year: int | None) -> list[dict]:
    """Per reporting period (of the year, or all): units expected, reported, on time, late."""
    periods = ReportingPeriod.objects.filter(plan=plan).order_by("start")
    rows = []
    for period in periods:
        if year and not _period_touches(period.code, year):
            continue
        units = completeness(plan, period)
        submitted = [u for u in units if u.on_time is not None]
        expected = sum(u.expected for u in units)
        rows.append(
            {
                "period": period.code,
                "label": _("%(period)s (örnek)") % {"period": period.code}
                if period.is_sample
                else period.code,
                "units": len(units),
                "submitted": len(submitted),
                "on_time": sum(1 for u in submitted if u.on_time),
                "late": sum(1 for u in submitted if not u.on_time),
                "completeness": round(100 * sum(u.reported for u in units) / expected)
                if expected
                else None,
            }
        )
    return rows


# --- Breakdowns of an indicator ---------------------------------------------------------------

BREAKDOWN_DIMENSIONS = ("sex", "age", "disability")


def indicator_breakdowns(
    latest: dict[int, str], *, organisation=None, dimensions: tuple[str, ...] = BREAKDOWN_DIMENSIONS
) -> dict[int, list[dict]]:
    """Per indicator, its approved figures for the given (latest) period by sex, by age band
    and by disability (one dimension at a time, as reported), from the summaries. The portal
    asks for districts too; the dashboard leaves them to the map."""
    rows = IndicatorSummary.objects.filter(
        indicator_id__in=latest,
        period__in=set(latest.values()),
        organisation=organisation,
        dimensions__in=dimensions,
    )
    order = {d: i for i, d in enumerate(dimensions)}
    # Districts in Turkish alphabetical order (the table's), named rather than coded.
    districts = (
        {
            code: (rank, name)
            for rank, (code, name) in enumerate(District.objects.values_list("code", "name"))
        }
        if "district" in dimensions
        else {}
    )
    found: dict[int, list[tuple[str, str, Decimal]]] = defaultdict(list)
    for indicator_id, period, dimension, key, value in rows.values_list(
        "indicator_id", "period", "dimensions", "breakdown_key", "value"
    ):
        if latest[indicator_id] == period:
            found[indicator_id].append((dimension, key.partition("=")[2], value))

    def rank(dimension: str, option: str) -> int:
        if dimension == "district":
            return districts.get(option, (len(districts), option))[0]
        return _option_rank(dimension, option)

    def label(dimension: str, option: str) -> str:
        if dimension == "district":
            return districts.get(option, (0, option))[1]
        return _(monitoring_domain.dimension_options(dimension).get(option, option))

    out: dict[int, list[dict]] = {}
    for indicator_id, figures in found.items():
        figures.sort(key=lambda f: (order[f[0]], rank(f[0], f[1])))
        out[indicator_id] = [
            {
                "period": latest[indicator_id],
                "dimension": dimension,
                "group": _(monitoring_domain.DIMENSION_LABELS[dimension]),
                "label": label(dimension, option),
                "value": value,
            }
            for dimension, option, value in figures
        ]
    return out


def _option_rank(dimension: str, option: str) -> int:
    options = list(monitoring_domain.dimension_options(dimension))
    return options.index(option) if option in options else len(options)


# --- The pivot explorer -----------------------------------------------------------------------

PIVOT_DIMENSIONS = {
    "indicator": gettext_noop("Gösterge"),
    "period": gettext_noop("Dönem"),
    "organisation": gettext_noop("Birim"),
    "sex": monitoring_domain.DIMENSION_LABELS["sex"],
    "age": monitoring_domain.DIMENSION_LABELS["age"],
    "disability": monitoring_domain.DIMENSION_LABELS["disability"],
    "district": monitoring_domain.DIMENSION_LABELS["district"],
}
PIVOT_BREAKDOWNS = ("sex", "age", "disability", "district")
SUMMABLE_TYPES = ("count", "currency")


def pivot_indicators(plan: Plan) -> list[Indicator]:
    """Indicators with approved figures, in plan order."""
    ids = IndicatorSummary.objects.filter(
        indicator__activity__subgoal__goal__area__plan=plan, organisation=None
    ).values("indicator_id")
    return list(
        Indicator.objects.filter(id__in=ids)
        .select_related("activity", "definition")
        .order_by("activity__row", "position")
    )


def pivot_periods(indicators: list[Indicator]) -> list[str]:
    return sorted(
        set(
            IndicatorSummary.objects.filter(
                indicator__in=indicators, organisation=None
            ).values_list("period", flat=True)
        )
    )


def pivot(
    indicators: list[Indicator], *, rows: list[str], columns: list[str], period: str | None
) -> domain.PivotTable:
    """Every cell is one stored summary figure: breakdown dimensions not on an axis are not
    summed over (the reported total for them is used), and a period not on an axis is fixed."""
    axes = [*rows, *columns]
    breakdown = {d for d in axes if d in PIVOT_BREAKDOWNS}
    summaries = IndicatorSummary.objects.filter(indicator__in=indicators)
    summaries = (
        summaries.filter(organisation__isnull=False)
        if "organisation" in axes
        else summaries.filter(organisation=None)
    )
    if "period" not in axes:
        summaries = summaries.filter(period=period)
    summaries = summaries.filter(dimensions=";".join(sorted(breakdown)))
    districts = dict(District.objects.values_list("code", "name"))
    ordered_districts = {code: i for i, code in enumerate(sorted(districts))}
    by_id = {i.id: i for i in indicators}
    summable = frozenset(
        str(i.id)
        for i in indicators
        if getattr(i, "definition", None) is None
        or (i.definition.measure_type in SUMMABLE_TYPES and i.definition.aggregation == "sum")
    )

    def coordinate(summary, parts, organisation, dimension):
        if dimension == "indicator":
            indicator = by_id[summary.indicator_id]
            return (
                (indicator.activity.row, indicator.position),
                f"{indicator.code} {indicator.name}",
            )
        if dimension == "period":
            # By last day, a span of years after the years it ends with: 2020, 2021, 2020/2021.
            span = domain.period_span(summary.period)
            key = (span[1], -span[0].toordinal()) if span else (dt.date.max, 0)
            return ((*key, summary.period), summary.period)
        if dimension == "organisation":
            return (organisation.sort_key, organisation.name)
        option = parts[dimension]
        if dimension == "district":
            return (ordered_districts.get(option, 999), districts.get(option, option))
        return (
            _option_rank(dimension, option),
            _(monitoring_domain.dimension_options(dimension).get(option, option)),
        )

    records = []
    for summary in summaries.select_related("organisation"):
        parts = monitoring_domain.parse_breakdown_key(summary.breakdown_key)
        records.append(
            domain.PivotRecord(
                row=tuple(coordinate(summary, parts, summary.organisation, d) for d in rows),
                column=tuple(coordinate(summary, parts, summary.organisation, d) for d in columns),
                value=summary.value,
                measure=str(summary.indicator_id),
                span=domain.period_span(summary.period),
            )
        )
    return domain.pivot_table(records, summable=summable)


# --- The unit report card ---------------------------------------------------------------------


@dataclass
class CardActivity:
    activity: Activity
    role: str
    via: str
    report: ActivityReport | None  # the unit's own latest approved report
    rag: str


@dataclass
class CardPeriod:
    period: ReportingPeriod
    status: str
    submitted_on: dt.date | None
    days_late: int | None  # None: not sent; 0 or less: on time
    expected: int
    reported: int


@dataclass
class UnitCard:
    organisation: Organisation
    activities: list[CardActivity]  # each activity once: as responsible if it is so at all
    indicators: list[Indicator]
    periods: list[CardPeriod]
    figures: list[IndicatorSummary]

    @property
    def responsible(self) -> list[CardActivity]:
        return [a for a in self.activities if a.role == ActivityParty.Role.RESPONSIBLE]

    @property
    def cooperating(self) -> list[CardActivity]:
        return [a for a in self.activities if a.role != ActivityParty.Role.RESPONSIBLE]

    @property
    def behind(self) -> list[CardActivity]:
        return [
            a for a in self.responsible if a.rag in (monitoring_domain.RED, monitoring_domain.AMBER)
        ]

    @property
    def late_periods(self) -> list[CardPeriod]:
        return [p for p in self.periods if p.days_late is not None and p.days_late > 0]


def unit_card(plan: Plan, organisation: Organisation, *, as_of: dt.date) -> UnitCard:
    """One unit's page: what it answers for, what it reported and when, and what is behind."""
    own_reports: dict[int, ActivityReport] = {}
    for report in (
        ActivityReport.objects.filter(
            period__plan=plan,
            organisation=organisation,
            submission__status=Submission.Status.APPROVED,
        )
        .select_related("period")
        .order_by("period__end", "id")
    ):
        own_reports[report.activity_id] = report
    start = dt.date(plan.start_year, 1, 1)
    # The matrix has a row per role: an activity the unit answers for and is also listed to
    # cooperate on is one activity, shown (and rated) as its own.
    rows = [
        row
        for row in responsibility_matrix(organisation)
        if row.activity.subgoal.goal.area.plan_id == plan.id
    ]
    answers_for = {r.activity.id for r in rows if r.role == ActivityParty.Role.RESPONSIBLE}
    activities = []
    for row in rows:
        responsible = row.role == ActivityParty.Role.RESPONSIBLE
        if not responsible and row.activity.id in answers_for:
            continue
        report = own_reports.get(row.activity.id)
        rag = (
            monitoring_domain.activity_rag(
                status=report.status,
                progress=report.progress,
                start=start,
                due=row.activity.due_date,
                as_of=as_of,
            )
            if report and responsible
            else monitoring_domain.NONE
        )
        activities.append(CardActivity(row.activity, row.role, row.via, report, rag))
    periods = []
    for period in ReportingPeriod.objects.filter(plan=plan, start__lte=as_of).order_by("start"):
        for mine in completeness(plan, period, organisation=organisation):
            sent = mine.submitted_on
            periods.append(
                CardPeriod(
                    period,
                    mine.status,
                    sent,
                    (sent - period.deadline).days if sent else None,
                    mine.expected,
                    mine.reported,
                )
            )
    indicators = list(
        Indicator.objects.filter(
            assignments__organisation=organisation,
            activity__subgoal__goal__area__plan=plan,
        ).order_by("activity__row", "position")
    )
    figures = list(
        IndicatorSummary.objects.filter(
            organisation=organisation,
            dimensions="",
            indicator__activity__subgoal__goal__area__plan=plan,
        )
        .select_related("indicator")
        .order_by("indicator__activity__row", "indicator__position", "period")
    )
    return UnitCard(organisation, activities, indicators, periods, figures)


def context_template_rows() -> list[list[str]]:
    """One line per series and breakdown as last given, with the period, value and source left
    for the next year's figures."""
    rows, seen = [], set()
    for value in (
        ContextValue.objects.filter(kind="value")
        .select_related("series")
        .order_by("series__code", "-period")
    ):
        key = (value.series.code, value.breakdown_key)
        if key in seen:
            continue
        seen.add(key)
        parts = dict(value.breakdown)
        sex = {"F": "K", "M": "E"}.get(parts.pop("sex", ""), "")
        rows.append(
            [value.series.code, "", sex, monitoring_domain.breakdown_key(parts), "", "", ""]
        )
    return rows


# --- A year's own state ---------------------------------------------------------------------


@dataclass
class StandingReports:
    """The approved activity reports that stood at a date, read as latest_activity_status
    reads them now: per activity its status and progress (`latest`, for progress_tree) and
    the most recent report behind them (for its explanation and period)."""

    latest: dict[int, tuple[str, float | None]]
    last_report: dict[int, ActivityReport]


# The least advanced status speaks for an activity several units report, as in
# monitoring.progress_selectors.latest_activity_status.
_STATUS_ORDER = {
    s: i for i, s in enumerate(["not_started", "delayed", "ongoing", "completed", "cancelled"])
}


def activity_status_as_of(plan: Plan, *, periods_ending_by: dt.date) -> StandingReports:
    """latest_activity_status limited to the periods ended by the date: a past year's report
    must not take its progress from a later year's approvals."""
    latest_by_unit: dict[tuple[int, int], ActivityReport] = {}
    reports = ActivityReport.objects.filter(
        period__plan=plan,
        period__end__lte=periods_ending_by,
        submission__status=Submission.Status.APPROVED,
    ).select_related("period")
    for report in reports.order_by("period__end", "id"):
        latest_by_unit[(report.activity_id, report.organisation_id)] = report
    grouped: dict[int, list[ActivityReport]] = defaultdict(list)
    for (activity_id, _unit), report in latest_by_unit.items():
        grouped[activity_id].append(report)
    latest: dict[int, tuple[str, float | None]] = {}
    last_report: dict[int, ActivityReport] = {}
    for activity_id, unit_reports in grouped.items():
        rolled = monitoring_domain.roll_up(
            monitoring_domain.activity_progress(r.status, r.progress) for r in unit_reports
        )
        status = min((r.status for r in unit_reports), key=lambda s: _STATUS_ORDER.get(s, 0))
        latest[activity_id] = (status, rolled.value)
        last_report[activity_id] = max(unit_reports, key=lambda r: (r.period.end, r.id))
    return StandingReports(latest, last_report)
