"""Benchmark: what approving one submission costs as stored data grows, how long the dashboard
and the annual report take over that data, each printed as a ratio against a baseline run in
the same process.

    python bench/summaries.py [--values 1000000] [--small 10000] [--repeat 5]
    BENCH_VALUES=50000 python bench/summaries.py        # a quick run

The data: the shipped İzmir plan, synthetic reporting units each reporting a share of its
numeric indicators with every breakdown cell the indicator takes (sex, age, sex × age,
disability, district), approved, with summaries refreshed. The 2023 block (the period the
measured submission reports for) is complete in the small database already, so growing the
data adds only other periods: the groups the submission touches hold the same values at both
sizes, and any growth of the approval's cost with all stored data is the cost of not being
incremental (a scan, a missing index). The data grows by quarters going back from 2021Q4.

Phases: small database → one submission approved, unapproved, resubmitted and approved again
(median of --repeat), the dashboard's selectors and pages, the annual report as HTML and PDF →
grow to --values → the same with an equivalent fresh submission → a table of both sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = "izmir-yeep-2022-2024"
YEAR = 2023
UNITS = 20  # synthetic units carrying the stored data
UNITS_PER_INDICATOR = 4  # how many of them report each indicator in a period
BATCH = 5000


def setup_django(var_dir: str) -> None:
    os.environ["ESITKENT_VAR_DIR"] = var_dir
    # Always a throw-away SQLite database in var_dir: never someone's real data.
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def say(text: str) -> None:
    print(text, flush=True)


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median_of(fn: Callable[[], object], repeat: int, queries: list | None = None) -> float:
    """Median of `repeat` runs after one untimed run, whose queries go to `queries`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    if queries is not None:
        queries.extend(captured.captured_queries)
    return statistics.median(timed(fn) for _ in range(repeat))


# --- The stored data ----------------------------------------------------------------------------


def cells(dimensions: list[str], districts: list[str]) -> list[dict[str, str]]:
    """Every breakdown a unit enters for an indicator with these dimensions."""
    from esitkent.core.value_breakdowns import AGE_BANDS, DISABILITY, SEX

    out: list[dict[str, str]] = [{}]
    if "sex" in dimensions:
        out += [{"sex": s} for s in SEX]
    if "age" in dimensions:
        out += [{"age": a} for a in AGE_BANDS]
    if "sex" in dimensions and "age" in dimensions:
        out += [{"sex": s, "age": a} for s in SEX for a in AGE_BANDS]
    if "disability" in dimensions:
        out += [{"disability": d} for d in DISABILITY]
    if "district" in dimensions:
        out += [{"district": d} for d in districts]
    return out


class Layout:
    """Which unit reports which indicator cell: one period's block, repeated over periods."""

    def __init__(self, plan, units: list[int]):
        from esitkent.core.value_breakdowns import breakdown_key
        from esitkent.monitoring.models import IndicatorDefinition
        from esitkent.orgs.models import District

        districts = list(District.objects.order_by("code").values_list("code", flat=True))
        definitions = list(
            IndicatorDefinition.objects.filter(
                indicator__activity__subgoal__goal__area__plan=plan,
                measure_type__in=["count", "milestone", "percentage"],
            )
            .select_related("indicator")
            .order_by("indicator__code")
        )
        self.definitions = definitions
        self.reports: dict[int, list[int]] = {}  # unit → indicator ids
        self.block: list[tuple[int, int, str, dict, bool]] = []
        for n, definition in enumerate(definitions):
            step = len(units) // UNITS_PER_INDICATOR
            reporting = [units[(n + k * step) % len(units)] for k in range(UNITS_PER_INDICATOR)]
            for unit in reporting:
                self.reports.setdefault(unit, []).append(definition.indicator_id)
                for breakdown in cells(definition.dimensions, districts):
                    self.block.append(
                        (
                            definition.indicator_id,
                            unit,
                            breakdown_key(breakdown),
                            breakdown,
                            definition.measure_type == "milestone",
                        )
                    )

    @staticmethod
    def period(index: int) -> str:
        """The measured year first, then quarters back from 2021Q4 (clear of the plan's years)."""
        if index == 0:
            return str(YEAR)
        quarter = 2021 * 4 + 3 - (index - 1)
        return f"{quarter // 4}Q{quarter % 4 + 1}"

    def rows(self, start: int, stop: int) -> Iterator[tuple[str, int, int, str, dict, Decimal]]:
        size = len(self.block)
        for n in range(start, stop):
            indicator_id, unit, key, breakdown, milestone = self.block[n % size]
            value = Decimal(n % 2) if milestone else Decimal(n % 97 + 1)
            yield self.period(n // size), indicator_id, unit, key, breakdown, value


def fill(layout: Layout, start: int, stop: int, submissions: dict[int, int]) -> None:
    """Approved values start..stop, then their summaries, as the approval path leaves them."""
    from django.db import transaction

    from esitkent.analytics.services import summaries_refresh
    from esitkent.monitoring.models import DataValue

    started, batch, periods = time.perf_counter(), [], []
    step = max(1, (stop - start) // 10)
    for n, (period, indicator_id, unit, key, breakdown, value) in enumerate(
        layout.rows(start, stop), start=start
    ):
        if not periods or periods[-1] != period:
            periods.append(period)
        batch.append(
            DataValue(
                indicator_id=indicator_id,
                period=period,
                organisation_id=unit,
                breakdown_key=key,
                breakdown=breakdown,
                value=value,
                approved=True,
                submission_id=submissions.get(unit) if period == str(YEAR) else None,
            )
        )
        if len(batch) == BATCH:
            with transaction.atomic():
                DataValue.objects.bulk_create(batch)
            batch = []
        if (n + 1 - start) % step == 0:
            say(f"  yazıldı {n + 1:,} / {stop:,} ({time.perf_counter() - started:.0f} s)")
    with transaction.atomic():
        DataValue.objects.bulk_create(batch)
    written_at = time.perf_counter()
    indicators = sorted({d.indicator_id for d in layout.definitions})
    for n, period in enumerate(periods, start=1):
        summaries_refresh(groups={(i, period) for i in indicators})
        if n % max(1, len(periods) // 10) == 0 or n == len(periods):
            say(f"  özetler {n} / {len(periods)} dönem ({time.perf_counter() - written_at:.0f} s)")
    say(
        f"  {stop - start:,} değer: yazma {written_at - started:.0f} s, "
        f"özetler {time.perf_counter() - written_at:.0f} s"
    )


def prepare(var_dir: str):
    """Database, plan, people, units, the measured year's reporting period and approved reports."""
    setup_django(var_dir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_izmir", stdout=io.StringIO())

    from esitkent.accounts.services import membership_grant
    from esitkent.monitoring.models import (
        ActivityReport,
        Assignment,
        ReportingPeriod,
        Submission,
    )
    from esitkent.monitoring.period_services import reporting_period_create
    from esitkent.orgs.models import Organisation
    from esitkent.plans.models import Indicator, Plan

    plan = Plan.objects.get(slug=PLAN)
    User = get_user_model()
    coordinator = User.objects.create_user("bench-koord", password="parola-uzun-123")
    membership_grant(
        user=coordinator, organisation=plan.coordinating_unit or plan.owner, role="coordinator"
    )
    reporter = User.objects.create_user("bench-raportor", password="parola-uzun-123")
    units = []
    for n in range(UNITS + 2):
        unit = Organisation(
            code=f"bench-birim-{n:02d}", name=f"Deneme birimi {n:02d}", kind="branch"
        )
        unit.save()
        units.append(unit.id)
    measured = units[UNITS:]  # two units kept for the measured submissions
    for unit_id in measured:
        membership_grant(user=reporter, organisation=Organisation(pk=unit_id), role="reporter")
    # Open until a year from today, so the measured submissions go through the real save path.
    period = ReportingPeriod.objects.filter(plan=plan, code=str(YEAR)).first()
    if period is None:
        period = reporting_period_create(
            plan=plan, code=str(YEAR), deadline=dt.date.today() + dt.timedelta(days=365)
        )
    else:
        period.deadline, period.locked_at = dt.date.today() + dt.timedelta(days=365), None
        period.save()
    layout = Layout(plan, units[:UNITS])
    Assignment.objects.bulk_create(
        [
            Assignment(indicator_id=i, organisation_id=u)
            for u, ids in layout.reports.items()
            for i in ids
        ],
        ignore_conflicts=True,
    )
    # Every synthetic unit's 2023 submission is approved, with an activity report per activity,
    # so that the progress tree and the annual report have something to roll up.
    now = timezone.now()
    submissions = {}
    for unit_id in layout.reports:
        submissions[unit_id] = Submission.objects.create(
            period=period,
            organisation_id=unit_id,
            status=Submission.Status.APPROVED,
            submitted_at=now,
            submitted_by=reporter,
            reviewed_at=now,
            reviewed_by=coordinator,
        ).id
    activity_of = dict(Indicator.objects.values_list("id", "activity_id"))
    statuses = ["ongoing", "completed", "delayed", "not_started"]
    ActivityReport.objects.bulk_create(
        [
            ActivityReport(
                activity_id=activity_id,
                period=period,
                organisation_id=unit_id,
                submission_id=submissions[unit_id],
                status=statuses[(activity_id + unit_id) % 4],
                progress=(activity_id * 7 + unit_id * 13) % 101,
                explanation="Deneme",
                corrective_action="Deneme",
            )
            for unit_id, ids in layout.reports.items()
            for activity_id in sorted({activity_of[i] for i in ids})
        ]
    )
    return plan, period, coordinator, reporter, measured, layout, submissions


# --- The measured submission ------------------------------------------------------------------


def submission_definitions(layout: Layout) -> list:
    """A unit's realistic return: a sex × age indicator, a sex one, a plain total and a
    sex × age × district one, each counted and summing up."""
    wanted = [["sex", "age"], ["sex"], [], ["sex", "age", "district"]]
    chosen = []
    for dims in wanted:
        chosen.append(
            next(
                d
                for d in layout.definitions
                if d.dimensions == dims and d.measure_type == "count" and d not in chosen
            )
        )
    return chosen


def submission_entries(definitions: list) -> list:
    from esitkent.monitoring.value_services import ValueEntry

    women = {"18-29": 12, "30-44": 20, "45-64": 8}
    men = {"18-29": 5, "30-44": 9, "45-64": 6}
    by_sex = [({"sex": "F"}, sum(women.values())), ({"sex": "M"}, sum(men.values()))]
    full = [({}, sum(women.values()) + sum(men.values())), *by_sex]
    full += [({"sex": "F", "age": a}, v) for a, v in women.items()]
    full += [({"sex": "M", "age": a}, v) for a, v in men.items()]
    shapes = [full, [({}, 60), *by_sex], [({}, 7)], [({}, 60), *by_sex]]
    return [
        ValueEntry(indicator=d.indicator, breakdown=b, raw=str(v))
        for d, shape in zip(definitions, shapes, strict=True)
        for b, v in shape
    ]


def submit(submission, reporter, *, today) -> str:
    """Submit through the service; if its checks refuse, say why and mark it submitted."""
    from esitkent.core.errors import InputRejected
    from esitkent.monitoring.models import Submission
    from esitkent.monitoring.review_services import submission_submit

    try:
        submission_submit(submission=submission, by=reporter, today=today)
        return ""
    except InputRejected as exc:
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.SUBMITTED, submitted_by=reporter
        )
        return "; ".join(f"{p.where}: {p.message}" for p in exc.problems)[:300]


def measured_submission(unit_id: int, period, reporter, definitions):
    from esitkent.monitoring.entry_services import ReportEntry, submission_open, submission_save
    from esitkent.monitoring.models import Assignment
    from esitkent.orgs.models import Organisation

    organisation = Organisation.objects.get(pk=unit_id)
    for d in definitions:
        Assignment.objects.get_or_create(indicator=d.indicator, organisation=organisation)
    submission = submission_open(period=period, organisation=organisation)
    today = dt.date.today()
    reports = [
        ReportEntry(
            activity_id=a,
            status="ongoing",
            progress=60,
            explanation="Ödenek gecikti",
            corrective_action="Ek ödenek istendi",
            new_date=today + dt.timedelta(days=90),
        )
        for a in sorted({d.indicator.activity_id for d in definitions})
    ]
    entries = submission_entries(definitions)
    submission_save(
        submission=submission, values=entries, reports=reports, by=reporter, today=today
    )
    refused = submit(submission, reporter, today=today)
    if refused:
        say(f"  (gönderim denetimi geri çevirdi, durum elle 'gönderildi' yapıldı: {refused})")
    submission.refresh_from_db()
    return submission, len(entries)


def approval_cost(submission, coordinator, reporter, repeat: int) -> dict:
    """approve → (summaries_refresh alone) → unapprove → resubmit, `repeat` times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from esitkent.analytics.services import summaries_refresh
    from esitkent.monitoring.models import DataValue
    from esitkent.monitoring.review_services import submission_approve, submission_unapprove
    from esitkent.monitoring.value_selectors import groups_of_submission

    approve, refresh, unapprove, queries = [], [], [], []
    today = dt.date.today()
    for n in range(repeat + 1):  # the first round warms up and is not counted
        if n == 0:  # capturing slows every query: only in the round that is not counted
            with CaptureQueriesContext(connection) as captured:
                approve.append(
                    timed(lambda: submission_approve(submission=submission, by=coordinator))
                )
            queries = list(captured.captured_queries)
        else:
            approve.append(timed(lambda: submission_approve(submission=submission, by=coordinator)))
        groups = groups_of_submission(submission)
        refresh.append(timed(lambda g=groups: summaries_refresh(groups=g)))
        unapprove.append(
            timed(
                lambda: submission_unapprove(
                    submission=submission, by=coordinator, reason="deneme: ölçüm"
                )
            )
        )
        submit(submission, reporter, today=today)
        if n == 0:
            approve, refresh, unapprove = [], [], []
    submission_approve(submission=submission, by=coordinator)
    groups = groups_of_submission(submission)
    group_values = sum(
        DataValue.objects.filter(indicator_id=i, period=p, approved=True).count() for i, p in groups
    )
    # Leave it unapproved, so the next size's groups hold the same approved values.
    submission_unapprove(submission=submission, by=coordinator, reason="deneme: son")
    return {
        "approve": statistics.median(approve),
        "refresh": statistics.median(refresh),
        "unapprove": statistics.median(unapprove),
        "groups": len(groups),
        "group_values": group_values,
        "queries": queries,
    }


BIG_TABLES = ("monitoring_datavalue", "analytics_indicatorsummary")
# A search on a big table is bounded by what changed or what is shown only through these.
BOUNDED_BY = {"indicator_id", "period", "submission_id", "rowid", "id"}


def scans(queries: list[dict]) -> list[str]:
    """Query plan steps (SQLite) that read a big table in proportion to all stored data: a
    full scan, or a search whose only bound is not the group, period or submission asked for
    (e.g. organisation_id IS NULL over every across-organisations summary)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return []
    found = []
    with connection.cursor() as cursor:
        for q in queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
                continue
            try:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            except Exception:  # noqa: BLE001, S112 - a logged query that does not re-run as is
                continue
            for row in cursor.fetchall():
                detail = row[-1]
                if not any(f" {t}" in detail for t in BIG_TABLES):
                    continue
                terms = detail.rsplit("(", 1)[-1].rstrip(")").split(" AND ")
                columns = {re.split(r"[=<>]", t.strip(), maxsplit=1)[0] for t in terms}
                if detail.startswith("SCAN") or not columns & BOUNDED_BY:
                    found.append(f"{detail}\n      {sql[:200]}…")
    return found


# --- Reads ------------------------------------------------------------------------------------


def reads(plan, coordinator, repeat: int) -> tuple[dict[str, float], dict[str, list]]:
    """Median seconds per read, and each read's queries (from its untimed first run)."""
    from django.test import Client
    from django.urls import reverse

    from esitkent.analytics.figure_selectors import figures_by_area
    from esitkent.analytics.map_selectors import map_data, map_sources
    from esitkent.analytics.progress_selectors import progress_overview
    from esitkent.reports.render import render
    from esitkent.reports.selectors import annual_report

    today = dt.date.today()
    client = Client()
    client.force_login(coordinator)
    dashboard_url = reverse("analytics:dashboard", kwargs={"slug": plan.slug})
    map_url = reverse("analytics:map", kwargs={"slug": plan.slug})

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    sources = map_sources(plan)
    source = next((s for s in sources if s.key.startswith("g:")), sources[0] if sources else None)
    measures: list[tuple[str, Callable[[], object]]] = [
        ("tek satır sorgu (ölçek)", lambda: type(plan).objects.get(pk=plan.pk)),
        ("progress_overview", lambda: progress_overview(plan, as_of=today)),
        ("figures_by_area", lambda: figures_by_area(plan)),
        (f"figures_by_area yıl={YEAR}", lambda: figures_by_area(plan, year=YEAR)),
        ("map_sources", lambda: map_sources(plan)),
    ]
    if source:
        measures.append(
            (f"map_data {source.periods[-1]}", lambda: map_data(source, source.periods[-1]))
        )
    report = annual_report(plan, YEAR)
    measures += [
        ("GET pano", get(dashboard_url)),
        ("GET harita", get(map_url)),
        (f"yıllık rapor verisi {YEAR}", lambda: annual_report(plan, YEAR)),
        # Rendering only: the data has its own line above.
        (f"yıllık rapor HTML {YEAR}", lambda: render(report, "html", "tr")),
        (f"yıllık rapor PDF {YEAR}", lambda: render(report, "pdf", "tr")),
    ]
    times, queries = {}, {}
    for name, fn in measures:
        queries[name] = []
        times[name] = median_of(
            fn, max(1, min(repeat, 3)) if "PDF" in name else repeat, queries[name]
        )
    return times, queries


# --- Main ----------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--values", type=int, default=int(os.environ.get("BENCH_VALUES", 1_000_000))
    )
    parser.add_argument("--small", type=int, default=int(os.environ.get("BENCH_SMALL", 10_000)))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 5)))
    args = parser.parse_args()
    if args.values <= args.small:
        sys.exit("--values, --small'dan büyük olmalı")

    with tempfile.TemporaryDirectory(prefix="esitkent-bench-") as var:
        started = time.perf_counter()
        plan, period, coordinator, reporter, measured, layout, subs = prepare(var)
        from django.db import connection

        from esitkent.monitoring.models import DataValue

        if args.small < len(layout.block):
            sys.exit(
                f"--small en az bir dönemlik blok olmalı ({len(layout.block):,} değer): "
                "ölçülen gönderimin grupları iki boyutta aynı kalsın"
            )
        say(
            f"Hazırlık {time.perf_counter() - started:.0f} s ({connection.vendor}); "
            f"dönem başına {len(layout.block):,} değer, {UNITS} birim, "
            f"{len(layout.definitions)} sayısal gösterge"
        )
        definitions = submission_definitions(layout)
        results, position = {}, 0
        for label, target, unit_id in (
            ("small", args.small, measured[0]),
            ("big", args.values, measured[1]),
        ):
            stored = DataValue.objects.count()
            say(f"Veri: {stored:,} → {target:,} değer")
            fill(layout, position, position + target - stored, subs)
            position += target - stored
            stored = DataValue.objects.count()
            submission, entered = measured_submission(unit_id, period, reporter, definitions)
            say(f"Ölçüm ({stored:,} değer): onay ×{args.repeat}")
            cost = approval_cost(submission, coordinator, reporter, args.repeat)
            say("Ölçüm: pano ve rapor")
            results[label] = {
                "stored": stored,
                "entered": entered,
                **cost,
            }
            results[label]["reads"], results[label]["read_queries"] = reads(
                plan, coordinator, args.repeat
            )
        small, big = results["small"], results["big"]
        found = scans(big["queries"])
        read_scans = {name: scans(q) for name, q in big["read_queries"].items()}
        total = time.perf_counter() - started

    width = 44
    say("")
    say(
        f"Onaylanan gönderim: 1 birim, {YEAR}, {small['entered']} değer, {small['groups']} grup; "
        f"grupların onaylı değerleri: küçükte {small['group_values']}, büyükte {big['group_values']}"
    )
    say(
        f"{'Ölçüm (medyan)':<{width}} {small['stored']:>12,} {big['stored']:>12,}  "
        f"{'oran büyük/küçük':>16}"
    )
    say("-" * (width + 46))
    rows = [
        ("onay (submission_approve, tümü)", small["approve"], big["approve"]),
        ("  yalnız summaries_refresh", small["refresh"], big["refresh"]),
        ("onay kaldırma (submission_unapprove)", small["unapprove"], big["unapprove"]),
    ]
    rows += [(name, small["reads"][name], big["reads"][name]) for name in small["reads"]]
    for name, a, b in rows:
        say(f"{name:<{width}} {ms(a):>12} {ms(b):>12}  {b / a:>16.2f}")
    say("-" * (width + 46))
    say(
        f"Onay oranı (büyük/küçük): {big['approve'] / small['approve']:.2f}, yalnız yenileme "
        f"{big['refresh'] / small['refresh']:.2f}  (hedef ≤ 2)"
    )
    for label, res in (("küçük", small), ("büyük", big)):
        r = res["reads"]
        say(
            f"PDF / HTML ({label}): "
            f"{r[f'yıllık rapor PDF {YEAR}'] / r[f'yıllık rapor HTML {YEAR}']:.2f}  "
            f"(PDF {r[f'yıllık rapor PDF {YEAR}']:.2f} s)"
        )
    say(f"Onay başına sorgu: küçükte {len(small['queries'])}, büyükte {len(big['queries'])}")
    if found:
        say("Onay sorgularında veriyle büyüyen okuma (eksik ya da yanlış seçilen dizin?):")
        for line in dict.fromkeys(found):
            say(f"    {line}")
    else:
        say("Onay sorgularında veriyle büyüyen okuma yok (SQLite sorgu planları).")
    by_query: dict[str, list[str]] = {}
    for name, lines in read_scans.items():
        for line in dict.fromkeys(lines):
            by_query.setdefault(line, []).append(name)
    if by_query:
        say("Okumalarda veriyle büyüyen okuma (SQLite sorgu planları):")
        for line, names in by_query.items():
            say(f"  [{', '.join(names)}]\n    {line}")
    say(f"Toplam süre {total:.0f} s")


if __name__ == "__main__":
    main()
