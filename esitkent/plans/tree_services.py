"""The tree of a plan written in place: areas, goals, sub-goals, activities and indicators.

Every row the document still has keeps its id (and so its values, history, reports and
summaries); what is new is added; what is gone is deleted only if nothing was ever recorded
against it, else refused by name or archived when asked (see `services.plan_import`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.terms import term_due_date
from esitkent.core.turkish import fold
from esitkent.orgs.models import Organisation

from .domain import duplicate_rows, indicator_codes, stored_text
from .models import Activity, ActivityParty, Area, Goal, Indicator, Plan, SubGoal

if TYPE_CHECKING:
    from .services import ImportResult


class PlanTree:
    """Writes a document's tree into a plan, reusing the rows that match.

    Identity: an area by its code; a goal by its code in its area; a sub-goal by its code in
    its goal; an activity by its area and normalised code (the n-th time the code appears, for
    a row printed twice); an indicator by its code, which is unique in the plan. Archived rows
    match too, and come back when a document names them again.
    """

    def __init__(self, plan: Plan, result: ImportResult):
        self.plan, self.result = plan, result
        self.areas = {a.code: a for a in Area.all_objects.filter(plan=plan)}
        self.goals = _by_occurrence(
            Goal.all_objects.filter(area__plan=plan).order_by("position", "id"),
            lambda g: (g.area_id, g.code),
        )
        self.subgoals = _by_occurrence(
            SubGoal.all_objects.filter(goal__area__plan=plan).order_by("position", "id"),
            lambda s: (s.goal_id, s.code),
        )
        self.activities = _by_occurrence(
            Activity.all_objects.filter(subgoal__goal__area__plan=plan).order_by("row", "id"),
            lambda a: (a.subgoal.goal.area.code, a.code),
            select=("subgoal__goal__area",),
        )
        self.indicators = {i.code: i for i in Indicator.all_objects.filter(plan=plan)}
        self.used: set[tuple[str, int]] = set()

    def write(self, doc: dict, parties: list, *, archive_removed: bool) -> None:
        self.codes = indicator_codes(doc)
        self.by_node: dict[int, Activity] = {}
        # How many times each key was met so far: a code printed twice matches its n-th row.
        self.seen_goals: Counter = Counter()
        self.seen_subgoals: Counter = Counter()
        self.seen_activities: Counter = Counter()
        self.row = 0
        for a_pos, area_doc in enumerate(doc["areas"], start=1):
            self._write_area(area_doc, a_pos)
        self._write_parties(parties)
        self._remove_the_rest(archive_removed=archive_removed)

    def _write_area(self, area_doc: dict, position: int) -> None:
        area = self._keep(
            self.areas.get(area_doc["code"]),
            Area,
            plan=self.plan,
            position=position,
            code=area_doc["code"],
            title=area_doc["title"],
            title_printed=area_doc.get("title_printed") or area_doc["title"],
        )
        self.result.areas += 1
        for g_pos, goal_doc in enumerate(area_doc.get("goals") or [], start=1):
            self._write_goal(area, area_doc, goal_doc, g_pos)

    def _write_goal(self, area: Area, area_doc: dict, goal_doc: dict, position: int) -> None:
        key = (area.id, goal_doc["code"])
        goal = self._keep(
            self.goals.get((*key, self.seen_goals[key])),
            Goal,
            area=area,
            position=position,
            code_printed=goal_doc["code_printed"],
            code=goal_doc["code"],
            title=goal_doc["title"],
        )
        self.seen_goals[key] += 1
        self.result.goals += 1
        for s_pos, sub_doc in enumerate(goal_doc.get("subgoals") or [], start=1):
            self._write_subgoal(goal, area_doc, sub_doc, s_pos)

    def _write_subgoal(self, goal: Goal, area_doc: dict, sub_doc: dict, position: int) -> None:
        key = (goal.id, sub_doc["code"])
        subgoal = self._keep(
            self.subgoals.get((*key, self.seen_subgoals[key])),
            SubGoal,
            goal=goal,
            position=position,
            code_printed=sub_doc["code_printed"],
            code=sub_doc["code"],
            title=sub_doc["title"],
            title_variants=sub_doc.get("title_variants") or [],
        )
        self.seen_subgoals[key] += 1
        self.result.subgoals += 1
        repeats = duplicate_rows(sub_doc)
        created: list[Activity] = []
        for n, act_doc in enumerate(sub_doc.get("activities") or []):
            duplicate_of = created[repeats[n]] if n in repeats else None
            created.append(self._write_activity(subgoal, area_doc, act_doc, duplicate_of))

    def _write_activity(
        self, subgoal: SubGoal, area_doc: dict, act_doc: dict, duplicate_of: Activity | None
    ) -> Activity:
        self.row += 1
        key = (area_doc["code"], act_doc["code"])
        term = act_doc.get("term") or ""
        plan = self.plan
        activity = self._keep(
            self.activities.get((*key, self.seen_activities[key])),
            Activity,
            subgoal=subgoal,
            row=self.row,
            code_printed=act_doc["code_printed"],
            code=act_doc["code"],
            title=act_doc["title"],
            term_printed=act_doc.get("term_printed") or "",
            term=term,
            due_date=term_due_date(term or None, plan.start_year, plan.end_year),
            indicators_printed=stored_text(act_doc.get("indicators_printed")),
            shared_cells=act_doc.get("shared_cells") or [],
            cells_printed_at=act_doc.get("cells_printed_at") or "",
            note=act_doc.get("note") or "",
            duplicate_of=duplicate_of,
            search_text=_activity_search_text(act_doc),
        )
        self.seen_activities[key] += 1
        self.by_node[id(act_doc)] = activity
        self.result.activities += 1
        self.result.duplicate_rows += duplicate_of is not None
        for i, ind in enumerate(act_doc.get("indicators") or [], start=1):
            self._write_indicator(activity, ind, i)
        return activity

    def _write_indicator(self, activity: Activity, ind: dict, position: int) -> None:
        code = self.codes[id(ind)]
        current = self.indicators.get(code)
        if current is not None and current.name != ind["name"]:
            self.result.renamed.append(f"{code}: “{current.name}” → “{ind['name']}”")
        self._keep(
            current,
            Indicator,
            plan=self.plan,
            activity=activity,
            position=position,
            code=code,
            name=ind["name"],
            target_printed=stored_text(ind.get("target_printed")),
            baseline_printed=stored_text(ind.get("baseline_printed")),
            search_text=fold(ind["name"]),
        )
        self.result.indicators += 1

    def _write_parties(self, parties: list) -> None:
        """The printed parties of every written activity, replaced as a whole."""
        by_node = self.by_node
        ActivityParty.objects.filter(activity__in=by_node.values()).delete()
        ActivityParty.objects.bulk_create(
            ActivityParty(
                activity=by_node[node],
                role=role,
                position=position,
                printed_name=printed,
                organisation=target if isinstance(target, Organisation) else None,
                group=None if isinstance(target, Organisation) else target,
            )
            for node, role, position, printed, target in parties
        )

    def _keep(self, existing, model, **values):
        """Update the matching row in place (bringing it back from the archive), or create it."""
        if existing is None:
            created = model.objects.create(**values)
            if self.result.revised:
                self.result.added.append(_label(created))
            return created
        self.used.add((model.__name__, existing.pk))
        for name, value in values.items():
            setattr(existing, name, value)
        existing.archived_at = None
        existing.save()
        self.result.kept += 1
        return existing

    def _remove_the_rest(self, *, archive_removed: bool) -> None:
        """What the document no longer has, deepest first: deleted when nothing was recorded
        against it; otherwise refused by name, or archived when asked."""
        leftovers = [
            row
            for rows in (
                self.indicators.values(),
                self.activities.values(),
                self.subgoals.values(),
                self.goals.values(),
                self.areas.values(),
            )
            for row in rows
            if (type(row).__name__, row.pk) not in self.used and row.archived_at is None
        ]
        holding: list = []
        for row in leftovers:
            try:
                with transaction.atomic():
                    row.delete()
                self.result.removed.append(_label(row))
            except ProtectedError:
                holding.append(row)
        if not holding:
            return
        if not archive_removed:
            raise InputRejected(
                [
                    Problem(
                        _label(row),
                        "izleme verisi var (değer, rapor ya da geçmiş); plandan silinemez. "
                        "Verisiyle saklamak için “kaldırılanları arşivle” seçeneğiyle "
                        "yeniden deneyin.",
                        code="holds_monitoring_data",
                    )
                    for row in holding
                ]
            )
        now = timezone.now()
        for row in holding:
            _archive(row, now)
            self.result.archived.append(_label(row))


def _archive(row, now) -> None:
    """Archive a row and everything under it that is still live; nothing is deleted."""
    children = {
        Area: lambda r: Goal.objects.filter(area=r),
        Goal: lambda r: SubGoal.objects.filter(goal=r),
        SubGoal: lambda r: Activity.objects.filter(subgoal=r),
        Activity: lambda r: Indicator.objects.filter(activity=r),
    }
    if type(row) in children:
        for child in children[type(row)](row):
            _archive(child, now)
    type(row).all_objects.filter(pk=row.pk).update(archived_at=now)


def _label(row) -> str:
    if isinstance(row, Indicator):
        return f"gösterge {row.code} ({row.name[:60]})"
    if isinstance(row, Activity):
        return f"faaliyet {row.code_printed} ({row.title[:60]})"
    if isinstance(row, SubGoal):
        return f"alt hedef {row.code_printed}"
    if isinstance(row, Goal):
        return f"genel hedef {row.code_printed}"
    return f"alan {row.code}"


def _by_occurrence(queryset, key, select=()) -> dict:
    """Rows keyed by (their key…, how many rows with the same key came before them)."""
    out: dict = {}
    seen: Counter = Counter()
    for row in queryset.select_related(*select):
        k = key(row)
        out[(*k, seen[k])] = row
        seen[k] += 1
    return out


def _activity_search_text(act: dict) -> str:
    parts = [act["code_printed"], act["title"], stored_text(act.get("indicators_printed"))]
    parts += act.get("responsible") or []
    parts += act.get("cooperating") or []
    parts += [i.get("name", "") for i in act.get("indicators") or []]
    return fold(" ".join(parts))
