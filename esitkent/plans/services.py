"""Writes for plans. Each public function is keyword-only and runs in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

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
    provenance: str = Provenance.IMPORT,
    by=None,
) -> ImportResult:
    """Load a plan document. All or nothing: any problem refuses the whole document.

    A dry run goes through exactly the same writes and constraints, then rolls back.
    `by` is the person importing (None for the command line), recorded on the plan.
    """
    problems = plan_document.check(document)
    if problems:
        raise InputRejected(problems)
    result = ImportResult(slug=document["slug"], dry_run=dry_run, findings=lint(document))
    try:
        with transaction.atomic():
            _write(document, result, replace=replace, provenance=provenance, by=by)
            publication_touch()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _text(value) -> str:
    """Optional text as stored: None is empty, a number printed in a spreadsheet is its text."""
    return "" if value is None else str(value)


def _write(doc: dict, result: ImportResult, *, replace: bool, provenance: str, by) -> None:
    problems: list[Problem] = []
    existing = Plan.objects.filter(slug=doc["slug"]).first()
    if existing and not replace:
        raise InputRejected(
            [
                Problem(
                    plan_document.where(doc, "plan", "slug"),
                    f"'{doc['slug']}' kısa adlı bir plan zaten var (değiştirmek için --replace)",
                )
            ]
        )
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
                        Problem(
                            plan_document.where(activity, path, role),
                            f"“{printed}” {reason}",
                        )
                    )
                parties.append((id(activity), role, position, printed, target))
    if problems:
        raise InputRejected(problems)
    if existing:
        existing.delete()

    period = doc["period"]
    plan = Plan.objects.create(
        slug=doc["slug"],
        title=doc["title"],
        owner=owner,
        start_year=period["start"],
        end_year=period["end"],
        version=doc.get("version") or 1,
        status=doc.get("status") or Plan.Status.DRAFT,
        vision=doc.get("vision") or "",
        source=doc.get("source") or "",
        provenance=provenance,
        imported_by=by,
        coordinating_unit=coordinating_unit,
    )
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
    by_node: dict[int, Activity] = {}
    row = 0
    for a_pos, area_doc in enumerate(doc["areas"], start=1):
        area = Area.objects.create(
            plan=plan,
            position=a_pos,
            code=area_doc["code"],
            title=area_doc["title"],
            title_printed=area_doc.get("title_printed") or area_doc["title"],
        )
        result.areas += 1
        for g_pos, goal_doc in enumerate(area_doc.get("goals") or [], start=1):
            goal = Goal.objects.create(
                area=area,
                position=g_pos,
                code_printed=goal_doc["code_printed"],
                code=goal_doc["code"],
                title=goal_doc["title"],
            )
            result.goals += 1
            for s_pos, sub_doc in enumerate(goal_doc.get("subgoals") or [], start=1):
                subgoal = SubGoal.objects.create(
                    goal=goal,
                    position=s_pos,
                    code_printed=sub_doc["code_printed"],
                    code=sub_doc["code"],
                    title=sub_doc["title"],
                    title_variants=sub_doc.get("title_variants") or [],
                )
                result.subgoals += 1
                repeats = duplicate_rows(sub_doc)
                created: list[Activity] = []
                for n, act_doc in enumerate(sub_doc.get("activities") or []):
                    row += 1
                    term = act_doc.get("term") or ""
                    activity = Activity.objects.create(
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
                    created.append(activity)
                    by_node[id(act_doc)] = activity
                    result.activities += 1
                    result.duplicate_rows += n in repeats
                    indicators = [
                        Indicator(
                            activity=activity,
                            position=i,
                            code=indicator_code(
                                area_doc["code"], act_doc["code"], i, repeated=n in repeats, row=row
                            ),
                            name=ind["name"],
                            target_printed=_text(ind.get("target_printed")),
                            baseline_printed=_text(ind.get("baseline_printed")),
                            search_text=fold(ind["name"]),
                        )
                        for i, ind in enumerate(act_doc.get("indicators") or [], start=1)
                    ]
                    Indicator.objects.bulk_create(indicators)
                    result.indicators += len(indicators)
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


def _activity_search_text(act: dict) -> str:
    parts = [act["code_printed"], act["title"], _text(act.get("indicators_printed"))]
    parts += act.get("responsible") or []
    parts += act.get("cooperating") or []
    parts += [i.get("name", "") for i in act.get("indicators") or []]
    return fold(" ".join(parts))
