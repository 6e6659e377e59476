"""Pure checks on an indicator's values: ranges, parts against their wholes, rules between
totals, and outliers against the unit's own history. No Django imports; property-tested."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from esitkent.core.numbers import tr_number_text
from esitkent.core.turkish import tr_lower
from esitkent.core.value_breakdowns import (
    DIMENSION_LABELS,
    DIMENSION_ORDER,
    breakdown_label,
    dimension_options,
    parse_breakdown_key,
)

# --- Validation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: str  # parts-exceed-total | parts-sum-differs | percentage-range | negative | custom rule code
    key: str  # breakdown key the problem is about
    message: str
    blocking: bool = True


def validate_values(
    values: Mapping[str, Decimal],
    *,
    measure_type: str,
    aggregation: str,
    dimensions: Iterable[str],
    districts: Iterable[str] = (),
    title: str = "",
) -> list[Violation]:
    """Check one indicator's values for one organisation and period, keyed by breakdown key.

    For every reported cell and every finer level (any set of further dimensions, not only the
    next one: 0–14 women and men are checked against the total even when no sex total was
    entered), the finer cells inside it may not add up to more than it; when every combination
    of that level is reported, they must add up to it exactly. Only summable measures (counts
    and currency summed) are checked this way. `title` names the indicator in the messages.
    """
    problems = _range_problems(values, measure_type)
    if measure_type not in {"count", "currency"} or aggregation != "sum":
        return problems
    table = _Table.of(values, dimensions, districts)
    named = f"“{title}” göstergesinde " if title else ""
    problems += _sum_problems(table, named)
    flagged = {p.key for p in problems if p.rule == "parts-exceed-total"}
    problems += _implied_problems(table, named, flagged)
    return problems


def _range_problems(values: Mapping[str, Decimal], measure_type: str) -> list[Violation]:
    problems: list[Violation] = []
    for key, value in values.items():
        if measure_type == "percentage" and not Decimal(0) <= value <= Decimal(100):
            problems.append(
                Violation(
                    "percentage-range",
                    key,
                    f"yüzde 0 ile 100 arasında olmalı ({tr_number_text(value)})",
                )
            )
        if measure_type in {"count", "currency", "percentage", "ratio"} and value < 0:
            problems.append(Violation("negative", key, f"negatif olamaz ({tr_number_text(value)})"))
    return problems


@dataclass
class _Table:
    """An indicator's entered cells that belong to its dimensions, grouped by level."""

    values: Mapping[str, Decimal]
    dimensions: list[str]
    options: dict[str, dict[str, str]]
    parsed: dict[str, dict[str, str]]  # key → breakdown
    by_level: dict[frozenset[str], list[str]]

    @classmethod
    def of(cls, values, dimensions: Iterable[str], districts: Iterable[str]) -> _Table:
        dimensions = [d for d in DIMENSION_ORDER if d in set(dimensions)]
        options = {d: dimension_options(d, districts) for d in dimensions}
        # Only cells whose every part is a known option of a dimension the indicator has.
        parsed = {
            key: breakdown
            for key in values
            for breakdown in [parse_breakdown_key(key)]
            if all(d in options and o in options[d] for d, o in breakdown.items())
        }
        by_level: dict[frozenset[str], list[str]] = {}
        for key, breakdown in parsed.items():
            by_level.setdefault(frozenset(breakdown), []).append(key)
        return cls(values, dimensions, options, parsed, by_level)


def _whole(key: str, breakdown: Mapping[str, str]) -> tuple[str, str]:
    """The whole's own name: the total, or e.g. "Yaş grubu: 18–29 için … bu değer"."""
    if key:
        return f"{breakdown_label(breakdown)} için ", "bu değer"
    return "", "toplam değer"


def _sum_problems(table: _Table, named: str) -> list[Violation]:
    problems: list[Violation] = []
    values, parsed = table.values, table.parsed
    for key, breakdown in parsed.items():
        for level, keys in table.by_level.items():
            if not level > set(breakdown):
                continue
            parts = [k for k in keys if all(parsed[k][d] == o for d, o in breakdown.items())]
            if not parts:
                continue
            finer = [d for d in table.dimensions if d in level and d not in breakdown]
            total = sum((values[k] for k in parts), Decimal(0))
            label = " × ".join(tr_lower(DIMENSION_LABELS[d]) for d in finer)
            where, whole = _whole(key, breakdown)
            shown, sum_shown = tr_number_text(values[key]), tr_number_text(total)
            cells = _cells_named(parts, parsed, values)
            complete = len(parts) == math.prod(len(table.options[d]) for d in finer)
            if total > values[key]:
                problems.append(
                    Violation(
                        "parts-exceed-total",
                        key,
                        f"{named}{where}{label} kırılımlarının toplamı ({sum_shown}), "
                        f"{whole}den ({shown}) büyük: {cells}",
                    )
                )
            elif complete and total != values[key]:
                problems.append(
                    Violation(
                        "parts-sum-differs",
                        key,
                        f"{named}{where}tüm {label} kırılımları girilmiş ama toplamları "
                        f"({sum_shown}), {whole}e ({shown}) eşit değil: {cells}",
                    )
                )
    return problems


def _implied_problems(table: _Table, named: str, flagged: set[str]) -> list[Violation]:
    problems: list[Violation] = []
    values = table.values
    for key, least in _implied_minimums(table.parsed, values, table.options).items():
        if key in flagged or least <= values[key]:
            continue
        where, whole = _whole(key, table.parsed[key])
        problems.append(
            Violation(
                "parts-exceed-total",
                key,
                f"{named}{where}girilen kırılımlara göre {whole} en az {tr_number_text(least)} "
                f"olmalı, {tr_number_text(values[key])} girilmiş",
            )
        )
    return problems


def _implied_minimums(
    parsed: Mapping[str, Mapping[str, str]],
    values: Mapping[str, Decimal],
    options: Mapping[str, list[str]],
) -> dict[str, Decimal]:
    """For each entered cell, the least it can be given every finer cell entered at any level:
    total 100 with women 30 and 0–14 men 80 entered (no men's total) means men are at least
    80, so the total at least 110. A cell's least value is its own entry, or the largest sum
    over one further dimension of its parts' least values; cells nobody entered below are 0.
    Counts are never negative, so these bounds hold for any true table behind the entries."""
    entered = {frozenset(b.items()): values[k] for k, b in parsed.items()}
    below: set[frozenset] = set()  # cells with an entered cell somewhere inside them
    for cell in entered:
        items = list(cell)
        for size in range(len(items)):
            for subset in combinations(items, size):
                below.add(frozenset(subset))
    least: dict[frozenset, Decimal] = {}

    def bound(cell: frozenset) -> Decimal:
        if cell in least:
            return least[cell]
        own = entered.get(cell, Decimal(0))
        best = own
        if cell in below:
            fixed = {d for d, _ in cell}
            for d in options:
                if d in fixed:
                    continue
                split = sum((bound(cell | {(d, o)}) for o in options[d]), Decimal(0))
                best = max(best, split)
        least[cell] = best
        return best

    return {k: bound(frozenset(b.items())) for k, b in parsed.items()}


def _cells_named(keys: list[str], parsed: Mapping[str, Mapping[str, str]], values) -> str:
    """'Cinsiyet: Kadın · Yaş grubu: 0–14 = 80; …', the first few when a level is long."""
    shown = [f"{breakdown_label(parsed[k])} = {tr_number_text(values[k])}" for k in keys[:8]]
    more = f"; … ve {len(keys) - 8} hücre daha" if len(keys) > 8 else ""
    return "; ".join(shown) + more


OPERATORS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
}


def evaluate_rule(left: Decimal | None, operator: str, right: Decimal | None) -> bool | None:
    """A rule between two totals (or a total and a constant); None when a side is missing."""
    if left is None or right is None:
        return None
    return OPERATORS[operator](left, right)


# --- Outliers -------------------------------------------------------------------------------

OUTLIER_THRESHOLD = Decimal("3.5")


def is_outlier(value: Decimal, history: Iterable[Decimal]) -> bool:
    """Against the unit's own earlier values: the modified z-score (Iglewicz & Hoaglin) above 3.5.

    Needs at least three earlier values. When the earlier values do not vary (MAD = 0), a value
    is an outlier if it is more than half again away from them (and at least 1).
    """
    history = [Decimal(h) for h in history]
    if len(history) < 3:
        return False
    median = Decimal(statistics.median(history))
    mad = Decimal(statistics.median([abs(h - median) for h in history]))
    if mad == 0:
        return abs(value - median) > max(Decimal(1), abs(median) / 2)
    return Decimal("0.6745") * abs(value - median) / mad > OUTLIER_THRESHOLD
