"""Writes for plans. Each public function is keyword-only and runs in one transaction.

A plan document is written into the plan of its slug *in place*: every area, goal, sub-goal,
activity and indicator that the document still has keeps its row (and so its values, history,
reports and summaries); what is new is added; what is gone is deleted only if nothing was ever
recorded against it. Something gone that holds monitoring data is refused by name, or archived
when the person asks for it. The monitoring tables protect the rows they point at
(`on_delete=PROTECT`), so "holds data" is decided by the database, not by a list kept here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.core.services import publication_touch
from esitkent.core.terms import term_due_date
from esitkent.core.turkish import fold
from esitkent.orgs.models import Organisation
from esitkent.orgs.selectors import name_resolver

from . import document as plan_document
from .domain import Finding, duplicate_rows, indicator_code, lint, walk_activities
from .models import (
    Activity,
    ActivityParty,
    Area,
    Goal,
    Indicator,
    Plan,
    PlanEvent,
    PlanPrinciple,
    SubGoal,
)


@dataclass
class ImportResult:
    slug: str
    dry_run: bool
    areas: int = 0
    goals: int = 0
    subgoals: int = 0
    activities: int = 0
    duplicate_rows: int = 0
    indicators: int = 0
    findings: list[Finding] = field(default_factory=list)
    # A revision of an existing plan: what kept its row, what came new, what went.
    revised: bool = False
    kept: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)

    @property
    def distinct_activities(self) -> int:
        return self.activities - self.duplicate_rows


class _DryRun(Exception):
    pass


def plan_import(
    *,
    document: dict,
    dry_run: bool = False,
    replace: bool = False,
    archive_removed: bool = False,
    provenance: str = Provenance.IMPORT,
    by=None,
) -> ImportResult:
    """Load a plan document, or revise the plan of its slug (`replace`). All or nothing: any
    problem refuses the whole document.

    A dry run goes through exactly the same writes and constraints, then rolls back, so it
    reports what a revision would keep, add, remove or archive. `by` is the person importing
    (None for the command line), recorded on the plan.
    """
    problems = plan_document.check(document)
    if problems:
        raise InputRejected(problems)
    result = ImportResult(slug=document["slug"], dry_run=dry_run, findings=lint(document))
    try:
        with transaction.atomic():
            _write(
                document,
                result,
                replace=replace,
                archive_removed=archive_removed,
                provenance=provenance,
                by=by,
            )
            publication_touch()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _text(value) -> str:
    """Optional text as stored: None is empty, a number printed in a spreadsheet is its text."""
    return "" if value is None else str(value)


def _resolve(doc: dict) -> tuple[Organisation | None, Organisation | None, list]:
    """The owner, the coordinating unit and every printed party's organisation or group, or a
    refusal naming each name that does not resolve."""
    problems: list[Problem] = []
    owner = Organisation.objects.filter(code=doc["owner"]).first()
    if owner is None:
        problems.append(
            Problem(
                plan_document.where(doc, "plan", "owner"), f"kurum kodu bulunamadı: {doc['owner']}"
            )
        )
    coordinating_unit = None
    if doc.get("coordinating_unit"):
        coordinating_unit = Organisation.objects.filter(code=doc["coordinating_unit"]).first()
        if coordinating_unit is None:
            problems.append(
                Problem(
                    plan_document.where(doc, "plan", "coordinating_unit"),
                    f"kurum kodu bulunamadı: {doc['coordinating_unit']}",
                )
            )
    resolver = name_resolver()
    parties: list[tuple[int, str, int, str, object]] = []
    for path, activity in walk_activities(doc):
        for role in (ActivityParty.Role.RESPONSIBLE, ActivityParty.Role.COOPERATING):
            for position, printed in enumerate(activity.get(role) or [], start=1):
                target = resolver.resolve(printed)
                if target is None:
                    reason = (
                        "birden fazla kuruma uyuyor"
                        if resolver.is_ambiguous(printed)
                        else "kurum kaydında bulunamadı"
                    )
                    problems.append(
                        Problem(plan_document.where(activity, path, role), f"“{printed}” {reason}")
                    )
                parties.append((id(activity), role, position, printed, target))
    if problems:
        raise InputRejected(problems)
    return owner, coordinating_unit, parties


def _write(
    doc: dict, result: ImportResult, *, replace: bool, archive_removed: bool, provenance: str, by
) -> None:
    existing = Plan.objects.select_for_update().filter(slug=doc["slug"]).first()
    if existing and not replace:
        raise InputRejected(
            [
                Problem(
                    plan_document.where(doc, "plan", "slug"),
                    f"'{doc['slug']}' kısa adlı bir plan zaten var (değiştirmek için --replace)",
                )
            ]
        )
    owner, coordinating_unit, parties = _resolve(doc)
    period = doc["period"]
    fields = {
        "title": doc["title"],
        "owner": owner,
        "start_year": period["start"],
        "end_year": period["end"],
        "version": doc.get("version") or 1,
        "status": doc.get("status") or Plan.Status.DRAFT,
        "vision": doc.get("vision") or "",
        "source": doc.get("source") or "",
        "provenance": provenance,
        "imported_by": by,
        "coordinating_unit": coordinating_unit,
    }
    if existing:
        plan = existing
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
        plan.principles.all().delete()
        plan.events.all().delete()
        result.revised = True
    else:
        plan = Plan.objects.create(slug=doc["slug"], **fields)
    PlanPrinciple.objects.bulk_create(
        PlanPrinciple(plan=plan, position=i, title=p["title"], text=p["text"])
        for i, p in enumerate(doc.get("principles") or [], start=1)
    )
    PlanEvent.objects.bulk_create(
        PlanEvent(
            plan=plan,
            position=i,
            kind=e["kind"],
            date=plan_document.parse_date(e["date"]),
            number=_text(e.get("number")),
            title=e["title"],
            source=e.get("source") or "",
        )
        for i, e in enumerate(doc.get("events") or [], start=1)
    )
    _Tree(plan, result).write(doc, parties, archive_removed=archive_removed)


class _Tree:
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
        plan, result = self.plan, self.result
        codes = _indicator_codes(doc)
        by_node: dict[int, Activity] = {}
        seen_goals: Counter = Counter()
        seen_subgoals: Counter = Counter()
        seen_activities: Counter = Counter()
        row = 0
        for a_pos, area_doc in enumerate(doc["areas"], start=1):
            area = self._keep(
                self.areas.get(area_doc["code"]),
                Area,
                plan=plan,
                position=a_pos,
                code=area_doc["code"],
                title=area_doc["title"],
                title_printed=area_doc.get("title_printed") or area_doc["title"],
            )
            result.areas += 1
            for g_pos, goal_doc in enumerate(area_doc.get("goals") or [], start=1):
                key = (area.id, goal_doc["code"])
                goal = self._keep(
                    self.goals.get((*key, seen_goals[key])),
                    Goal,
                    area=area,
                    position=g_pos,
                    code_printed=goal_doc["code_printed"],
                    code=goal_doc["code"],
                    title=goal_doc["title"],
                )
                seen_goals[key] += 1
                result.goals += 1
                for s_pos, sub_doc in enumerate(goal_doc.get("subgoals") or [], start=1):
                    key = (goal.id, sub_doc["code"])
                    subgoal = self._keep(
                        self.subgoals.get((*key, seen_subgoals[key])),
                        SubGoal,
                        goal=goal,
                        position=s_pos,
                        code_printed=sub_doc["code_printed"],
                        code=sub_doc["code"],
                        title=sub_doc["title"],
                        title_variants=sub_doc.get("title_variants") or [],
                    )
                    seen_subgoals[key] += 1
                    result.subgoals += 1
                    repeats = duplicate_rows(sub_doc)
                    created: list[Activity] = []
                    for n, act_doc in enumerate(sub_doc.get("activities") or []):
                        row += 1
                        key = (area_doc["code"], act_doc["code"])
                        term = act_doc.get("term") or ""
                        activity = self._keep(
                            self.activities.get((*key, seen_activities[key])),
                            Activity,
                            subgoal=subgoal,
                            row=row,
                            code_printed=act_doc["code_printed"],
                            code=act_doc["code"],
                            title=act_doc["title"],
                            term_printed=act_doc.get("term_printed") or "",
                            term=term,
                            due_date=term_due_date(term or None, plan.start_year, plan.end_year),
                            indicators_printed=_text(act_doc.get("indicators_printed")),
                            shared_cells=act_doc.get("shared_cells") or [],
                            cells_printed_at=act_doc.get("cells_printed_at") or "",
                            note=act_doc.get("note") or "",
                            duplicate_of=created[repeats[n]] if n in repeats else None,
                            search_text=_activity_search_text(act_doc),
                        )
                        seen_activities[key] += 1
                        created.append(activity)
                        by_node[id(act_doc)] = activity
                        result.activities += 1
                        result.duplicate_rows += n in repeats
                        for i, ind in enumerate(act_doc.get("indicators") or [], start=1):
                            code = codes[id(ind)]
                            current = self.indicators.get(code)
                            if current is not None and current.name != ind["name"]:
                                result.renamed.append(f"{code}: “{current.name}” → “{ind['name']}”")
                            self._keep(
                                current,
                                Indicator,
                                plan=plan,
                                activity=activity,
                                position=i,
                                code=code,
                                name=ind["name"],
                                target_printed=_text(ind.get("target_printed")),
                                baseline_printed=_text(ind.get("baseline_printed")),
                                search_text=fold(ind["name"]),
                            )
                            result.indicators += 1
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
        self._remove_the_rest(archive_removed=archive_removed)

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


def _indicator_codes(doc: dict) -> dict[int, str]:
    """Each indicator's code: its own when the document gives one, else made from its area,
    activity and position (`egitim-1.2.3-g1`), or the next free such code when that one is
    taken, so that adding an indicator never takes another's identity."""
    taken = {
        ind["code"]
        for _, act in walk_activities(doc)
        for ind in act.get("indicators") or []
        if ind.get("code")
    }
    codes: dict[int, str] = {}
    row = 0
    for area in doc["areas"]:
        for goal in area.get("goals") or []:
            for sub in goal.get("subgoals") or []:
                repeats = duplicate_rows(sub)
                for n, act in enumerate(sub.get("activities") or []):
                    row += 1
                    for i, ind in enumerate(act.get("indicators") or [], start=1):
                        if ind.get("code"):
                            codes[id(ind)] = ind["code"]
                            continue
                        position = i
                        while True:
                            code = indicator_code(
                                area["code"], act["code"], position, repeated=n in repeats, row=row
                            )
                            if code not in taken:
                                break
                            position += 1
                        taken.add(code)
                        codes[id(ind)] = code
    return codes


def _activity_search_text(act: dict) -> str:
    parts = [act["code_printed"], act["title"], _text(act.get("indicators_printed"))]
    parts += act.get("responsible") or []
    parts += act.get("cooperating") or []
    parts += [i.get("name", "") for i in act.get("indicators") or []]
    return fold(" ".join(parts))
