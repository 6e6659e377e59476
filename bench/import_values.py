"""Benchmark: importing values from CSV through the real import path, against a plain bulk
insert of the same rows into the same database, measured in the same run.

    python bench/import_values.py [--rows 1000000]

Each phase runs in its own process so that its peak memory (max RSS) is its own. The data
is bench/values_data.py's: district groups that add up, in open sample periods from 1990.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import values_data  # noqa: E402


def setup_django(var_dir: str) -> None:
    os.environ["ESITKENT_VAR_DIR"] = var_dir
    # Always a throw-away SQLite database in var_dir: never someone's real data.
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def phase_prepare(var_dir: str, limit: int, csv_path: str) -> None:
    setup_django(var_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_izmir", stdout=io.StringIO())
    values_data.prepare(limit)
    values_data.write_csv(csv_path, limit)


def phase_baseline(var_dir: str, limit: int) -> dict:
    setup_django(var_dir)
    from django.db import transaction

    from esitkent.monitoring.models import DataValue

    batch, started = [], time.perf_counter()
    with transaction.atomic():
        for _, indicator_id, period, _, org_id, key, value in values_data.rows(limit):
            breakdown = {"district": key.split("=")[1]} if key else {}
            batch.append(
                DataValue(
                    indicator_id=indicator_id,
                    period=period,
                    organisation_id=org_id,
                    breakdown_key=key,
                    breakdown=breakdown,
                    value=value,
                )
            )
            if len(batch) == 5000:
                DataValue.objects.bulk_create(batch)
                batch = []
        DataValue.objects.bulk_create(batch)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Clean up without collecting a million objects for cascades (nothing refers to these rows).
    DataValue.objects.filter(provenance="manual", period__lt="2030")._raw_delete(
        DataValue.objects.db
    )
    return {"seconds": seconds, "max_rss_mb": peak}


def phase_import(var_dir: str, csv_path: str) -> dict:
    setup_django(var_dir)
    from esitkent.monitoring.import_services import values_import
    from esitkent.plans.models import Plan

    started = time.perf_counter()
    batch = values_import(
        plan=Plan.objects.get(slug="izmir-yeep-2022-2024"),
        source=Path(csv_path),
        name="bench.csv",
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "imported": batch.imported,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_phase(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"Aşama başarısız: {' '.join(args[:2])}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=["prepare", "baseline", "import"])
    parser.add_argument("--var")
    parser.add_argument("--csv")
    args = parser.parse_args()
    if args.phase == "prepare":
        phase_prepare(args.var, args.rows, args.csv)
        print(json.dumps({}))
        return
    if args.phase == "baseline":
        print(json.dumps(phase_baseline(args.var, args.rows)))
        return
    if args.phase == "import":
        print(json.dumps(phase_import(args.var, args.csv)))
        return

    with tempfile.TemporaryDirectory(prefix="esitkent-bench-") as var:
        csv_path = str(Path(var) / "values.csv")
        started = time.perf_counter()
        run_phase("--phase", "prepare", "--var", var, "--csv", csv_path, "--rows", str(args.rows))
        size = Path(csv_path).stat().st_size / 1024 / 1024
        print(
            f"Veri: {args.rows:,} değer, CSV {size:.0f} MB (hazırlık {time.perf_counter() - started:.0f} s)"
        )
        baseline = run_phase("--phase", "baseline", "--var", var, "--rows", str(args.rows))
        imported = run_phase("--phase", "import", "--var", var, "--csv", csv_path)
        assert imported["imported"] == args.rows, imported
        base_rate = args.rows / baseline["seconds"]
        import_rate = args.rows / imported["seconds"]
        print(
            f"Taban çizgisi (aynı satırlar, düz bulk_create): {baseline['seconds']:.1f} s, {base_rate:,.0f} değer/s, en yüksek bellek {baseline['max_rss_mb']:.0f} MB"
        )
        print(
            f"İçe aktarma (CSV → denetim → yazma → kırılım denetimi): {imported['seconds']:.1f} s, {import_rate:,.0f} değer/s, en yüksek bellek {imported['max_rss_mb']:.0f} MB"
        )
        print(
            f"Oran (içe aktarma / taban): {import_rate / base_rate:.2f}  (hedef ≥ 0,30; bellek hedefi < 500 MB)"
        )


if __name__ == "__main__":
    main()
