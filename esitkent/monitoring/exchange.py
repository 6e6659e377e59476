"""Values in DHIS2's dataValueSets shapes (CSV, JSON) and an XLSX template, to and from rows.

A row is a dict with the DHIS2 names, lower-cased: dataelement (our indicator code), period,
orgunit (our organisation code), categoryoptioncombo (our breakdown key, e.g.
'age=18-29;sex=F'; empty or 'default' for the total), value, comment, storedby, lastupdated,
followup, deleted. Reading streams: a CSV file is never held in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from openpyxl import Workbook, load_workbook

from esitkent.core.downloads import formula_safe
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.xlsx import cell_text, header, put_rows, workbook_bytes

CSV_HEADER = [
    "dataelement",
    "period",
    "orgunit",
    "categoryoptioncombo",
    "attributeoptioncombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
    "deleted",
]
REQUIRED = {"dataelement", "period", "orgunit", "value"}
JSON_NAMES = {
    "dataElement": "dataelement",
    "period": "period",
    "orgUnit": "orgunit",
    "categoryOptionCombo": "categoryoptioncombo",
    "attributeOptionCombo": "attributeoptioncombo",
    "value": "value",
    "comment": "comment",
    "storedBy": "storedby",
    "lastUpdated": "lastupdated",
    "followup": "followup",
    "deleted": "deleted",
}
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


def csv_rows(
    stream: Iterable[str], *, required: set[str] = REQUIRED, known: list[str] = CSV_HEADER
) -> Iterator[tuple[int, dict]]:
    """(line number, row) from a text stream; header names matched case-insensitively, any order."""
    reader = csv.reader(stream)
    try:
        head = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputRejected([Problem("dosya", "boş dosya")]) from None
    except csv.Error as exc:
        raise InputRejected([Problem("satır 1", f"CSV okunamadı ({exc})")]) from None
    missing = required - set(head)
    if missing:
        raise InputRejected([Problem("satır 1", f"eksik sütun: {', '.join(sorted(missing))}")])
    unknown = [h for h in head if h not in known]
    if unknown:
        raise InputRejected([Problem("satır 1", f"bilinmeyen sütun: {', '.join(unknown)}")])
    width = len(head)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputRejected(
                [Problem(f"satır {reader.line_num}", f"CSV okunamadı ({exc})")]
            ) from None
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != width:
            raise InputRejected(
                [
                    Problem(
                        f"satır {reader.line_num}",
                        f"{width} sütun beklenirken {len(row)} sütun var",
                    )
                ]
            )
        yield reader.line_num, dict(zip(head, row, strict=True))


def json_rows(data: bytes) -> Iterator[tuple[int, dict]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputRejected(
            [Problem("dosya", f"JSON okunamadı ({getattr(exc, 'msg', exc)})")]
        ) from None
    values = doc.get("dataValues") if isinstance(doc, dict) else None
    if not isinstance(values, list):
        raise InputRejected([Problem("dosya", "“dataValues” listesi bekleniyordu")])
    for n, item in enumerate(values, start=1):
        if not isinstance(item, dict):
            raise InputRejected([Problem(f"dataValues[{n}]", "nesne bekleniyordu")])
        yield (
            n,
            {JSON_NAMES.get(k, k.lower()): "" if v is None else str(v) for k, v in item.items()},
        )


def xlsx_rows(data: bytes) -> Iterator[tuple[int, dict]]:
    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same message
        raise InputRejected([Problem("dosya", "XLSX dosyası okunamadı")]) from None
    ws.reset_dimensions()
    rows = ws.iter_rows(max_col=20, values_only=True)
    head = [cell_text(v).strip() for v in next(rows, ())]
    names = {label: key for key, label in XLSX_COLUMNS}
    keys = [names.get(h, h.lower()) for h in head]
    missing = REQUIRED - set(keys)
    if missing:
        raise InputRejected([Problem("satır 1", f"eksik sütun: {', '.join(sorted(missing))}")])
    for number, row in enumerate(rows, start=2):
        if not row or all(v in (None, "") for v in row):
            continue
        yield number, {k: cell_text(v) for k, v in zip(keys, row, strict=False) if k in CSV_HEADER}


def write_csv(rows: Iterable[dict], out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([formula_safe(row.get(k, "")) for k in CSV_HEADER])


def to_json(rows: Iterable[dict]) -> bytes:
    back = {v: k for k, v in JSON_NAMES.items()}
    out = [
        {
            back[k]: v
            for k, v in row.items()
            if k in back
            and k in {"dataelement", "period", "orgunit", "categoryoptioncombo", "value", "comment"}
        }
        for row in rows
    ]
    return (json.dumps({"dataValues": out}, ensure_ascii=False, indent=1) + "\n").encode()


def to_xlsx(rows: Iterable[dict], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "".join(c for c in title if c not in "/\\?*[]:")[:31] or "degerler"
    header(ws, [label for _, label in XLSX_COLUMNS])
    put_rows(ws, ([row.get(key, "") or None for key, _ in XLSX_COLUMNS] for row in rows))
    for letter, width in zip("ABCDEFGH", (20, 50, 10, 24, 24, 30, 12, 40), strict=True):
        ws.column_dimensions[letter].width = width
    return workbook_bytes(wb)
