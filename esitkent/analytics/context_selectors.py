"""Context indicators: citywide statistics by theme with their gender gaps, the printed
percentages recomputed from their counts, and the template for next year's figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from esitkent.core import value_breakdowns
from esitkent.monitoring.summary_selectors import (
    context_checks_stored,
    context_value_index,
    context_values_newest_first,
    themed_context_series,
)

from . import domain

THEMES = {
    "nufus": "Nüfus",
    "egitim": "Eğitim",
    "saglik": "Sağlık",
    "istihdam": "İstihdam",
    "katilim": "Katılım ve temsil",
    "siddet": "Kadına yönelik şiddet",
}


@dataclass
class ContextRow:
    period: str
    label: str
    value: Decimal
    printed: str
    source: str


@dataclass
class GapRow:
    period: str
    breakdown: str
    gap: domain.Gap


@dataclass
class CheckRow:
    check: object  # monitoring's ContextCheck
    result: domain.Consistency | None
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass
class SeriesView:
    series: object  # monitoring's ContextSeries
    rows: list[ContextRow]
    gaps: list[GapRow]


def context_overview() -> tuple[dict[str, list[SeriesView]], list[CheckRow]]:
    themes: dict[str, list[SeriesView]] = defaultdict(list)
    for series in themed_context_series():
        values = [v for v in series.values.all() if v.kind == "value"]
        rows = [_context_row(v) for v in values]
        gaps = _gender_gaps({(v.period, v.breakdown_key): v.value for v in values})
        themes[THEMES.get(series.theme, series.theme)].append(SeriesView(series, rows, gaps))
    return dict(themes), context_checks()


def _context_row(value) -> ContextRow:
    return ContextRow(
        value.period,
        value_breakdowns.breakdown_label(value.breakdown, translate=_)
        if value.breakdown
        else _("Toplam"),
        value.value,
        value.printed,
        value.source,
    )


def _gender_gaps(by_key: dict[tuple[str, str], Decimal]) -> list[GapRow]:
    """Women's figure beside men's for every breakdown given for both."""
    gaps = []
    for (period, key), value in by_key.items():
        parts = value_breakdowns.parse_breakdown_key(key)
        if parts.get("sex") != "F":
            continue
        other = dict(parts, sex="M")
        men = by_key.get((period, value_breakdowns.breakdown_key(other)))
        if men is not None:
            rest = {k: v for k, v in parts.items() if k != "sex"}
            gaps.append(
                GapRow(
                    period,
                    value_breakdowns.breakdown_label(rest, translate=_) if rest else "",
                    domain.Gap(value, men),
                )
            )
    return gaps


def context_checks() -> list[CheckRow]:
    out = []
    values = context_value_index()
    for check in context_checks_stored():

        def get(ref, c=check):
            return values.get((c.percentage_of_id, ref["period"], ref["breakdown_key"]))

        numerator = get(check.numerator)
        refs = check.denominator if isinstance(check.denominator, list) else [check.denominator]
        parts = [get(r) for r in refs]
        denominator = None if any(p is None for p in parts) else sum(parts, Decimal(0))
        result = (
            domain.check_percentage(
                printed=Decimal(check.printed_percentage),
                numerator=numerator,
                denominator=denominator,
            )
            if numerator is not None and denominator
            else None
        )
        out.append(CheckRow(check, result, numerator, denominator))
    return out


def context_template_rows() -> list[list[str]]:
    """One line per series and breakdown as last given, with the period, value and source left
    for the next year's figures."""
    rows, seen = [], set()
    for value in context_values_newest_first():
        key = (value.series.code, value.breakdown_key)
        if key in seen:
            continue
        seen.add(key)
        parts = dict(value.breakdown)
        sex = {"F": "K", "M": "E"}.get(parts.pop("sex", ""), "")
        rows.append([value.series.code, "", sex, value_breakdowns.breakdown_key(parts), "", "", ""])
    return rows
