"""Pure analytics rules: consistency of printed percentages, gender gaps, rates, map classes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from esitkent.core import period_codes


@dataclass(frozen=True)
class Consistency:
    printed: Decimal
    recomputed: Decimal
    agrees: bool

    @property
    def difference(self) -> Decimal:
        return self.recomputed - self.printed


def check_percentage(
    *, printed: Decimal, numerator: Decimal, denominator: Decimal
) -> Consistency | None:
    """Recompute a printed percentage from its counts, at the printed precision.

    A percentage printed with one decimal agrees when the counts round to it; one more unit of
    the last printed digit is allowed for the source's own rounding steps.
    """
    if denominator == 0:
        return None
    exponent = printed.as_tuple().exponent
    quantum = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    recomputed = (Decimal(100) * numerator / denominator).quantize(quantum, rounding=ROUND_HALF_UP)
    return Consistency(
        printed=printed, recomputed=recomputed, agrees=abs(recomputed - printed) <= quantum
    )


@dataclass(frozen=True)
class Gap:
    women: Decimal
    men: Decimal

    @property
    def difference(self) -> Decimal:
        return self.women - self.men

    @property
    def ratio(self) -> Decimal | None:
        return (
            None
            if self.men == 0
            else (self.women / self.men).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        )


def per_10000(value: Decimal, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (Decimal(value) * 10000 / population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Periods as spans of days ---------------------------------------------------------------

Span = tuple[dt.date, dt.date]  # first and last day, inclusive


def period_span(code: str) -> Span | None:
    """The days a period code covers ('2020' a year, '2020/2021' two years); None if unreadable."""
    try:
        period = period_codes.parse_period(code)
    except ValueError:
        return None
    return (period.start, period.end)


def period_touches(code: str, year: int) -> bool:
    """Whether a period's days reach into the year; an unreadable code touches none."""
    span = period_span(code)
    return span is not None and span[0].year <= year <= span[1].year


def spans_overlap(spans: Iterable[Span]) -> bool:
    """Whether some day lies in two different spans. The same span twice is not an overlap:
    figures of one period for different groups (women, men) do not count a day twice."""
    latest_end = None
    for start, end in sorted(set(spans)):
        if latest_end is not None and start <= latest_end:
            return True
        latest_end = end if latest_end is None else max(latest_end, end)
    return False


def covering_periods(codes: Iterable[str]) -> set[str]:
    """The periods that contain another of the given periods: a two-year total beside the
    years it is made of ('2020/2021' beside '2020' and '2021')."""
    spans = {code: span for code in set(codes) if (span := period_span(code))}
    return {
        code
        for code, (start, end) in spans.items()
        if any(
            other != (start, end) and start <= other[0] and other[1] <= end
            for other in spans.values()
        )
    }


# --- The pivot explorer -----------------------------------------------------------------------

Coordinate = tuple[tuple[object, str], ...]  # per dimension on an axis: (sort key, label)


@dataclass(frozen=True)
class PivotRecord:
    """One stored figure placed in the table: where it goes, and which indicator it measures
    (figures of different indicators are never added together)."""

    row: Coordinate
    column: Coordinate
    value: Decimal
    measure: str
    span: Span | None = None  # the days the figure covers, where its period is known


@dataclass(frozen=True)
class PivotTable:
    rows: list[Coordinate]
    columns: list[Coordinate]
    cells: dict[tuple[Coordinate, Coordinate], Decimal]
    row_totals: dict[Coordinate, Decimal | None]
    column_totals: dict[Coordinate, Decimal | None]
    grand_total: Decimal | None
    # Some total was left out because the figures it would add cover overlapping periods.
    overlap_withheld: bool = False

    def cell(self, row: Coordinate, column: Coordinate) -> Decimal | None:
        return self.cells.get((row, column))


def _overlapping(records: list[PivotRecord]) -> bool:
    return spans_overlap(r.span for r in records if r.span is not None)


def _total(records: list[PivotRecord], summable: frozenset[str]) -> Decimal | None:
    """The sum of the cells, or None where a sum would mean nothing: cells of more than one
    indicator, an indicator whose figures do not add up (percentages, averages), or figures
    whose periods overlap (a 2020/2021 total beside 2020 and 2021 would count those years
    twice)."""
    measures = {r.measure for r in records}
    if len(measures) != 1 or not measures <= summable or _overlapping(records):
        return None
    return sum((r.value for r in records), Decimal(0))


def pivot_table(records: list[PivotRecord], *, summable: frozenset[str]) -> PivotTable:
    """Cells are stored figures as they are (each coordinate names one figure); totals are sums
    of the shown cells, so they can differ from a reported total with unknown categories."""
    cells: dict[tuple[Coordinate, Coordinate], Decimal] = {}
    by_row: dict[Coordinate, list[PivotRecord]] = {}
    by_column: dict[Coordinate, list[PivotRecord]] = {}
    for record in records:
        key = (record.row, record.column)
        if key in cells:
            raise ValueError(f"İki değer aynı hücreye düştü: {key}")
        cells[key] = record.value
        by_row.setdefault(record.row, []).append(record)
        by_column.setdefault(record.column, []).append(record)
    rows = sorted(by_row, key=lambda c: tuple(s for s, _ in c))
    columns = sorted(by_column, key=lambda c: tuple(s for s, _ in c))
    return PivotTable(
        rows=rows,
        columns=columns,
        cells=cells,
        row_totals={r: _total(by_row[r], summable) for r in rows},
        column_totals={c: _total(by_column[c], summable) for c in columns},
        grand_total=_total(records, summable),
        overlap_withheld=any(
            _overlapping(group) for group in [records, *by_row.values(), *by_column.values()]
        ),
    )


def pivot_axes(
    rows: list[str], columns: list[str], *, known: dict[str, str], several_indicators: bool
) -> tuple[list[str], list[str], list[str]]:
    """The axes as asked, made valid, with a Turkish note for every change made."""
    notes = []
    rows = [d for d in dict.fromkeys(rows) if d in known]
    both = [d for d in dict.fromkeys(columns) if d in rows]
    columns = [d for d in dict.fromkeys(columns) if d in known and d not in rows]
    for dimension in both:
        notes.append(f"“{known[dimension]}” hem satırda hem sütunda seçilmişti; satırda bırakıldı.")
    if not rows and not columns:
        rows, columns = ["indicator"], ["period"]
    if several_indicators and "indicator" not in rows + columns:
        rows.insert(0, "indicator")
        notes.append(
            "Birden çok gösterge seçildiği için “Gösterge” satırlara eklendi: "
            "farklı göstergelerin değerleri toplanmaz."
        )
    return rows, columns, notes


def pivot_grid(
    table: PivotTable,
    *,
    row_titles: list[str],
    total_title: str = "Toplam",
    value_title: str = "Değer",
) -> tuple[list[str], list[list]]:
    """The table flattened for CSV and XLSX: a header row, then one row per table row and a
    totals row; empty cells are None."""
    # With no row dimension there is one row; it still needs a first column for its name.
    row_titles = row_titles or [""]
    header = [
        *row_titles,
        *(" · ".join(label for _, label in c) or value_title for c in table.columns),
        total_title,
    ]
    body = [
        [
            *([label for _, label in row] or [value_title]),
            *(table.cell(row, c) for c in table.columns),
            table.row_totals[row],
        ]
        for row in table.rows
    ]
    body.append(
        [
            total_title,
            *([""] * (len(row_titles) - 1)),
            *(table.column_totals[c] for c in table.columns),
            table.grand_total,
        ]
    )
    return header, body
