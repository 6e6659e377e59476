"""Pure monitoring rules: typed values, submission states, the deadline. Checks on an
indicator's values are in validation_domain; the vocabulary every reader of values shares (a
value's breakdown, period codes, progress and red/amber/green) is in core (value_breakdowns,
period_codes, progress_rating). No Django imports; every rule here is property-tested."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from esitkent.core.reasons import Reason, gettext_noop
from esitkent.core.turkish import tr_lower

# --- Typed values -----------------------------------------------------------------------

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$", re.ASCII)
MAX_VALUE = Decimal(10) ** 14  # the value column holds 18 digits, 4 after the point

# How a number is written where it comes from. Never guessed: each entry path says which.
NUMBERS_TURKISH = "tr"  # the entry form: '1.234,5', '1234,5', and '1.234' as 1234
NUMBERS_POINT = "point"  # DHIS2 files, JSON, XML, the API: '1234.5'; no grouping
NUMBERS_COMMA = "comma"  # a semicolon CSV from Turkish Excel: '1234,5' or '1.234,5'
_POINT = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_COMMA = re.compile(r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$")


def parse_number(raw: str, numbers: str = NUMBERS_TURKISH) -> Decimal:
    """A number as written under one convention (above). The Turkish reading takes
    '1.234,5', '1234,5', '1234.5', and '1.234' as one thousand two hundred thirty-four (dots
    grouping thousands), as a Turkish reader means it; a file's convention is strict, so that
    '0.125' from DHIS2 is never read as 125."""
    text = raw.strip().replace(" ", "")
    if not text.isascii():
        # Python reads other scripts' digits ("١٢٣" is 123); a figure is written in 0–9.
        raise Reason("not_a_number", gettext_noop("sayı değil: {raw}"), raw=repr(raw))
    if numbers == NUMBERS_POINT:
        if not _POINT.match(text):
            raise _mark_reason(raw, ".", "12.5")
    elif numbers == NUMBERS_COMMA:
        if not _COMMA.match(text):
            raise _mark_reason(raw, ",", "12,5")
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Reason("not_a_number", gettext_noop("sayı değil: {raw}"), raw=repr(raw)) from None
    if not value.is_finite():
        raise Reason("not_a_number", gettext_noop("sayı değil: {raw}"), raw=repr(raw))
    if abs(value) >= MAX_VALUE:
        raise Reason("too_large", gettext_noop("çok büyük: {raw}"), raw=repr(raw))
    if value != value.quantize(Decimal("0.0001"), rounding=ROUND_DOWN):
        raise Reason(
            "decimals", gettext_noop("en çok dört ondalık basamak olabilir: {raw}"), raw=repr(raw)
        )
    return value


def _mark_reason(raw: str, mark: str, example: str) -> Reason:
    if re.fullmatch(r"[+-]?[\d.,]+", raw.strip()):
        return Reason(
            "decimal_mark",
            gettext_noop(
                "bu kaynakta ondalık ayırıcı “{mark}”, binlik ayırıcı yok (ör. {example}): {raw}"
            ),
            mark=mark,
            example=example,
            raw=repr(raw),
        )
    return Reason("not_a_number", gettext_noop("sayı değil: {raw}"), raw=repr(raw))


def check_value(
    raw: str, measure_type: str, numbers: str = NUMBERS_TURKISH
) -> tuple[Decimal | None, str]:
    """(number, text) for a typed value of this measure type, or ValueError with a Turkish reason."""
    raw = raw.strip()
    if not raw:
        return None, ""
    if measure_type == "text":
        return None, raw
    if measure_type == "milestone":
        answer = tr_lower(raw)
        if answer not in {"evet", "hayır", "hayir", "1", "0", "yes", "no"}:
            raise Reason("yes_no", gettext_noop("“evet” ya da “hayır” (1 ya da 0) olmalı"))
        return Decimal(1 if answer in {"evet", "1", "yes"} else 0), ""
    number = parse_number(raw, numbers)
    if number < 0:
        raise Reason("negative", gettext_noop("negatif olamaz ({raw})"), raw=raw)
    if measure_type == "count" and number != number.to_integral_value():
        raise Reason("not_whole", gettext_noop("tam sayı olmalı ({raw})"), raw=raw)
    if measure_type == "percentage" and number > 100:
        raise Reason(
            "percentage_range", gettext_noop("yüzde 0 ile 100 arasında olmalı ({raw})"), raw=raw
        )
    return number, ""


# --- Submission states ------------------------------------------------------------------------
# One table for the whole cycle: services move a submission only along it, and selectors read
# the same table to say what a unit's task is.

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
# A unit may still change its values (and the reminders still chase it).
EDITABLE_STATES = frozenset({DRAFT, RETURNED})
TRANSITIONS = {  # action: (the states it starts from, the state it leads to)
    "submit": (EDITABLE_STATES, SUBMITTED),
    "return": (frozenset({SUBMITTED}), RETURNED),
    "approve": (frozenset({SUBMITTED}), APPROVED),
    "unapprove": (frozenset({APPROVED}), RETURNED),
}


def next_state(status: str, action: str) -> str | None:
    """The state an action leads to from this one, or None when it may not be taken here."""
    starts, leads_to = TRANSITIONS[action]
    return leads_to if status in starts else None


# --- The deadline rule ------------------------------------------------------------------------


def last_entry_day(deadline: dt.date, grace_days: int) -> dt.date:
    """The last day a period accepts entries: its deadline and then the grace days. Whether
    entries are taken, whether a task is overdue or closed, and when the daily job locks the
    period all follow this one day."""
    return deadline + dt.timedelta(days=grace_days)
