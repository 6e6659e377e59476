"""Benchmark: the public portal and the data-values API under gunicorn, driven by a bounded
load generator on loopback, each target printed as a ratio against a minimal Django view
served by the same server in the same run (issue 5, item 9; aim: both ratios ≥ 0.5).

    python bench/portal_load.py [--values 50000] [--requests 400] [--concurrency 4]
    BENCH_REQUESTS=100 BENCH_REPEAT=1 python bench/portal_load.py     # a quick run

What it measures: requests per second (requests / wall time) and p50 and p95 latency (one
request: send, read the whole body) for

- /bench/minimal/ — the baseline: a view that returns two bytes, behind every middleware
  (bench/portal_urls.py, served only under bench/portal_settings.py; the app's URLs are
  untouched);
- /acik/ — the portal's home page;
- /acik/<plan>/faaliyet/<row>/ — one activity page: the activity whose count of public
  aggregate rows is the median among activities that have any (or --activity-row);
- /acik/<plan>/gosterge/<code>/ — the indicator page (approved series, latest breakdowns,
  two charts) of the chosen activity's indicator with the most approved aggregates;
- /acik/<plan>/harita/ — the district map page, as a visitor first sees it;
- /api/v1/values?indicator=<code>&limit=50 — the data-values API (approved aggregates across
  units, read anonymously), for that same indicator;
- the activity page again, with a query string of its own on every request (?r=<n>) —
  "uncached render", see below.

Cached and uncached: public answers are the same for everyone until something is published,
so each gunicorn worker keeps the responses it rendered (esitkent/core/published.py, keyed by
the publication stamp and the full address). After the warm-up, then, the portal targets and
the anonymous API read are answered from that per-worker response cache (each is small
enough for it to keep: see the body sizes printed), and their ratios measure a cached
answer: the middleware, the stamp's read, the validators and the copy out of memory, not a
render. The "uncached render" line is the same activity page with a
different (and, to the view, meaningless) ?r=<n> on every request, which misses the cache
since its key is the full address: what a visitor pays for the first view of a page after a
publication, and a bound on what the cache saves. Both figures are reported.

Ratios: rps_target / rps_minimal and p95_minimal / p95_target, so higher is better for both.

The server: `gunicorn config.wsgi --workers 2` (as `make serve` runs it) on a free loopback
port, DEBUG off, on a throw-away SQLite database in a temporary directory (DATABASE_URL is
set for the server only; a DATABASE_URL of your own is ignored). The data is bench/summaries.py's:
the shipped İzmir plan, synthetic units with approved 2023 submissions and activity reports,
and --values approved values (2023, then quarters back from 2021Q4) with their summaries.

The load: standard library only, --concurrency threads each with its own keep-alive
connection (http.client), a fixed number of requests per target, no cookies and no
If-None-Match (the portal sends ETags; this measures full responses). Every target is warmed
up first; the targets are then measured in --repeat interleaved rounds of --requests each,
so that a slow drift of the machine touches every target alike. Any status other than 200
stops the benchmark with the status and the start of the body.

Knobs (flags, or their environment variables): --values BENCH_VALUES (50000),
--requests BENCH_REQUESTS (400 per target per round), --repeat BENCH_REPEAT (3),
--concurrency BENCH_CONCURRENCY (4), --warmup BENCH_WARMUP (40), --workers BENCH_WORKERS (2),
--activity-row BENCH_ACTIVITY_ROW (median activity).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import itertools
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from summaries import ms, say  # bench/ is the script's directory, so on sys.path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
AIM = 0.5


# --- The data -----------------------------------------------------------------------------------


def build_database(var_dir: str, values: int) -> dict:
    """summaries.py's database in var_dir, filled with `values` approved values; returns what
    the targets need."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    from summaries import fill, prepare

    with contextlib.redirect_stdout(io.StringIO()):
        plan, _period, _coordinator, _reporter, _measured, layout, submissions = prepare(var_dir)
        fill(layout, 0, values, submissions)

    from django.db import connection
    from django.db.models import Count

    from esitkent.analytics.models import IndicatorSummary
    from esitkent.monitoring.models import DataValue

    activities = list(
        IndicatorSummary.objects.filter(
            organisation=None,
            indicator__activity__subgoal__goal__area__plan=plan,
            indicator__activity__duplicate_of=None,
        )
        .values_list("indicator__activity__row")
        .annotate(n=Count("id"))
        .order_by("n", "indicator__activity__row")
    )
    info = {
        "plan": plan.slug,
        "values": DataValue.objects.filter(approved=True).count(),
        "periods": DataValue.objects.values("period").distinct().count(),
        "activities": len(activities),
        "activity_rows": dict(activities),
        "median_row": activities[len(activities) // 2][0],
        "database": connection.settings_dict["NAME"],
    }
    connection.close()
    return info


def indicator_of(row: int, plan_slug: str) -> tuple[str, int]:
    """The activity's indicator with the most public aggregates (what the API lists), and
    their count."""
    from django.db.models import Count

    from esitkent.analytics.models import IndicatorSummary

    code, n = (
        IndicatorSummary.objects.filter(
            organisation=None,
            indicator__activity__row=row,
            indicator__activity__subgoal__goal__area__plan__slug=plan_slug,
        )
        .values_list("indicator__code")
        .annotate(n=Count("id"))
        .order_by("-n", "indicator__code")
        .first()
    )
    return code, n


# --- The server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_command() -> str:
    beside = Path(sys.executable).parent / "gunicorn"
    return str(beside if beside.exists() else ROOT / ".venv" / "bin" / "gunicorn")


def server_start(var_dir: str, database: str, port: int, workers: int, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.portal_settings",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        "ESITKENT_VAR_DIR": var_dir,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [
        gunicorn_command(),
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def server_wait(process, port: int, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            fail(f"gunicorn çıktı (kod {process.returncode})", log_path)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/minimal/")
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        if time.monotonic() > deadline:
            fail(f"gunicorn {timeout:.0f} s içinde yanıt vermedi", log_path)
        time.sleep(0.1)


def server_stop(process) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fail(message: str, log_path: Path | None = None) -> None:
    say(f"HATA: {message}")
    if log_path and log_path.exists():
        tail = log_path.read_text(errors="replace").splitlines()[-40:]
        say("gunicorn günlüğünün sonu:\n  " + "\n  ".join(tail))
    raise SystemExit(1)


# --- The load generator -------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    path: str
    # A query string of its own on every request (?r=<n>, never repeated in a run), so that no
    # answer comes from the response cache.
    uncached: bool = False
    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    size: int = 0
    serial: itertools.count = field(default_factory=itertools.count)

    def address(self) -> str:
        if not self.uncached:
            return self.path
        joiner = "&" if "?" in self.path else "?"
        return f"{self.path}{joiner}r={next(self.serial)}"  # next() is atomic under the GIL


@dataclass
class Run:
    latencies: list[float]
    wall: float
    statuses: Counter
    sizes: Counter
    sample: dict[int, bytes]  # a body per status, for the error message


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    """One GET, whole body read. Plain headers: no cookie, no If-None-Match."""
    for attempt in (1, 2):
        try:
            conn.request("GET", path, headers={"Accept": "text/html,application/json"})
            response = conn.getresponse()
            return response.status, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed a kept-alive connection between requests: reconnect once.
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def load(port: int, target: Target, requests: int, concurrency: int) -> Run:
    """`requests` GETs of the target from `concurrency` threads, each with its own
    connection."""
    counter = itertools.count()  # next() is atomic under the GIL
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)
    latencies: list[float] = []
    statuses: Counter = Counter()
    sizes: Counter = Counter()
    sample: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, seen, bytes_seen, bodies = [], Counter(), Counter(), {}
        try:
            start.wait()
            while next(counter) < requests:
                began = time.perf_counter()
                status, body = fetch(conn, target.address())
                mine.append(time.perf_counter() - began)
                seen[status] += 1
                bytes_seen[len(body)] += 1
                bodies.setdefault(status, body[:300])
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                statuses.update(seen)
                sizes.update(bytes_seen)
                for status, body in bodies.items():
                    sample.setdefault(status, body)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if errors:
        raise errors[0]
    return Run(latencies, wall, statuses, sizes, sample)


def check(target: Target, run: Run, log_path: Path) -> None:
    bad = {s: n for s, n in run.statuses.items() if s != 200}
    if bad:
        status = next(iter(bad))
        fail(
            f"{target.name} ({target.path}): 200 dışında yanıt {bad} / {run.statuses.total()}; "
            f"{status} gövdesinin başı: {run.sample[status][:300]!r}",
            log_path,
        )


def page_summary(port: int, path: str) -> str:
    """What one API page holds, so that a fast but empty answer is seen for what it is."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        _status, body = fetch(conn, path)
    finally:
        conn.close()
    try:
        page = json.loads(body)
        return f"sayfada {len(page['items'])} kayıt, toplam {page['count']:,}"
    except (ValueError, KeyError, TypeError):
        return f"JSON sayfası değil: {body[:120]!r}"


def percentile(values: list[float], p: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- Main ---------------------------------------------------------------------------------------


def main() -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=int(env("BENCH_VALUES", 50_000)))
    parser.add_argument("--requests", type=int, default=int(env("BENCH_REQUESTS", 400)))
    parser.add_argument("--repeat", type=int, default=int(env("BENCH_REPEAT", 3)))
    parser.add_argument("--concurrency", type=int, default=int(env("BENCH_CONCURRENCY", 4)))
    parser.add_argument("--warmup", type=int, default=int(env("BENCH_WARMUP", 40)))
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS", 2)))
    parser.add_argument(
        "--activity-row", type=int, default=int(env("BENCH_ACTIVITY_ROW", 0)) or None
    )
    args = parser.parse_args()
    if min(args.requests, args.repeat, args.concurrency, args.workers) < 1:
        sys.exit("--requests, --repeat, --concurrency ve --workers en az 1 olmalı")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="esitkent-bench-portal-") as var:
        info = build_database(var, args.values)
        row = args.activity_row or info["median_row"]
        if row not in info["activity_rows"]:
            sys.exit(f"--activity-row {row}: bu satırın onaylı toplu değeri yok")
        code, code_values = indicator_of(row, info["plan"])
        say(
            f"Hazırlık {time.perf_counter() - started:.0f} s: {info['values']:,} onaylı değer, "
            f"{info['periods']} dönem, plan {info['plan']}"
        )
        say(
            f"Faaliyet satırı {row}: sayfada {info['activity_rows'][row]:,} toplu değer satırı "
            f"({info['activities']} faaliyetin medyanı: satır {info['median_row']}, en çok "
            f"{max(info['activity_rows'].values()):,}); API göstergesi {code} "
            f"({code_values:,} toplu değer)"
        )

        activity = f"/acik/{info['plan']}/faaliyet/{row}/"
        api = Target(
            "veri değerleri API", "/api/v1/values?" + urlencode({"indicator": code, "limit": 50})
        )
        targets = [
            Target("en küçük görünüm (ölçek)", "/bench/minimal/"),
            Target("portal ana sayfa", "/acik/"),
            Target("faaliyet sayfası", activity),
            Target("gösterge sayfası", f"/acik/{info['plan']}/gosterge/{quote(code)}/"),
            Target("ilçe haritası", f"/acik/{info['plan']}/harita/"),
            api,
            Target("faaliyet sayfası, uncached render", activity, uncached=True),
        ]

        port = free_port()
        log_path = Path(var) / "gunicorn.log"
        with open(log_path, "wb") as log:
            process = server_start(var, info["database"], port, args.workers, log)
            try:
                server_wait(process, port, log_path)
                say(
                    f"gunicorn {args.workers} işçi, 127.0.0.1:{port}; {args.concurrency} eşzamanlı "
                    f"bağlantı, hedef başına {args.warmup} ısınma + {args.repeat} × "
                    f"{args.requests} istek"
                )
                for target in targets:
                    check(target, load(port, target, args.warmup, args.concurrency), log_path)
                say(f"{api.name}: {page_summary(port, api.path)}")
                for _ in range(args.repeat):
                    for target in targets:
                        run = load(port, target, args.requests, args.concurrency)
                        check(target, run, log_path)
                        target.latencies += run.latencies
                        target.wall += run.wall
                        target.statuses.update(run.statuses)
                        target.size = statistics.median(run.sizes.elements())
            finally:
                server_stop(process)

    base = targets[0]
    base_rps = len(base.latencies) / base.wall
    base_p95 = percentile(base.latencies, 95)
    width = max(len(t.name) for t in targets)
    say("")
    header = (
        f"{'Hedef':<{width}} {'istek':>6} {'istek/s':>9} {'p50':>10} {'p95':>10} {'gövde':>10}"
        f"  {'istek/s oranı':>13} {'p95 oranı':>10}"
    )
    say(header)
    say("-" * len(header))
    short = []
    for target in targets:
        rps = len(target.latencies) / target.wall
        p95 = percentile(target.latencies, 95)
        rps_ratio, p95_ratio = rps / base_rps, base_p95 / p95
        mark = "" if target is base or min(rps_ratio, p95_ratio) >= AIM else "  < hedef"
        if mark:
            short.append(target.name)
        say(
            f"{target.name:<{width}} {len(target.latencies):>6} {rps:>9,.1f} "
            f"{ms(percentile(target.latencies, 50)):>10} {ms(p95):>10} {target.size:>10,.0f}"
            f"  {rps_ratio:>13.2f} {p95_ratio:>10.2f}{mark}"
        )
    say("-" * len(header))
    for target in targets:
        say(f"  {target.name}: {target.path}{'?r=<n>' if target.uncached else ''}")
    say(
        "Isınmadan sonra portal hedefleri ve anonim API okuması işçi başına yanıt önbelleğinden "
        "(esitkent/core/published.py) gelir: oranları önbellekteki bir yanıtı ölçer. "
        "'uncached render' satırı her istekte başka bir ?r=<n> ile önbelleği atlar."
    )
    say(
        f"Oranlar: istek/s hedef / istek/s ölçek ve p95 ölçek / p95 hedef, ikisi de "
        f"≥ {AIM} hedefleniyor (aynı sunucu, aynı çalıştırma)."
    )
    if short:
        say(f"Hedefin altında: {', '.join(short)}")
    else:
        say("Ölçülen tüm hedefler ≥ 0.5.")
    say(f"Toplam süre {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
