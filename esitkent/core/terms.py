"""Plan terms (Kısa/Orta/Uzun Vade) and their due dates. Pure rules, no Django."""

from __future__ import annotations

import datetime as dt
import math
import re

from esitkent.core.turkish import tr_lower

SHORT, MEDIUM, LONG = "short", "medium", "long"
TERMS = (SHORT, MEDIUM, LONG)
TERM_LABELS = {SHORT: "Kısa Vade", MEDIUM: "Orta Vade", LONG: "Uzun Vade"}
_PRINTED = re.compile(r"^\(?\s*(kısa|kisa|orta|uzun)\s+vade\s*\)?$")
_WORD = {"kısa": SHORT, "kisa": SHORT, "orta": MEDIUM, "uzun": LONG}


def parse_term(printed: str | None) -> str | None:
    """'(Kısa Vade)' → 'short'; None or blank → None; anything else → ValueError."""
    if printed is None or not printed.strip():
        return None
    # Turkish lower-casing first: "KISA" → "kısa", "KİSA" → "kisa" (Python's lower() gives "ki̇sa").
    match = _PRINTED.match(tr_lower(printed.strip()))
    if not match:
        raise ValueError(f"Vade anlaşılamadı: {printed!r}")
    return _WORD[match.group(1)]


def term_due_date(term: str | None, start_year: int, end_year: int) -> dt.date | None:
    """Due date of a term inside the plan period.

    The period is cut in thirds, rounded up to whole years: in a three-year plan short term is
    due at the end of the first year, medium at the end of the second, long at the end of the
    period. A one-year plan puts every term at its end.
    """
    if term is None:
        return None
    if term not in TERMS:
        raise ValueError(f"Bilinmeyen vade: {term!r}")
    if end_year < start_year:
        raise ValueError("Plan dönemi bitişi başlangıçtan önce olamaz")
    years = end_year - start_year + 1
    share = {SHORT: 1, MEDIUM: 2, LONG: 3}[term]
    offset = min(years, max(1, math.ceil(years * share / 3))) - 1
    return dt.date(start_year + offset, 12, 31)
