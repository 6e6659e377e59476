"""Published figures: approved aggregates, the same numbers as the portal and its open data."""

from ninja import Router
from ninja.pagination import paginate

from .. import selectors
from ..auth import read_or_anonymous
from ..errors import ApiError, declared
from ..pagination import Page
from ..schemas import ValueOut

router = Router(tags=["values"], auth=read_or_anonymous)


@router.get(
    "/values",
    response={200: list[ValueOut], **declared(401, 403, 422)},
    summary="Onaylı değerler",
    description=(
        "Onaylanmış, tüm birimlerin toplamı olan değerler (portal ve açık veriyle aynı). "
        "API anahtarıyla gelen belediye kullanıcıları `organisation` ile birim değerlerini de "
        "görebilir. `breakdown` bir kırılım anahtarıdır (boş: toplam; ör. `sex=F`); "
        "`district` o ilçenin kırılımlarını seçer. `sample` her değerin ÖRNEK (tanıtım için "
        "açılmış örnek bir dönemin, gerçek olmayan) veri olup olmadığını söyler; "
        "`sample=false` yalnız gerçek değerleri verir."
    ),
)
@paginate(Page)
def values(
    request,
    plan: str | None = None,
    indicator: str | None = None,
    period: str | None = None,
    district: str | None = None,
    organisation: str | None = None,
    breakdown: str | None = None,
    sample: bool | None = None,
):
    rows = selectors.published_values(request.user)
    if organisation:
        if not request.user.is_authenticated:
            raise ApiError(
                401,
                "login_required",
                "Birim değerleri için bir API anahtarı gerekir; herkese açık olan tüm "
                "birimlerin toplamıdır.",
                "Per-unit figures need an API token; the public figures are across all units.",
                field="organisation",
            )
        rows = rows.filter(organisation__code=organisation)
    else:
        rows = rows.filter(organisation=None)
    area = "indicator__activity__subgoal__goal__area"
    if plan:
        rows = rows.filter(**{f"{area}__plan__slug": plan})
    if indicator:
        plans_with_code = rows.filter(indicator__code=indicator).values("indicator__plan")
        if not plan and plans_with_code.distinct().count() > 1:
            # Codes are unique inside a plan only: never mix two plans' figures under one code.
            raise ApiError(
                422,
                "plan_required",
                "Bu gösterge kodu birden fazla planda var; “plan” parametresini verin.",
                "This indicator code exists in more than one plan; give the “plan” parameter.",
                field="plan",
            )
        rows = rows.filter(indicator__code=indicator)
    if period:
        rows = rows.filter(period=period)
    if district:
        rows = selectors.with_breakdown_option(rows, "district", district)
    if breakdown is not None:
        rows = rows.filter(breakdown_key=breakdown)
    if sample is not None:
        rows = rows.filter(sample=sample)
    return rows.order_by(
        "indicator__activity__row", "indicator__position", "period", "breakdown_key"
    )
