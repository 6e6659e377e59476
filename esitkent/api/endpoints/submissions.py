"""A unit's submissions through the API: the same services, validation, locking and workflow
as the entry form, attributed to the token's owner."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop
from ninja import Router, Status
from ninja.pagination import paginate

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.policies import may
from esitkent.core.reasons import Reason
from esitkent.monitoring import entry_services, review_services
from esitkent.monitoring.entry_forms import entries_from_api
from esitkent.monitoring.entry_selectors import submission_or_unsaved
from esitkent.monitoring.report_selectors import submissions_visible_to
from esitkent.monitoring.selectors import SubmissionStatus, plan_period
from esitkent.monitoring.value_services import API
from esitkent.orgs.models import Organisation

from .. import selectors
from ..auth import read, write
from ..errors import ApiError, declared
from ..pagination import Page
from ..schemas import (
    EntriesIn,
    ReasonIn,
    SubmissionDetailOut,
    SubmissionIn,
    SubmissionOut,
)

router = Router(tags=["submissions"])
WRITE_ERRORS = declared(400, 401, 403, 404, 409, 422)
# What a write changes; refreshing only these keeps the period, plan and unit already joined.
REFRESHED = ["status", "submitted_at", "reviewed_at", "review_note"]


def _detail(s) -> SubmissionDetailOut:
    return SubmissionDetailOut.from_orm(s)


def _visible(request, submission_id: int):
    """Another unit's submission is not found rather than forbidden: its existence is not
    the caller's business."""
    return get_object_or_404(submissions_visible_to(request.user), pk=submission_id)


def _require(request, perm: str, obj) -> None:
    if not may(request.user, perm, obj):
        raise ApiError(
            403,
            "forbidden",
            "Bu gönderim için bu işlemi yapma yetkiniz yok.",
            "You may not do this with this submission.",
        )


@router.get(
    "/submissions",
    auth=read,
    response={200: list[SubmissionOut], **declared(401, 403, 422)},
    summary="Görebildiğiniz gönderimler",
)
@paginate(Page)
def submissions(
    request,
    plan: str | None = None,
    period: str | None = None,
    organisation: str | None = None,
    status: SubmissionStatus | None = None,
):
    rows = submissions_visible_to(request.user).order_by("-period__start", "organisation__code")
    if plan:
        rows = rows.filter(period__plan__slug=plan)
    if period:
        rows = rows.filter(period__code=period)
    if organisation:
        rows = rows.filter(organisation__code=organisation)
    if status:
        rows = rows.filter(status=status)
    return rows


@router.get(
    "/submissions/{submission_id}",
    auth=read,
    response={200: SubmissionDetailOut, **declared(401, 403, 404, 422)},
    summary="Bir gönderim ve değerleri",
)
def submission(request, submission_id: int):
    return _detail(_visible(request, submission_id))


@router.post(
    "/submissions",
    auth=write,
    response={200: SubmissionDetailOut, 201: SubmissionDetailOut, **WRITE_ERRORS},
    summary="Bir dönem ve birim için gönderimi aç (varsa olanı verir)",
)
def submission_open(request, payload: SubmissionIn):
    period = plan_period(selectors.plans_for(request.user), payload.plan, payload.period)
    organisation = Organisation.objects.filter(code=payload.organisation).first()
    problems = []
    if period is None:
        problems.append(
            Problem(
                "period",
                Reason(
                    "unknown", gettext_noop("bu planda “{code}” dönemi yok"), code=payload.period
                ),
            )
        )
    if organisation is None:
        problems.append(
            Problem(
                "organisation",
                Reason(
                    "unknown", gettext_noop("“{code}” kodlu birim yok"), code=payload.organisation
                ),
            )
        )
    if problems:
        raise InputRejected(problems)
    found = submission_or_unsaved(period, organisation)
    _require(request, "monitoring.enter_values", found)
    opened = entry_services.submission_open(period=period, organisation=organisation)
    return Status(200 if found.pk else 201, _detail(opened))


@router.put(
    "/submissions/{submission_id}/entries",
    auth=write,
    response={200: SubmissionDetailOut, **WRITE_ERRORS},
    summary="Değerleri ve faaliyet raporlarını kaydet (taslak)",
    description=(
        "Giriş formuyla aynı kurallar: bir sorun bütün isteği reddeder ve hiçbir şey "
        "yazılmaz; her sorun alanını (values[i], reports[i]) adlandırır."
    ),
)
def entries_save(request, submission_id: int, payload: EntriesIn):
    found = _visible(request, submission_id)
    _require(request, "monitoring.enter_values", found)
    if not payload.values and not payload.reports:
        # A body that says nothing (`{}`, or a bare `[null, null]`) is a client's mistake: a
        # 200 would tell it that something was saved.
        raise InputRejected(
            [
                Problem(
                    "values",
                    Reason(
                        "empty", gettext_noop("kaydedilecek bir değer ya da faaliyet raporu yok")
                    ),
                )
            ]
        )
    values, reports = entries_from_api(payload, plan=found.period.plan)
    entry_services.submission_save(
        submission=found, values=values, reports=reports, by=request.user, channel=API
    )
    found.refresh_from_db(fields=REFRESHED)
    return _detail(found)


def _act(request, submission_id: int, perm: str, service, **arguments) -> SubmissionDetailOut:
    """Submit, approve or return: the monitoring service decides, the token's owner acts."""
    found = _visible(request, submission_id)
    _require(request, perm, found)
    service(submission=found, by=request.user, **arguments)
    found.refresh_from_db(fields=REFRESHED)
    return _detail(found)


@router.post(
    "/submissions/{submission_id}/submit",
    auth=write,
    response={200: SubmissionDetailOut, **WRITE_ERRORS},
    summary="Gönder (koordinasyon incelemesine)",
)
def submit(request, submission_id: int):
    return _act(
        request, submission_id, "monitoring.enter_values", review_services.submission_submit
    )


@router.post(
    "/submissions/{submission_id}/approve",
    auth=write,
    response={200: SubmissionDetailOut, **WRITE_ERRORS},
    summary="Onayla (plan koordinatörü)",
)
def approve(request, submission_id: int):
    return _act(
        request, submission_id, "monitoring.review_submission", review_services.submission_approve
    )


@router.post(
    "/submissions/{submission_id}/return",
    auth=write,
    response={200: SubmissionDetailOut, **WRITE_ERRORS},
    summary="Düzeltme için geri gönder (plan koordinatörü)",
)
def send_back(request, submission_id: int, payload: ReasonIn):
    return _act(
        request,
        submission_id,
        "monitoring.review_submission",
        review_services.submission_return,
        reason=payload.reason,
    )
