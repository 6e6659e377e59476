"""Small-count suppression: worked examples, then an attacker who tries to recover hidden cells.

The attacker is a linear programme (scipy): it knows every shown figure, that inner cells are
non-negative and that rows, columns and totals add up. It also knows that zeros are shown, so
every hidden figure is at least 1. For each hidden figure it finds the smallest and largest
possible value. If they are equal, the figure has been recovered; if fewer than `threshold`
values remain possible, the figure has been narrowed too far (a row total of 5 over five hidden
cells says each is 1).

The attacker is not told an upper bound of threshold - 1: the page does not say which hidden
figures are small, and the protection rule leaves every hidden figure able to be threshold or
more, so none of them can be shown to be small.
"""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from esitkent.cases.suppression import (
    INTERNAL_THRESHOLD,
    PUBLIC_THRESHOLD,
    SuppressedTable,
    _Grid,
    suppress_each,
    suppress_linked,
    suppress_list,
    suppress_table,
)

# --- the attacker ---------------------------------------------------------------------------


def grid_of(counts, rows, columns):
    """The true (R+1) x (C+1) grid: inner cells, row totals in the last column, column totals
    in the last row, grand total in the corner."""
    R, C = len(rows), len(columns)
    grid = np.zeros((R + 1, C + 1), dtype=int)
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            grid[i, j] = counts.get((r, c), 0)
    grid[:R, C] = grid[:R, :C].sum(axis=1)
    grid[R, :] = grid[:R, :].sum(axis=0)
    return grid


def published_grid(table: SuppressedTable):
    """The grid as the public sees it: None where hidden."""
    lines = [
        [table.cells[(r, c)] for c in table.columns] + [table.row_totals[r]] for r in table.rows
    ]
    lines.append([table.column_totals[c] for c in table.columns] + [table.total])
    return lines


def feasible_intervals(published, floor=1):
    """(smallest, largest) value of each hidden grid position; largest is None if unbounded.

    `floor` is what the attacker knows a hidden figure to be at least: 1 when zeros are shown
    (as suppress_table does), 0 for a publisher who also hides zeros."""
    R, C = len(published) - 1, len(published[0]) - 1
    n = (R + 1) * (C + 1)

    def var(i, j):
        return i * (C + 1) + j

    equations = []
    for i in range(R + 1):  # each row sums to its row total; column totals sum to the total
        eq = np.zeros(n)
        eq[[var(i, j) for j in range(C)]] = 1
        eq[var(i, C)] = -1
        equations.append(eq)
    for j in range(C + 1):  # each column sums to its column total; row totals sum to the total
        eq = np.zeros(n)
        eq[[var(i, j) for i in range(R)]] = 1
        eq[var(R, j)] = -1
        equations.append(eq)
    bounds = [
        (floor, None) if published[i][j] is None else (published[i][j], published[i][j])
        for i in range(R + 1)
        for j in range(C + 1)
    ]
    A_eq, b_eq = np.array(equations), np.zeros(len(equations))
    intervals = {}
    for i in range(R + 1):
        for j in range(C + 1):
            if published[i][j] is not None:
                continue
            objective = np.zeros(n)
            objective[var(i, j)] = 1
            low = linprog(objective, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            high = linprog(-objective, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert low.status == 0, low.message  # the true table is always feasible
            if high.status == 3:  # unbounded above
                intervals[(i, j)] = (round(low.fun), None)
                continue
            assert high.status == 0, high.message
            intervals[(i, j)] = (round(low.fun), round(-high.fun))
    return intervals


def attack(published, floor=1):
    """Return the hidden grid positions whose feasible range is a single value."""
    return [p for p, (low, high) in feasible_intervals(published, floor).items() if low == high]


def narrowed(published, threshold):
    """Hidden positions the attacker can narrow to fewer than `threshold` possible values."""
    return {
        p: (low, high)
        for p, (low, high) in feasible_intervals(published).items()
        if high is not None and high - low < threshold - 1
    }


def naive(grid, threshold, extra=()):
    """Primary suppression only (plus any `extra` positions), as a careless publisher would."""
    return [
        [None if 1 <= v < threshold or (i, j) in extra else int(v) for j, v in enumerate(line)]
        for i, line in enumerate(grid)
    ]


def test_attacker_recovers_a_cell_from_primary_suppression_only():
    grid = grid_of({("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 10, ("b", "y"): 10}, "ab", "xy")
    assert attack(naive(grid, INTERNAL_THRESHOLD), floor=0) == [(0, 0)]  # 3 = row total 13 - 10


def test_attacker_recovers_a_bridge_although_every_line_hides_two_figures():
    # Two hidden rectangles joined by one hidden cell (1, 2): each line hides two or more
    # figures, yet the bridge is the difference of sums of whole lines.
    counts = {(r, c): 20 for r in "abcd" for c in "wxyz"}
    grid = grid_of(counts, "abcd", "wxyz")
    square = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    assert attack(naive(grid, INTERNAL_THRESHOLD, square), floor=0) == [(1, 2)]


def test_attacker_uses_non_negativity():
    # The rectangle hides 3 with two zeros on the way: shifting a unit would make a zero negative.
    counts = {("a", "x"): 3, ("a", "y"): 0, ("b", "x"): 20, ("b", "y"): 0, ("c", "y"): 30}
    grid = grid_of(counts, "abc", "xy")
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert (0, 0) in attack(naive(grid, INTERNAL_THRESHOLD, hidden), floor=0)


def finding_counts():
    """Issue 20: "Tecavüz" has one case in each of five districts, so its row total is 5 and
    is not small at the internal threshold; the other rows are large."""
    districts = ["Konak", "Buca", "Bornova", "Karşıyaka", "Çiğli"]
    counts = {("fiziksel", d): 20 for d in districts} | {("psikolojik", d): 12 for d in districts}
    counts |= {("tecavüz", d): 1 for d in districts}
    return counts, ["fiziksel", "psikolojik", "tecavüz"], districts


def test_attacker_who_knows_hidden_cells_are_at_least_one_pins_five_ones_under_a_total_of_5():
    counts, rows, columns = finding_counts()
    hidden = {(2, j) for j in range(5)} | {(1, j) for j in range(5)}
    published = naive(grid_of(counts, rows, columns), INTERNAL_THRESHOLD, hidden)
    assert published[2][5] == 5  # the row total is shown
    assert attack(published, floor=0) == []  # zero-or-more alone leaves every cell open
    # At least 1 each: every one is 1, and so every 12 above it is its column total less 21.
    assert sorted(attack(published)) == sorted(hidden)


# --- worked examples -------------------------------------------------------------------------


def test_two_by_two_with_one_small_cell_hides_four_cells():
    counts = {("Konak", "fiziksel"): 3, ("Konak", "ekonomik"): 10}
    counts |= {("Buca", "fiziksel"): 10, ("Buca", "ekonomik"): 10}
    table = suppress_table(
        counts, rows=["Konak", "Buca"], columns=["fiziksel", "ekonomik"], threshold=5
    )
    assert set(table.cells.values()) == {None}
    assert table.row_totals == {"Konak": 13, "Buca": 20}
    assert table.column_totals == {"fiziksel": 13, "ekonomik": 20}
    assert table.total == 33
    assert table.primary == {("cell", "Konak", "fiziksel")}
    assert table.complementary == {
        ("cell", "Konak", "ekonomik"),
        ("cell", "Buca", "fiziksel"),
        ("cell", "Buca", "ekonomik"),
    }
    assert table.hidden_count() == 4
    assert attack(published_grid(table)) == []


def test_column_where_only_one_district_has_cases():
    # Only Konak has "ekonomik" cases (3): the cell and its column total are both small, and
    # Konak's row would give 3 away as 23 - 20 unless something else is hidden.
    counts = {("Konak", "ekonomik"): 3, ("Konak", "fiziksel"): 20, ("Buca", "fiziksel"): 15}
    table = suppress_table(
        counts, rows=["Konak", "Buca"], columns=["ekonomik", "fiziksel"], threshold=5
    )
    assert table.primary == {("cell", "Konak", "ekonomik"), ("column", "ekonomik")}
    assert table.cells[("Buca", "ekonomik")] == 0  # a true zero is shown
    # Hiding Buca's "ekonomik" would mean hiding a zero; the cheapest safe choice is Konak's
    # "fiziksel" with its column total, so Konak's row total and the grand total stay shown.
    assert table.complementary == {("cell", "Konak", "fiziksel"), ("column", "fiziksel")}
    assert table.total == 38
    assert attack(published_grid(table)) == []


def test_five_hidden_ones_beside_a_shown_total_of_5_are_not_given_away():
    counts, rows, columns = finding_counts()
    table = suppress_table(counts, rows=rows, columns=columns, threshold=INTERNAL_THRESHOLD)
    published = published_grid(table)
    assert all(table.cells[("tecavüz", d)] is None for d in columns)
    assert narrowed(published, INTERNAL_THRESHOLD) == {}
    for j in range(len(columns)):  # each of them could as well be 5 or more
        low, high = feasible_intervals(published)[(2, j)]
        assert high is None or high >= INTERNAL_THRESHOLD


def test_two_small_cells_whose_sum_is_known_are_not_given_away():
    # Public threshold: 3 and 4 hidden beside a shown row total of 27 and a shown 20 leave
    # 7 for two cells of at least 1, so each lies in 1..6, all of them small.
    counts = {("a", "x"): 3, ("a", "y"): 4, ("a", "z"): 20}
    counts |= {("b", "x"): 30, ("b", "y"): 30, ("b", "z"): 30}
    table = suppress_table(counts, rows="ab", columns="xyz", threshold=PUBLIC_THRESHOLD)
    assert narrowed(published_grid(table), PUBLIC_THRESHOLD) == {}


def test_zeros_are_shown():
    counts = {("Konak", "fiziksel"): 0, ("Konak", "ekonomik"): 40, ("Buca", "ekonomik"): 12}
    table = suppress_table(
        counts, rows=["Konak", "Buca"], columns=["fiziksel", "ekonomik"], threshold=10
    )
    assert table.cells == {
        ("Konak", "fiziksel"): 0,
        ("Konak", "ekonomik"): 40,
        ("Buca", "fiziksel"): 0,
        ("Buca", "ekonomik"): 12,
    }
    assert table.column_totals["fiziksel"] == 0
    assert table.hidden_count() == 0


def test_total_below_threshold_is_hidden():
    counts = {("Konak", "fiziksel"): 2, ("Buca", "ekonomik"): 1}
    table = suppress_table(
        counts, rows=["Konak", "Buca"], columns=["fiziksel", "ekonomik"], threshold=10
    )
    assert table.total is None
    assert ("total",) in table.primary
    assert table.cells[("Konak", "ekonomik")] == 0
    assert attack(published_grid(table)) == []


def test_suppress_list_hides_a_second_band():
    bands = {"18-24": 3, "25-34": 12, "35-49": 20, "50+": 0}
    shown, total = suppress_list(bands, threshold=INTERNAL_THRESHOLD)
    # "25-34" is the smallest other band: hidden so that 18-24 is not 35 - 20 - 0.
    assert shown == {"18-24": None, "25-34": None, "35-49": 20, "50+": 0}
    assert total == 35


def test_suppress_list_with_small_total_hides_the_total():
    shown, total = suppress_list({"18-24": 3, "25-34": 0}, threshold=PUBLIC_THRESHOLD)
    assert shown == {"18-24": None, "25-34": 0}
    assert total is None


def test_suppress_each_hides_only_small_counts():
    forms = {"fiziksel": 14, "psikolojik": 9, "ekonomik": 0, "cinsel": 1, "dijital": 10}
    assert suppress_each(forms, threshold=PUBLIC_THRESHOLD) == {
        "fiziksel": 14,
        "psikolojik": None,
        "ekonomik": 0,
        "cinsel": None,
        "dijital": 10,
    }


@pytest.mark.parametrize(
    "counts",
    [{("Konak", "yok"): 1}, {("Konak", "fiziksel"): -1}, {("Konak", "fiziksel"): 1.5}],
)
def test_bad_counts_are_refused(counts):
    with pytest.raises(ValueError):
        suppress_table(counts, rows=["Konak"], columns=["fiziksel"], threshold=5)


def test_a_large_table_is_protected_everywhere():
    # 360 cells, 184 of them small: far more than a month's table of categories by 31
    # districts. What it costs is measured in bench/suppression.py, never asserted here.
    rng = random.Random(7)
    rows, columns = [f"ilçe{i}" for i in range(30)], [f"tür{j}" for j in range(12)]
    counts = {(r, c): rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 40]) for r in rows for c in columns}
    table = suppress_table(counts, rows=rows, columns=columns, threshold=PUBLIC_THRESHOLD)
    shown = [v for v in table.cells.values() if v is not None]
    assert shown and all(v == 0 or v >= PUBLIC_THRESHOLD for v in shown)
    assert any(v is None for v in table.cells.values())


# --- properties on random tables -------------------------------------------------------------

small_or_large = st.one_of(st.just(0), st.integers(0, 12), st.integers(1, 12), st.integers(13, 300))


@st.composite
def tables(draw):
    rows = [f"r{i}" for i in range(draw(st.integers(1, 6)))]
    columns = [f"c{j}" for j in range(draw(st.integers(1, 6)))]
    counts = {(r, c): draw(small_or_large) for r in rows for c in columns}
    threshold = draw(st.sampled_from([INTERNAL_THRESHOLD, PUBLIC_THRESHOLD]))
    return counts, rows, columns, threshold


@settings(max_examples=100, deadline=None)
@given(tables())
def test_shown_figures_are_true_and_never_small(case):
    counts, rows, columns, threshold = case
    table = suppress_table(counts, rows=rows, columns=columns, threshold=threshold)
    truth = grid_of(counts, rows, columns)
    small = set()
    for i, line in enumerate(published_grid(table)):
        for j, value in enumerate(line):
            if value is not None:
                assert not 1 <= value < threshold
                assert value == truth[i, j]
            if 1 <= truth[i, j] < threshold:
                small.add((i, j))
    hidden = {
        (i, j)
        for i, line in enumerate(published_grid(table))
        for j, v in enumerate(line)
        if v is None
    }
    assert len(table.primary) == len(small) and small <= hidden
    assert all(truth[p] >= 1 for p in hidden)  # a true zero is never hidden
    assert table.hidden_count() == len(hidden) == len(table.primary) + len(table.complementary)


@settings(max_examples=100, deadline=None)
@given(tables())
def test_attacker_cannot_narrow_any_hidden_figure_below_threshold_values(case):
    counts, rows, columns, threshold = case
    table = suppress_table(counts, rows=rows, columns=columns, threshold=threshold)
    assert narrowed(published_grid(table), threshold) == {}


@settings(max_examples=50, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_same_input_same_output(case, rnd):
    counts, rows, columns, threshold = case
    items = list(counts.items())
    rnd.shuffle(items)
    first = suppress_table(counts, rows=rows, columns=columns, threshold=threshold)
    again = suppress_table(dict(items), rows=rows, columns=columns, threshold=threshold)
    assert first == again


@settings(max_examples=40, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_protection_check_agrees_with_the_linear_programme(case, rnd):
    # Any set of hidden non-zero figures: the flow computation in suppression.py says a figure
    # is protected exactly when the attacker's range for it spans threshold values or more.
    counts, rows, columns, threshold = case
    truth = grid_of(counts, rows, columns)
    nonzero = [p for p, v in np.ndenumerate(truth) if v > 0]
    hidden = set(rnd.sample(nonzero, rnd.randint(0, len(nonzero))))
    grid = _Grid(truth.tolist(), need=threshold - 1)
    for p in hidden:
        grid.hide(*p)
    published = [
        [None if (i, j) in hidden else int(v) for j, v in enumerate(line)]
        for i, line in enumerate(truth)
    ]
    for p, (low, high) in feasible_intervals(published).items():
        assert grid.protected(*p) == (high is None or high - low >= threshold - 1), p


# --- tables of the same people, sharing their district totals ---------------------------------


def linked_intervals(published_grids):
    """The attacker who reads several tables of the same people at once: their totals line
    (column totals and the grand total) is one set of unknowns. Ranges as in
    feasible_intervals, keyed (table index, i, j)."""
    C = len(published_grids[0][0]) - 1
    index, bounds = {}, []
    shared = published_grids[0][-1]
    for k, grid in enumerate(published_grids):
        assert grid[-1] == shared  # hidden alike and equal where shown
        R = len(grid) - 1
        for i in range(R + 1):
            for j in range(C + 1):
                key = ("shared", j) if i == R else (k, i, j)
                if key not in index:
                    index[key] = len(bounds)
                    value = grid[i][j]
                    bounds.append((1, None) if value is None else (value, value))
    equations = []
    for k, grid in enumerate(published_grids):
        R = len(grid) - 1

        def var(i, j, k=k, R=R):
            return index[("shared", j) if i == R else (k, i, j)]

        for i in range(R + 1):
            eq = np.zeros(len(bounds))
            eq[[var(i, j) for j in range(C)]] = 1
            eq[var(i, C)] = -1
            equations.append(eq)
        for j in range(C + 1):
            eq = np.zeros(len(bounds))
            eq[[var(i, j) for i in range(R)]] = 1
            eq[var(R, j)] = -1
            equations.append(eq)
    A_eq, b_eq = np.array(equations), np.zeros(len(equations))
    ranges = {}
    for key, n in index.items():
        if bounds[n][1] is not None and bounds[n][0] == bounds[n][1]:
            continue
        objective = np.zeros(len(bounds))
        objective[n] = 1
        low = linprog(objective, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, low.message
        ranges[key] = (round(low.fun), None if high.status == 3 else round(-high.fun))
    return ranges


def test_a_district_total_one_table_must_hide_is_hidden_in_the_other():
    # By age band Buca's five records fall in five bands: five 1s under a shown 5 would each
    # be 1, so the age table hides Buca's total. By channel all five are walk-ins, a 5 that
    # could be shown, and with it Buca's total, which the age table needs hidden.
    bands = ["18-24", "25-29", "30-44", "45-64", "65+"]
    by_age = {(b, "buca"): 1 for b in bands} | {(b, "konak"): 20 for b in bands}
    by_channel = {("walk_in", "buca"): 5, ("walk_in", "konak"): 60, ("phone", "konak"): 40}
    rows = {"age": bands, "channel": ["walk_in", "phone"]}
    tables = suppress_linked(
        {"age": by_age, "channel": by_channel},
        rows=rows,
        columns=["buca", "konak"],
        threshold=INTERNAL_THRESHOLD,
    )
    alone = suppress_table(
        by_channel, rows=rows["channel"], columns=["buca", "konak"], threshold=INTERNAL_THRESHOLD
    )
    assert alone.column_totals["buca"] == 5  # alone, nothing in it is small
    assert tables["age"].column_totals["buca"] is None
    assert tables["channel"].column_totals["buca"] is None
    grids = [published_grid(tables["age"]), published_grid(tables["channel"])]
    narrow = {
        key: (low, high)
        for key, (low, high) in linked_intervals(grids).items()
        if high is not None and high - low < INTERNAL_THRESHOLD - 1
    }
    assert narrow == {}


def test_lists_of_the_same_people_hide_their_shared_total_alike():
    # Ten people: by age 3, 3 and 4, all small, so the age list alone hides its total (a
    # shown 10 over three hidden parts of at least 1 leaves each 1..8, small). By district
    # they are ten in Konak, which alone would show 10 as Konak and as the total.
    by = {"age": {"18-24": 3, "25-29": 3, "30-44": 4}, "district": {"konak": 10}}
    assert suppress_list(by["age"], threshold=PUBLIC_THRESHOLD)[1] is None
    assert suppress_list(by["district"], threshold=PUBLIC_THRESHOLD)[1] == 10
    tables = suppress_linked(
        {key: {(k, ""): n for k, n in counts.items()} for key, counts in by.items()},
        rows={key: list(counts) for key, counts in by.items()},
        columns=[""],
        threshold=PUBLIC_THRESHOLD,
    )
    assert tables["age"].total is None and tables["district"].total is None
    grids = [published_grid(tables["age"]), published_grid(tables["district"])]
    assert all(
        high is None or high - low >= PUBLIC_THRESHOLD - 1
        for low, high in linked_intervals(grids).values()
    )


@st.composite
def linked_tables(draw):
    """Two tables of the same counts: the second regroups each column's people at random."""
    counts, rows, columns, threshold = draw(tables())
    other_rows = [f"s{i}" for i in range(draw(st.integers(1, 4)))]
    other = {}
    for c in columns:
        for r in rows:
            for _ in range(min(counts[(r, c)], 30)):
                key = (draw(st.sampled_from(other_rows)), c)
                other[key] = other.get(key, 0) + 1
            if counts[(r, c)] > 30:  # large counts move in one piece
                key = (draw(st.sampled_from(other_rows)), c)
                other[key] = other.get(key, 0) + counts[(r, c)] - 30
    return {"a": counts, "b": other}, {"a": rows, "b": other_rows}, columns, threshold


@settings(max_examples=25, deadline=None)
@given(linked_tables())
def test_reading_linked_tables_together_narrows_no_hidden_figure(case):
    counts, rows, columns, threshold = case
    tables = suppress_linked(counts, rows=rows, columns=columns, threshold=threshold)
    grids = [published_grid(tables["a"]), published_grid(tables["b"])]
    narrow = {
        key: (low, high)
        for key, (low, high) in linked_intervals(grids).items()
        if high is not None and high - low < threshold - 1
    }
    assert narrow == {}
