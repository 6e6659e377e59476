"""Do the configured keys open the data in this database?

A restore into an empty `var/` used to generate fresh keys and start normally, with every
encrypted field unreadable: the mismatch only showed when someone opened a record. This module
tries a few stored values per encrypted column (the first and the last row) so that
`check_keys`, `restore`, the system check and the WSGI start-up can refuse early and say which
key is wrong. Columns are found by walking the models (core.crypto.encrypted_fields), so a new
encrypted field is covered without editing this file.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction

from esitkent.core import crypto

WRONG_FIELD_KEYS = (
    "açılamıyor: FIELD_ENCRYPTION_KEYS içindeki anahtarlar bu verinin yazıldığı anahtarlar değil"
)
WRONG_INDEX_KEY = (
    "uyuşmuyor: FIELD_BLIND_INDEX_KEY bu dizinin yazıldığı anahtar değil "
    "(T.C. kimlik no ile arama bulamaz)"
)
# Blind indexes sit next to their encrypted field as `<field>_index` (cases.Case.national_id).
INDEX_SUFFIX = "_index"


@dataclass(frozen=True)
class ColumnCheck:
    label: str
    rows: int | None = None  # rows holding a value; None when not counted
    opened: bool = True
    problem: str = ""
    skipped: str = ""

    def line(self) -> str:
        if self.skipped:
            return f"{self.label}: atlandı ({self.skipped})"
        if not self.opened:
            return f"{self.label}: {self.problem}"
        counted = "" if self.rows is None else f"{self.rows} satır, "
        return f"{self.label}: {counted}açıldı"


def fingerprint(key: str) -> str:
    """Enough to tell two keys apart in a manifest or a log, nothing to recover the key from."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def fingerprints() -> dict:
    return {
        "FIELD_ENCRYPTION_KEYS": [fingerprint(k) for k in settings.FIELD_ENCRYPTION_KEYS],
        "FIELD_BLIND_INDEX_KEY": fingerprint(settings.FIELD_BLIND_INDEX_KEY),
    }


def _opens(token: str) -> str | None:
    try:
        return crypto.decrypt(token)
    except (ImproperlyConfigured, ValueError):
        # ValueError: a configured key that is not a Fernet key at all.
        return None


def _samples(model, column: str, also: str | None = None) -> list[tuple]:
    """The first and the last row holding a value: a cheap probe, and rows written before and
    after a rotation are both tried."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    wanted = [column, *([also] if also else [])]
    columns = ", ".join(quote(c) for c in wanted)
    where = " AND ".join(f"{quote(c)} IS NOT NULL AND {quote(c)} <> ''" for c in wanted)
    rows = []
    with connection.cursor() as cursor:
        for order in ("ASC", "DESC"):
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {pk} {order} LIMIT 1"
            )
            rows.extend(cursor.fetchall())
    return rows


def _count(model, column: str) -> int:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} <> ''"
        )
        return cursor.fetchone()[0]


def check(*, count: bool = False) -> list[ColumnCheck]:
    """One result per encrypted column and per blind index. `count` adds a COUNT(*) per column
    (the command's report); the start-up check leaves it out to stay a few indexed reads."""
    tables = set(connection.introspection.table_names())
    results = []
    for model, column in crypto.encrypted_fields():
        label = f"{model._meta.label}.{column}"
        if model._meta.db_table not in tables:
            # Not migrated yet: a fresh install has nothing to open.
            results.append(ColumnCheck(label, skipped="tablo yok"))
            continue
        try:
            # A savepoint per column: on PostgreSQL a failed query spoils the transaction.
            with transaction.atomic():
                samples = _samples(model, column)
                rows = _count(model, column) if count else None
                index = f"{column}{INDEX_SUFFIX}"
                has_index = any(f.attname == index for f in model._meta.concrete_fields)
                indexed = _samples(model, column, also=index) if has_index else []
        except DatabaseError:
            results.append(ColumnCheck(label, skipped="sütun yok: önce migrate çalıştırın"))
            continue
        opened = all(_opens(token) is not None for (token,) in samples)
        results.append(ColumnCheck(label, rows, opened, "" if opened else WRONG_FIELD_KEYS))
        if indexed and opened:
            # The index is an HMAC of the plaintext: recomputing it from a value that decrypts
            # shows whether FIELD_BLIND_INDEX_KEY is the one the index was written with.
            matches = all(
                hmac.compare_digest(crypto.blind_index(_opens(token)), stored)
                for token, stored in indexed
            )
            results.append(
                ColumnCheck(
                    f"{model._meta.label}.{index}",
                    opened=matches,
                    problem="" if matches else WRONG_INDEX_KEY,
                )
            )
    results.extend(_check_mfa_secrets(tables, count=count))
    return results


def _check_mfa_secrets(tables: set[str], *, count: bool) -> list[ColumnCheck]:
    """The two-factor secrets allauth keeps inside Authenticator.data, under the same keys
    (accounts.adapters.EncryptingMFAAdapter): wrong keys there lock every case role out."""
    from allauth.mfa.models import Authenticator

    if Authenticator._meta.db_table not in tables:
        return []
    label = f"{Authenticator._meta.label}.data"
    try:
        with transaction.atomic():
            rows = Authenticator.objects.values_list("data", flat=True)
            samples = [d for d in (rows.order_by("pk").first(), rows.order_by("-pk").first()) if d]
            total = rows.count() if count else None
    except DatabaseError:
        return [ColumnCheck(label, skipped="sütun yok: önce migrate çalıştırın")]
    tokens: list[str] = []
    for data in samples:
        crypto.mfa_secrets_map(data, lambda value: tokens.append(value) or value)
    tokens = [t for t in tokens if isinstance(t, str) and crypto.is_ciphertext(t)]
    if not tokens:
        return []
    opened = all(_opens(token) is not None for token in tokens)
    return [ColumnCheck(label, total, opened, "" if opened else WRONG_FIELD_KEYS)]


def failures(results: list[ColumnCheck]) -> list[ColumnCheck]:
    return [r for r in results if not r.opened]


def refusal(failed: list[ColumnCheck]) -> str:
    """The message that stops the application, in Turkish and English (an operator may read
    it in a log without the interface's language)."""
    columns = ", ".join(r.label for r in failed)
    return (
        f"Anahtarlar şifreli verileri açmıyor ({columns}). Verinin yazıldığı "
        "FIELD_ENCRYPTION_KEYS / FIELD_BLIND_INDEX_KEY değerlerini geri koyun; "
        "`manage.py check_keys` ayrıntıyı gösterir. "
        f"The configured keys do not open the encrypted data ({columns}): put back the keys "
        "it was written with (FIELD_ENCRYPTION_KEYS, FIELD_BLIND_INDEX_KEY); "
        "`manage.py check_keys` shows the details. Fingerprints of the configured keys: "
        f"{fingerprints()}."
    )


def refuse_wrong_keys() -> None:
    """Raise ImproperlyConfigured when encrypted rows exist and the keys do not open them; do
    nothing on an empty or unmigrated database, or when the database cannot be reached (that
    is another error, reported by whatever needs the database first)."""
    try:
        failed = failures(check())
    except DatabaseError:
        return
    if failed:
        raise ImproperlyConfigured(refusal(failed))


def refuse_wrong_keys_at_start() -> None:
    """For config/wsgi.py: the same refusal, then the probe's connection is closed so that a
    preloading server (gunicorn --preload) does not share it with the workers it forks."""
    try:
        refuse_wrong_keys()
    finally:
        connection.close()
