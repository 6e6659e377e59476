"""A real server for browser tests: the `make demo` path against a database of its own.

The server runs in a subprocess (gunicorn) with a fresh SQLite file, or a fresh database on
the PostgreSQL cluster named by DATABASE_URL, so the browser sees exactly what a newcomer sees.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from . import signing_in

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_database(url: str):
    """Create a fresh database next to the test cluster's; return its URL and a dropper."""
    import psycopg

    name = f"esitkent_e2e_{uuid.uuid4().hex[:8]}"
    base, _, _ = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


def fresh_database(var: Path, commands: list[list[str]]):
    """An environment for manage.py on a database of its own (a SQLite file in `var`, or a new
    database on the PostgreSQL cluster of DATABASE_URL), set up by `commands`; and its dropper."""
    env = {**os.environ, "ESITKENT_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings"}
    drop = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"], drop = _postgres_database(env["DATABASE_URL"])
    else:
        env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in [["migrate", "--noinput", "-v0"], ["createcachetable"], *commands]:
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
    return env, drop


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    var = tmp_path_factory.mktemp("demo-var")
    env, drop = fresh_database(
        var,
        [
            ["load_izmir"],
            ["create_demo_users"],
            ["create_demo_periods"],
            ["publish_demo_reports"],
            ["create_demo_centres"],
            ["create_demo_cases", "--per-centre", "8"],
        ],
    )
    # Mail to files, so signing_in.py can follow a case role's e-mailed enrolment link.
    env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    env["DJANGO_EMAIL_FILE_PATH"] = str(var / "mail")
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/hesap/login/", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("demo server did not start") from None
            time.sleep(0.2)
    credentials = json.loads((var / "demo-credentials.json").read_text())
    yield {"url": base, "credentials": credentials, "mail": var / "mail", "env": env}
    server.terminate()
    server.wait(timeout=10)
    if drop:
        drop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = signing_in.new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def login(page, demo_server):
    def log_in(username: str = "koordinator"):
        # The front door is the public portal; staff come in through its "Giriş" link.
        page.goto(demo_server["url"] + "/")
        page.get_by_role("link", name="Giriş (personel)").click()
        page.get_by_label("Kullanıcı adı").fill(username)
        page.get_by_label("Şifre").fill(demo_server["credentials"][username])
        page.get_by_role("button", name="Giriş yap").click()
        page.wait_for_url(demo_server["url"] + "/")  # her start page
        return page

    return log_in


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page through the DevTools protocol (not an injected <script>)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture(scope="module")
def person(browser, demo_server):
    """person(username) → her signed-in page, kept for the module (a code is used once, so
    each person signs in once); person.drop(username) after she has signed out."""
    pages: dict = {}

    def get(username: str):
        if username not in pages:
            pages[username] = signing_in.sign_in(browser, demo_server, username)
        return pages[username]

    get.drop = lambda username: pages.pop(username, None)
    yield get
    for page in pages.values():
        page.context.close()
    # Leave no code of this period used, so another module can sign the same people in.
    while signing_in.current_period() in signing_in.USED.values():
        time.sleep(0.5)
