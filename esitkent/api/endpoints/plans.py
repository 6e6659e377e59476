"""The plan as data: plans, areas, goals, sub-goals, activities and indicators."""

from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from esitkent.monitoring.progress_selectors import latest_activity_status
from esitkent.monitoring.report_selectors import sample_statuses
from esitkent.plans.models import Activity, Area, Goal, Indicator, SubGoal

from .. import selectors
from ..auth import read_or_anonymous
from ..errors import declared
from ..pagination import Page
from ..schemas import ActivityOut, AreaOut, GoalOut, IndicatorOut, PlanOut, SubGoalOut, TargetOut

router = Router(tags=["plan"], auth=read_or_anonymous)
READ_ERRORS = declared(401, 403, 404, 422)


def _plan(request, slug):
    return get_object_or_404(selectors.plans_for(request.user), slug=slug)


@router.get("/plans", response={200: list[PlanOut], **READ_ERRORS}, summary="Planlar")
@paginate(Page)
def plans(request):
    return selectors.plans_for(request.user).order_by("-start_year", "slug")


@router.get("/plans/{slug}", response={200: PlanOut, **READ_ERRORS}, summary="Bir plan")
def plan(request, slug: str):
    return _plan(request, slug)


@router.get("/plans/{slug}/areas", response={200: list[AreaOut], **READ_ERRORS}, summary="Alanlar")
def areas(request, slug: str):
    return Area.objects.filter(plan=_plan(request, slug)).order_by("position")


@router.get(
    "/plans/{slug}/goals", response={200: list[GoalOut], **READ_ERRORS}, summary="Genel hedefler"
)
def goals(request, slug: str):
    rows = Goal.objects.filter(area__plan=_plan(request, slug)).select_related("area")
    return [
        GoalOut(area=g.area.code, code=g.code, title=g.title)
        for g in rows.order_by("area__position", "position")
    ]


@router.get(
    "/plans/{slug}/subgoals",
    response={200: list[SubGoalOut], **READ_ERRORS},
    summary="Alt hedefler",
)
def subgoals(request, slug: str):
    rows = SubGoal.objects.filter(goal__area__plan=_plan(request, slug)).select_related(
        "goal__area"
    )
    return [
        SubGoalOut(area=s.goal.area.code, goal=s.goal.code, code=s.code, title=s.title)
        for s in rows.order_by("goal__area__position", "goal__position", "position")
    ]


def _activity_out(activity: Activity, latest, sample: set[int]) -> ActivityOut:
    status, progress = latest.get(activity.id, (None, None))
    return ActivityOut(
        row=activity.row,
        area=activity.subgoal.goal.area.code,
        goal=activity.subgoal.goal.code,
        subgoal=activity.subgoal.code,
        code=activity.code,
        code_printed=activity.code_printed,
        title=activity.title,
        term=activity.term,
        term_printed=activity.term_printed,
        due_date=activity.due_date,
        parties=[
            {
                "role": p.role,
                "printed_name": p.printed_name,
                "organisation": p.organisation.code if p.organisation else None,
                "group": p.group.code if p.group else None,
            }
            for p in activity.parties.all()
        ],
        status=status,
        progress=progress,
        sample=activity.id in sample,
        indicators=[i.code for i in activity.indicators.all()],
    )


def _activities(plan):
    return (
        Activity.objects.filter(subgoal__goal__area__plan=plan)
        .select_related("subgoal__goal__area")
        .prefetch_related("parties__organisation", "parties__group", "indicators")
        .order_by("row")
    )


@router.get(
    "/plans/{slug}/activities",
    response={200: list[ActivityOut], **READ_ERRORS},
    summary="Faaliyetler (son onaylı durum ve ilerlemeyle)",
)
def activities(request, slug: str, area: str | None = None):
    found = _plan(request, slug)
    rows = _activities(found)
    if area:
        rows = rows.filter(subgoal__goal__area__code=area)
    latest, sample = latest_activity_status(found), sample_statuses(found)
    return [_activity_out(a, latest, sample) for a in rows]


@router.get(
    "/plans/{slug}/activities/{row}",
    response={200: ActivityOut, **READ_ERRORS},
    summary="Bir faaliyet (basılı satır sırasıyla)",
)
def activity(request, slug: str, row: int):
    found = _plan(request, slug)
    item = get_object_or_404(_activities(found), row=row)
    return _activity_out(item, latest_activity_status(found), sample_statuses(found))


def _indicator_out(indicator: Indicator) -> IndicatorOut:
    out = IndicatorOut(
        code=indicator.code,
        name=indicator.name,
        activity_row=indicator.activity.row,
        target_printed=indicator.target_printed,
        baseline_printed=indicator.baseline_printed,
    )
    definition = getattr(indicator, "definition", None)
    if definition is not None:
        for field in (
            "measure_type",
            "unit",
            "aggregation",
            "direction",
            "periodicity",
            "dimensions",
            "data_source",
            "baseline_value",
            "baseline_year",
        ):
            setattr(out, field, getattr(definition, field))
        if definition.baseline_value is not None:
            # Assignment skips validation: the Decimal would be sent as a string.
            out.baseline_value = float(definition.baseline_value)
        # Built as TargetOut, not dicts: a dict's Decimal would go out as a JSON string where
        # the schema promises a number.
        out.targets = [
            TargetOut(year=t.year, value=t.value, printed=t.printed)
            for t in definition.targets.all()
        ]
    return out


def _indicators(plan):
    return (
        Indicator.objects.filter(activity__subgoal__goal__area__plan=plan)
        .select_related("activity", "definition")
        .prefetch_related("definition__targets")
        .order_by("activity__row", "position")
    )


@router.get(
    "/plans/{slug}/indicators",
    response={200: list[IndicatorOut], **READ_ERRORS},
    summary="Göstergeler, tanımları ve hedefleriyle",
)
@paginate(Page)
def indicators(request, slug: str, activity: int | None = None):
    rows = _indicators(_plan(request, slug))
    if activity is not None:
        rows = rows.filter(activity__row=activity)
    return [_indicator_out(i) for i in rows]


@router.get(
    "/plans/{slug}/indicators/{code}",
    response={200: IndicatorOut, **READ_ERRORS},
    summary="Bir gösterge",
)
def indicator(request, slug: str, code: str):
    return _indicator_out(get_object_or_404(_indicators(_plan(request, slug)), code=code))
