"""Spreadsheet helpers shared by every XLSX export: deterministic bytes, formula-safe cells."""

from __future__ import annotations

import io
import re
import zipfile

from django.utils.functional import Promise
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from esitkent.core.downloads import starts_like_formula
from esitkent.core.errors import InputRejected, Problem

_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
FIXED_STAMP = b"2000-01-01T00:00:00Z"


def put(ws: Worksheet, row: int, column: int, value) -> None:
    """Write a value so that text is never run as a formula by a spreadsheet program.

    Text starting with = + - @ is stored as a string cell with Excel's quote prefix, which
    keeps the text itself unchanged for a later import.
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Promise):  # lazy text, written in the active language
        value = str(value)
    if isinstance(value, str) and starts_like_formula(value):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
    else:
        cell.value = value


def header(ws: Worksheet, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        put(ws, 1, column, label)
        ws.cell(row=1, column=column).font = Font(bold=True)
    ws.freeze_panes = "A2"


def put_rows(ws: Worksheet, rows, *, first_row: int = 2) -> None:
    """Each row's values into consecutive cells, from `first_row` down (below a header)."""
    for r, values in enumerate(rows, start=first_row):
        for column, value in enumerate(values, start=1):
            put(ws, r, column, value)


def workbook_bytes(wb: Workbook) -> bytes:
    """Save with fixed timestamps, so the same content always gives the same file."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>" + FIXED_STAMP + rb"\g<3>", data)
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    return out.getvalue()


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_CHUNK = 65536


def open_checked_workbook(data: bytes, *, max_unpacked_bytes: int, too_large: str) -> Workbook:
    """A read-only workbook (cached values, not formulas), opened only once the archive is known
    to unpack to at most `max_unpacked_bytes`: a few kilobytes of XLSX can inflate to gigabytes.

    The members' declared sizes are summed first (cheap), then every member is inflated in
    chunks and its actual bytes counted, since a crafted archive can declare any size; the count
    stops as soon as the limit is passed. Refusals: `InputRejected` with "XLSX dosyası
    okunamadı" for anything that is not a readable archive, `too_large` for one that is too big.
    """
    unreadable = InputRejected([Problem("dosya", "XLSX dosyası okunamadı")])
    too_big = InputRejected([Problem("dosya", too_large)])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(item.file_size for item in members) > max_unpacked_bytes:
                raise too_big
            unpacked = 0
            for item in members:
                # Opened by name: the archive's own record, not the (possibly edited) listing.
                with archive.open(item.filename) as member:
                    while chunk := member.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > max_unpacked_bytes:
                            raise too_big
    except InputRejected:
        raise
    except Exception:  # noqa: BLE001 - bad CRC, unknown compression, encryption, truncation...
        raise unreadable from None
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same message
        raise unreadable from None
