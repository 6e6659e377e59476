"""What the public may see: approved plans, approved aggregates (across units), the status and
progress of approved activity reports and context figures with their sources. Nothing else is
read here, so nothing else can reach a public page or download; the one other read the portal
makes is reports.selectors' current editions of the reports the coordinating unit published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from esitkent.analytics import figure_selectors, map_selectors
from esitkent.analytics import public_selectors as summaries
from esitkent.core import period_codes, value_breakdowns
from esitkent.core.numbers import plain_number
from esitkent.monitoring.progress_selectors import latest_activity_status, progress_tree
from esitkent.monitoring.selectors import sample_period_codes
from esitkent.orgs.selectors import district_names
from esitkent.plans.models import Activity, Indicator, Plan

# Names the portal shows from monitoring's choices (an indicator's measure, direction and
# periodicity) and breakdowns, which are Turkish text there: marked here for makemessages
# (wrapping the choices would make a migration), translated where they are shown. A test keeps
# this list in step with monitoring's.
SHOWN_LABELS = [
    gettext_noop("Sayı"),
    gettext_noop("Yüzde"),
    gettext_noop("Oran"),
    gettext_noop("Tutar (TL)"),
    gettext_noop("Evet/Hayır (kilometre taşı)"),
    gettext_noop("Metin"),
    gettext_noop("Yüksek iyi"),
    gettext_noop("Düşük iyi"),
    gettext_noop("Yönsüz"),
    gettext_noop("Yıllık"),
    gettext_noop("Altı aylık"),
    gettext_noop("Üç aylık"),
    gettext_noop("Aylık"),
    gettext_noop("Toplam"),
    gettext_noop("Cinsiyet"),
    gettext_noop("Yaş grubu"),
    gettext_noop("Engellilik"),
    gettext_noop("İlçe"),
    gettext_noop("Kadın"),
    gettext_noop("Erkek"),
    gettext_noop("65 ve üzeri"),
    gettext_noop("Engelli"),
    gettext_noop("Engelli değil"),
]

STATUS_LABELS = {
    "not_started": "Başlamadı",
    "ongoing": "Sürüyor",
    "completed": "Tamamlandı",
    "delayed": "Gecikmede",
    "cancelled": "İptal",
}


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(status=Plan.Status.APPROVED).order_by("-start_year")


def public_plan(slug: str) -> Plan | None:
    return public_plans().filter(slug=slug).first()


@dataclass(frozen=True)
class Coverage:
    """What a plan's headline progress is made of: the mean is over reported activities only,
    so the page says how many those are."""

    activities: int  # each activity once (a row printed twice is one activity)
    reported: int  # with an approved activity report

    @property
    def unreported(self) -> int:
        return self.activities - self.reported


def plan_outline(plan: Plan, *, as_of: dt.date):
    """The progress tree (approved reports only), each activity's public status label and
    progress, and how many activities the headline progress covers."""
    latest = latest_activity_status(plan)
    statuses = {
        activity_id: (STATUS_LABELS.get(status, ""), progress)
        for activity_id, (status, progress) in latest.items()
    }
    areas = plan.areas.prefetch_related("goals__subgoals__activities").order_by("position")
    activities = set(
        Activity.objects.filter(
            subgoal__goal__area__plan=plan, duplicate_of__isnull=True
        ).values_list("id", flat=True)
    )
    coverage = Coverage(len(activities), len(activities & latest.keys()))
    return progress_tree(plan, as_of=as_of, latest=latest), areas, statuses, coverage


def public_activity(plan: Plan, row: int) -> Activity | None:
    """An activity of a public plan by its row, with its area and parties."""
    return (
        Activity.objects.filter(subgoal__goal__area__plan=plan, row=row)
        .select_related("subgoal__goal__area")
        .prefetch_related("parties")
        .first()
    )


@dataclass
class PublicSeries:
    indicator: Indicator
    rows: list[tuple[str, str, object, bool]]  # (period, breakdown label, value, sample)

    @property
    def sample(self) -> bool:
        return any(row[3] for row in self.rows)


def activity_series(activity: Activity) -> list[PublicSeries]:
    indicators = list(activity.indicators.order_by("position"))
    rows: dict[int, list] = {i.id: [] for i in indicators}
    districts = district_names()
    for indicator_id, period, key, value, sample in summaries.series_rows(indicators):
        label = value_breakdowns.breakdown_label(
            value_breakdowns.parse_breakdown_key(key), translate=_, districts=districts
        )
        rows[indicator_id].append((period, label, value, sample))
    return [PublicSeries(i, rows[i.id]) for i in indicators]


# --- One indicator -----------------------------------------------------------------------------

PUBLIC_BREAKDOWNS = ("sex", "age", "disability", "district")


def public_indicator(plan: Plan, code: str) -> Indicator | None:
    """An indicator of a public plan, by its code (unique within the plan only)."""
    return (
        Indicator.objects.filter(activity__subgoal__goal__area__plan=plan, code=code)
        .select_related("activity__subgoal__goal__area", "definition")
        .prefetch_related("definition__targets")
        .first()
    )


@dataclass
class IndicatorPage:
    indicator: Indicator
    definition: object | None  # the indicator's monitoring definition, if it has one
    targets: dict[int, Decimal]
    series: list[dict]  # {period, value, target, sample}: approved totals across units
    breakdowns: list[dict]  # {period, dimension, group, label, value}, latest period only
    on_map: bool  # approved figures by district exist, so the map can show it
    # Periods of the figures above that are sample (the demo's), labelled ÖRNEK wherever shown.
    sample_periods: list[str] = field(default_factory=list)

    @property
    def breakdowns_sample(self) -> bool:
        return bool(self.breakdowns) and self.breakdowns[0]["period"] in self.sample_periods


def _period_order(code: str) -> tuple:
    try:
        return (period_codes.parse_period(code).end, code)
    except ValueError:
        return (dt.date.max, code)


def indicator_page(indicator: Indicator) -> IndicatorPage:
    """The indicator's approved totals by period, and its latest approved figures by each
    breakdown: across-units summaries only."""
    definition = getattr(indicator, "definition", None)
    targets = {t.year: t.value for t in definition.targets.all()} if definition else {}
    series = [
        {
            "period": period,
            "value": value,
            "target": targets.get(_year_of(period)),
            "sample": sample,
        }
        for period, value, sample in sorted(
            summaries.indicator_totals(indicator), key=lambda pv: _period_order(pv[0])
        )
    ]
    # Which breakdowns exist in which periods, in one read: the latest period's figures follow,
    # and district figures put the indicator on the map.
    found = summaries.breakdown_periods(indicator, PUBLIC_BREAKDOWNS)
    breakdowns = (
        figure_selectors.indicator_breakdowns(
            {indicator.id: max((p for _d, p in found), key=_period_order)},
            dimensions=PUBLIC_BREAKDOWNS,
        ).get(indicator.id, [])
        if found
        else []
    )
    on_map = any(dimension == "district" for dimension, _p in found)
    sample = sample_period_codes(indicator.plan_id) if found or series else set()
    return IndicatorPage(
        indicator,
        definition,
        targets,
        series,
        [_in_language(r) for r in breakdowns],
        on_map,
        sorted(sample & ({r["period"] for r in series} | {p for _d, p in found})),
    )


def _in_language(row: dict) -> dict:
    """A breakdown row with its names in the page's language; districts keep their names."""
    label = row["label"] if row["dimension"] == "district" else _(row["label"])
    return {**row, "group": _(row["group"]), "label": label}


def _year_of(period: str) -> int | None:
    """The year of a yearly period ('2023'); targets are yearly, so other periods get none."""
    return int(period) if period.isdigit() else None


# --- The district map ---------------------------------------------------------------------------


@dataclass
class PublicMap:
    sources: list[map_selectors.MapSource]
    source: map_selectors.MapSource | None
    period: str | None
    per: str
    data: map_selectors.MapData | None
    sample: bool = False  # an indicator's figures of a sample period (ÖRNEK)


def public_map(
    plan: Plan,
    *,
    key: str | None,
    period: str | None,
    per: str | None,
    prefer_indicator: bool = False,
) -> PublicMap:
    """The dashboard's district map for a public plan: its indicator figures are across-units
    summaries (approved values only), its context figures those the plan and TÜİK printed.
    prefer_indicator: with no source asked for, the first of the plan's own indicators that has
    figures by district, before the context series (the home shows the plan at work)."""
    sources = map_selectors.map_sources(plan)
    if key is None and prefer_indicator:
        key = next((s.key for s in sources if s.indicator_id), None)
    source, period, per = map_selectors.map_choice(sources, key=key, period=period, per=per)
    data = map_selectors.map_data(source, period, per=per) if source else None
    sample = bool(source and map_selectors.map_is_sample(plan, source, period))
    return PublicMap(sources, source, period, per, data, sample)


# The descriptions are msgids: the data page shows them in the reader's language.
OPEN_DATA_COLUMNS = [
    ("plan", gettext_noop("Planın kısa adı (slug)")),
    ("area", gettext_noop("Alan kodu")),
    ("activity", gettext_noop("Faaliyetin basılı kodu")),
    ("indicator", gettext_noop("Gösterge kodu (alan-faaliyet-gN)")),
    ("indicator_name", gettext_noop("Göstergenin basılı adı")),
    (
        "period",
        gettext_noop("Dönem (2023, 2023Q1, 2023S1, 202301; kaynakta basıldığı gibi 2020/2021)"),
    ),
    (
        "breakdown",
        gettext_noop("Kırılım anahtarı (boş: toplam; ör. age=18-29;sex=F, district=konak)"),
    ),
    (
        "value",
        gettext_noop(
            "Onaylı değer; birimlerin toplamı (ortalama türündeki göstergelerde ortalaması)"
        ),
    ),
    ("units", gettext_noop("Değeri bildiren birim sayısı")),
    (
        "sample",
        gettext_noop(
            "true: ÖRNEK veri, gerçek değildir (tanıtım için açılmış örnek bir raporlama "
            "döneminin değeri); false: gerçek onaylı değer"
        ),
    ),
]


def open_data_rows() -> Iterator[tuple]:
    """Every approved aggregate of every public plan, across units, in OPEN_DATA_COLUMNS
    order (plain tuples: the file can hold every figure the city has); the last column says
    whether the value is from a sample period."""
    for row in summaries.open_data_summaries():
        yield (*row[:7], plain_number(row[7]), row[8], row[9])
