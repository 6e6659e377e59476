"""The support line: a call taken, and a case opened from a call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from esitkent.centres.models import Centre
from esitkent.core.errors import InputRejected, Problem

from . import domain
from .checks import check_choice, check_many
from .models import Case, SupportLineCall
from .services import case_open


@transaction.atomic
def call_record(
    *,
    centre: Centre,
    by,
    received_at: dt.datetime,
    caller_type: str,
    forms: Iterable[str],
    age_band: str,
    district,
    outcome: str,
    is_sample: bool = False,
) -> SupportLineCall:
    forms = list(dict.fromkeys(forms))
    problems: list[Problem] = []
    check_choice(problems, "arayan", caller_type, domain.CALLER_TYPES)
    check_many(problems, "şiddet biçimleri", forms, domain.VIOLENCE_FORMS)
    check_choice(problems, "yaş grubu", age_band, domain.AGE_BANDS)
    check_choice(problems, "sonuç", outcome, domain.CALL_OUTCOMES)
    if outcome == "case_opened":
        problems.append(Problem("sonuç", "vaka, çağrı kaydından 'vakaya dönüştür' ile açılır"))
    if problems:
        raise InputRejected(problems)
    return SupportLineCall.objects.create(
        centre=centre,
        received_at=received_at,
        caller_type=caller_type,
        forms=forms,
        age_band=age_band,
        district=district,
        outcome=outcome,
        is_sample=is_sample,
        taken_by=by,
    )


@transaction.atomic
def call_convert(*, call: SupportLineCall, by, **application) -> Case:
    """Open a case from a call; she is asked for consent anew. The page offers the call's age
    band and district as the form's starting values, and what the form sends is kept."""
    if call.case_id is not None:
        raise InputRejected([Problem("çağrı", "bu çağrıdan zaten vaka açılmış")])
    case = case_open(centre=call.centre, by=by, channel="support_line", **application)
    call.case = case
    call.outcome = "case_opened"
    call.save(update_fields=["case", "outcome"])
    return case
