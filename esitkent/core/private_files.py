"""Everything under var/ is for the app's own user only (issue 14): the database and its
-wal/-shm files, the keys, uploads, generated files.

Imported by config/settings.py, which every entry point loads before it opens a file
(manage.py and so the django-q worker, gunicorn through config/wsgi.py, pytest, scripts), so
nothing here may import Django.
"""

import os
import stat
from pathlib import Path

# What another local user gets of anything the process creates: nothing. SQLite gives its
# -wal and -shm files the database file's mode, so the database is the one that matters.
UMASK = 0o077


def keep_private(var_dir: Path) -> None:
    """Create files 0600 and folders 0700 from now on, and tighten what an older version
    left readable: var/ itself (closing it closes everything below) and the files in it."""
    os.umask(UMASK)
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in [var_dir, *var_dir.iterdir()]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode) or not stat.S_IMODE(mode) & 0o077:
            continue
        try:
            path.chmod(stat.S_IMODE(mode) & ~0o077)
        except PermissionError:
            # Not ours to change (another owner, a read-only mount): starting anyway is
            # better than not starting; the operator's own permissions stand.
            continue
