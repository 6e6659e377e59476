"""What every values file shares: the row a reader yields, refusals, how bytes become text.

A row's `fields` use DHIS2's names, lower-cased (`dhis2.DEFAULT_COLUMNS`): dataelement (our
indicator code), period, orgunit (our organisation code), categoryoptioncombo (our breakdown
key, e.g. 'age=18-29;sex=F'; empty or 'default' for the total), attributeoptioncombo, value,
storedby, lastupdated, comment, followup, deleted. Every one is a string, "" when absent; all
but the comment are stripped of surrounding spaces.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from esitkent.core.errors import InputRejected, Problem

from .dhis2 import DEFAULT_COLUMNS

FIELDS = tuple(DEFAULT_COLUMNS)
REQUIRED = {"dataelement", "period", "orgunit", "value"}
NUMBERS_POINT, NUMBERS_COMMA, NUMBERS_TURKISH = "point", "comma", "tr"
MAX_PROBLEMS = 200  # a refused file names at most this many problems, then counts the rest

ENCODINGS = {
    "auto": "auto",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "windows-1254": "cp1254",
    "cp1254": "cp1254",
}
TURKISH_LETTERS = frozenset("ğĞşŞıİçÇöÖüÜ")
CHUNK = 65536


@dataclass
class Row:
    number: int  # CSV, XLSX: the line in the file; JSON: index in dataValues; XML: n-th dataValue
    where: str  # "satır 12", "dataValues[3]", "dataValue 3"
    fields: dict[str, str]
    numbers: str  # how `value` is written: "point", "comma", or "tr" (as the entry form reads it)


@dataclass
class ValueFile:
    format: str
    rows: Iterator[Row]  # lazy: refusals found while reading are raised from iteration
    notes: list[str] = field(default_factory=list)  # may grow while rows are read (XLSX)
    id_schemes: dict[str, str] = field(default_factory=dict)
    rows_total: int | None = None  # an estimate, for a progress bar


def refuse(where: str, message: str) -> InputRejected:
    return InputRejected([Problem(where, message)])


# --- Encodings ----------------------------------------------------------------------------------


def check_start(head: bytes, codec: str) -> tuple[int, str]:
    """(bytes of a UTF-8 BOM to skip, a note on the encoding); refuses UTF-16 and UTF-32."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise refuse("dosya", "dosya UTF-32 kodlamalı; UTF-8 olarak kaydedin")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse("dosya", "dosya UTF-16 kodlamalı; UTF-8 olarak kaydedin")
    if b"\x00" in head:
        raise refuse(
            "dosya",
            "dosyada NUL baytları var: metin değil ya da UTF-16 kodlamalı; UTF-8 olarak kaydedin",
        )
    if head.startswith(codecs.BOM_UTF8):
        if codec == "cp1254":
            raise refuse(
                "dosya",
                "dosya UTF-8 kodlamalı (başında UTF-8 işareti var); kodlama olarak “utf-8” seçin",
            )
        return len(codecs.BOM_UTF8), "Kodlama: UTF-8 (BOM ile)"
    if codec == "cp1254":
        return 0, "Kodlama: Windows-1254 (Türkçe Windows), seçildiği gibi"
    return 0, "Kodlama: UTF-8"


def undecodable(codec: str, raw: bytes, exc: UnicodeDecodeError, where: str) -> InputRejected:
    if codec == "cp1254":
        return refuse(where, "Windows-1254 olarak okunamadı; dosyayı UTF-8 olarak kaydedin")
    # Turkish letters from the first byte that is not UTF-8 on: a dash may come first.
    if TURKISH_LETTERS & set(raw[exc.start :].decode("cp1254", "replace")):
        return refuse(
            where,
            "UTF-8 olarak okunamadı; dosya Windows-1254 (Türkçe Windows) kodlamalı görünüyor: "
            "kodlama olarak “windows-1254” seçin ya da dosyayı UTF-8 olarak kaydedin",
        )
    return refuse(where, "UTF-8 olarak okunamadı; dosyayı UTF-8 olarak kaydedin")


def byte_chunks(source: bytes | Path) -> Iterator[bytes]:
    if isinstance(source, Path):
        with source.open("rb") as f:
            while chunk := f.read(CHUNK):
                yield chunk
    else:
        for start in range(0, len(source), CHUNK):
            yield source[start : start + CHUNK]


def head_bytes(source: bytes | Path, size: int = 4096) -> bytes:
    if isinstance(source, Path):
        with source.open("rb") as f:
            return f.read(size)
    return source[:size]


def columns_check(keys: list[str], where: str) -> None:
    """Refuses a header that names a column twice or lacks a required one."""
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise refuse(where, f"aynı sütun iki kez: {', '.join(twice)}")
    missing = [k for k in DEFAULT_COLUMNS if k in REQUIRED and k not in keys]
    if missing:
        raise refuse(where, f"eksik sütun: {', '.join(missing)}")


def clean(key: str, text: str) -> str:
    return text if key == "comment" else text.strip()


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
