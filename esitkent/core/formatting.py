"""Turkish formatting of dates and numbers (dd.mm.yyyy, decimal comma) via Babel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.numbers import format_decimal


def tr_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def tr_number(value: int | float | Decimal | None, locale: str = "tr_TR") -> str:
    return "" if value is None else format_decimal(value, locale=locale)
