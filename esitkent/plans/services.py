"""Writes for plans. Each public function is keyword-only and runs in one transaction.

A plan document is written into the plan of its slug *in place*: every area, goal, sub-goal,
activity and indicator that the document still has keeps its row (and so its values, history,
reports and summaries); what is new is added; what is gone is deleted only if nothing was ever
recorded against it. Something gone that holds monitoring data is refused by name, or archived
when the person asks for it. The monitoring tables protect the rows they point at
(`on_delete=PROTECT`), so "holds data" is decided by the database, not by a list kept here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.models import Provenance
from esitkent.core.services import publication_touch
from esitkent.orgs.models import Organisation
from esitkent.orgs.selectors import name_resolver

from . import document as plan_document
from .domain import Finding, lint, stored_text, walk_activities
from .models import ActivityParty, Plan, PlanEvent, PlanPrinciple
from .tree_services import PlanTree


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
            number=stored_text(e.get("number")),
            title=e["title"],
            source=e.get("source") or "",
        )
        for i, e in enumerate(doc.get("events") or [], start=1)
    )
    PlanTree(plan, result).write(doc, parties, archive_removed=archive_removed)
