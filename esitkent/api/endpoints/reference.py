"""Organisations, districts and reporting periods: the codes the other calls filter by."""

from django.db.models import Prefetch
from ninja import Router
from ninja.pagination import paginate

from esitkent.orgs.models import District, DistrictPopulation, Organisation

from .. import selectors
from ..auth import read_or_anonymous
from ..errors import declared
from ..pagination import Page
from ..schemas import DistrictOut, OrganisationOut, PeriodOut

router = Router(tags=["reference"], auth=read_or_anonymous)
READ_ERRORS = declared(401, 403, 422)


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **READ_ERRORS},
    summary="Kurumlar ve birimler",
)
@paginate(Page)
def organisations(request, kind: str | None = None):
    rows = Organisation.objects.select_related("parent", "district").order_by("sort_key", "code")
    if kind:
        rows = rows.filter(kind=kind)
    return [
        OrganisationOut(
            code=o.code,
            name=o.name,
            short_name=o.short_name,
            kind=o.kind,
            parent=o.parent.code if o.parent else None,
            district=o.district.code if o.district else None,
        )
        for o in rows
    ]


@router.get(
    "/districts", response={200: list[DistrictOut], **READ_ERRORS}, summary="İlçeler ve nüfusları"
)
def districts(request):
    by_year = Prefetch("populations", queryset=DistrictPopulation.objects.order_by("year"))
    return [
        DistrictOut(
            code=d.code,
            name=d.name,
            pcode=d.pcode,
            population=[
                {"year": p.year, "total": p.total, "women": p.female, "source": p.source}
                for p in d.populations.all()
            ],
        )
        for d in District.objects.prefetch_related(by_year).order_by("sort_key")
    ]


@router.get(
    "/periods",
    response={200: list[PeriodOut], **READ_ERRORS},
    summary="Raporlama dönemleri (örnek olanlar is_sample ile işaretli)",
)
def periods(request, plan: str | None = None):
    rows = selectors.periods_for(request.user).order_by("plan__slug", "start", "code")
    if plan:
        rows = rows.filter(plan__slug=plan)
    return [
        PeriodOut(
            plan=p.plan.slug,
            code=p.code,
            start=p.start,
            end=p.end,
            deadline=p.deadline,
            locked=p.locked_at is not None,
            is_sample=p.is_sample,
        )
        for p in rows
    ]
