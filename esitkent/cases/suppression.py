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
figures can move values only around cycles of hidden edges. The constraint matrix is a network
matrix, so the extreme values are integers and every value between them is possible.

What the attacker knows. Zeros are never hidden, so every hidden figure is at least 1; that is
the lower bound of each hidden inner cell (a margin's bound follows from its cells). Nothing
says which hidden figures are the small ones. Being merely not unique is not enough: a shown row
total of 5 over five hidden cells pins each at 1, and a total leaving 7 for two hidden cells
puts both in 1..6, all small at the public threshold. Rule (a protection interval, as in tau-argus): every hidden figure
must be able to take at least `threshold` values, max - min >= threshold - 1. Since min >= 1, max
is then >= threshold: no hidden figure can be shown to be small, whichever it is.

The range of a hidden figure is exact and cheap: how far it can be pushed one way is the maximum
flow round the residual graph without it, from its column back to its row; the other way, from
its row to its column (an inner cell's fall capped at its value - 1). Arc row -> column raises an
inner cell or the grand total and lowers a margin, without limit; column -> row lowers an inner
cell by at most its value - 1, or raises a margin or the total. Flows are only counted up to
threshold - 1, the protection needed. Having at least two hidden figures per line is not
enough either: a bridge between two hidden cycles is still determined, and so are the hidden
figures of a line whose shown total leaves each of them too little room.
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
    complementary: frozenset  # hidden so that no hidden figure can be narrowed down, or
    # because a linked table hides the same total (suppress_linked)

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


def _max_flow(
    cap: list[dict[int, int]],
    open_arcs: list[int],
    src: int,
    dst: int,
    limit: int,
    without: tuple[int, int],
) -> int:
    """Units that can be pushed from src to dst, counted up to `limit`, not using the arcs
    between the two vertices in `without` (shortest augmenting paths first).

    `open_arcs` holds the arcs of positive capacity as bitmasks. Neither is changed: the
    residual capacities of the lines touched live in `residual`, the open arcs in `room`.
    `limit` is threshold - 1, so a handful of breadth-first searches settle it."""
    a, b = without
    residual = {a: dict(cap[a]), b: dict(cap[b])}
    residual[a].pop(b, None)
    residual[b].pop(a, None)
    room = open_arcs.copy()
    room[a] &= ~(1 << b)
    room[b] &= ~(1 << a)

    flow = 0
    while flow < limit:
        parent, seen, queue = {}, 1 << src, [src]
        for x in queue:
            new = room[x] & ~seen
            seen |= new
            while new:
                low = new & -new
                y = low.bit_length() - 1
                parent[y] = x
                queue.append(y)
                new ^= low
            if seen >> dst & 1:
                break
        else:
            return flow
        path, y = [], dst
        while y != src:
            path.append((parent[y], y))
            y = parent[y]
        for x, y in path:
            if x not in residual:
                residual[x] = dict(cap[x])
            if y not in residual:
                residual[y] = dict(cap[y])
        push = min(limit - flow, *(residual[x][y] for x, y in path))
        for x, y in path:
            left = residual[x][y] = residual[x][y] - push
            if not left:
                room[x] &= ~(1 << y)
            residual[y][x] = residual[y].get(x, 0) + push
            room[y] |= 1 << x
        flow += push
    return flow


class _Grid:
    """The hidden positions of an (R+1) x (C+1) grid, as a residual graph of grid lines.

    Arc row -> column raises an inner cell or the grand total and lowers a margin; arc
    column -> row does the opposite. What the attacker knows bounds only the inner cells:
    a hidden one is at least 1, because zeros are shown, so it can go down by its value - 1.
    Margins and the grand total are sums of inner cells, so their bounds follow from those.
    `need` is how many units every hidden figure must be able to move in all (threshold - 1),
    so that it can take at least `threshold` values.
    """

    def __init__(self, values: list[list[int]], need: int):
        self.values, self.need = values, need
        self.R, self.C = len(values) - 1, len(values[0]) - 1
        self.hidden: set[tuple[int, int]] = set()
        n = self.R + self.C + 2  # row r is vertex r, column c is R + 1 + c
        self.wide = [0] * n  # arcs that alone can carry `need` units, as bitmasks
        self.cap: list[dict[int, int]] = [{} for _ in range(n)]
        self.open = [0] * n  # arcs of positive capacity, as bitmasks

    def inner(self, r: int, c: int) -> bool:
        return r < self.R and c < self.C

    def zero(self, r: int, c: int) -> bool:
        """Zeros are shown, so that every hidden figure is known to be at least 1."""
        return self.values[r][c] == 0

    def _arcs(self, r: int, c: int) -> tuple[tuple[int, int, int | None], ...]:
        u, v = r, self.R + 1 + c
        down = self.values[r][c] - 1 if self.inner(r, c) else None  # None: unlimited
        return ((u, v, None), (v, u, down))

    def hide(self, r: int, c: int) -> None:
        self.hidden.add((r, c))
        for x, y, c_ in self._arcs(r, c):
            if c_ is None or c_ >= self.need:
                self.wide[x] |= 1 << y
            if c_ is None or c_ > 0:
                self.cap[x][y] = self.need if c_ is None else min(c_, self.need)
                self.open[x] |= 1 << y

    def unhide(self, r: int, c: int) -> None:
        self.hidden.discard((r, c))
        for x, y, _ in self._arcs(r, c):
            self.wide[x] &= ~(1 << y)
            self.open[x] &= ~(1 << y)
            self.cap[x].pop(y, None)

    def protected(self, r: int, c: int) -> bool:
        """Whether the hidden figure at (r, c) can move by `need` units in all, given every
        shown figure, the sums and the bounds: the exact range, as a linear programme over
        this (network) matrix would find it, but only as far as `need`."""
        u, v = r, self.R + 1 + c
        wide = self.wide.copy()  # one path wide enough settles it without counting
        wide[u] &= ~(1 << v)
        wide[v] &= ~(1 << u)
        if _reaches(wide, v, u):
            return True
        if (not self.inner(r, c) or self.values[r][c] > self.need) and _reaches(wide, u, v):
            return True
        # From its column back to its row: an inner cell or the total rises, a margin falls.
        one_way = _max_flow(self.cap, self.open, v, u, self.need, (u, v))
        if one_way >= self.need:
            return True
        room = self.need - one_way  # the other way, an inner cell stays at least 1
        if self.inner(r, c):
            room = min(room, self.values[r][c] - 1)
        return (
            room > 0 and one_way + _max_flow(self.cap, self.open, u, v, room, (u, v)) >= self.need
        )

    def cost(self, r: int, c: int) -> tuple[int, int, int]:
        """Prefer keeping margins, then losing as little count as possible."""
        if (r, c) in self.hidden:
            return (0, 0, 0)
        return (r == self.R or c == self.C, self.values[r][c], 1)

    def free(self, r: int, c: int) -> list[tuple[int, int]]:
        """Hide the cheapest rectangle through (r, c) after which it is protected.

        Rectangles with a zero are never used. One always qualifies: every hidden figure is
        at least 1, so it has a rectangle of non-zero figures completed by margins, round
        which it can grow without limit (for an inner cell, its row and column totals and
        the grand total). A margin is newly hidden only when no rectangle without one will do
        (always so in one-row or one-column tables, and whenever the known sum of a line's
        hidden cells leaves them too little room, as five hidden cells under a total of 5).
        """
        z, candidates = self.zero, []
        for r2 in range(self.R + 1):
            for c2 in range(self.C + 1):
                corners = ((r, c2), (r2, c2), (r2, c))
                if r2 == r or c2 == c or any(z(*q) for q in corners):
                    continue
                costs = zip(*(self.cost(*q) for q in corners), strict=True)
                candidates.append(((*map(sum, costs), r2, c2), corners))
        tried = set()
        for _key, corners in sorted(candidates):
            new = tuple(q for q in corners if q not in self.hidden)
            if not new or new in tried:  # nothing new to hide: no more room than before
                continue
            tried.add(new)
            for q in new:
                self.hide(*q)
            if self.protected(r, c):
                return list(new)
            for q in new:
                self.unhide(*q)
        raise AssertionError("the rectangle through the margins always protects")


def _suppress_grid(
    values: list[list[int]], threshold: int, shared: frozenset[int] = frozenset()
) -> tuple[set, set]:
    """Primary and complementary positions. `shared` holds columns (C: the grand total) whose
    figure in the totals line must be hidden because a linked table hides it."""
    grid = _Grid(values, need=threshold - 1)
    R, C = len(values) - 1, len(values[0]) - 1
    # Small margins first: their complements must be margins anyway, and inner cells can then
    # lean on them instead of hiding margins of their own.
    primary = sorted(
        ((r, c) for r, line in enumerate(values) for c, v in enumerate(line) if 1 <= v < threshold),
        key=lambda p: (p[0] < R and p[1] < C, p),
    )
    imposed = sorted((R, c) for c in shared if (R, c) not in primary and values[R][c] > 0)
    for p in primary + imposed:
        grid.hide(*p)
    # Hiding more only adds room to move, so one pass over a growing work list suffices:
    # every position is protected once, and stays protected.
    work, complementary, i = primary + imposed, set(imposed), 0
    while i < len(work):
        if not grid.protected(*work[i]):
            for q in grid.free(*work[i]):
                complementary.add(q)
                work.append(q)
        i += 1
    return set(primary), complementary


def _grid_values(
    counts: Mapping[tuple[str, str], int], rows: tuple, columns: tuple, threshold: int
) -> list[list[int]]:
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
    return values


def _table(
    values: list[list[int]], rows: tuple, columns: tuple, threshold: int, hidden: tuple[set, set]
) -> SuppressedTable:
    primary, complementary = hidden
    hidden_all = primary | complementary
    R, C = len(rows), len(columns)

    def label(r: int, c: int) -> Position:
        if r < R and c < C:
            return ("cell", rows[r], columns[c])
        if r < R:
            return ("row", rows[r])
        return ("column", columns[c]) if c < C else ("total",)

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden_all else values[r][c]

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


def suppress_table(
    counts: Mapping[tuple[str, str], int],
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    threshold: int,
) -> SuppressedTable:
    """Suppress a two-way table that is published with its row, column and grand totals.

    Counts missing from ``counts`` are 0. The totals are computed here, so they are exact sums.
    Tables that share their column totals are suppressed together: see suppress_linked.
    """
    rows, columns = tuple(rows), tuple(columns)
    values = _grid_values(counts, rows, columns, threshold)
    return _table(values, rows, columns, threshold, _suppress_grid(values, threshold))


def suppress_linked(
    tables: Mapping[str, Mapping[tuple[str, str], int]],
    *,
    rows: Mapping[str, Sequence[str]],
    columns: Sequence[str],
    threshold: int,
) -> dict[str, SuppressedTable]:
    """Suppress several tables of the same people by different categories (one month's cases
    by age band, by channel), which share their column totals and grand total.

    One table may have to hide a district total (twelve hidden 1s under a shown 12 give
    themselves away); if another table showed it, the attacker would read it there. So a
    shared total hidden in any table is hidden in all of them, and each is protected again
    with it hidden, until no table hides one more (at most C + 2 rounds).
    """
    columns = tuple(columns)
    grids = {
        key: _grid_values(counts, tuple(rows[key]), columns, threshold)
        for key, counts in tables.items()
    }
    totals = {tuple(values[-1]) for values in grids.values()}
    if len(totals) > 1:
        raise ValueError("linked tables must have the same column totals")
    # In turn, so that a table can use a total an earlier one hid rather than hide another:
    # the order is that of `tables`, so the same tables always give the same result.
    shared: frozenset[int] = frozenset()
    while True:
        before, hidden = shared, {}
        for key, values in grids.items():
            hidden[key] = _suppress_grid(values, threshold, shared)
            primary, complementary = hidden[key]
            last = len(values) - 1
            shared |= {c for (r, c) in primary | complementary if r == last}
        if shared == before:
            break
    return {
        key: _table(values, tuple(rows[key]), columns, threshold, hidden[key])
        for key, values in grids.items()
    }


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
