"""Backup and restore as an operator runs them: separate processes on a database of their own
(a SQLite file in a fresh ESITKENT_VAR_DIR, or a fresh database on the PostgreSQL cluster of
DATABASE_URL), so settings load, keys are read or generated, and the application starts exactly
as on a restored host.

Issue 14, finding 6: a restore into an empty `var/` generated new keys and started normally
with every encrypted field unreadable. Now the keys are not in the backup, and without the
right ones put back the key check, the system check and the WSGI start-up refuse.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import _postgres_database

pytestmark = pytest.mark.concurrency

ROOT = Path(__file__).resolve().parents[3]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
KEY_FILES = ("secret_key", "field_encryption_keys", "field_blind_index_key")
EVIDENCE = "evidence/2024/03/rapor.pdf"
NAME = "Ayşe Yılmaz"

# One record in each encrypted place that matters, and an evidence file, on a database that is
# only migrated: loading İzmir would cost a minute and test nothing more here.
WRITE = f"""
import datetime as dt
from pathlib import Path
from django.apps import apps
from django.conf import settings
from esitkent.core.crypto import blind_index
org = apps.get_model("orgs", "Organisation").objects.create(
    code="kdm-deneme", name="Deneme KDM", kind="centre")
centre = apps.get_model("centres", "Centre").objects.create(
    organisation=org, code="kdm-deneme", kind="kdm", operator_type="ngo", operator=org)
apps.get_model("cases", "Case").objects.create(
    centre=centre, survivor_code="K-1", applied_on=dt.date(2024, 3, 1), channel="walk_in",
    name="{NAME}", national_id="10000000146", national_id_index=blind_index("10000000146"))
evidence = Path(settings.MEDIA_ROOT) / "{EVIDENCE}"
evidence.parent.mkdir(parents=True, exist_ok=True)
evidence.write_bytes(b"%PDF-1.4 kanit")
"""
READ = 'from django.apps import apps; print(apps.get_model("cases", "Case").objects.get().name)'


def environment(var: Path, drops: list) -> dict:
    """manage.py's environment on an empty database of its own; keys only from files in `var`
    (generated when missing), as on a host that keeps them there."""
    env = {**os.environ, "ESITKENT_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings"}
    for name in ("DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_BLIND_INDEX_KEY"):
        env.pop(name, None)
    if ON_POSTGRES:
        env["DATABASE_URL"], drop = _postgres_database(os.environ["DATABASE_URL"])
        drops.append(drop)
    else:
        env.pop("DATABASE_URL", None)
    return env


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run(env, str(ROOT / "manage.py"), *args)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def starts(env: dict) -> subprocess.CompletedProcess:
    """What gunicorn does first: import config.wsgi."""
    return run(env, "-c", "import config.wsgi")


@pytest.fixture(scope="module")
def drops():
    drops: list = []
    yield drops
    for drop in drops:
        drop()


@pytest.fixture(scope="module")
def source(tmp_path_factory, drops):
    var = tmp_path_factory.mktemp("source-var")
    env = environment(var, drops)
    ok(manage(env, "migrate", "--noinput", "-v0"))
    ok(manage(env, "createcachetable"))
    ok(manage(env, "shell", "-c", WRITE))
    return {"env": env, "var": var}


@pytest.fixture(scope="module")
def backup(source, tmp_path_factory):
    target = tmp_path_factory.mktemp("backups") / "esitkent-1"
    ok(manage(source["env"], "backup", str(target)))
    return target


def test_the_backup_holds_the_database_files_and_a_manifest_but_no_key(source, backup):
    manifest = json.loads((backup / "manifest.json").read_text())

    database = "database.pgdump" if ON_POSTGRES else "database.sqlite3"
    assert manifest["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert set(manifest["files"]) == {database, f"media/{EVIDENCE}"}
    assert manifest["files"][f"media/{EVIDENCE}"] == hashlib.sha256(b"%PDF-1.4 kanit").hexdigest()
    assert manifest["migrations"]["cases"].startswith("00")
    head = (backup / database).read_bytes()[:16]
    assert head.startswith(b"PGDMP" if ON_POSTGRES else b"SQLite format 3")
    # A single self-contained file: no -wal beside it to be lost.
    assert sorted(p.name for p in backup.iterdir()) == [database, "manifest.json", "media"]

    field_key = (source["var"] / "field_encryption_keys").read_text().strip()
    index_key = (source["var"] / "field_blind_index_key").read_text().strip()
    assert manifest["key_fingerprints"] == {
        "FIELD_ENCRYPTION_KEYS": [hashlib.sha256(field_key.encode()).hexdigest()[:8]],
        "FIELD_BLIND_INDEX_KEY": hashlib.sha256(index_key.encode()).hexdigest()[:8],
    }
    files = [p for p in backup.rglob("*") if p.is_file()]
    for path in files:
        content = path.read_bytes()
        for name in KEY_FILES:
            secret = (source["var"] / name).read_text().strip().encode()
            assert secret not in content, f"{name} in {path.name}"
        assert NAME.encode() not in content, f"plaintext name in {path.name}"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700


def test_a_restore_with_the_keys_put_back_opens_the_records(backup, source, tmp_path, drops):
    var = tmp_path / "var"
    var.mkdir()
    for name in KEY_FILES:
        shutil.copy(source["var"] / name, var / name)
    env = environment(var, drops)

    out = ok(manage(env, "restore", str(backup)))

    assert "cases.Case.name: 1 satır, açıldı" in out
    assert ok(manage(env, "shell", "-v0", "-c", READ)).strip() == NAME
    evidence = var / "media" / EVIDENCE
    assert evidence.read_bytes() == b"%PDF-1.4 kanit"
    assert stat.S_IMODE(evidence.stat().st_mode) == 0o600
    if not ON_POSTGRES:
        assert stat.S_IMODE((var / "esitkent.sqlite3").stat().st_mode) == 0o600
    ok(manage(env, "check_keys"))
    ok(starts(env))


def test_a_restore_without_the_keys_refuses_to_start_until_they_are_back(
    backup, source, tmp_path, drops
):
    var = tmp_path / "var"
    env = environment(var, drops)  # an empty var/: settings generate new keys

    restored = manage(env, "restore", str(backup))
    assert restored.returncode != 0
    assert "cases.Case.name" in restored.stderr
    assert "do not open the encrypted data" in restored.stderr

    checked = manage(env, "check_keys")
    assert checked.returncode != 0
    assert "cases.Case.name: açılamıyor" in checked.stdout
    started = starts(env)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "Anahtarlar şifreli verileri açmıyor" in started.stderr
    # runserver, migrate and the worker (qcluster) run the system checks first.
    system = manage(env, "check")
    assert system.returncode != 0
    assert "esitkent.E001" in system.stderr

    for name in KEY_FILES:
        shutil.copy(source["var"] / name, var / name)
    ok(manage(env, "check_keys"))
    ok(starts(env))
    assert ok(manage(env, "shell", "-v0", "-c", READ)).strip() == NAME


def test_a_restore_over_a_database_in_use_needs_replace(backup, source):
    refused = manage(source["env"], "restore", str(backup))
    assert refused.returncode != 0
    assert "boş değil" in refused.stderr

    ok(manage(source["env"], "restore", "--replace", str(backup)))
    assert ok(manage(source["env"], "shell", "-v0", "-c", READ)).strip() == NAME


def test_a_backup_changed_after_it_was_written_is_refused(backup, tmp_path, drops):
    changed = tmp_path / "changed"
    shutil.copytree(backup, changed)
    (changed / "media" / EVIDENCE).write_bytes(b"%PDF-1.4 sahte")

    refused = manage(environment(tmp_path / "var", drops), "restore", str(changed))

    assert refused.returncode != 0
    assert f"SHA-256 uymuyor): media/{EVIDENCE}" in refused.stderr


def test_a_fresh_install_starts_before_migrations_exist(tmp_path, drops):
    env = environment(tmp_path / "var", drops)

    ok(manage(env, "check"))
    ok(starts(env))


@pytest.mark.skipif(
    not ON_POSTGRES, reason="pg_dump/pg_restore: only when DATABASE_URL is PostgreSQL"
)
def test_on_postgresql_the_backup_is_a_dump_pg_restore_reads(backup):
    listing = subprocess.run(
        ["pg_restore", "--list", str(backup / "database.pgdump")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "TABLE DATA public cases_case" in listing
    assert "TABLE DATA public django_migrations" in listing
