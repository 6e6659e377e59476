"""Benchmark: what people feel while a large value import runs.

    python bench/import_under_load.py [--rows 300000]

A throw-away SQLite database (the production settings: WAL, IMMEDIATE transactions, a 20 s
busy timeout) gets the İzmir data; then tests/concurrency/scenarios.py's `import_under_load`
imports ROWS values in one thread while another logs a person in, saves a reporter's draft and
writes a case-access log row, over and over. It prints each probe's latency before the import
(the baseline, same process) and during it, as p50/p95/max and the ratio of the p95s; and any
probe that failed (before the staged import, each waited for the whole import and failed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="esitkent-load-") as var:
        env = {**os.environ, "ESITKENT_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "config.settings"}
        env.pop("DATABASE_URL", None)  # always a throw-away SQLite file, never real data
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["load_izmir"]):
            subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.concurrency.scenarios",
                "import_under_load",
                str(args.rows),
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(done.stderr[-3000:])
        result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"İçe aktarma: {args.rows:,} değer → {result['import']}")
    print(
        f"Yoklama: {result['probes']} işlem içe aktarma sürerken; başarısız: {len(result['failures'])}"
    )
    for failure in result["failures"]:
        print(f"  {failure}")
    print("işlem    önce p50/p95/en çok (s)     sırasında p50/p95/en çok (s)   p95 oranı")
    for name, spread in result["latency"].items():
        before, during = spread["before"], spread["during"]
        if not before or not during:
            continue
        ratio = during["p95"] / before["p95"] if before["p95"] else float("nan")
        print(
            f"{name:8} {before['p50']:.3f}/{before['p95']:.3f}/{before['max']:.3f}"
            f"          {during['p50']:.3f}/{during['p95']:.3f}/{during['max']:.3f}"
            f"            {ratio:.1f}"
        )


if __name__ == "__main__":
    main()
