"""Reads for plans: the plan as a document, overviews, search and responsibility matrices."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esitkent.core.turkish import fold
from esitkent.orgs.models import Organisation

from .domain import Finding, lint, summarise
from .models import Activity, ActivityParty, Area, Goal, Indicator, Plan, SubGoal


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.select_related("owner").annotate(
        activity_count=Count(
            "areas__goals__subgoals__activities",
            filter=Q(areas__goals__subgoals__activities__duplicate_of__isnull=True),
        )
    )


def _activity_prefetch() -> Prefetch:
    return Prefetch(
        "activities",
        queryset=Activity.objects.prefetch_related(
            Prefetch("parties", queryset=ActivityParty.objects.order_by("role", "position")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
        ).order_by("row"),
    )


def _goals_prefetch() -> Prefetch:
    return Prefetch(
        "goals",
        queryset=Goal.objects.order_by("position").prefetch_related(
            Prefetch(
                "subgoals",
                queryset=SubGoal.objects.order_by("position").prefetch_related(
                    _activity_prefetch()
                ),
            )
        ),
    )


def plan_tree(plan: Plan) -> list[Area]:
    """The whole tree in a fixed number of queries, in printed order."""
    return list(plan.areas.order_by("position").prefetch_related(_goals_prefetch()))


def plan_document(plan: Plan) -> dict:
    """The plan as the exchange document (docs/data.md): what export writes and import reads."""
    doc: dict = {
        "slug": plan.slug,
        "title": plan.title,
        "owner": plan.owner.code,
        **({"coordinating_unit": plan.coordinating_unit.code} if plan.coordinating_unit_id else {}),
        "period": {"start": plan.start_year, "end": plan.end_year},
        "version": plan.version,
        "status": plan.status,
        "source": plan.source,
        "vision": plan.vision,
        "principles": [
            {"title": p.title, "text": p.text} for p in plan.principles.order_by("position")
        ],
        "events": [
            {
                "kind": e.kind,
                "date": e.date.isoformat(),
                "number": e.number,
                "title": e.title,
                "source": e.source,
            }
            for e in plan.events.order_by("position")
        ],
        "areas": [],
    }
    for area in plan_tree(plan):
        area_doc = {
            "code": area.code,
            "title_printed": area.title_printed,
            "title": area.title,
            "goals": [],
        }
        for goal in area.goals.all():
            goal_doc = {
                "code_printed": goal.code_printed,
                "code": goal.code,
                "title": goal.title,
                "subgoals": [],
            }
            for sub in goal.subgoals.all():
                sub_doc: dict = {
                    "code_printed": sub.code_printed,
                    "code": sub.code,
                    "title": sub.title,
                }
                if sub.title_variants:
                    sub_doc["title_variants"] = list(sub.title_variants)
                sub_doc["activities"] = [_activity_document(a) for a in sub.activities.all()]
                goal_doc["subgoals"].append(sub_doc)
            area_doc["goals"].append(goal_doc)
        doc["areas"].append(area_doc)
    return doc


def _activity_document(activity: Activity) -> dict:
    parties = list(activity.parties.all())
    doc: dict = {
        "code_printed": activity.code_printed,
        "code": activity.code,
        "title": activity.title,
        "term_printed": activity.term_printed,
        "term": activity.term,
        "responsible": [
            p.printed_name for p in parties if p.role == ActivityParty.Role.RESPONSIBLE
        ],
        "cooperating": [
            p.printed_name for p in parties if p.role == ActivityParty.Role.COOPERATING
        ],
        "indicators_printed": activity.indicators_printed,
        "indicators": [],
    }
    for indicator in activity.indicators.all():
        item = {"code": indicator.code, "name": indicator.name}
        if indicator.target_printed:
            item["target_printed"] = indicator.target_printed
        if indicator.baseline_printed:
            item["baseline_printed"] = indicator.baseline_printed
        doc["indicators"].append(item)
    if activity.shared_cells:
        doc["shared_cells"] = list(activity.shared_cells)
    if activity.cells_printed_at:
        doc["cells_printed_at"] = activity.cells_printed_at
    if activity.note:
        doc["note"] = activity.note
    return doc


def plan_findings(plan: Plan) -> list[Finding]:
    return lint(plan_document(plan))


# What a lint finding's code means, for readers of a report: the code stays in the data (the
# command line and the plan's lint page show it), a report shows the name.
FINDING_LABELS = {
    "code-gap": _("Atlanmış numara"),
    "subgoal-not-under-goal": _("Alt hedef kodu genel hedefin altında değil"),
    "activity-code-equals-subgoal": _("Faaliyet kodu alt hedefin kendi kodu"),
    "code-not-under-subgoal": _("Faaliyet kodu alt hedefin altında değil"),
    "code-out-of-sequence": _("Faaliyet kodu sırası bozuk"),
    "duplicate-code": _("Aynı kod iki kez kullanılmış"),
    "duplicate-row": _("Aynı satır iki kez basılmış"),
    "code-malformed": _("Faaliyet kodu sayılardan oluşmuyor"),
    "missing-term": _("Vade basılmamış"),
    "missing-responsible": _("Sorumlu kurum yok"),
    "shared-cell": _("Hücre başka bir satırla ortak basılmış"),
    "missing-indicator": _("Gösterge yok"),
    "multi-measure-cell": _("Bir gösterge hücresi birden çok ölçüye ayrılmış"),
    "indicator-without-baseline": _("Göstergenin başlangıç değeri yok"),
    "indicator-without-target": _("Göstergenin hedefi yok"),
}


def finding_summary(plan: Plan) -> list[tuple[str, int]]:
    """(name, count) per kind of lint finding, in code order; the name is lazy, so that it is
    written in the language of the report being drawn."""
    counts = sorted(summarise(plan_findings(plan)).items())
    return [(FINDING_LABELS.get(code, code), n) for code, n in counts]


@dataclass
class AreaSummary:
    area: Area
    activities: int
    by_term: dict[str, int]


def area_summaries(plan: Plan) -> list[AreaSummary]:
    rows = (
        Activity.objects.filter(subgoal__goal__area__plan=plan, duplicate_of__isnull=True)
        .values("subgoal__goal__area", "term")
        .annotate(n=Count("id"))
    )
    counts: dict[int, Counter] = {}
    for row in rows:
        counts.setdefault(row["subgoal__goal__area"], Counter())[row["term"] or "none"] += row["n"]
    return [
        AreaSummary(
            area=area,
            activities=sum(counts.get(area.id, Counter()).values()),
            by_term=dict(counts.get(area.id, Counter())),
        )
        for area in plan.areas.order_by("position").annotate(
            goal_count=Count("goals", distinct=True)
        )
    ]


def distinct_activities(plan: Plan) -> QuerySet[Activity]:
    return Activity.objects.filter(subgoal__goal__area__plan=plan, duplicate_of__isnull=True)


def search_activities(
    plan: Plan, *, query: str = "", term: str = "", organisation: Organisation | None = None
) -> QuerySet[Activity]:
    """Distinct activities matching a Turkish-folded query, a term and an organisation.

    An organisation matches where it is named itself or through a group it belongs to.
    """
    qs = distinct_activities(plan).select_related("subgoal__goal__area")
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if term == "none":
        qs = qs.filter(term="")
    elif term:
        qs = qs.filter(term=term)
    if organisation is not None:
        qs = qs.filter(
            Q(parties__organisation=organisation) | Q(parties__group__members=organisation)
        ).distinct()
    return qs.order_by("row")


@dataclass
class MatrixRow:
    activity: Activity
    role: str
    via: str  # "" when named directly, else the group's name


@dataclass
class Matrix:
    rows: list[MatrixRow]

    @property
    def responsible_count(self) -> int:
        return sum(1 for r in self.rows if r.role == ActivityParty.Role.RESPONSIBLE)

    @property
    def cooperating_count(self) -> int:
        return sum(1 for r in self.rows if r.role == ActivityParty.Role.COOPERATING)


def responsibility_matrix(organisation: Organisation) -> list[MatrixRow]:
    """Every activity in every plan where the organisation is responsible or cooperating."""
    parties = (
        ActivityParty.objects.filter(
            Q(organisation=organisation) | Q(group__members=organisation),
            activity__duplicate_of__isnull=True,
        )
        .select_related("activity__subgoal__goal__area__plan", "group")
        .order_by("activity__subgoal__goal__area__plan", "activity__row", "role")
        .distinct()
    )
    seen: dict[tuple[int, str], MatrixRow] = {}
    for party in parties:
        key = (party.activity_id, party.role)
        via = party.group.name if party.group_id else ""
        if key not in seen or (seen[key].via and not via):
            seen[key] = MatrixRow(activity=party.activity, role=party.role, via=via)
    return list(seen.values())


def default_plan() -> Plan | None:
    """The plan a person lands on: the newest approved plan, else the newest of any status."""
    plans = Plan.objects.order_by("-start_year", "-version")
    return plans.filter(status=Plan.Status.APPROVED).first() or plans.first()


def area_tree(plan: Plan, code: str) -> Area | None:
    """One area with its goals, sub-goals, activities, parties and indicators prefetched."""
    return plan.areas.filter(code=code).prefetch_related(_goals_prefetch()).first()


@dataclass
class ActivityPage:
    activity: Activity
    responsible: list[ActivityParty]
    cooperating: list[ActivityParty]


def activity_page(*, slug: str, row: int) -> ActivityPage | None:
    activity = (
        Activity.objects.select_related("subgoal__goal__area__plan", "duplicate_of")
        .prefetch_related("indicators", "parties__organisation", "parties__group")
        .filter(subgoal__goal__area__plan__slug=slug, row=row)
        .first()
    )
    if activity is None:
        return None
    parties = list(activity.parties.all())
    return ActivityPage(
        activity=activity,
        responsible=[p for p in parties if p.role == ActivityParty.Role.RESPONSIBLE],
        cooperating=[p for p in parties if p.role == ActivityParty.Role.COOPERATING],
    )


@dataclass
class FindingGroup:
    code: str
    severity: str
    findings: list[Finding]


def finding_groups(findings: list[Finding]) -> list[FindingGroup]:
    """Findings grouped by code, errors first, each group in printed order."""
    order = {"error": 0, "warning": 1, "info": 2}
    groups: dict[str, FindingGroup] = {}
    for finding in findings:
        groups.setdefault(
            finding.code, FindingGroup(finding.code, finding.severity, [])
        ).findings.append(finding)
    return sorted(groups.values(), key=lambda g: (order[g.severity], g.code))


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts
