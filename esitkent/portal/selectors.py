"""What the public may see: approved plans, approved aggregates (across units), and the
status and progress of approved activity reports. Nothing else is read here, so nothing
else can reach a public page or download."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from esitkent.analytics.models import IndicatorSummary
from esitkent.monitoring import domain as monitoring_domain
from esitkent.monitoring.selectors import latest_activity_status, progress_tree
from esitkent.plans.models import Activity, Indicator, Plan

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


def plan_outline(plan: Plan, *, as_of: dt.date):
    """The progress tree (approved reports only) and each activity's public status label and
    progress."""
    latest = latest_activity_status(plan)
    statuses = {
        activity_id: (STATUS_LABELS.get(status, ""), progress)
        for activity_id, (status, progress) in latest.items()
    }
    areas = plan.areas.prefetch_related("goals__subgoals__activities").order_by("position")
    return progress_tree(plan, as_of=as_of, latest=latest), areas, statuses


@dataclass
class PublicSeries:
    indicator: Indicator
    rows: list[tuple[str, str, object]]  # (period, breakdown label, value)


def activity_series(activity: Activity) -> list[PublicSeries]:
    indicators = list(activity.indicators.order_by("position"))
    rows: dict[int, list] = {i.id: [] for i in indicators}
    for indicator_id, period, key, value in (
        IndicatorSummary.objects.filter(indicator__in=indicators, organisation=None)
        .order_by("period", "dimensions", "breakdown_key")
        .values_list("indicator_id", "period", "breakdown_key", "value")
    ):
        label = monitoring_domain.breakdown_label(monitoring_domain.parse_breakdown_key(key))
        rows[indicator_id].append((period, label, value))
    return [PublicSeries(i, rows[i.id]) for i in indicators]


OPEN_DATA_COLUMNS = [
    ("plan", "Planın kısa adı (slug)"),
    ("area", "Alan kodu"),
    ("activity", "Faaliyetin basılı kodu"),
    ("indicator", "Gösterge kodu (alan-faaliyet-gN)"),
    ("indicator_name", "Göstergenin basılı adı"),
    ("period", "Dönem (2023, 2023Q1, 2023S1, 202301; kaynakta basıldığı gibi 2020/2021)"),
    ("breakdown", "Kırılım anahtarı (boş: toplam; ör. age=18-29;sex=F, district=konak)"),
    ("value", "Onaylı değer; birimlerin toplamı (ortalama türündeki göstergelerde ortalaması)"),
    ("units", "Değeri bildiren birim sayısı"),
]


def open_data_rows() -> Iterator[tuple]:
    """Every approved aggregate of every public plan, across units, in OPEN_DATA_COLUMNS
    order (plain tuples: the file can hold every figure the city has)."""
    area = "indicator__activity__subgoal__goal__area"
    for row in (
        IndicatorSummary.objects.filter(
            organisation=None, **{f"{area}__plan__status": Plan.Status.APPROVED}
        )
        .order_by("indicator__activity__row", "indicator__position", "period", "breakdown_key")
        .values_list(
            f"{area}__plan__slug",
            f"{area}__code",
            "indicator__activity__code_printed",
            "indicator__code",
            "indicator__name",
            "period",
            "breakdown_key",
            "value",
            "organisations",
        )
        .iterator(chunk_size=2000)
    ):
        yield (*row[:7], monitoring_domain.plain_number(row[7]), row[8])
