"""What the API sends and accepts. Field names are English (for programs); texts are the
plan's own Turkish."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from esitkent.core.value_breakdowns import parse_breakdown_key


class PlanOut(Schema):
    slug: str
    title: str
    start_year: int
    end_year: int
    version: int
    status: str


class AreaOut(Schema):
    code: str
    position: int
    title: str


class GoalOut(Schema):
    area: str
    code: str
    title: str


class SubGoalOut(Schema):
    area: str
    goal: str
    code: str
    title: str


class PartyOut(Schema):
    role: Literal["responsible", "cooperating"]
    printed_name: str
    organisation: str | None = None
    group: str | None = None


class ActivityOut(Schema):
    row: int
    area: str
    goal: str
    subgoal: str
    code: str
    code_printed: str
    title: str
    term: str
    term_printed: str
    due_date: dt.date | None = None
    parties: list[PartyOut]
    status: str | None = Field(None, description="Son onaylı faaliyet raporundaki durum")
    progress: float | None = Field(None, description="Son onaylı rapordaki ilerleme (%)")
    sample: bool = Field(
        description=(
            "true: durum ve ilerleme ÖRNEK veridir, gerçek değildir (en az bir birimin son "
            "onaylı raporu tanıtım için açılmış örnek bir raporlama döneminin)"
        )
    )
    indicators: list[str]


class TargetOut(Schema):
    year: int
    value: float
    printed: str


class IndicatorOut(Schema):
    code: str
    name: str
    activity_row: int
    target_printed: str
    baseline_printed: str
    measure_type: str | None = None
    unit: str = ""
    aggregation: str | None = None
    direction: str | None = None
    periodicity: str | None = None
    dimensions: list[str] = []
    data_source: str = ""
    baseline_value: float | None = None
    baseline_year: int | None = None
    targets: list[TargetOut] = []


class OrganisationOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None = None
    district: str | None = None


class PopulationOut(Schema):
    year: int
    total: int
    women: int | None = Field(None, description="Kaynağın cinsiyet kırılımı verdiği yıllarda")
    source: str


class DistrictOut(Schema):
    code: str
    name: str
    pcode: str
    population: list[PopulationOut]


class PeriodOut(Schema):
    plan: str
    code: str
    start: dt.date
    end: dt.date
    deadline: dt.date
    locked: bool
    is_sample: bool


class ValueOut(Schema):
    """Read from an analytics summary row (approved values only)."""

    plan: str
    indicator: str
    period: str
    breakdown_key: str = Field(description="Boş: toplam; ör. 'age=18-29;sex=F'")
    breakdown: dict[str, str]
    organisation: str | None = Field(None, description="Boş: tüm birimlerin toplamı")
    value: float
    units_reporting: int = Field(description="Değeri bildiren birim sayısı")
    sample: bool = Field(
        description=(
            "true: ÖRNEK veri, gerçek değildir (tanıtım için açılmış örnek bir raporlama "
            "döneminin değeri; açık verideki `sample` sütunu gibi)"
        )
    )

    @staticmethod
    def resolve_plan(row) -> str:
        return row.indicator.activity.subgoal.goal.area.plan.slug

    @staticmethod
    def resolve_indicator(row) -> str:
        return row.indicator.code

    @staticmethod
    def resolve_breakdown(row) -> dict[str, str]:
        return parse_breakdown_key(row.breakdown_key)

    @staticmethod
    def resolve_organisation(row) -> str | None:
        return row.organisation.code if row.organisation_id else None

    @staticmethod
    def resolve_units_reporting(row) -> int:
        return row.organisations


class SubmissionOut(Schema):
    """Read from a Submission with its period, plan and organisation selected."""

    id: int
    plan: str
    period: str
    organisation: str
    status: str
    submitted_at: dt.datetime | None = None
    reviewed_at: dt.datetime | None = None
    sample: bool = Field(
        description=(
            "true: ÖRNEK bir raporlama döneminin gönderimi; değerleri tanıtım içindir, gerçek "
            "değildir"
        )
    )

    @staticmethod
    def resolve_plan(row) -> str:
        return row.period.plan.slug

    @staticmethod
    def resolve_sample(row) -> bool:
        return row.period.is_sample

    @staticmethod
    def resolve_period(row) -> str:
        return row.period.code

    @staticmethod
    def resolve_organisation(row) -> str:
        return row.organisation.code


class EntryValueOut(Schema):
    """Read from a DataValue with its indicator selected."""

    indicator: str
    breakdown: dict[str, str]
    value: float | None = None
    text: str = ""
    comment: str = ""
    approved: bool
    version: int = Field(description="Her yazışta bir artar; değiştirirken geri gönderin")

    @staticmethod
    def resolve_indicator(row) -> str:
        return row.indicator.code


class SubmissionDetailOut(SubmissionOut):
    review_note: str = ""
    values: list[EntryValueOut]

    @staticmethod
    def resolve_values(row):
        from .selectors import submission_values

        return submission_values(row)


class SubmissionIn(Schema):
    plan: str = Field(max_length=80)
    period: str = Field(max_length=12)
    organisation: str = Field(max_length=80)


class EntryIn(Schema):
    indicator: str = Field(max_length=60, description="Gösterge kodu")
    breakdown: dict[str, str] = Field(
        default_factory=dict, description="Boş: toplam; ör. {'sex': 'F'}"
    )
    value: str = Field(
        max_length=60,
        description=(
            "Ondalık ayırıcı nokta, binlik ayırıcı yok (JSON ve DHIS2 gibi): '12', '12.5', "
            "'evet'; boş metin değeri siler"
        ),
    )
    comment: str | None = Field(None, max_length=2000)
    version: int | None = Field(
        None,
        ge=0,
        description=(
            "Okuduğunuz değerin sürümü (values[].version; değer yoksa 0). Verilirse ve bu "
            "arada değer değiştiyse istek 409 ile reddedilir; verilmezse değer yazılır."
        ),
    )


class ReportIn(Schema):
    activity: int = Field(ge=1, le=32767, description="Faaliyetin basılı satır sırası")
    status: Literal["not_started", "ongoing", "completed", "delayed", "cancelled"]
    progress: int | None = Field(None, ge=0, le=100)
    milestones: str = Field("", max_length=4000)
    explanation: str = Field("", max_length=4000, description="Geride ise gecikme açıklaması")
    corrective_action: str = Field("", max_length=4000)
    new_date: dt.date | None = None


class EntriesIn(Schema):
    values: list[EntryIn] = Field(default_factory=list, max_length=2000)
    reports: list[ReportIn] = Field(default_factory=list, max_length=500)


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    owner: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
