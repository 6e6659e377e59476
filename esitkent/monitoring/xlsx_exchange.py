"""Our XLSX template of data values: the first sheet read after a zip-bomb check, number cells
as they are and text cells as typed into the entry form; written with number cells where a
spreadsheet keeps the exact value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook

from esitkent.core.xlsx import header, open_checked_workbook, put_rows, workbook_bytes

from .dhis2 import COLUMN_ALIASES
from .exchange_text import (
    FIELDS,
    NUMBERS_POINT,
    NUMBERS_TURKISH,
    REQUIRED,
    Row,
    ValueFile,
    as_text,
    clean,
    columns_check,
    refuse,
)

XLSX_COLUMNS = [
    ("dataelement", "dataElement"),
    ("name", "Gösterge"),
    ("period", "period"),
    ("orgunit", "orgUnit"),
    ("categoryoptioncombo", "categoryOptionCombo"),
    ("breakdown", "Kırılım"),
    ("value", "value"),
    ("comment", "comment"),
]
DEFAULT_XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def _size_text(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}".replace(".", ",")


def _number_text(value: float | int | Decimal) -> str:
    """A spreadsheet number as exchanged: '0.1', '3', '1234.5' (no exponent, no float noise)."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        value = Decimal(repr(value))
    return format(value, "f")


def _cell_text(value) -> tuple[str, bool]:
    """(text, whether it was a typed string) for one cell."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, int | float | Decimal):
        return _number_text(value), False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat(), False
        return value.isoformat(), False
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(), False
    return str(value), True


def read_xlsx(data: bytes, max_xlsx_bytes: int | None) -> ValueFile:
    if max_xlsx_bytes is None:
        from django.conf import settings

        max_xlsx_bytes = getattr(
            settings, "VALUES_XLSX_MAX_UNPACKED_BYTES", DEFAULT_XLSX_MAX_UNPACKED_BYTES
        )
    wb = open_checked_workbook(
        data,
        max_unpacked_bytes=max_xlsx_bytes,
        too_large=(
            f"XLSX dosyası açıldığında {_size_text(max_xlsx_bytes)} MB'tan büyük; "
            "değerleri birkaç dosyaya bölün"
        ),
    )
    if not wb.worksheets:
        raise refuse("dosya", "XLSX dosyasında sayfa yok")
    ws = wb.worksheets[0]
    ws.reset_dimensions()
    keys = _header_keys(ws)
    notes = [f"XLSX, ilk sayfa “{ws.title}”: sayı hücreleri olduğu gibi okundu"]
    return ValueFile("xlsx", _rows(wb, ws, keys, notes), notes, {}, None)


def _header_keys(ws) -> list[str | None]:
    """The first row's columns as row keys (None for an empty header cell); refuses an unknown,
    repeated or missing column."""
    labels = {label.lower(): key for key, label in XLSX_COLUMNS}
    head_row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    head = [_cell_text(v)[0].strip() for v in head_row]
    while head and not head[-1]:
        head.pop()
    if not head:
        raise refuse("satır 1", f"başlık satırı yok; eksik sütun: {', '.join(sorted(REQUIRED))}")
    keys: list[str | None] = []
    unknown = []
    for h in head:
        key = labels.get(h.lower()) or COLUMN_ALIASES.get(h.lower())
        if h and key is None:
            unknown.append(h)
        keys.append(key)
    if unknown:
        raise refuse("satır 1", f"bilinmeyen sütun: {', '.join(unknown)}")
    columns_check([k for k in keys if k], "satır 1")
    return keys


def _rows(wb, ws, keys: list[str | None], notes: list[str]) -> Iterator[Row]:
    try:
        yield from _sheet_rows(ws, keys, notes)
    finally:
        wb.close()


def _sheet_rows(ws, keys: list[str | None], notes: list[str]) -> Iterator[Row]:
    """The filled rows under the header; the first value typed as text adds a note on how such
    values are read."""
    typed_seen = False
    for number, cells in enumerate(
        ws.iter_rows(min_row=2, max_col=len(keys), values_only=True), start=2
    ):
        if not cells or all(v is None or v == "" for v in cells):
            continue
        fields, numbers = _row_fields(keys, cells)
        if numbers == NUMBERS_TURKISH and not typed_seen:
            typed_seen = True
            notes.append(
                "Metin olarak yazılmış değerler giriş formundaki gibi okundu "
                "(ondalık virgül; 1.234 = bin iki yüz otuz dört)"
            )
        yield Row(number, f"satır {number}", fields, numbers)


def _row_fields(keys: list[str | None], cells) -> tuple[dict[str, str], str]:
    """A row's fields, and how its value is written: a number cell as is, text as typed."""
    fields = dict.fromkeys(FIELDS, "")
    numbers = NUMBERS_POINT
    for key, value in zip(keys, cells, strict=False):
        if key not in fields:
            continue
        text, typed = _cell_text(value)
        fields[key] = clean(key, text)
        if key == "value" and typed and text.strip():
            numbers = NUMBERS_TURKISH
    return fields, numbers


_POINT_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _value_cell(text: str):
    """A value as a number cell when the reader gives back exactly this text and a spreadsheet
    keeps it (15 significant digits), else as a text cell, which the reader takes as typed."""
    if _POINT_NUMBER.match(text) and len(text.lstrip("-").replace(".", "").lstrip("0")) <= 15:
        if "." not in text and str(int(text)) == text:
            return int(text)
        if _number_text(float(text)) == text:
            return float(text)
    return text or None


def _xlsx_cell(key: str, row: dict):
    text = as_text(row.get(key))
    return _value_cell(text) if key == "value" else (text or None)


def to_xlsx(rows: Iterable[dict], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "".join(c for c in title if c not in "/\\?*[]:")[:31] or "degerler"
    header(ws, [label for _, label in XLSX_COLUMNS])
    put_rows(ws, ([_xlsx_cell(key, row) for key, _ in XLSX_COLUMNS] for row in rows))
    for letter, width in zip("ABCDEFGH", (20, 50, 10, 24, 24, 30, 12, 40), strict=True):
        ws.column_dimensions[letter].width = width
    return workbook_bytes(wb)
