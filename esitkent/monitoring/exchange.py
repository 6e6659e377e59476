"""Data values in files: DHIS2's dataValueSets shapes (CSV, JSON, XML) and our XLSX template.

`read_values` opens a file and says what it recognised (`ValueFile.notes`); its rows come
lazily, each with where a person finds it and how its number is written. A stored CSV is read
line by line and an XML file incrementally, so neither is held in memory whole; a JSON file is
loaded whole; an XLSX file is checked against a zip bomb before it is opened.

Each shape has its room (`csv_exchange`, `json_exchange`, `xml_exchange` with the data value set
they share in `value_set_exchange`, `xlsx_exchange`); what all share is in `exchange_text`.
A row's `fields` use DHIS2's names (see `exchange_text`). Nothing here knows our indicators:
the importer checks codes, periods and numbers.

The writers take rows of the same shape (`value` a number with a decimal point) and write
files these readers read back to the same fields.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from .csv_exchange import read_csv, write_csv
from .exchange_text import ENCODINGS, NUMBERS_COMMA, NUMBERS_POINT, ValueFile, refuse
from .json_exchange import read_json, to_json
from .xlsx_exchange import read_xlsx, to_xlsx
from .xml_exchange import read_xml, to_xml

FORMATS = ("csv", "json", "xml", "xlsx")


def read_values(
    source: bytes | Path,
    *,
    name: str,
    fmt: str | None = None,
    encoding: str = "auto",
    decimal: str = "auto",
    max_xlsx_bytes: int | None = None,
) -> ValueFile:
    """Open a values file (bytes, or a stored upload's path) and say what was recognised."""
    fmt = (Path(name).suffix if fmt is None else fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise refuse("dosya", "uzantı .csv, .json, .xml ya da .xlsx olmalı")
    if isinstance(source, bytearray | memoryview):
        source = bytes(source)
    if fmt == "xlsx":
        data = source.read_bytes() if isinstance(source, Path) else source
        return read_xlsx(data, max_xlsx_bytes)
    codec = ENCODINGS.get(encoding.strip().lower().replace("_", "-"))
    if codec is None:
        raise refuse("kodlama", "kodlama “auto”, “utf-8” ya da “windows-1254” olmalı")
    if decimal not in ("auto", NUMBERS_POINT, NUMBERS_COMMA):
        raise refuse("ondalık", "ondalık ayırıcı “auto”, “point” ya da “comma” olmalı")
    chosen, codec = codec != "auto", "utf-8" if codec == "auto" else codec
    if fmt == "csv":
        return read_csv(source, codec, decimal)
    if fmt == "json":
        return read_json(source, codec)
    return read_xml(source, codec, chosen)


def dumps(rows: Iterable[dict], fmt: str, title: str = "degerler") -> bytes:
    """Rows in one of the exchange shapes, as the bytes of a file."""
    if fmt == "csv":
        out = io.StringIO()
        write_csv(rows, out)
        return out.getvalue().encode()
    if fmt == "json":
        return to_json(rows)
    if fmt == "xml":
        return to_xml(rows)
    if fmt == "xlsx":
        return to_xlsx(rows, title)
    raise ValueError(f"Bilinmeyen biçim: {fmt}")
