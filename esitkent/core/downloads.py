"""Files people download: one content type per format, CSV that spreadsheets open safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "zip": "application/zip",
    "png": "image/png",
    "jpg": "image/jpeg",
}


FORMULA_START = ("=", "+", "-", "@")


def starts_like_formula(text: str) -> bool:
    """A spreadsheet program runs text that starts with = + - @ as a formula."""
    return text.startswith(FORMULA_START)


def formula_safe(text: str) -> str:
    """Quote text that would run as a formula in a spreadsheet; numbers stay as they are."""
    if starts_like_formula(text) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_bytes(header: list[str], rows: Iterable[Iterable]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Turkish letters correctly; empty for
    None; text made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([formula_safe(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else formula_safe(str(v)) for v in row])
    return out.getvalue().encode("utf-8-sig")


def attachment(body: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A download named `filename`, its content type taken from the file's extension."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    if not inline:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
