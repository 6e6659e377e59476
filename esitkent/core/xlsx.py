"""Spreadsheet helpers shared by every XLSX export: deterministic bytes, formula-safe cells."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl.styles import Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

_FORMULA_START = ("=", "+", "-", "@")
_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
FIXED_STAMP = b"2000-01-01T00:00:00Z"


def put(ws: Worksheet, row: int, column: int, value) -> None:
    """Write a value so that text is never run as a formula by a spreadsheet program.

    Text starting with = + - @ is stored as a string cell with Excel's quote prefix, which
    keeps the text itself unchanged for a later import.
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
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
