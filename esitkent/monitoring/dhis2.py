"""DHIS2's vocabulary for exchanged data values: column names and period codes.

Pure Python (no Django), so the readers, the API and the docs share one table. Follows DHIS2's
own parser of ISO periods (dhis2-core, Period.Input.of) and its data value set column names
(docs: developer/web-api/data.md, "CSV data value format").
"""

from __future__ import annotations

import datetime as dt
import re

from esitkent.core.reasons import Reason, gettext_noop

# DHIS2's CSV column order (an export's header; a header-less file is read in this order).
DEFAULT_COLUMNS = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
]

# Columns a reader recognises and then drops: DHIS2's "created" stamp, and the two columns our
# XLSX template adds for people (the indicator's name and the breakdown in words).
DROPPED = frozenset({"created", "name", "breakdown"})

# A header name, lower-cased, to its canonical name. DHIS2 has used short names in older CSV
# files (catoptcombo, strby, lstupd, cmt, ...) and camelCase in JSON and XML.
COLUMN_ALIASES: dict[str, str] = {
    "dataelement": "dataelement",
    "period": "period",
    "orgunit": "orgunit",
    "categoryoptioncombo": "categoryoptioncombo",
    "catoptcombo": "categoryoptioncombo",
    "attributeoptioncombo": "attributeoptioncombo",
    "attroptcombo": "attributeoptioncombo",
    "value": "value",
    "storedby": "storedby",
    "strby": "storedby",
    "lastupdated": "lastupdated",
    "lstupd": "lastupdated",
    "timestamp": "lastupdated",
    "created": "created",
    "comment": "comment",
    "cmt": "comment",
    "followup": "followup",
    "flwup": "followup",
    "deleted": "deleted",
    # Our XLSX template's columns for people; read and dropped.
    "name": "name",
    "gösterge": "name",
    "gosterge": "name",
    "breakdown": "breakdown",
    "kırılım": "breakdown",
    "kirilim": "breakdown",
}

# DHIS2's default category option combo (name and code "default", uid HllvX50cXC0): as a
# categoryoptioncombo it is the total, as an attributeoptioncombo "no attribute".
DEFAULT_COMBO = frozenset({"", "default", "HllvX50cXC0"})


# --- Periods ----------------------------------------------------------------------------------

_EXAMPLES = "2024, 2024S1, 2024Q1, 202401"

_WEEKLY = gettext_noop(
    "‘{code}’ haftalık bir DHIS2 dönemi ({type}); EşitKent'te haftalık raporlama dönemi yok"
)
_FINANCIAL = {
    "April": (
        "FinancialApril",
        gettext_noop(
            "‘{code}’ Nisan'da başlayan bir mali yıl (FinancialApril); EşitKent takvim yılıyla raporlar"
        ),
    ),
    "July": (
        "FinancialJuly",
        gettext_noop(
            "‘{code}’ Temmuz'da başlayan bir mali yıl (FinancialJuly); EşitKent takvim yılıyla raporlar"
        ),
    ),
    "Aug": (
        "FinancialAug",
        gettext_noop(
            "‘{code}’ Ağustos'ta başlayan bir mali yıl (FinancialAug); EşitKent takvim yılıyla raporlar"
        ),
    ),
    "Sep": (
        "FinancialSep",
        gettext_noop(
            "‘{code}’ Eylül'de başlayan bir mali yıl (FinancialSep); EşitKent takvim yılıyla raporlar"
        ),
    ),
    "Oct": (
        "FinancialOct",
        gettext_noop(
            "‘{code}’ Ekim'de başlayan bir mali yıl (FinancialOct); EşitKent takvim yılıyla raporlar"
        ),
    ),
    "Nov": (
        "FinancialNov",
        gettext_noop(
            "‘{code}’ Kasım'da başlayan bir mali yıl (FinancialNov); EşitKent takvim yılıyla raporlar"
        ),
    ),
    "Feb": (
        "FinancialFeb",
        gettext_noop(
            "‘{code}’ Şubat'ta başlayan bir mali yıl (FinancialFeb); EşitKent takvim yılıyla raporlar"
        ),
    ),
}
_WEEKDAYS = {
    "Wed": "WeeklyWednesday",
    "Thu": "WeeklyThursday",
    "Fri": "WeeklyFriday",
    "Sat": "WeeklySaturday",
    "Sun": "WeeklySunday",
}

_YEARLY = re.compile(r"^(\d{4})$", re.ASCII)
_SPAN = re.compile(r"^(\d{4})/(\d{4})$", re.ASCII)
_SIX = re.compile(r"^(\d{4})S(\d)$", re.ASCII)
_QUARTER = re.compile(r"^(\d{4})Q(\d)$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-?(\d{2})$", re.ASCII)
_DAY = re.compile(r"^(\d{4})(?:(\d{2})(\d{2})|-(\d{2})-(\d{2}))$", re.ASCII)
_WEEK = re.compile(r"^(\d{4})(Wed|Thu|Fri|Sat|Sun)?W(\d{1,2})$", re.ASCII)
_BIWEEK = re.compile(r"^(\d{4})BiW(\d{1,2})$", re.ASCII)
_BIMONTH = re.compile(r"^(\d{4})(\d{2})B$", re.ASCII)
_QUARTER_NOV = re.compile(r"^(\d{4})NovQ(\d)$", re.ASCII)
_SIX_APRIL = re.compile(r"^(\d{4})AprilS(\d)$", re.ASCII)
_SIX_NOV = re.compile(r"^(\d{4})NovS(\d)$", re.ASCII)
_FINANCIAL_RE = re.compile(r"^(\d{4})(April|July|Aug|Sep|Oct|Nov|Feb)$", re.ASCII)


def _not_a_period(code: str) -> Reason:
    return Reason(
        "period",
        gettext_noop("dönem anlaşılamadı: '{code}' (ör. {examples})"),
        code=code,
        examples=_EXAMPLES,
    )


def _out_of_range(code: str, part: str) -> Reason:
    templates = {
        "month": gettext_noop("dönem anlaşılamadı: '{code}' (ay 01–12 arasında olmalı)"),
        "quarter": gettext_noop("dönem anlaşılamadı: '{code}' (çeyrek 1–4 arasında olmalı)"),
        "half": gettext_noop("dönem anlaşılamadı: '{code}' (yarıyıl 1 ya da 2 olmalı)"),
        "week": gettext_noop("dönem anlaşılamadı: '{code}' (hafta 1–53 arasında olmalı)"),
        "biweek": gettext_noop("dönem anlaşılamadı: '{code}' (iki haftalık dönem 1–27 olmalı)"),
        "bimonth": gettext_noop("dönem anlaşılamadı: '{code}' (iki aylık dönem 01–06 olmalı)"),
        "day": gettext_noop("dönem anlaşılamadı: '{code}' (böyle bir gün yok)"),
        "span": gettext_noop("dönem anlaşılamadı: '{code}' (aralığın sonu başından sonra olmalı)"),
    }
    return Reason("period", templates[part], code=code)


def _refused(code: str, template: str, **params) -> Reason:
    return Reason("period_type", template, code=code, **params)


def _in(code: str, number: str, low: int, high: int, part: str) -> int:
    n = int(number)
    if not low <= n <= high:
        raise _out_of_range(code, part)
    return n


def period_from_dhis2(code: str) -> str:
    """EşitKent's period code for a DHIS2 ISO period; other DHIS2 period types refused by name."""
    if not isinstance(code, str):
        raise _not_a_period(str(code))
    code = code.strip()
    ours = _calendar_period(code)
    if ours is not None:
        return ours
    _refuse_short_period(code)
    _refuse_shifted_period(code)
    raise _not_a_period(code)


def _calendar_period(code: str) -> str | None:
    """Our code for the types we report in (years, spans of years, half-years, quarters and
    months of the calendar); None when the code is none of these."""
    if m := _YEARLY.match(code):
        return code
    if m := _SPAN.match(code):
        if int(m[2]) <= int(m[1]):
            raise _out_of_range(code, "span")
        return code
    if m := _SIX.match(code):
        return f"{m[1]}S{_in(code, m[2], 1, 2, 'half')}"
    if m := _QUARTER.match(code):
        return f"{m[1]}Q{_in(code, m[2], 1, 4, 'quarter')}"
    if m := _MONTH.match(code):
        return f"{m[1]}-{_in(code, m[2], 1, 12, 'month'):02d}"
    return None


def _refuse_short_period(code: str) -> None:
    """Refuses, by name, a day, a week or two, or two months: we have no such periods."""
    if m := _DAY.match(code):
        try:
            dt.date(int(m[1]), int(m[2] or m[4]), int(m[3] or m[5]))
        except ValueError:
            raise _out_of_range(code, "day") from None
        raise _refused(
            code,
            gettext_noop(
                "‘{code}’ günlük bir DHIS2 dönemi (Daily); EşitKent'te günlük raporlama dönemi yok"
            ),
        )
    if m := _WEEK.match(code):
        _in(code, m[3], 1, 53, "week")
        raise _refused(code, _WEEKLY, type=_WEEKDAYS.get(m[2] or "", "Weekly"))
    if m := _BIWEEK.match(code):
        _in(code, m[2], 1, 27, "biweek")
        raise _refused(
            code,
            gettext_noop(
                "‘{code}’ iki haftalık bir DHIS2 dönemi (BiWeekly); EşitKent'te iki haftalık raporlama dönemi yok"
            ),
        )
    if m := _BIMONTH.match(code):
        _in(code, m[2], 1, 6, "bimonth")
        raise _refused(
            code,
            gettext_noop(
                "‘{code}’ iki aylık bir DHIS2 dönemi (BiMonthly); EşitKent'te iki aylık raporlama dönemi yok"
            ),
        )


def _refuse_shifted_period(code: str) -> None:
    """Refuses, by name, quarters, half-years and financial years that do not start in January."""
    if m := _QUARTER_NOV.match(code):
        _in(code, m[2], 1, 4, "quarter")
        raise _refused(
            code,
            gettext_noop(
                "‘{code}’ Kasım'da başlayan üç aylık bir DHIS2 dönemi (QuarterlyNov); EşitKent'te çeyrekler Ocak'ta başlar"
            ),
        )
    if m := _SIX_APRIL.match(code):
        _in(code, m[2], 1, 2, "half")
        raise _refused(
            code,
            gettext_noop(
                "‘{code}’ Nisan'da başlayan altı aylık bir DHIS2 dönemi (SixMonthlyApril); EşitKent'te altı aylık dönemler Ocak ve Temmuz'da başlar"
            ),
        )
    if m := _SIX_NOV.match(code):
        _in(code, m[2], 1, 2, "half")
        raise _refused(
            code,
            gettext_noop(
                "‘{code}’ Kasım'da başlayan altı aylık bir DHIS2 dönemi (SixMonthlyNov); EşitKent'te altı aylık dönemler Ocak ve Temmuz'da başlar"
            ),
        )
    if m := _FINANCIAL_RE.match(code):
        raise _refused(code, _FINANCIAL[m[2]][1])


_OURS = re.compile(r"^(\d{4})(?:S[12]|Q[1-4]|-(0[1-9]|1[0-2]))?$", re.ASCII)


def period_to_dhis2(code: str) -> str:
    """The DHIS2 ISO period for an EşitKent period code: '2023-01' → '202301'."""
    code = code.strip() if isinstance(code, str) else str(code)
    if _SPAN.match(code):
        raise Reason(
            "period_type",
            gettext_noop("‘{code}’ birden çok yılı kapsayan bir dönem; DHIS2'de karşılığı yok"),
            code=code,
        )
    m = _OURS.match(code)
    if not m:
        raise Reason(
            "period",
            gettext_noop("dönem anlaşılamadı: '{code}' (ör. 2024, 2024S1, 2024Q1, 2024-01)"),
            code=code,
        )
    return code.replace("-", "")


# (DHIS2 period type, an example, EşitKent's code or None when refused, a note in Turkish)
PERIOD_TABLE: list[tuple[str, str, str | None, str]] = [
    ("Yearly", "2023", "2023", "takvim yılı"),
    ("SixMonthly", "2023S1", "2023S1", "Ocak–Haziran (S2: Temmuz–Aralık)"),
    ("Quarterly", "2023Q1", "2023Q1", "Ocak–Mart"),
    ("Monthly", "202301", "2023-01", "Ocak 2023"),
    ("Monthly", "2023-01", "2023-01", "Ocak 2023, tireli yazım"),
    ("Daily", "20230101", None, "günlük raporlama dönemi yok"),
    ("Daily", "2023-01-01", None, "günlük raporlama dönemi yok"),
    ("Weekly", "2023W5", None, "haftalık raporlama dönemi yok"),
    ("Weekly", "2023W05", None, "haftalık raporlama dönemi yok"),
    ("WeeklyWednesday", "2023WedW5", None, "haftalık raporlama dönemi yok"),
    ("WeeklyThursday", "2023ThuW5", None, "haftalık raporlama dönemi yok"),
    ("WeeklyFriday", "2023FriW5", None, "haftalık raporlama dönemi yok"),
    ("WeeklySaturday", "2023SatW5", None, "haftalık raporlama dönemi yok"),
    ("WeeklySunday", "2023SunW5", None, "haftalık raporlama dönemi yok"),
    ("BiWeekly", "2023BiW1", None, "iki haftalık raporlama dönemi yok"),
    ("BiMonthly", "202301B", None, "iki aylık raporlama dönemi yok"),
    ("QuarterlyNov", "2023NovQ1", None, "Kasım'da başlayan çeyrekler; bizde Ocak'ta başlar"),
    ("SixMonthlyApril", "2023AprilS1", None, "Nisan'da başlayan yarıyıllar"),
    ("SixMonthlyNov", "2023NovS1", None, "Kasım'da başlayan yarıyıllar"),
    ("FinancialApril", "2023April", None, "Nisan'da başlayan mali yıl"),
    ("FinancialJuly", "2023July", None, "Temmuz'da başlayan mali yıl"),
    ("FinancialAug", "2023Aug", None, "Ağustos'ta başlayan mali yıl"),
    ("FinancialSep", "2023Sep", None, "Eylül'de başlayan mali yıl"),
    ("FinancialOct", "2023Oct", None, "Ekim'de başlayan mali yıl"),
    ("FinancialNov", "2023Nov", None, "Kasım'da başlayan mali yıl"),
    ("FinancialFeb", "2023Feb", None, "Şubat'ta başlayan mali yıl"),
]
