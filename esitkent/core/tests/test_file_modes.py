"""Issue 14, finding 5 (in part): the SQLite database file was world-readable (0644) while the
key files beside it were 0600. Everything the app writes under var/ is now for its own user
only: files 0600, folders 0700, the database and its -wal/-shm too, uploads included; and a
database left loose by an older version is tightened at start-up."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SAVE_AN_UPLOAD = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
default_storage.save("imports/degerler.csv", ContentFile(b"a;b"))
with connection.cursor() as cursor:  # a write, so SQLite opens its -wal and -shm files
    cursor.execute("UPDATE core_publicationstamp SET version = version")
print(sorted(p.name for p in __import__("pathlib").Path(connection.settings_dict["NAME"]).parent.iterdir()))
"""


def manage(var: Path, *args: str) -> str:
    # A shell whose umask lets everyone read (the usual 022): the app must not rely on it.
    env = {**os.environ, "ESITKENT_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings"}
    for name in (
        "DATABASE_URL",
        "DJANGO_SECRET_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "FIELD_BLIND_INDEX_KEY",
    ):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def loose(var: Path) -> list[str]:
    """Entries under var/ (var/ itself included) that another local user could read."""
    found = []
    for path in [var, *var.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            found.append(f"{path.relative_to(var.parent)} {mode:o}")
    return found


@pytest.fixture(scope="module")
def var(tmp_path_factory):
    var = tmp_path_factory.mktemp("modes") / "var"  # does not exist yet: the app makes it
    manage(var, "migrate", "--noinput", "-v0")
    return var


def test_a_fresh_var_holds_nothing_another_user_can_read(var):
    listed = manage(var, "shell", "-c", SAVE_AN_UPLOAD)
    assert "esitkent.sqlite3" in listed and "field_encryption_keys" in listed  # control
    assert (var / "media" / "imports" / "degerler.csv").exists()
    assert loose(var) == []


def test_a_database_left_readable_is_tightened_at_start(var):
    database = var / "esitkent.sqlite3"
    database.chmod(0o644)
    var.chmod(0o755)
    manage(var, "check")
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
