"""Small-count suppression (statistical disclosure control) for figures drawn from case records.

A count of three women from one district for one form of violence can point to a survivor. This
module hides such figures before anything leaves the case tables. Standard library only, so it can
run in a reporting job that has no access to Django or to the case tables.

Sources, summarised in /work/shared/reference/research/gbv.md section 4:

* CMS cell-size policy (https://resdac.org/node/1506): no small cell, and no other figure from
  which a small cell can be worked out. A true zero may be shown, because it discloses nobody.
* Washington DOH: hide non-zero counts below the threshold, then add *secondary* (complementary)
  suppression so that hidden cells cannot be recovered by subtraction from the margins.
* Network policy (gbv.md section 4): hide 1-4 on internal dashboards and 1-9 in anything published.

Model. A table with R rows and C columns is published with its margins, so think of an
(R+1) x (C+1) grid whose last row holds the column totals and whose last column holds the row
totals and the grand total. Give margins sign -1 and inner cells and the grand total sign +1. Then
every grid line sums to zero: it is a flow-conservation equation on a bipartite graph, with grid
rows and columns as vertices and hidden positions as edges. An attacker who knows the shown
figures can move values only around cycles of hidden edges. A hidden figure is recoverable when
no cycle through it can be pushed by one unit in either direction. A push fails only when it would
take an inner cell below 0, since margins are sums of inner cells. The constraint matrix is a
network matrix, so the extreme values are integers. "Free" (max - min >= 1) therefore means there
is a directed cycle through the edge in the residual graph: every hidden edge can be increased,
and it can be decreased unless it is an inner cell whose value is 0. Having at least two hidden
figures per line is not enough: a bridge between two hidden cycles is still determined.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

INTERNAL_THRESHOLD = 5  # internal dashboards: hide counts 1-4
PUBLIC_THRESHOLD = 10  # anything published: hide counts 1-9

Position = tuple  # ("cell", row, col) | ("row", row) | ("column", col) | ("total",)


@dataclass(frozen=True)
class SuppressedTable:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], int | None]  # None = hidden
    row_totals: dict[str, int | None]
    column_totals: dict[str, int | None]
    total: int | None
    threshold: int
    primary: frozenset  # hidden because 1 <= value < threshold
    complementary: frozenset  # hidden so that the primary ones cannot be worked out

    def hidden_count(self) -> int:
        return len(self.primary | self.complementary)


def _reaches(out: list[int], src: int, dst: int) -> bool:
    """Depth-first search over bitmask adjacency; the grid has at most a few dozen lines."""
    seen, stack = 1 << src, [src]
    while stack:
        new = out[stack.pop()] & ~seen
        if new >> dst & 1:
            return True
        seen |= new
        while new:
            low = new & -new
            stack.append(low.bit_length() - 1)
            new ^= low
    return False


class _Grid:
    """The hidden positions of an (R+1) x (C+1) grid, as a residual graph of grid lines."""

    def __init__(self, values: list[list[int]]):
        self.values = values
        self.R, self.C = len(values) - 1, len(values[0]) - 1
        self.hidden: set[tuple[int, int]] = set()
        self.out = [0] * (self.R + self.C + 2)  # row r is vertex r, column c is R + 1 + c

    def zero_cell(self, r: int, c: int) -> bool:
        """An inner 0 cannot go down, and that is how non-negativity pins values."""
        return r < self.R and c < self.C and self.values[r][c] == 0

    def hide(self, r: int, c: int) -> None:
        self.hidden.add((r, c))
        u, v = r, self.R + 1 + c
        self.out[u] |= 1 << v  # increase: always allowed
        if not self.zero_cell(r, c):
            self.out[v] |= 1 << u  # decrease: only if the cell stays >= 0

    def pinned(self, r: int, c: int) -> bool:
        u, v = r, self.R + 1 + c
        out = self.out.copy()
        out[u] &= ~(1 << v)
        out[v] &= ~(1 << u)
        if _reaches(out, v, u):  # a cycle that raises it by one
            return False
        return self.zero_cell(r, c) or not _reaches(out, u, v)

    def cost(self, r: int, c: int) -> tuple[int, int, int, int]:
        """Prefer not hiding zeros, then keeping margins, then losing as little count as possible."""
        if (r, c) in self.hidden:
            return (0, 0, 0, 0)
        value = self.values[r][c]
        return (value == 0, r == self.R or c == self.C, value, 1)

    def free(self, r: int, c: int) -> list[tuple[int, int]]:
        """Hide the cheapest rectangle through (r, c) round which one unit can be pushed.

        Pushing lowers either corners a and d, or (r, c) and b; only an inner 0 cannot go
        down. Every hidden figure is >= 1, so it has a qualifying rectangle of non-zero figures
        completed by margins (which are at least as large as the cells they add up). Zeros sort
        last, so in fact they are never hidden. A margin is newly hidden only when every rectangle
        without one would need a zero (always so in one-row or one-column tables).
        """
        z, best = self.zero_cell, None
        for r2 in range(self.R + 1):
            for c2 in range(self.C + 1):
                a, b, d = (r, c2), (r2, c2), (r2, c)
                if r2 == r or c2 == c or ((z(*a) or z(*d)) and (z(r, c) or z(*b))):
                    continue
                costs = zip(self.cost(*a), self.cost(*b), self.cost(*d), strict=True)
                key = (*map(sum, costs), r2, c2)
                if best is None or key < best[0]:
                    best = (key, (a, b, d))
        assert best is not None, "a non-empty grid always has the rectangle through the total"
        return [q for q in best[1] if q not in self.hidden]


def _suppress_grid(values: list[list[int]], threshold: int) -> tuple[set, set]:
    grid = _Grid(values)
    R, C = len(values) - 1, len(values[0]) - 1
    # Small margins first: their complements must be margins anyway, and inner cells can then
    # lean on them instead of hiding margins of their own.
    primary = sorted(
        ((r, c) for r, line in enumerate(values) for c, v in enumerate(line) if 1 <= v < threshold),
        key=lambda p: (p[0] < R and p[1] < C, p),
    )
    for p in primary:
        grid.hide(*p)
    # Hiding more never makes a hidden figure recoverable, so one pass over a growing work
    # list suffices: every position is freed once, and stays free.
    work, complementary, i = list(primary), set(), 0
    while i < len(work):
        if grid.pinned(*work[i]):
            for q in grid.free(*work[i]):
                grid.hide(*q)
                complementary.add(q)
                work.append(q)
        i += 1
    return set(primary), complementary


def suppress_table(
    counts: Mapping[tuple[str, str], int],
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    threshold: int,
) -> SuppressedTable:
    """Suppress a two-way table that is published with its row, column and grand totals.

    Counts missing from ``counts`` are 0. The totals are computed here, so they are exact sums.
    """
    rows, columns = tuple(rows), tuple(columns)
    if len(set(rows)) != len(rows) or len(set(columns)) != len(columns):
        raise ValueError("row and column labels must be unique")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError("threshold must be a positive integer")
    row_index = {r: i for i, r in enumerate(rows)}
    col_index = {c: j for j, c in enumerate(columns)}
    R, C = len(rows), len(columns)
    values = [[0] * (C + 1) for _ in range(R + 1)]
    for (row, col), n in counts.items():
        if row not in row_index or col not in col_index:
            raise ValueError(f"count for unknown cell {(row, col)!r}")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"count for {(row, col)!r} must be a non-negative integer")
        values[row_index[row]][col_index[col]] = n
    for i in range(R):
        values[i][C] = sum(values[i][:C])
    for j in range(C + 1):
        values[R][j] = sum(values[i][j] for i in range(R))

    primary, complementary = _suppress_grid(values, threshold)
    hidden = primary | complementary

    def label(r: int, c: int) -> Position:
        if r < R and c < C:
            return ("cell", rows[r], columns[c])
        if r < R:
            return ("row", rows[r])
        return ("column", columns[c]) if c < C else ("total",)

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden else values[r][c]

    return SuppressedTable(
        rows=rows,
        columns=columns,
        cells={(rows[r], columns[c]): shown(r, c) for r in range(R) for c in range(C)},
        row_totals={rows[r]: shown(r, C) for r in range(R)},
        column_totals={columns[c]: shown(R, c) for c in range(C)},
        total=shown(R, C),
        threshold=threshold,
        primary=frozenset(label(*p) for p in primary),
        complementary=frozenset(label(*p) for p in complementary),
    )


def suppress_list(
    counts: Mapping[str, int], *, threshold: int
) -> tuple[dict[str, int | None], int | None]:
    """A one-way table (e.g. cases by age band) published with its total.

    It is a table with one column, so a single hidden band is always joined by a second one
    (or by the total), or else it could be recovered as the total minus the shown bands.
    """
    table = suppress_table(
        {(key, ""): n for key, n in counts.items()},
        rows=list(counts),
        columns=[""],
        threshold=threshold,
    )
    return {key: table.cells[(key, "")] for key in counts}, table.total


def suppress_each(counts: Mapping[str, int], *, threshold: int) -> dict[str, int | None]:
    """Counts that do not add up to any published total, such as multi-select "forms of violence".

    No margin links them, so nothing can be subtracted and primary suppression is enough. Do not
    publish a total next to them: if you do, use suppress_list instead.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError("threshold must be a positive integer")
    for key, n in counts.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"count for {key!r} must be a non-negative integer")
    return {key: None if 1 <= n < threshold else n for key, n in counts.items()}
