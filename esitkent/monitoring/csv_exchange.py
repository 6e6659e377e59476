"""DHIS2's CSV data values: read line by line (a stored file is never held whole), written with
DHIS2's header and column order. A semicolon-separated file is Turkish Excel's, read with a
decimal comma; a file without a header is read in DHIS2's column order."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from esitkent.core.downloads import formula_safe

from .dhis2 import COLUMN_ALIASES, DEFAULT_COLUMNS, DROPPED
from .exchange_text import (
    FIELDS,
    NUMBERS_COMMA,
    NUMBERS_POINT,
    Row,
    ValueFile,
    as_text,
    byte_chunks,
    check_start,
    clean,
    columns_check,
    head_bytes,
    refuse,
    undecodable,
)

CSV_HEADER = list(DEFAULT_COLUMNS)
_FORMULA = re.compile(r"'*[=+\-@]")


def read_csv(source: bytes | Path, codec: str, decimal: str) -> ValueFile:
    skip, encoding_note = check_start(head_bytes(source), codec)
    lines = _text_lines(_raw_lines(source), codec, skip)
    buffered = _up_to_first_filled_line(lines)
    first = buffered[-1]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    records = _Records(csv.reader(_chain(buffered, lines), delimiter=delimiter))
    row, start = records.next()
    while row is not None and not any(c.strip() for c in row):
        row, start = records.next()
    if row is None:
        raise refuse("dosya", "boş dosya")
    numbers, numbers_note = _numbers(delimiter, decimal)
    keys, widths, pending, columns_note = _columns(row, start)
    total = _count_lines(source) - (0 if pending is not None else 1)
    rows = _rows(records, pending, start, keys, widths, numbers)
    return ValueFile("csv", rows, [encoding_note, numbers_note, columns_note], {}, max(total, 0))


def _raw_lines(source: bytes | Path) -> Iterator[bytes]:
    if isinstance(source, Path):
        with source.open("rb") as f:
            yield from f
    else:
        yield from io.BytesIO(source)


def _text_lines(raw_lines: Iterator[bytes], codec: str, skip: int) -> Iterator[str]:
    for number, raw in enumerate(raw_lines, start=1):
        if number == 1:
            raw = raw[skip:]
        if b"\x00" in raw:
            raise refuse(
                f"satır {number}", "NUL baytı var: dosya metin değil ya da UTF-16 kodlamalı"
            )
        try:
            yield raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise undecodable(codec, raw, exc, f"satır {number}") from None


def _up_to_first_filled_line(lines: Iterator[str]) -> list[str]:
    """The lines up to the first that is not blank: it tells the delimiter."""
    buffered: list[str] = []
    for line in lines:
        buffered.append(line)
        if line.strip():
            break
    if not buffered or not buffered[-1].strip():
        raise refuse("dosya", "boş dosya")
    return buffered


class _Records:
    """A CSV reader that tells the line each record starts on (a quoted cell may span lines)."""

    def __init__(self, reader):
        self.reader = reader

    def next(self) -> tuple[list[str] | None, int]:
        start = self.reader.line_num + 1
        try:
            return next(self.reader), start
        except StopIteration:
            return None, start
        except csv.Error as exc:
            raise refuse(f"satır {self.reader.line_num}", f"CSV okunamadı ({exc})") from None


def _numbers(delimiter: str, decimal: str) -> tuple[str, str]:
    """How the file's numbers are written, and a note saying so."""
    if delimiter == ",":
        delimiter_text, numbers = "Virgülle ayrılmış CSV (DHIS2)", NUMBERS_POINT
    else:
        delimiter_text, numbers = "Noktalı virgülle ayrılmış CSV (Türkçe Excel)", NUMBERS_COMMA
    if decimal == "auto":
        mark = "noktayla" if numbers == NUMBERS_POINT else "virgülle"
        return numbers, f"{delimiter_text}: sayılar ondalık {mark} okundu"
    mark = "noktayla" if decimal == NUMBERS_POINT else "virgülle"
    return decimal, f"{delimiter_text}: sayılar, seçildiği gibi, ondalık {mark} okundu"


def _columns(
    first: list[str], start: int
) -> tuple[list[str], tuple[int, int], list[str] | None, str]:
    """(column keys, allowed row widths, the first row when it is data not a header, a note)."""
    head = [c.strip().lower() for c in first]
    if head[0] in COLUMN_ALIASES:
        keys = _csv_header(head, f"satır {start}")
        note = f"Başlık satırı okundu: {', '.join(k for k in keys if k not in DROPPED)}"
        return keys, (len(keys), len(keys)), None, note
    note = (
        "Başlık satırı yok: sütunlar DHIS2'nin sırasıyla okundu ("
        + ", ".join(DEFAULT_COLUMNS[:6])
        + ", …)"
    )
    return list(DEFAULT_COLUMNS), (6, len(DEFAULT_COLUMNS)), first, note


def _rows(
    records: _Records,
    pending: list[str] | None,
    start: int,
    keys: list[str],
    widths: tuple[int, int],
    numbers: str,
) -> Iterator[Row]:
    row, number = (pending, start) if pending is not None else records.next()
    while row is not None:
        if any(c.strip() for c in row):
            _check_width(row, widths, number)
            fields = dict.fromkeys(FIELDS, "")
            for key, cell in zip(keys, row, strict=False):
                if key in fields:
                    fields[key] = clean(key, unescape_formula(cell))
            yield Row(number, f"satır {number}", fields, numbers)
        row, number = records.next()


def _check_width(row: list[str], widths: tuple[int, int], number: int) -> None:
    if not widths[0] <= len(row) <= widths[1]:
        expected = (
            f"{widths[0]} sütun"
            if widths[0] == widths[1]
            else f"DHIS2 sırasıyla {widths[0]}–{widths[1]} sütun"
        )
        raise refuse(f"satır {number}", f"{expected} beklenirken {len(row)} sütun var")


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _csv_header(head: list[str], where: str) -> list[str]:
    unknown = [h or "(boş)" for h in head if h not in COLUMN_ALIASES]
    if unknown:
        raise refuse(where, f"bilinmeyen sütun: {', '.join(unknown)}")
    keys = [COLUMN_ALIASES[h] for h in head]
    columns_check(keys, where)
    return keys


def _count_lines(source: bytes | Path) -> int:
    count, last = 0, b"\n"
    for chunk in byte_chunks(source):
        count += chunk.count(b"\n")
        last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)


def unescape_formula(text: str) -> str:
    """An exported cell "'=x" (formula-safe) reads back as "=x"."""
    return text[1:] if _FORMULA.match(text) and text.startswith("'") else text


def escape_formula(text: str) -> str:
    """Formula-safe, and reversible by `unescape_formula` even for text that starts with an apostrophe."""
    if text.startswith("'") and _FORMULA.match(text):
        return "'" + text
    return formula_safe(text)


def write_csv(rows: Iterable[dict], out) -> None:
    """DHIS2's CSV: its header and column order, formula-safe cells, "\\n" line ends."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([escape_formula(as_text(row.get(k))) for k in CSV_HEADER])
