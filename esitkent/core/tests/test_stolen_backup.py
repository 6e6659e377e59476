"""Issue 14, finding 5: what a stolen database gives. A caseworker enrols her authenticator
through the real pages, opens a case with a name and a national ID number and reads it; then
the thief copies the live database (the SQLite file with its -wal and -shm, as a file-level
backup would, or a `pg_dump`) and searches its raw bytes. Without the keys in var/ (or the
secret store) he finds no name, no ID number, no TOTP secret, no session key he could replay.
The password hashes are there (PBKDF2, salted; see docs/security.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[3]
NAME = "Zeynep Hırsızaranır"
NATIONAL_ID = "10000000146"
PHONE = "0555 987 65 43"

# Runs in the scratch database's own process: what a day at a centre writes.
SCENARIO = """
import datetime as dt, json, re, shutil, sys, time
from pathlib import Path
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from esitkent.accounts.services import membership_grant
from esitkent.cases import services
from esitkent.centres.models import Centre

def code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

password = "hirsiz-deneme-parola-42"
centre = Centre.objects.select_related("organisation").get(code="kdm-karsiyaka")
user = get_user_model().objects.create_user(
    username="ayse", password=password, email="ayse@example.org"
)
membership_grant(user=user, organisation=centre.organisation, role="centre_staff")
client = Client()
client.post("/hesap/login/", {"login": "ayse", "password": password})
# The first authenticator opens only through the link mailed to her (issue 14, finding 7).
client.post("/hesap/dogrulama-ekle/")
link = re.search(r"(/hesap/dogrulama-ekle/[^/\\s]+/)", mail.outbox[-1].body).group(1)
client.get(link)
page = client.get("/hesap/2fa/totp/activate/")
if page.status_code == 302:
    client.post(page["Location"], {"password": password})
    page = client.get("/hesap/2fa/totp/activate/")
secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode()).group(1)
client.post("/hesap/2fa/totp/activate/", {"code": code(secret)})
assert Authenticator.objects.filter(user=user, type="totp").exists(), "no TOTP enrolled"
recovery = Authenticator.objects.get(user=user, type="recovery_codes")
seed = decrypt(recovery.data["seed"])
recovery = recovery.wrap().generate_codes()
case = services.case_open(
    centre=centre, by=user, applied_on=dt.date(2026, 11, 2), channel="walk_in",
    demographics={"age_band": "30-44", "education": "secondary", "employment": "unemployed",
                  "marital_status": "married", "children": "2", "disability": "no",
                  "nationality": "citizen"},
    identity={"name": NAME, "national_id": NATIONAL_ID, "phone": PHONE},
    referral_consent=True, statistics_consent=True, today=dt.date(2026, 11, 21),
)
opened = client.get(f"/vakalar/{case.survivor_code}/iletisim/")
detail = client.get(f"/vakalar/{case.survivor_code}/")
assert detail.status_code == 200, detail.status_code
assert NAME in opened.content.decode() + detail.content.decode(), "the case page did not show her"
session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
stolen = Path(sys.argv[-1])
stolen.mkdir()
if connection.vendor == "sqlite":
    # While the server still has the database open, as a file-level backup copies it.
    database = Path(connection.settings_dict["NAME"])
    for path in database.parent.glob(database.name + "*"):
        shutil.copy(path, stolen / path.name)
print(json.dumps({"secret": secret, "session_key": session_key, "recovery": recovery, "seed": seed,
                  "case": case.survivor_code, "url": connection.settings_dict.get("NAME")}))
"""


def _run(env, stolen: Path) -> dict:
    env = {**env, "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    script = f"NAME = {NAME!r}; NATIONAL_ID = {NATIONAL_ID!r}; PHONE = {PHONE!r}\n" + SCENARIO
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script, str(stolen)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _assert_nothing_readable(raw: bytes, facts: dict) -> None:
    text = raw.decode("utf-8", "replace")
    found = {
        what: value
        for what, value in {
            "name": NAME,
            "national ID": NATIONAL_ID,
            "phone": PHONE,
            "TOTP secret": facts["secret"],
            "session key": facts["session_key"],
            "recovery-code seed": facts["seed"],
            **{f"recovery code {i}": c for i, c in enumerate(facts["recovery"])},
        }.items()
        if value in text
    }
    assert found == {}, found
    # Positive control: the copy is the database the scenario wrote.
    assert facts["case"] in text and "ayse" in text


def test_a_copied_sqlite_file_gives_no_identity_secret_or_session(tmp_path, monkeypatch):
    with monkeypatch.context() as m:
        m.delenv("DATABASE_URL", raising=False)  # the file, whatever the suite runs on
        env, _ = fresh_database(tmp_path / "var", [["load_izmir"]])
    facts = _run(env, tmp_path / "stolen")
    copied = sorted((tmp_path / "stolen").iterdir())
    assert [p.name for p in copied][0] == "esitkent.sqlite3"
    assert any(p.name.endswith("-wal") for p in copied)  # the log holds recent pages too
    _assert_nothing_readable(b"".join(p.read_bytes() for p in copied), facts)


def test_a_pg_dump_gives_no_identity_secret_or_session(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL only: the suite runs on SQLite (the file is checked above)")
    env, drop = fresh_database(tmp_path / "var", [["load_izmir"]])
    try:
        facts = _run(env, tmp_path / "stolen")
        pg_dump = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"
        dump = subprocess.run(
            [pg_dump, "--no-owner", env["DATABASE_URL"]], capture_output=True, check=True
        ).stdout
    finally:
        if drop:
            drop()
    _assert_nothing_readable(dump, facts)
