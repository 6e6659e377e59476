"""Benchmark: listing and looking up case records among --records synthetic ones, and a
month's suppressed network statistics, each printed as p50 and p95 and as the ratio of its
p95 to the p95 of a baseline query run in the same process.

    python bench/cases.py [--records 1000000] [--repeat 200] [--stats-repeat 20]
    BENCH_RECORDS=100000 python bench/cases.py          # a quick run
    python bench/cases.py --keep /tmp/bench-cases-1m    # generate once, measure again later

The data: a throw-away SQLite database (a temporary ESITKENT_VAR_DIR, or the --keep
directory), migrated, with İzmir's seed registry (22 centres, 30 districts) and --records
sample records from `cases.sample_services.synthetic_cases`, spread over every centre and five
years (2021–2025); --identity-share of them carry encrypted identity fields, half of those a
national ID (blind index). On top of what that function makes, the benchmark closes most
records that applied more than 90 days before the end (so that "open" filters something) and
refers one record in 50 to another centre, in every referral state (so that the referred-in
part of visible_cases and the referral dimension of the statistics hold rows).

The people: a caseworker at kdm-karsiyaka, a shelter worker at izbb-siginmaevi and a manager
of two centres (kdm-buca, kdm-bayrakli), each enrolled in two-factor login as case roles must
be. Lookups draw one of them at random each time, and a survivor code or national ID of her
own centres (a miss: a code of another centre, not referred to hers).

Every target runs once untimed (its queries are kept for EXPLAIN QUERY PLAN), then --repeat
times (the statistics --stats-repeat times) with random parameters. The role caches are
dropped before each call, so every call pays the membership read a request pays. The
baseline is a primary-key read of one record. Timings are printed, never asserted.

--keep DIR keeps the database (and its keys) in DIR: the first run generates, later runs with
the same --records measure the same data. DIR must be empty or a directory this benchmark
made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from portal_load import percentile  # bench/ is the script's directory, so on sys.path
from summaries import ms, say

ROOT = Path(__file__).resolve().parents[1]
START, END = dt.date(2021, 1, 1), dt.date(2025, 12, 31)
MONTHS = [f"{y}-{m:02d}" for y in range(START.year, END.year + 1) for m in range(1, 13)]
MARKER = "bench-cases.json"
PEOPLE = (  # username, role, centres
    ("bench-calisan", "centre_staff", ("kdm-karsiyaka",)),
    ("bench-siginmaevi", "centre_staff", ("izbb-siginmaevi",)),
    ("bench-sorumlu", "centre_manager", ("kdm-buca", "kdm-bayrakli")),
)
CASE_TABLES = (
    "cases_case",
    "cases_incident",
    "cases_caseservice",
    "cases_consent",
    "cases_riskassessment",
    "cases_referral",
)


def setup_django(var_dir: str) -> None:
    os.environ["ESITKENT_VAR_DIR"] = var_dir
    # Always a throw-away SQLite database in var_dir: never someone's real data.
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- The data -----------------------------------------------------------------------------------


def people_create() -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    from esitkent.accounts.services import membership_grant
    from esitkent.centres.models import Centre

    for username, role, centres in PEOPLE:
        user = get_user_model().objects.create_user(username=username, password="parola-uzun-123")
        for centre in Centre.objects.filter(code__in=centres).select_related("organisation"):
            membership_grant(user=user, organisation=centre.organisation, role=role)
        TOTP.activate(user, generate_totp_secret())


def generate(records: int, identity_share: float) -> dict:
    """Migrate, load the registry, make the people and the records; returns the figures."""
    from django.core.management import call_command
    from django.db import connection

    from esitkent.cases.models import Case
    from esitkent.cases.sample_services import synthetic_cases
    from esitkent.centres.models import Centre

    call_command("migrate", verbosity=0)
    call_command("load_izmir", stdout=io.StringIO())
    people_create()
    centres = list(Centre.objects.order_by("code"))
    # Chunks only for the progress lines; each its own seed, so no chunk repeats another.
    chunk = max(10_000, records // 20)
    started = time.perf_counter()
    made, n = 0, 0
    while made < records:
        made += synthetic_cases(
            count=min(chunk, records - made),
            centres=centres,
            start=START,
            end=END,
            seed=2026 + n,
            identity_share=identity_share,
            batch=5000,
        )
        n += 1
        elapsed = time.perf_counter() - started
        say(f"  {made:>10,} / {records:,} kayıt, {elapsed:,.0f} s ({made / elapsed:,.0f} kayıt/s)")
    seconds = time.perf_counter() - started
    closed, referred = closures_and_referrals(centres)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {
        "records": Case.objects.count(),
        "rows": rows_count(),
        "seconds": seconds,
        "closed": closed,
        "referred": referred,
        "identity_share": identity_share,
        "centres": len(centres),
    }


def closures_and_referrals(centres) -> tuple[int, int]:
    """Close six records in seven of those that applied more than 90 days before the end;
    refer one record in 50 to another centre. SQLite only, as the database is."""
    from django.db import connection, transaction

    from esitkent.cases import domain
    from esitkent.cases.models import Referral

    reasons = list(domain.CLOSURE_REASONS)[:3]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET status = 'closed', "
            "closed_on = MIN(date(applied_on, '+' || (id * 37 %% 180) || ' days'), %s), "
            "closure_reason = CASE id %% 3 WHEN 0 THEN %s WHEN 1 THEN %s ELSE %s END "
            "WHERE applied_on < %s AND id %% 7 != 0",
            [END.isoformat(), *reasons, (END - dt.timedelta(days=90)).isoformat()],
        )
        closed = cursor.rowcount
        cursor.execute("SELECT id, centre_id FROM cases_case WHERE id % 50 = 0")
        picked = cursor.fetchall()
    rng = random.Random(50)
    statuses = list(Referral.Status.values)
    weights = [20, 30, 10, 35, 5]  # pending, accepted, rejected, done, revoked
    sections = ["incidents", "risk", "services", "measures"]
    referrals = []
    for case_id, centre_id in picked:
        to = rng.choice([c for c in centres if c.pk != centre_id])
        referrals.append(
            Referral(
                case_id=case_id,
                from_centre_id=centre_id,
                to_centre=to,
                service="shelter" if to.kind == "shelter" else "legal",
                sections=sorted({"summary", *rng.sample(sections, rng.randint(1, 3))}),
                status=rng.choices(statuses, weights=weights)[0],
                note="Deneme",
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=5000)
    return closed, len(referrals)


def rows_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        total = 0
        for table in CASE_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            total += cursor.fetchone()[0]
    return total


# --- What the targets draw from -----------------------------------------------------------------


@dataclass
class Person:
    user: object
    centre_ids: frozenset[int]
    codes: list[str] = field(default_factory=list)  # her centres' records
    misses: list[str] = field(default_factory=list)  # other centres', not referred to hers
    national_ids: list[str] = field(default_factory=list)


def people(sample: int, rng: random.Random) -> list[Person]:
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from esitkent.cases import policies
    from esitkent.cases.models import Case, Referral
    from esitkent.cases.selectors import LIVE_REFERRAL

    found = []
    top = Case.objects.aggregate(n=Max("id"))["n"]
    for username, _role, _centres in PEOPLE:
        user = get_user_model().objects.get(username=username)
        own = policies.case_centre_ids(user)
        person = Person(user, own)
        person.codes = list(
            Case.objects.filter(centre_id__in=own)
            .order_by("?")
            .values_list("survivor_code", flat=True)[:sample]
        )
        referred = Referral.objects.filter(to_centre_id__in=own, status__in=LIVE_REFERRAL)
        person.misses = list(
            Case.objects.exclude(centre_id__in=own)
            .exclude(pk__in=referred.values("case_id"))
            .filter(pk__in=[rng.randint(1, top) for _ in range(sample * 2)])
            .values_list("survivor_code", flat=True)[:sample]
        )
        person.national_ids = [
            n
            for n in Case.objects.filter(centre_id__in=own)
            .exclude(national_id_index="")
            .order_by("?")
            .values_list("national_id", flat=True)[:sample]
        ]
        found.append(person)
    return found


def fresh(user):
    """The user as a new request sees her: no role read kept from an earlier call."""
    from esitkent.accounts.policies import forget_memberships

    forget_memberships(user)
    return user


# --- Measuring ----------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    # Draws the parameters (untimed) and returns the call to time.
    make: Callable[[random.Random], Callable[[], object]]
    repeat: int
    check: Callable[[object], bool] | None = None
    times: list[float] = field(default_factory=list)
    queries: list[dict] = field(default_factory=list)
    wrong: int = 0

    def run(self, rng: random.Random) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        call = self.make(rng)
        with CaptureQueriesContext(connection) as captured:  # slows queries: untimed
            result = call()
        self.queries = list(captured.captured_queries)
        self.wrong += bool(self.check and not self.check(result))
        for _ in range(self.repeat):
            call = self.make(rng)
            started = time.perf_counter()
            result = call()
            self.times.append(time.perf_counter() - started)
            self.wrong += bool(self.check and not self.check(result))


def targets(persons: list[Person], repeat: int, stats_repeat: int) -> list[Target]:
    from django.db.models import Max, Min
    from django.test import Client

    from esitkent.cases import alert_selectors, referral_selectors, selectors, statistics_selectors
    from esitkent.cases.models import Case

    low, high = Case.objects.aggregate(a=Min("id"), b=Max("id")).values()
    worker, shelter, manager = persons
    clients = {}
    for p in persons:
        clients[p.user.pk] = Client()
        clients[p.user.pk].force_login(p.user)

    def baseline(rng):
        pk = rng.randint(low, high)
        return lambda: Case.objects.filter(pk=pk).only("id", "survivor_code").first()

    def listing(person=None, **kwargs):
        def make(rng):
            p = person or rng.choice(persons)
            user = fresh(p.user)
            extra = {k: v(rng, p) if callable(v) else v for k, v in kwargs.items()}
            return lambda: selectors.case_list(user, **extra)

        return make

    def by_code(miss=False):
        def make(rng):
            p = rng.choice(persons)
            code = rng.choice(p.misses if miss else p.codes)
            user = fresh(p.user)
            return lambda: selectors.case_for(user, code)

        return make

    def by_national_id(rng):
        p = rng.choice([p for p in persons if p.national_ids])
        number, user = rng.choice(p.national_ids), fresh(p.user)
        return lambda: selectors.find_by_national_id(user, number)

    def sections(rng):
        p = rng.choice(persons)
        case, access = selectors.case_for(fresh(p.user), rng.choice(p.codes))
        return lambda: selectors.case_sections(case, access)

    def per_user(fn):
        def make(rng):
            user = fresh(rng.choice(persons).user)
            return lambda: fn(user)

        return make

    def page(detail: bool):
        def make(rng):
            p = rng.choice(persons)
            url = f"/vakalar/{rng.choice(p.codes)}/" if detail else "/vakalar/"
            client = clients[p.user.pk]
            return lambda: client.get(url).status_code

        return make

    def counts(dimension, **kwargs):
        def make(rng):
            month = rng.choice(MONTHS)
            return lambda: statistics_selectors.anonymised_counts(
                month=month, dimension=dimension, by_district=True, **kwargs
            )

        return make

    def month_all(**kwargs):
        def make(rng):
            month = rng.choice(MONTHS)
            return lambda: [
                statistics_selectors.anonymised_counts(month=month, dimension=d, **kwargs)
                for d in statistics_selectors.DIMENSIONS
            ]

        return make

    def yearly(fn):
        def make(rng):
            year = rng.randint(START.year, END.year)
            return lambda: fn(year=year)

        return make

    def full(rows):
        return len(rows) == 50

    http = max(1, repeat // 4)
    found = [
        Target("tek satır sorgu (ölçek): Case pk ile", baseline, repeat),
        Target("case_list — çalışan (1 merkez)", listing(worker), repeat, full),
        Target("case_list — sığınmaevi (+ yönlendirilenler)", listing(shelter), repeat, full),
        Target("case_list — sorumlu (2 merkez)", listing(manager), repeat, full),
        Target("case_list status=open", listing(status="open"), repeat, full),
        Target(
            "case_list code= (listedeki kod araması)",
            listing(code=lambda rng, p: rng.choice(p.codes).lower()),
            repeat,
            lambda rows: len(rows) == 1,
        ),
        Target("case_for (kendi merkezi)", by_code(), repeat, lambda r: r is not None),
        Target("case_for (başka merkez → None)", by_code(miss=True), repeat, lambda r: r is None),
        Target("find_by_national_id", by_national_id, repeat, lambda r: len(r) >= 1),
        Target("case_sections (sahibi)", sections, repeat),
        Target("alerts (liste sayfasında)", per_user(alert_selectors.alerts), repeat),
        Target(
            "incoming_referrals (liste sayfasında)",
            per_user(referral_selectors.incoming_referrals),
            repeat,
        ),
        Target("GET /vakalar/ (liste sayfası)", page(False), http, lambda s: s == 200),
        Target("GET /vakalar/<kod>/ (kayıt sayfası)", page(True), http, lambda s: s == 200),
    ]
    found += [
        Target(f"anonymised_counts {d}, ilçeyle", counts(d), stats_repeat)
        for d in statistics_selectors.DIMENSIONS
    ]
    found += [
        Target("bir ayın ağ istatistikleri (6 boyut)", month_all(by_district=True), stats_repeat),
        Target(
            "merkez istatistikleri (6 boyut, 2 merkez)",
            month_all(by_district=False, centre_ids=manager.centre_ids),
            stats_repeat,
        ),
        Target("persons_served(year)", yearly(statistics_selectors.persons_served), stats_repeat),
        Target(
            "services_provided(year)", yearly(statistics_selectors.services_provided), stats_repeat
        ),
    ]
    return found


# A search on a case table bounded by one of these reads one record's rows.
NARROW = ("case_id=?", "survivor_code=?", "national_id_index=?", "rowid=?")


def in_subquery(node: int, parent: dict[int, int], detail: dict[int, str]) -> bool:
    while node:
        if "SUBQUERY" in detail.get(node, ""):
            return True
        node = parent.get(node, 0)
    return False


def plans(queries: list[dict]) -> list[str]:
    """Queries whose SQLite plan grows with all stored records: a case table read whole, one
    searched by a one-sided range only (applied_on<?), or one searched by a wide bound (a
    centre) and everything found sorted for ORDER BY … LIMIT, where an index in that order
    would have stopped early. Sorts inside IN-subqueries, and GROUP BY trees over a bounded
    search, are not flagged."""
    from django.db import connection

    def wide(step: str) -> bool:
        if not step.startswith("SEARCH") or not any(f" {t} " in step for t in CASE_TABLES):
            return False
        terms = step.rsplit("(", 1)[-1].rstrip(")").split(" AND ")
        return len(terms) == 1 and re.search(r"[<>]\?$", terms[0]) is not None

    found = []
    with connection.cursor() as cursor:
        for q in queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if not any(f'"{t}"' in sql for t in CASE_TABLES):
                continue
            try:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            except Exception:  # noqa: BLE001, S112 - a logged query that does not re-run as is
                continue
            rows = cursor.fetchall()  # (id, parent, notused, detail)
            parent = {r[0]: r[1] for r in rows}
            detail = {r[0]: r[-1] for r in rows}

            top = [detail[r[0]] for r in rows if not in_subquery(r[0], parent, detail)]
            scan = any(
                s.startswith("SCAN") and any(f" {t}" in s for t in CASE_TABLES)
                for s in detail.values()
            )
            by_centre = [
                s
                for s in top
                if s.startswith("SEARCH")
                and any(f" {t} " in s for t in CASE_TABLES)
                and not any(n in s for n in NARROW)
            ]
            sorts = any("TEMP B-TREE FOR ORDER BY" in s for s in top)
            if scan or any(wide(s) for s in top) or (sorts and by_centre):
                found.append(" | ".join(detail[r[0]] for r in rows) + f"\n      {sql[:240]}…")
    return found


# --- Main ---------------------------------------------------------------------------------------


def database_size() -> tuple[float, float]:
    from django.db import connection

    path = Path(connection.settings_dict["NAME"])
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size / 2**20, (wal.stat().st_size / 2**20 if wal.exists() else 0.0)


def migrate_kept() -> None:
    """A kept database gets the migrations (new indexes) made since it was generated, so that
    the code is measured with its own schema."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending)
        say(f"  yeni göçler uygulandı ({time.perf_counter() - started:,.0f} s): {names}")


def measure(var: Path, args) -> None:
    started = time.perf_counter()
    setup_django(str(var))
    from django.db import connection

    from esitkent.cases.models import Case

    marker = var / MARKER
    if marker.exists():
        meta = json.loads(marker.read_text())
        say(f"Veri yeniden kullanılıyor: {var}")
        migrate_kept()
    else:
        say(f"Veri üretiliyor: {args.records:,} kayıt ({connection.vendor}, {var})")
        meta = generate(args.records, args.identity_share)
        marker.write_text(json.dumps(meta))
    main_mb, _ = database_size()
    say(
        f"Üretim (synthetic_cases): {meta['records']:,} kayıt, vaka tablolarında {meta['rows']:,} "
        f"satır, {meta['seconds']:,.0f} s = {meta['records'] / meta['seconds']:,.0f} kayıt/s, "
        f"{meta['rows'] / meta['seconds']:,.0f} satır/s; kimlik payı {meta['identity_share']}"
    )
    say(
        f"Veri: {meta['centres']} merkez, {START}–{END}; kapatılan {meta['closed']:,}, "
        f"yönlendirilen {meta['referred']:,}; veritabanı {main_mb:,.0f} MB"
    )

    rng = random.Random(7)
    persons = people(max(args.repeat, 200), rng)
    for p in persons:
        say(
            f"  {p.user.username}: {Case.objects.filter(centre_id__in=p.centre_ids).count():,} "
            f"kayıt, {len(p.national_ids)} T.C. kimlik no örneği"
        )
    found = targets(persons, args.repeat, args.stats_repeat)
    for target in found:
        say(f"Ölçüm: {target.name} ×{target.repeat}")
        target.run(rng)
    base = percentile(found[0].times, 95)
    main_mb, wal_mb = database_size()

    width = max(len(t.name) for t in found)
    say("")
    header = (
        f"{'Hedef':<{width}} {'n':>4} {'sorgu':>5} {'p50':>11} {'p95':>11} {'p95 / ölçek p95':>16}"
    )
    say(header)
    say("-" * len(header))
    for target in found:
        p95 = percentile(target.times, 95)
        say(
            f"{target.name:<{width}} {len(target.times):>4} {len(target.queries):>5} "
            f"{ms(percentile(target.times, 50)):>11} {ms(p95):>11} {p95 / base:>16.1f}"
        )
    say("-" * len(header))
    say(
        f"Kayıt {meta['records']:,}; vaka tablolarında {rows_count():,} satır; veritabanı "
        f"{main_mb:,.0f} MB (+ WAL {wal_mb:,.0f} MB); üretim {meta['seconds']:,.0f} s"
    )
    wrong = [t for t in found if t.wrong]
    for target in wrong:
        say(f"BEKLENMEYEN SONUÇ: {target.name}: {target.wrong} / {len(target.times) + 1} çağrıda")
    flagged = {t.name: plans(t.queries) for t in found}
    if any(flagged.values()):
        say("Vaka tablolarını baştan sona okuyan ya da sıralayan sorgu adımları (SQLite planı):")
        for name, lines in flagged.items():
            for line in dict.fromkeys(lines):
                say(f"  [{name}]\n    {line}")
    say(f"Toplam süre {time.perf_counter() - started:,.0f} s")


def main() -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=int(env("BENCH_RECORDS", 1_000_000)))
    parser.add_argument("--repeat", type=int, default=int(env("BENCH_REPEAT", 200)))
    parser.add_argument("--stats-repeat", type=int, default=int(env("BENCH_STATS_REPEAT", 20)))
    parser.add_argument("--identity-share", type=float, default=0.05)
    parser.add_argument("--keep", help="the database's directory, kept between runs")
    args = parser.parse_args()
    if min(args.records, args.repeat, args.stats_repeat) < 1:
        sys.exit("--records, --repeat ve --stats-repeat en az 1 olmalı")

    if not args.keep:
        with tempfile.TemporaryDirectory(prefix="esitkent-bench-cases-") as var:
            measure(Path(var), args)
        return
    var = Path(args.keep).resolve()
    var.mkdir(parents=True, exist_ok=True)
    marker = var / MARKER
    if marker.exists():
        kept = json.loads(marker.read_text())["records"]
        if kept != args.records:
            sys.exit(f"--keep {var}: {kept:,} kayıt tutuyor, --records {args.records:,} istendi")
    elif any(var.iterdir()):
        sys.exit(f"--keep {var}: dizin boş değil ve bu ölçümün dizini değil")
    measure(var, args)


if __name__ == "__main__":
    main()
