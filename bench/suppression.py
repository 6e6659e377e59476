"""Benchmark: small-count suppression (cases/suppression.py) on tables of growing size, each
printed as p50 and p95 and as the ratio of its p50 to a baseline's p50 measured in the same
process (medians: the baseline is short enough for one scheduler pause to swamp its p95), so that a run on a slow or busy machine reads the same. Timings are printed, never
asserted: the tests check what is hidden, this file how long hiding takes.

    python bench/suppression.py [--repeat 30]

The baseline is the primary suppression alone on the largest table: one pass over its cells
and margins, which any publisher must make. The tables: a month's table of six forms of
violence by İzmir's 30 districts at both thresholds, the 30 × 12 table the tests once timed
(184 small cells of 360), a larger 60 × 24 one, and six linked tables sharing their district
totals (what a month's statistics page draws). Counts are drawn with a fixed seed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Standard library only: the module runs without Django, so neither does its benchmark.
from esitkent.cases.suppression import (  # noqa: E402
    INTERNAL_THRESHOLD,
    PUBLIC_THRESHOLD,
    suppress_linked,
    suppress_table,
)

# Mostly small counts with zeros between them: the hard case for complementary suppression.
SKEWED = [0, 0, 1, 2, 3, 5, 8, 12, 40]


def say(text: str) -> None:
    print(text, flush=True)


def table(rng: random.Random, rows: int, columns: int) -> tuple[dict, list[str], list[str]]:
    names = [f"satır{i}" for i in range(rows)], [f"sütun{j}" for j in range(columns)]
    counts = {(r, c): rng.choice(SKEWED) for r in names[0] for c in names[1]}
    return counts, *names


def primary_only(counts: dict, rows: list[str], columns: list[str], threshold: int) -> int:
    """The baseline: the small cells and margins a publisher hides before any arithmetic."""
    small = sum(1 <= n < threshold for n in counts.values())
    for r in rows:
        small += 1 <= sum(counts[(r, c)] for c in columns) < threshold
    for c in columns:
        small += 1 <= sum(counts[(r, c)] for r in rows) < threshold
    return small


def linked(rng: random.Random, tables: int, rows: int, columns: list[str]):
    """Tables of the same people by different dimensions: each column sums to one shared
    district total, so every table's column totals are equal."""
    totals = {c: rng.choice([3, 7, 15, 40, 120]) for c in columns}
    counts, names = {}, {}
    for t in range(tables):
        names[t] = [f"t{t}-{i}" for i in range(rows)]
        counts[t] = {}
        for c in columns:
            left = totals[c]
            for i, r in enumerate(names[t]):
                share = left if i == rows - 1 else rng.randint(0, left)
                counts[t][(r, c)] = share
                left -= share
    return counts, names


def measure(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # untimed: imports, caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)]


def targets(rng: random.Random) -> list[tuple[str, Callable[[], object]]]:
    month, forms, districts = table(rng, 6, 30)
    tests_table = table(rng, 30, 12)
    large = table(rng, 60, 24)
    chained, names = linked(rng, 6, 5, districts)

    def suppress(t, threshold):
        counts, rows, columns = t
        return lambda: suppress_table(counts, rows=rows, columns=columns, threshold=threshold)

    return [
        ("ölçek: yalnız birincil gizleme, 60 × 24", lambda: primary_only(*large, PUBLIC_THRESHOLD)),
        ("ay tablosu 6 × 30, iç eşik", suppress((month, forms, districts), INTERNAL_THRESHOLD)),
        ("ay tablosu 6 × 30, kamu eşiği", suppress((month, forms, districts), PUBLIC_THRESHOLD)),
        ("testlerin tablosu 30 × 12, kamu eşiği", suppress(tests_table, PUBLIC_THRESHOLD)),
        ("büyük tablo 60 × 24, kamu eşiği", suppress(large, PUBLIC_THRESHOLD)),
        (
            "6 bağlı tablo 5 × 30, kamu eşiği",
            lambda: suppress_linked(
                chained, rows=names, columns=districts, threshold=PUBLIC_THRESHOLD
            ),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 30)))
    args = parser.parse_args()
    if args.repeat < 1:
        sys.exit("--repeat en az 1 olmalı")

    found = []
    for name, call in targets(random.Random(7)):
        say(f"Ölçüm: {name} ×{args.repeat}")
        found.append((name, measure(call, args.repeat)))
    base = statistics.median(found[0][1])
    width = max(len(name) for name, _ in found)
    header = f"{'Hedef':<{width}} {'p50':>10} {'p95':>10} {'p50 / ölçek p50':>16}"
    say("")
    say(header)
    say("-" * len(header))
    for name, times in found:
        say(
            f"{name:<{width}} {statistics.median(times) * 1000:>7.2f} ms "
            f"{p95(times) * 1000:>7.2f} ms {statistics.median(times) / base:>16.0f}"
        )


if __name__ == "__main__":
    main()
