"""Pure monitoring rules: breakdowns, typed values, periods, submission states, progress roll-up
and red/amber/green. Checks on an indicator's values are in validation_domain. No Django
imports; every rule here is property-tested."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from esitkent.core.reasons import Reason, gettext_noop
from esitkent.core.turkish import tr_lower

# --- Breakdowns -----------------------------------------------------------------------------
# A breakdown is explicit option codes per dimension ({"sex": "F", "age": "18-29"}); the empty
# breakdown is the total. Partial breakdowns are allowed: any subset of dimensions.

SEX = {"F": "Kadın", "M": "Erkek"}
AGE_BANDS = {
    "0-14": "0–14",
    "15-17": "15–17",
    "18-29": "18–29",
    "30-44": "30–44",
    "45-64": "45–64",
    "65+": "65 ve üzeri",
}
DISABILITY = {"yes": "Engelli", "no": "Engelli değil"}
DIMENSION_LABELS = {
    "sex": "Cinsiyet",
    "age": "Yaş grubu",
    "district": "İlçe",
    "disability": "Engellilik",
}
DIMENSION_ORDER = ("sex", "age", "disability", "district")


def dimension_options(dimension: str, districts: Iterable[str] = ()) -> dict[str, str]:
    if dimension == "sex":
        return SEX
    if dimension == "age":
        return AGE_BANDS
    if dimension == "disability":
        return DISABILITY
    if dimension == "district":
        return {d: d for d in districts}
    raise ValueError(f"Bilinmeyen boyut: {dimension}")


def breakdown_key(breakdown: Mapping[str, str]) -> str:
    """Canonical text form: 'age=18-29;sex=F'; '' for the total."""
    return ";".join(f"{k}={breakdown[k]}" for k in sorted(breakdown))


EXTRA_LABELS = {"education": "Eğitim durumu", "area": "Bölge"}
EXTRA_OPTIONS = {"turkiye": "Türkiye"}


def breakdown_label(
    breakdown: Mapping[str, str],
    *,
    translate: Callable[[str], str] | None = None,
    districts: Mapping[str, str] | None = None,
) -> str:
    """'Cinsiyet: Kadın · Yaş grubu: 18–29'; 'Toplam' for the total. Dimensions outside the
    monitoring set (context figures' education level, Türkiye comparisons) keep their text.
    translate (a gettext) puts the monitoring set's names and 'Toplam' in the reader's
    language; other text stays as it is. districts (code → name) names a district as people
    write it ("Karşıyaka", not "karsiyaka")."""
    tr = translate or (lambda text: text)
    if not breakdown:
        return tr("Toplam")
    known = {"sex": SEX, "age": AGE_BANDS, "disability": DISABILITY, "district": districts or {}}
    parts = []
    for dimension in [*DIMENSION_ORDER, *sorted(set(breakdown) - set(DIMENSION_ORDER))]:
        if dimension in breakdown:
            option = breakdown[dimension]
            names = known.get(dimension, {})
            label = tr(names[option]) if option in names else EXTRA_OPTIONS.get(option, option)
            name = (
                tr(DIMENSION_LABELS[dimension])
                if dimension in DIMENSION_LABELS
                else EXTRA_LABELS.get(dimension, dimension)
            )
            parts.append(f"{name}: {label}")
    return " · ".join(parts)


def parse_breakdown_key(key: str) -> dict[str, str]:
    if not key:
        return {}
    out = {}
    for part in key.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name or not value or name in out:
            raise ValueError(f"Kırılım anlaşılamadı: {key!r}")
        out[name] = value
    return out


def check_breakdown(
    breakdown: Mapping[str, str], allowed: Iterable[str], districts: Iterable[str] = ()
) -> Reason | None:
    """The problem with the breakdown for an indicator with these dimensions, or None."""
    allowed = set(allowed)
    districts = set(districts)
    for dimension, option in breakdown.items():
        if dimension not in allowed:
            return Reason(
                "breakdown",
                gettext_noop("bu gösterge '{dimension}' kırılımı almıyor"),
                dimension=DIMENSION_LABELS.get(dimension, dimension),
            )
        if option not in dimension_options(dimension, districts):
            return Reason(
                "breakdown_option",
                gettext_noop("'{dimension}' için bilinmeyen seçenek: {option}"),
                dimension=DIMENSION_LABELS[dimension],
                option=option,
            )
    return None


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


# --- Periods --------------------------------------------------------------------------------

_PERIOD = re.compile(
    r"^(?P<y>\d{4})(?:(?P<s>S[12])|(?P<q>Q[1-4])|-(?P<m>0[1-9]|1[0-2])|/(?P<y2>\d{4}))?$",
    re.ASCII,  # digits 0–9 only: Python's \d would take other scripts' digits as years
)


@dataclass(frozen=True)
class Period:
    code: str
    kind: str  # annual | six-monthly | quarterly | monthly | years
    start: dt.date
    end: dt.date

    @property
    def year(self) -> int:
        return self.end.year


def parse_period(code: str) -> Period:
    """'2024', '2024S1', '2024Q3', '2024-03', or a span of whole years '2019/2021'."""
    match = _PERIOD.match(code.strip()) if isinstance(code, str) else None
    if not match:
        raise ValueError(
            f"Dönem anlaşılamadı: {code!r} (ör. 2024, 2024S1, 2024Q1, 2024-03, 2019/2021)"
        )
    year = int(match["y"])
    if match["s"]:
        half = int(match["s"][1])
        start, end = dt.date(year, 1 + 6 * (half - 1), 1), _month_end(year, 6 * half)
        return Period(code, "six-monthly", start, end)
    if match["q"]:
        q = int(match["q"][1])
        return Period(code, "quarterly", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if match["m"]:
        m = int(match["m"])
        return Period(code, "monthly", dt.date(year, m, 1), _month_end(year, m))
    if match["y2"]:
        last = int(match["y2"])
        if last <= year:
            raise ValueError(f"Dönem aralığı ters: {code!r}")
        return Period(code, "years", dt.date(year, 1, 1), dt.date(last, 12, 31))
    return Period(code, "annual", dt.date(year, 1, 1), dt.date(year, 12, 31))


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


PERIODICITY_LABELS = {
    "annual": "yıllık",
    "six-monthly": "altı aylık",
    "quarterly": "üç aylık",
    "monthly": "aylık",
    "years": "çok yıllık",
}


def period_fits(period_kind: str, periodicity: str) -> bool:
    """A value is entered for periods of the indicator's own length only (DHIS2: one period
    type per data set); yearly sums of quarters are derived, never typed."""
    return period_kind == periodicity


def periods_in_year(year: int, periodicity: str) -> list[str]:
    if periodicity == "annual":
        return [str(year)]
    if periodicity == "six-monthly":
        return [f"{year}S1", f"{year}S2"]
    if periodicity == "quarterly":
        return [f"{year}Q{q}" for q in range(1, 5)]
    if periodicity == "monthly":
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    raise ValueError(f"Bilinmeyen sıklık: {periodicity}")


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


# --- Progress and red/amber/green ------------------------------------------------------------

ACTIVITY_STATUSES = ("not_started", "ongoing", "completed", "delayed", "cancelled")
GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
# The words the pages use (monitoring/_rag.html); msgids in the catalogue.
RAG_LABELS = {GREEN: "Yolunda", AMBER: "Dikkat", RED: "Geride", NONE: "Değerlendirilmedi"}


@dataclass(frozen=True)
class Progress:
    value: float | None  # 0–100; None when nothing under it has a progress
    weight: float


def roll_up(children: Iterable[Progress]) -> Progress:
    """Weighted mean of the children that have a progress; weights add up.

    The plan, an area, a goal and a sub-goal are each the activity-weighted mean of the
    activities under them: an activity counts once whatever level it is seen from, and a
    cancelled activity (weight 0) or one with no report does not pull the mean down.
    """
    total_weight = 0.0
    weighted = 0.0
    lowest, highest = 100.0, 0.0
    for child in children:
        if child.value is None or child.weight <= 0:
            continue
        total_weight += child.weight
        weighted += child.value * child.weight
        lowest, highest = min(lowest, child.value), max(highest, child.value)
    if total_weight == 0:
        return Progress(None, 0.0)
    # A mean lies between its parts; clamping keeps float rounding (tiny weights) from
    # pushing it outside them.
    return Progress(min(highest, max(lowest, weighted / total_weight)), total_weight)


def activity_progress(status: str | None, progress: float | None) -> Progress:
    if status == "cancelled":
        return Progress(None, 0.0)
    if status == "completed":
        return Progress(100.0, 1.0)
    if status == "not_started" and progress is None:
        return Progress(0.0, 1.0)  # reported as not started: it counts, at zero
    if progress is None:
        return Progress(None, 1.0)
    return Progress(float(min(100, max(0, progress))), 1.0)


def expected_progress(start: dt.date, due: dt.date, as_of: dt.date) -> float:
    """Straight line from the plan's start (0 %) to the term's due date (100 %)."""
    if as_of <= start:
        return 0.0
    if as_of >= due:
        return 100.0
    return 100.0 * (as_of - start).days / max(1, (due - start).days)


def activity_rag(
    *,
    status: str | None,
    progress: float | None,
    start: dt.date,
    due: dt.date | None,
    as_of: dt.date,
) -> str:
    """Green on track, amber up to 25 points behind the straight line, red beyond or overdue."""
    if status == "cancelled" or due is None:
        return NONE
    if status == "completed" or (progress is not None and progress >= 100):
        return GREEN
    if as_of > due:
        return RED
    gap = expected_progress(start, due, as_of) - (progress or 0.0)
    rag = GREEN if gap <= 10 else AMBER if gap <= 25 else RED
    if status == "delayed" and rag == GREEN:
        return AMBER
    return rag


def worst_rag(rags: Iterable[str]) -> str:
    """Red if any part is red, else amber, else green; none when nothing was assessed."""
    rags = set(rags)
    return next((c for c in (RED, AMBER, GREEN) if c in rags), NONE)


def target_rag(value: Decimal | None, target: Decimal | None, direction: str) -> str:
    """Against the year's target: green at or beyond it, amber within 25 %, red further off."""
    if value is None or target is None or direction == "none":
        return NONE
    if direction == "lower":
        if value <= target:
            return GREEN
        return AMBER if target > 0 and value <= target * Decimal("1.25") else RED
    if value >= target:
        return GREEN
    return AMBER if value >= target * Decimal("0.75") else RED


def needs_explanation(rag: str, status: str | None) -> bool:
    """Behind its term or target: the reporter must explain, plan a correction and a new date."""
    return rag in {AMBER, RED} or status == "delayed"


# --- The deadline rule ------------------------------------------------------------------------


def last_entry_day(deadline: dt.date, grace_days: int) -> dt.date:
    """The last day a period accepts entries: its deadline and then the grace days. Whether
    entries are taken, whether a task is overdue or closed, and when the daily job locks the
    period all follow this one day."""
    return deadline + dt.timedelta(days=grace_days)
