"""Encryption at rest (gbv.md §7.4): what the database and a copy of it hold, as a thief
with a backup and no keys would read them: every encrypted column, SQLite's dump, a real
database file's bytes or a pg_dump (every run, on either database), and key rotation."""

from __future__ import annotations

import base64
import sqlite3
import subprocess
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from esitkent.cases import selectors
from esitkent.cases.models import Case
from esitkent.core import backups

from .conftest import CLOSURE_NOTE, synthetic_cases
from .test_access_matrix import (
    FOLLOW_UP_NOTE_A,
    IDENTITY_A,
    NARRATIVE_A,
    PNG,
    SAFETY_PLAN_A,
    SERVICE_NOTE_A,
    leaks,
)

pytestmark = pytest.mark.django_db


# --- What the database holds ---------------------------------------------------------------------

PLAINTEXTS = [
    *IDENTITY_A.values(),
    NARRATIVE_A,
    SAFETY_PLAN_A,
    SERVICE_NOTE_A,
    FOLLOW_UP_NOTE_A,
    CLOSURE_NOTE,
    "Örnek Kişi",
    "Örnek Mahallesi",
    "SMS güvenli değil",
]
ENCRYPTED_COLUMNS = {
    "cases_case": ["name", "national_id", "phone", "address", "safe_contact", "closure_note"],
    "cases_incident": ["narrative"],
    "cases_riskassessment": ["safety_plan"],
    "cases_caseservice": ["note"],
    "cases_followup": ["note"],
    "cases_caseattachment": ["content"],
}


def raw_columns() -> dict[str, list[str]]:
    found = {}
    with connection.cursor() as cursor:
        for table, columns in ENCRYPTED_COLUMNS.items():
            for column in columns:
                cursor.execute(f"SELECT {column} FROM {table}")
                found[f"{table}.{column}"] = [row[0] for row in cursor.fetchall() if row[0]]
    return found


def test_the_database_holds_only_ciphertext(record, centre_a):
    assert synthetic_cases(centre_a.centre) == 20
    assert Case.objects.filter(is_sample=True).count() == 20

    columns = raw_columns()
    assert all(columns.values()), {k for k, v in columns.items() if not v}
    for where, values in columns.items():
        assert all(v.startswith("gAAAAA") for v in values), where
        assert leaks("\n".join(values), PLAINTEXTS) == [], where
    # The attachment is not there as bytes or as plain base64 either.
    attachment = "\n".join(columns["cases_caseattachment.content"])
    assert base64.b64encode(PNG).decode() not in attachment
    # Every column of the case table, not only the encrypted ones.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case")
        rows = "\n".join(str(row) for row in cursor.fetchall())
    assert leaks(rows, PLAINTEXTS) == []
    assert "05329876543" not in rows and "88778932822" not in rows
    # ...while the application reads them back.
    assert Case.objects.get(pk=record.pk).name == IDENTITY_A["name"]


def _sqlite_file(target: Path) -> bytes:
    """The test database written to a real SQLite file, as bytes.

    The rows this test wrote are not committed, and SQLite's backup API and VACUUM INTO
    wait for the test's open write transaction. So the test connection's own dump (it reads
    inside the transaction) is replayed into a new file, which SQLite lays out in pages as it
    does any database file."""
    dump = "\n".join(connection.connection.iterdump())
    copy = sqlite3.connect(target)
    try:
        copy.executescript(dump)
    finally:
        copy.close()
    return target.read_bytes()


def _pg_dump() -> bytes:
    """A real `pg_dump` of what the test database holds inside this test's transaction.

    pg_dump opens its own session, which cannot see rows the test has not committed, and the
    test cannot commit (the access log's trigger refuses the TRUNCATE that would clean up).
    So the test database's tables are copied, through the test's own connection, into a
    scratch database on the same server, and the scratch database is dumped."""
    db = connection.settings_dict
    name = f"{db['NAME']}_copy"
    server = {
        "host": db["HOST"],
        "port": db["PORT"],
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    server = {k: str(v) for k, v in server.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        tables = _pg_tool("pg_dump", "--schema-only", "--section=pre-data", dbname=db["NAME"])
        _pg_tool("psql", "--quiet", "--set=ON_ERROR_STOP=1", dbname=name, stdin=tables)
        with psycopg.connect(dbname=name, **server) as scratch_db:
            _copy_rows(scratch_db)
        return _pg_tool("pg_dump", "--no-owner", dbname=name)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def _copy_rows(target) -> None:
    """Every table's rows as the test's connection sees them, into `target` (no constraints
    there yet: pre-data only, so the order does not matter)."""
    with connection.cursor() as cursor:
        raw = cursor.connection
        for table in connection.introspection.table_names():
            name = sql.Identifier(table)
            with (
                raw.cursor().copy(sql.SQL("COPY {} TO STDOUT").format(name)) as source,
                target.cursor().copy(sql.SQL("COPY {} FROM STDIN").format(name)) as sink,
            ):
                for block in source:
                    sink.write(block)


def _pg_tool(tool: str, *args: str, dbname: str, stdin: bytes | None = None) -> bytes:
    """Run a PostgreSQL client tool as the backup command does (core.backups: PG_BIN, the
    connection settings, the password through the environment)."""
    connection_args, env = backups.pg_connection(dbname)
    command = [backups.pg_tool(tool), *args, *connection_args]
    done = subprocess.run(command, input=stdin, env=env, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


def database_copy(directory: Path) -> bytes:
    """What a backup of the test database holds, as bytes: a SQLite file, or a pg_dump."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return _sqlite_file(directory / "kopya.sqlite3")
    assert connection.vendor == "postgresql", connection.vendor
    return _pg_dump()


def test_a_copy_of_the_database_holds_no_plaintext(record, centre_a, tmp_path):
    """A backup's view, every run: a real SQLite database file's bytes, or on PostgreSQL
    pg_dump's output."""
    synthetic_cases(centre_a.centre)
    data = database_copy(tmp_path)

    # The control: what is stored in the clear is there, so the copy is this test's data.
    plain = [record.survivor_code, centre_a.caseworker.username, centre_a.centre.code]
    assert [text for text in plain if text.encode() not in data] == []
    found = [text for text in PLAINTEXTS if text.encode() in data]
    assert found == []
    for number in (IDENTITY_A["national_id"], "05329876543"):
        assert number.encode() not in data


# --- Key rotation --------------------------------------------------------------------------------


def test_after_rotation_every_record_reads_with_the_new_key_alone(settings, record, centre_a):
    synthetic_cases(centre_a.centre, count=10)
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    before = raw_columns()
    samples = {
        c.pk: (c.name, c.national_id, c.phone)
        for c in Case.objects.filter(is_sample=True).order_by("pk")
    }

    settings.FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(ImproperlyConfigured):  # the control: the old key was needed
        Case.objects.get(pk=record.pk)

    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    call_command("rotate_field_keys", stdout=StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new]

    case = Case.objects.get(pk=record.pk)
    assert (case.name, case.national_id, case.address, case.closure_note) == (
        IDENTITY_A["name"],
        IDENTITY_A["national_id"],
        IDENTITY_A["address"],
        CLOSURE_NOTE,
    )
    assert case.incidents.get().narrative == NARRATIVE_A
    assert case.risk_assessments.get().safety_plan == SAFETY_PLAN_A
    assert case.services.get().note == SERVICE_NOTE_A
    assert case.follow_ups.get().note == FOLLOW_UP_NOTE_A
    assert selectors.attachment_bytes(case.attachments.get()) == PNG
    assert {
        c.pk: (c.name, c.national_id, c.phone)
        for c in Case.objects.filter(is_sample=True).order_by("pk")
    } == samples
    after = raw_columns()
    for where, values in after.items():
        assert len(values) == len(before[where])
        assert not set(values) & set(before[where]), where  # every value re-encrypted
        for value in values:
            Fernet(new.encode()).decrypt(value.encode())  # under the new key alone
    # The blind index has its own key and stays valid.
    assert selectors.find_by_national_id(centre_a.caseworker, IDENTITY_A["national_id"]) == [case]
