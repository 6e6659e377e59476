"""`manage.py check --deploy` with the production settings of docs/deployment.md warns only
about what the TLS proxy answers for: HSTS (W004) and the HTTP→HTTPS redirect (W008)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ANSWERED_BY_THE_PROXY = {"security.W004", "security.W008"}


def _check(tmp_path: Path, **env) -> set[str]:
    environment = {
        **os.environ,
        "ESITKENT_VAR_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        "DJANGO_ALLOWED_HOSTS": "esitkent.example",
        "DJANGO_DEBUG": "0",
        **env,
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("DATABASE_URL", None)  # the check reads settings, not data
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "CRITICAL"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(re.findall(r"\((security\.\w+)\)", done.stdout + done.stderr))


def test_production_settings_leave_only_what_the_proxy_answers_for(tmp_path):
    assert _check(tmp_path, DJANGO_SECURE_COOKIES="1") <= ANSWERED_BY_THE_PROXY


def test_the_check_finds_insecure_cookies(tmp_path):
    # Positive control: without the documented DJANGO_SECURE_COOKIES=1 the check complains.
    found = _check(tmp_path, DJANGO_SECURE_COOKIES="0")
    assert {"security.W012", "security.W016"} <= found
