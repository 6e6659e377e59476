"""A database of its own for concurrency scenarios: a SQLite file (WAL, the production
settings) or a fresh database on the test PostgreSQL cluster, migrated and loaded as `make demo`
does. Each scenario runs in a separate process with real connections, one per thread, so that
locks, transactions and the database's own serialisation are the real ones; the pytest
transaction that wraps ordinary tests would hide them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def scratch_env(tmp_path_factory):
    env, drop = fresh_database(tmp_path_factory.mktemp("concurrency-var"), [["load_izmir"]])
    yield env
    if drop:
        drop()


@pytest.fixture
def scenario(scratch_env):
    """Run a scenario of tests/concurrency/scenarios.py; return what it printed as JSON."""

    def run(name: str, *args: str, timeout: int = 600) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "tests.concurrency.scenarios", name, *args],
            env=scratch_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-4000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    return run
