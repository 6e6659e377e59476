"""Backup and restore of the database and the uploaded files, for `manage.py backup` / `restore`.

A backup directory holds the database (SQLite: a consistent copy through the online backup
API, never a file copy of a live WAL database; PostgreSQL: `pg_dump --format=custom`), the
files under MEDIA_ROOT (evidence and value files) and `manifest.json`: when, which engine,
which migrations, a SHA-256 per file and the fingerprints of the keys. The keys themselves are
never in it: KVKK's decision 2018/10 wants them kept apart from the data, so a stolen backup
holds only ciphertext in the encrypted fields.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from esitkent.core import keys

MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT = 1


@contextmanager
def private_files():
    """Everything written inside is readable by its owner only (0600 files, 0700 folders):
    the backup holds password hashes and, in plain text, whatever is not encrypted."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def engine() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise CommandError(f"Bu veritabanı desteklenmiyor: {connection.vendor}")
    return connection.vendor


def migration_heads() -> dict[str, str]:
    """The last applied migration of each app (names start with their sequence number)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    heads: dict[str, str] = {}
    for app, name in recorder.applied_migrations():
        heads[app] = max(heads.get(app, ""), name)
    return heads


def unknown_migrations(heads: dict[str, str]) -> list[str]:
    """Migrations the backup has and this code does not: it comes from a newer release."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in sorted(heads.items()) if (app, name) not in known]


def pg_tool(name: str) -> str:
    # PG_BIN picks a version (pg_dump must be at least the server's), as in with-postgres.sh.
    found = shutil.which(name, path=os.environ.get("PG_BIN") or None) or shutil.which(name)
    if not found:
        raise CommandError(f"{name} bulunamadı: PostgreSQL istemci araçlarını kurun.")
    return found


def pg_connection(dbname: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The DATABASE_URL settings as libpq arguments (for `dbname`, another database on the same
    server); the password through the environment, where `ps` does not show it."""
    db = connection.settings_dict
    args = [f"--dbname={dbname or db['NAME']}"]
    for option, value in (("--host", db.get("HOST")), ("--port", db.get("PORT"))):
        if value:
            args.append(f"{option}={value}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"{Path(command[0]).name} başarısız: {done.stderr.strip()[-2000:]}")


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _copy_files(files: list[tuple[Path, Path]]) -> None:
    for source, target in files:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        target.chmod(0o600)


def backup(target: Path) -> dict:
    kind = engine()
    if target.exists() and any(target.iterdir()):
        raise CommandError(f"{target} boş değil: her yedek kendi klasörüne yazılır.")
    with private_files():
        target.mkdir(parents=True, exist_ok=True)
        target.chmod(0o700)
        database = target / DATABASE_FILES[kind]
        heads = migration_heads()
        if kind == "sqlite":
            connection.close()
            live = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
            copy = sqlite3.connect(database)
            try:
                # One step (pages=-1) under a read lock: a consistent snapshot that includes
                # what is still in the WAL file, while the application keeps running.
                live.backup(copy)
                # A single self-contained file, not one that expects a -wal beside it.
                copy.execute("PRAGMA journal_mode=DELETE")
                if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise CommandError("Yedeklenen veritabanı bütünlük denetiminden geçmedi.")
            finally:
                copy.close()
                live.close()
        else:
            args, env = pg_connection()
            _run([pg_tool("pg_dump"), "--format=custom", f"--file={database}", *args], env)
        database.chmod(0o600)
        media_root = Path(settings.MEDIA_ROOT)
        media = [(p, target / MEDIA / p.relative_to(media_root)) for p in _media_files(media_root)]
        _copy_files(media)
        written = [database, *(copy for _, copy in media)]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": kind,
            "database": database.name,
            "migrations": heads,
            "files": {p.relative_to(target).as_posix(): sha256(p) for p in written},
            "key_fingerprints": keys.fingerprints(),
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        (target / MANIFEST).chmod(0o600)
    return manifest


def read_manifest(source: Path) -> dict:
    """The manifest, once every file it lists is there with the checksum it lists."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"{source / MANIFEST} okunamadı: {error}") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Tanınmayan yedek biçimi: {manifest.get('format')}")
    for name, digest in manifest["files"].items():
        path = source / name
        if ".." in Path(name).parts or not path.is_file():
            raise CommandError(f"Yedekte eksik dosya: {name}")
        if sha256(path) != digest:
            raise CommandError(f"Yedekteki dosya bozuk ya da değişmiş (SHA-256 uymuyor): {name}")
    return manifest


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(source: Path, *, replace: bool) -> dict:
    manifest = read_manifest(source)
    kind = engine()
    media_root = Path(settings.MEDIA_ROOT)
    _refuse_unrestorable(manifest, kind, media_root, replace=replace)
    database = source / manifest["database"]
    with private_files():
        connection.close()
        if kind == "sqlite":
            _sqlite_restore(database)
        else:
            _postgres_restore(database)
        if replace and media_root.is_dir():
            shutil.rmtree(media_root)
        prefix = f"{MEDIA}/"
        _copy_files(
            [
                (source / name, media_root / name.removeprefix(prefix))
                for name in manifest["files"]
                if name.startswith(prefix)
            ]
        )
    return manifest


def _refuse_unrestorable(manifest: dict, kind: str, media_root: Path, *, replace: bool) -> None:
    """A backup of another engine or a newer version, or live data not asked to be replaced."""
    if manifest["engine"] != kind:
        raise CommandError(
            f"Yedek {manifest['engine']} veritabanından; yapılandırılmış veritabanı {kind}."
        )
    if newer := unknown_migrations(manifest["migrations"]):
        raise CommandError(
            "Yedek bu sürümün bilmediği göçler içeriyor (daha yeni bir sürümden): "
            + ", ".join(newer)
        )
    if not replace and not database_is_empty():
        raise CommandError(
            "Veritabanı boş değil. Üzerine yazmak için uygulamayı durdurup --replace ile "
            "çalıştırın."
        )
    if not replace and _media_files(media_root):
        raise CommandError(f"{media_root} boş değil. Üzerine yazmak için --replace kullanın.")


def _sqlite_restore(database: Path) -> None:
    path = Path(connection.settings_dict["NAME"])
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    live = sqlite3.connect(path, timeout=20)
    try:
        # The backup API replaces the whole database in one step under a write lock:
        # no reader ever sees half of it, unlike a file copy over a live WAL database.
        saved.backup(live)
    finally:
        live.close()
        saved.close()
    path.chmod(0o600)


def _postgres_restore(database: Path) -> None:
    args, env = pg_connection()
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(database),
        ],
        env,
    )
