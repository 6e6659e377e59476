"""Small-count suppression: worked examples, then an attacker who tries to recover hidden cells.

The attacker is a linear programme (scipy): it knows every shown figure, that inner cells are
non-negative and that rows, columns and totals add up. For each hidden figure it finds the
smallest and largest possible value. If they are equal, the figure has been recovered.
"""

import random
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from esitkent.cases.suppression import (
    INTERNAL_THRESHOLD,
    PUBLIC_THRESHOLD,
    SuppressedTable,
    suppress_each,
    suppress_list,
    suppress_table,
)

TOLERANCE = 1e-6


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


def attack(published):
    """Return the hidden grid positions whose feasible range is a single value."""
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
        (0, None) if published[i][j] is None else (published[i][j], published[i][j])
        for i in range(R + 1)
        for j in range(C + 1)
    ]
    A_eq, b_eq = np.array(equations), np.zeros(len(equations))
    recovered = []
    for i in range(R + 1):
        for j in range(C + 1):
            if published[i][j] is not None:
                continue
            objective = np.zeros(n)
            objective[var(i, j)] = 1
            low = linprog(objective, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            high = linprog(-objective, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert low.status == 0, low.message  # the true table is always feasible
            if high.status == 3:  # unbounded above: certainly not recovered
                continue
            assert high.status == 0, high.message
            if -high.fun - low.fun < 1 - TOLERANCE:
                recovered.append((i, j))
    return recovered


def naive(grid, threshold, extra=()):
    """Primary suppression only (plus any `extra` positions), as a careless publisher would."""
    return [
        [None if 1 <= v < threshold or (i, j) in extra else int(v) for j, v in enumerate(line)]
        for i, line in enumerate(grid)
    ]


def test_attacker_recovers_a_cell_from_primary_suppression_only():
    grid = grid_of({("a", "x"): 3, ("a", "y"): 10, ("b", "x"): 10, ("b", "y"): 10}, "ab", "xy")
    assert attack(naive(grid, INTERNAL_THRESHOLD)) == [(0, 0)]  # 3 = row total 13 - 10


def test_attacker_recovers_a_bridge_although_every_line_hides_two_figures():
    # Two hidden rectangles joined by one hidden cell (1, 2): each line hides two or more
    # figures, yet the bridge is the difference of sums of whole lines.
    counts = {(r, c): 20 for r in "abcd" for c in "wxyz"}
    grid = grid_of(counts, "abcd", "wxyz")
    square = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    assert attack(naive(grid, INTERNAL_THRESHOLD, square)) == [(1, 2)]


def test_attacker_uses_non_negativity():
    # The rectangle hides 3 with two zeros on the way: shifting a unit would make a zero negative.
    counts = {("a", "x"): 3, ("a", "y"): 0, ("b", "x"): 20, ("b", "y"): 0, ("c", "y"): 30}
    grid = grid_of(counts, "abc", "xy")
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert (0, 0) in attack(naive(grid, INTERNAL_THRESHOLD, hidden))


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


def test_large_table_is_fast():
    rng = random.Random(7)
    rows, columns = [f"ilçe{i}" for i in range(30)], [f"tür{j}" for j in range(12)]
    counts = {(r, c): rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 40]) for r in rows for c in columns}
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        suppress_table(counts, rows=rows, columns=columns, threshold=PUBLIC_THRESHOLD)
        best = min(best, time.perf_counter() - start)
    assert best < 0.05


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


@settings(max_examples=150, deadline=None)
@given(tables())
def test_attacker_cannot_recover_any_hidden_figure(case):
    counts, rows, columns, threshold = case
    table = suppress_table(counts, rows=rows, columns=columns, threshold=threshold)
    assert attack(published_grid(table)) == []


@settings(max_examples=50, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_same_input_same_output(case, rnd):
    counts, rows, columns, threshold = case
    items = list(counts.items())
    rnd.shuffle(items)
    first = suppress_table(counts, rows=rows, columns=columns, threshold=threshold)
    again = suppress_table(dict(items), rows=rows, columns=columns, threshold=threshold)
    assert first == again
