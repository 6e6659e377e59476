"""Period codes (DHIS2's: 2024, 2024S1, 2024Q2, 2024-03, 2022/2024), what they span and
which periodicity they fit: the time half of every figure's address. Pure, no Django."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
