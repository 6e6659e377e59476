"""A value's history row, made one way for every channel: the cell named by codes a person
reads (never database ids) and by its own columns, so that its trail is found after the value
is gone; the value shown as the person typed it."""

from __future__ import annotations

from decimal import Decimal

from esitkent.core import value_breakdowns
from esitkent.core.numbers import tr_number_text
from esitkent.orgs.models import Organisation
from esitkent.plans.models import Indicator

from .models import Change, DataValue, Submission


def shown(value: DataValue | None) -> str:
    """A stored value as the history shows it to a person: '1234,5 (comment)'."""
    if value is None:
        return ""
    return shown_text(value.value, value.text, value.comment)


def shown_text(number: Decimal | None, text: str, comment: str) -> str:
    typed = text or ("" if number is None else tr_number_text(number))
    return f"{typed} ({comment})" if comment else typed


def value_change_fields(
    *,
    action: str,
    indicator_code: str,
    organisation_code: str,
    period: str,
    breakdown: dict[str, str],
    old: str = "",
    new: str = "",
) -> dict:
    """The readable parts of a value's history row: codes, never database ids."""
    label = value_breakdowns.breakdown_label(breakdown)
    return {
        "action": action,
        "field": label,
        "subject": f"{indicator_code} · {label} · {period} · {organisation_code}"[:300],
        "period_code": period,
        "breakdown_key": value_breakdowns.breakdown_key(breakdown),
        "old": old,
        "new": new,
    }


def value_change(
    *,
    action: str,
    indicator: Indicator,
    organisation: Organisation,
    period: str,
    breakdown: dict[str, str],
    by,
    submission: Submission | None,
    old: str = "",
    new: str = "",
    data_value: DataValue | None = None,
    reason: str = "",
    batch=None,
) -> Change:
    """The one helper that makes a value's history row: the cell by its columns (so its trail
    is found after the value is gone), the submission it belongs to, who and why."""
    return Change(
        indicator=indicator,
        organisation=organisation,
        submission=submission,
        data_value=data_value,
        by=by,
        reason=reason,
        import_batch=batch,
        **value_change_fields(
            action=action,
            indicator_code=indicator.code,
            organisation_code=organisation.code,
            period=period,
            breakdown=breakdown,
            old=old,
            new=new,
        ),
    )
