"""Data values in files: DHIS2's dataValueSets shapes (CSV, JSON, XML) and our XLSX template.

`read_values` opens a file and says what it recognised (`ValueFile.notes`); its rows come
lazily, each with where a person finds it and how its number is written. A stored CSV is read
line by line and an XML file incrementally, so neither is held in memory whole; a JSON file is
loaded whole; an XLSX file is checked against a zip bomb before it is opened.

A row's `fields` use DHIS2's names, lower-cased (`dhis2.DEFAULT_COLUMNS`): dataelement (our
indicator code), period, orgunit (our organisation code), categoryoptioncombo (our breakdown
key, e.g. 'age=18-29;sex=F'; empty or 'default' for the total), attributeoptioncombo, value,
storedby, lastupdated, comment, followup, deleted. Every one is a string, "" when absent; all
but the comment are stripped of surrounding spaces. Nothing here knows our indicators: the
importer checks codes, periods and numbers.

The writers take rows of the same shape (`value` a number with a decimal point) and write
files these readers read back to the same fields.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import iterparse
from openpyxl import Workbook

from esitkent.core.downloads import formula_safe
from esitkent.core.errors import InputRejected, Problem
from esitkent.core.xlsx import header, open_checked_workbook, put_rows, workbook_bytes

from .dhis2 import COLUMN_ALIASES, DEFAULT_COLUMNS, DROPPED

CSV_HEADER = list(DEFAULT_COLUMNS)
FIELDS = tuple(DEFAULT_COLUMNS)
REQUIRED = {"dataelement", "period", "orgunit", "value"}
FORMATS = ("csv", "json", "xml", "xlsx")
NUMBERS_POINT, NUMBERS_COMMA, NUMBERS_TURKISH = "point", "comma", "tr"

# JSON keys and XML attributes of one data value (DHIS2 writes "followup" in JSON and
# "followUp" in XML, and reads both); "created" is DHIS2's own stamp and is dropped.
ITEM_NAMES = {
    "dataElement": "dataelement",
    "period": "period",
    "orgUnit": "orgunit",
    "categoryOptionCombo": "categoryoptioncombo",
    "attributeOptionCombo": "attributeoptioncombo",
    "value": "value",
    "comment": "comment",
    "storedBy": "storedby",
    "created": "created",
    "lastUpdated": "lastupdated",
    "followup": "followup",
    "followUp": "followup",
    "deleted": "deleted",
}
JSON_NAMES = {k: v for k, v in ITEM_NAMES.items() if k not in {"created", "followUp"}}
# A data value set's own keys: defaults for its values, and the identifier schemes it names.
SET_DEFAULTS = {
    "period": "period",
    "orgUnit": "orgunit",
    "attributeOptionCombo": "attributeoptioncombo",
}
ID_SCHEME_KEYS = (
    "idScheme",
    "dataElementIdScheme",
    "orgUnitIdScheme",
    "categoryOptionComboIdScheme",
    "attributeOptionComboIdScheme",
    "dataSetIdScheme",
    "categoryIdScheme",
    "categoryOptionIdScheme",
)
SET_IGNORED = {"dataSet", "completeDate"}
DXF_NAMESPACE = "http://dhis2.org/schema/dxf/2.0"

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

ENCODINGS = {
    "auto": "auto",
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "windows-1254": "cp1254",
    "cp1254": "cp1254",
}
TURKISH_LETTERS = frozenset("ğĞşŞıİçÇöÖüÜ")
_FORMULA = re.compile(r"'*[=+\-@]")
_CHUNK = 65536


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


def _refuse(where: str, message: str) -> InputRejected:
    return InputRejected([Problem(where, message)])


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
        raise _refuse("dosya", "uzantı .csv, .json, .xml ya da .xlsx olmalı")
    if isinstance(source, bytearray | memoryview):
        source = bytes(source)
    if fmt == "xlsx":
        data = source.read_bytes() if isinstance(source, Path) else source
        return _read_xlsx(data, max_xlsx_bytes)
    codec = ENCODINGS.get(encoding.strip().lower().replace("_", "-"))
    if codec is None:
        raise _refuse("kodlama", "kodlama “auto”, “utf-8” ya da “windows-1254” olmalı")
    if decimal not in ("auto", NUMBERS_POINT, NUMBERS_COMMA):
        raise _refuse("ondalık", "ondalık ayırıcı “auto”, “point” ya da “comma” olmalı")
    chosen, codec = codec != "auto", "utf-8" if codec == "auto" else codec
    if fmt == "csv":
        return _read_csv(source, codec, decimal)
    if fmt == "json":
        return _read_json(source, codec)
    return _read_xml(source, codec, chosen)


# --- Encodings ----------------------------------------------------------------------------------


def _check_start(head: bytes, codec: str) -> tuple[int, str]:
    """(bytes of a UTF-8 BOM to skip, a note on the encoding); refuses UTF-16 and UTF-32."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _refuse("dosya", "dosya UTF-32 kodlamalı; UTF-8 olarak kaydedin")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse("dosya", "dosya UTF-16 kodlamalı; UTF-8 olarak kaydedin")
    if b"\x00" in head:
        raise _refuse(
            "dosya",
            "dosyada NUL baytları var: metin değil ya da UTF-16 kodlamalı; UTF-8 olarak kaydedin",
        )
    if head.startswith(codecs.BOM_UTF8):
        if codec == "cp1254":
            raise _refuse(
                "dosya",
                "dosya UTF-8 kodlamalı (başında UTF-8 işareti var); kodlama olarak “utf-8” seçin",
            )
        return len(codecs.BOM_UTF8), "Kodlama: UTF-8 (BOM ile)"
    if codec == "cp1254":
        return 0, "Kodlama: Windows-1254 (Türkçe Windows), seçildiği gibi"
    return 0, "Kodlama: UTF-8"


def _undecodable(codec: str, raw: bytes, exc: UnicodeDecodeError, where: str) -> InputRejected:
    if codec == "cp1254":
        return _refuse(where, "Windows-1254 olarak okunamadı; dosyayı UTF-8 olarak kaydedin")
    # Turkish letters from the first byte that is not UTF-8 on: a dash may come first.
    if TURKISH_LETTERS & set(raw[exc.start :].decode("cp1254", "replace")):
        return _refuse(
            where,
            "UTF-8 olarak okunamadı; dosya Windows-1254 (Türkçe Windows) kodlamalı görünüyor: "
            "kodlama olarak “windows-1254” seçin ya da dosyayı UTF-8 olarak kaydedin",
        )
    return _refuse(where, "UTF-8 olarak okunamadı; dosyayı UTF-8 olarak kaydedin")


def _chunks(source: bytes | Path) -> Iterator[bytes]:
    if isinstance(source, Path):
        with source.open("rb") as f:
            while chunk := f.read(_CHUNK):
                yield chunk
    else:
        for start in range(0, len(source), _CHUNK):
            yield source[start : start + _CHUNK]


def _head(source: bytes | Path, size: int = 4096) -> bytes:
    if isinstance(source, Path):
        with source.open("rb") as f:
            return f.read(size)
    return source[:size]


# --- CSV ------------------------------------------------------------------------------------------


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
            raise _refuse(
                f"satır {number}", "NUL baytı var: dosya metin değil ya da UTF-16 kodlamalı"
            )
        try:
            yield raw.decode(codec)
        except UnicodeDecodeError as exc:
            raise _undecodable(codec, raw, exc, f"satır {number}") from None


def _unescape(text: str) -> str:
    """An exported cell "'=x" (formula-safe) reads back as "=x"."""
    return text[1:] if _FORMULA.match(text) and text.startswith("'") else text


def _escape(text: str) -> str:
    """Formula-safe, and reversible by `_unescape` even for text that starts with an apostrophe."""
    if text.startswith("'") and _FORMULA.match(text):
        return "'" + text
    return formula_safe(text)


def _clean(key: str, text: str) -> str:
    return text if key == "comment" else text.strip()


def _read_csv(source: bytes | Path, codec: str, decimal: str) -> ValueFile:
    skip, encoding_note = _check_start(_head(source), codec)
    lines = _text_lines(_raw_lines(source), codec, skip)
    buffered: list[str] = []
    for line in lines:
        buffered.append(line)
        if line.strip():
            break
    if not buffered or not buffered[-1].strip():
        raise _refuse("dosya", "boş dosya")
    first = buffered[-1]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(_chain(buffered, lines), delimiter=delimiter)

    def next_row() -> tuple[list[str] | None, int]:
        """The next record and the line it starts on (a quoted cell may span lines)."""
        start = reader.line_num + 1
        try:
            return next(reader), start
        except StopIteration:
            return None, start
        except csv.Error as exc:
            raise _refuse(f"satır {reader.line_num}", f"CSV okunamadı ({exc})") from None

    row, start = next_row()
    while row is not None and not any(c.strip() for c in row):
        row, start = next_row()
    if row is None:
        raise _refuse("dosya", "boş dosya")
    head = [c.strip().lower() for c in row]
    notes = [encoding_note]
    if delimiter == ",":
        delimiter_text, numbers = "Virgülle ayrılmış CSV (DHIS2)", NUMBERS_POINT
    else:
        delimiter_text, numbers = "Noktalı virgülle ayrılmış CSV (Türkçe Excel)", NUMBERS_COMMA
    if decimal == "auto":
        mark = "noktayla" if numbers == NUMBERS_POINT else "virgülle"
        notes.append(f"{delimiter_text}: sayılar ondalık {mark} okundu")
    else:
        numbers = decimal
        mark = "noktayla" if numbers == NUMBERS_POINT else "virgülle"
        notes.append(f"{delimiter_text}: sayılar, seçildiği gibi, ondalık {mark} okundu")

    pending: list[str] | None = None
    if head[0] in COLUMN_ALIASES:
        keys = _csv_header(head, f"satır {start}")
        notes.append(f"Başlık satırı okundu: {', '.join(k for k in keys if k not in DROPPED)}")
        widths = (len(keys), len(keys))
    else:
        keys = list(DEFAULT_COLUMNS)
        pending = row
        notes.append(
            "Başlık satırı yok: sütunlar DHIS2'nin sırasıyla okundu ("
            + ", ".join(DEFAULT_COLUMNS[:6])
            + ", …)"
        )
        widths = (6, len(DEFAULT_COLUMNS))
    total = _count_lines(source) - (0 if pending is not None else 1)

    def rows() -> Iterator[Row]:
        row, number = (pending, start) if pending is not None else next_row()
        while row is not None:
            if any(c.strip() for c in row):
                if not widths[0] <= len(row) <= widths[1]:
                    expected = (
                        f"{widths[0]} sütun"
                        if widths[0] == widths[1]
                        else f"DHIS2 sırasıyla {widths[0]}–{widths[1]} sütun"
                    )
                    raise _refuse(f"satır {number}", f"{expected} beklenirken {len(row)} sütun var")
                fields = dict.fromkeys(FIELDS, "")
                for key, cell in zip(keys, row, strict=False):
                    if key in fields:
                        fields[key] = _clean(key, _unescape(cell))
                yield Row(number, f"satır {number}", fields, numbers)
            row, number = next_row()

    return ValueFile("csv", rows(), notes, {}, max(total, 0))


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _csv_header(head: list[str], where: str) -> list[str]:
    unknown = [h or "(boş)" for h in head if h not in COLUMN_ALIASES]
    if unknown:
        raise _refuse(where, f"bilinmeyen sütun: {', '.join(unknown)}")
    keys = [COLUMN_ALIASES[h] for h in head]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise _refuse(where, f"aynı sütun iki kez: {', '.join(twice)}")
    missing = [k for k in DEFAULT_COLUMNS if k in REQUIRED and k not in keys]
    if missing:
        raise _refuse(where, f"eksik sütun: {', '.join(missing)}")
    return keys


def _count_lines(source: bytes | Path) -> int:
    count, last = 0, b"\n"
    for chunk in _chunks(source):
        count += chunk.count(b"\n")
        last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)


# --- JSON and XML ---------------------------------------------------------------------------------


def _item_text(value, where: str, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    raise _refuse(where, f"‘{key}’ alanı metin, sayı ya da true/false olmalı")


def _scheme(value: str) -> str:
    prefix, colon, rest = value.strip().partition(":")
    return prefix.lower() + colon + rest


def _set_keys(
    items: Iterable[tuple[str, object]], where: str, item_word: str
) -> tuple[dict[str, str], dict[str, str]]:
    """A data value set's defaults (canonical keys) and identifier schemes; refuses other keys."""
    defaults, schemes = {}, {}
    for key, value in items:
        if key in SET_DEFAULTS:
            defaults[SET_DEFAULTS[key]] = _clean(SET_DEFAULTS[key], _item_text(value, where, key))
        elif key in ID_SCHEME_KEYS:
            schemes[key] = _scheme(_item_text(value, where, key))
        elif key not in SET_IGNORED and key != item_word:
            raise _refuse(where, f"bilinmeyen alan: {key}")
    return defaults, schemes


def _item_fields(
    items: Iterable[tuple[str, object]], defaults: dict[str, str], where: str
) -> dict[str, str]:
    fields = dict.fromkeys(FIELDS, "")
    for key, value in items:
        canonical = ITEM_NAMES.get(key)
        if canonical is None:
            raise _refuse(where, f"bilinmeyen alan: {key}")
        if canonical in fields:
            fields[canonical] = _clean(canonical, _item_text(value, where, key))
    for key, value in defaults.items():
        if not fields[key]:
            fields[key] = value
    return fields


def _refuse_constant(name: str):
    raise ValueError(f"{name} bir sayı değil")


def _read_json(source: bytes | Path, codec: str) -> ValueFile:
    data = source.read_bytes() if isinstance(source, Path) else source
    skip, encoding_note = _check_start(data[:4096], codec)
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        line = data[skip : skip + exc.start].count(b"\n") + 1
        raise _undecodable(codec, data[skip:], exc, f"satır {line}") from None
    try:
        doc = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _refuse(
            f"satır {exc.lineno}, sütun {exc.colno}", f"JSON okunamadı ({exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise _refuse("dosya", f"JSON okunamadı ({exc})") from None
    if not isinstance(doc, dict):
        raise _refuse("dosya", "JSON okunamadı (bir dataValueSet nesnesi bekleniyordu)")
    values = doc.get("dataValues")
    if not isinstance(values, list):
        raise _refuse("dosya", "“dataValues” listesi bekleniyordu")
    defaults, schemes = _set_keys(doc.items(), "dosya", "dataValues")

    def rows() -> Iterator[Row]:
        for n, item in enumerate(values, start=1):
            where = f"dataValues[{n}]"
            if not isinstance(item, dict):
                raise _refuse(where, "nesne bekleniyordu")
            yield Row(n, where, _item_fields(item.items(), defaults, where), NUMBERS_POINT)

    notes = [encoding_note, "DHIS2 JSON (dataValueSet): sayılar ondalık noktayla okundu"]
    return ValueFile("json", rows(), notes, schemes, len(values))


_XML_DECLARATION = re.compile(rb"^<\?xml\b[^>]*\?>")
_XML_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DATA_VALUE_TAG = re.compile(rb"<(?:[\w.-]+:)?dataValue[\s/>]")


class _Recoded:
    """A file-like view of the source as UTF-8 bytes for the XML parser: decoded in chunks with
    the chosen encoding (refusing, with its line, what does not decode), without the XML
    declaration, whose encoding then no longer applies."""

    def __init__(self, source: bytes | Path, codec: str, skip: int):
        self._chunks = _chunks(source)
        self._decoder = codecs.getincrementaldecoder(codec)("strict")
        self._codec, self._skip, self._lines, self._first = codec, skip, 1, True

    def read(self, size: int = -1) -> bytes:
        while (raw := next(self._chunks, None)) is not None:
            if self._first:
                raw, self._first = raw[self._skip :], False
                raw = _XML_DECLARATION.sub(lambda m: b"\n" * m[0].count(b"\n"), raw, count=1)
            text = self._decode(raw)
            self._lines += raw.count(b"\n")
            if text:  # an empty answer would end the parse
                return text.encode()
        return self._decode(b"", final=True).encode()

    def _decode(self, raw: bytes, final: bool = False) -> str:
        try:
            return self._decoder.decode(raw, final)
        except UnicodeDecodeError as exc:
            line = self._lines + raw[: exc.start].count(b"\n")
            raise _undecodable(self._codec, raw, exc, f"satır {line}") from None


def _local(tag: str) -> str | None:
    """The element's name in DHIS2's namespace or none; None for any other namespace."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name if namespace == DXF_NAMESPACE else None
    return tag


def _read_xml(source: bytes | Path, codec: str, chosen: bool) -> ValueFile:
    head = _head(source)
    skip, encoding_note = _check_start(head, codec)
    notes = [encoding_note]
    declared = _XML_DECLARATION.match(head[skip:])
    if declared and (enc := _XML_ENCODING.search(declared[0])):
        named = enc[1].decode("ascii").lower().replace("_", "-")
        if ENCODINGS.get(named) == "cp1254" and codec != "cp1254":
            if chosen:
                raise _refuse(
                    "satır 1",
                    "XML bildirimi windows-1254 diyor; kodlama olarak “windows-1254” seçin",
                )
            codec = "cp1254"
            notes = ["Kodlama: Windows-1254 (Türkçe Windows), XML bildiriminde yazdığı gibi"]
        elif named not in ENCODINGS and named not in ("us-ascii", "ascii"):
            raise _refuse(
                "satır 1", f"XML kodlaması desteklenmiyor ({named}); dosyayı UTF-8 olarak kaydedin"
            )
    notes.append("DHIS2 XML (dataValueSet): sayılar ondalık noktayla okundu")
    events = iterparse(_Recoded(source, codec, skip), events=("start", "end"), forbid_dtd=True)

    def next_event():
        try:
            return next(events, None)
        except DTDForbidden:
            raise _refuse("dosya", "XML okunamadı (DTD ve <!DOCTYPE> kullanılamaz)") from None
        except EntitiesForbidden:
            raise _refuse("dosya", "XML okunamadı (<!ENTITY> tanımları kullanılamaz)") from None
        except DefusedXmlException as exc:
            raise _refuse("dosya", f"XML okunamadı ({exc})") from None
        except ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else None
            where = f"satır {line}" if line else "dosya"
            raise _refuse(where, f"XML okunamadı ({exc})") from None

    first = next_event()
    if first is None:
        raise _refuse("dosya", "boş dosya")
    _event, root = first
    if _local(root.tag) != "dataValueSet":
        raise _refuse("satır 1", f"XML kökü dataValueSet olmalı, {root.tag} değil")
    defaults, schemes = _set_keys(root.attrib.items(), "dataValueSet", "")
    total = _count_tags(source)

    def rows() -> Iterator[Row]:
        depth, n = 1, 0
        while (event := next_event()) is not None:
            kind, elem = event
            if kind == "start":
                depth += 1
                where = f"dataValue {n}" if depth > 2 else "dataValueSet"
                if depth > 2 or _local(elem.tag) != "dataValue":
                    raise _refuse(where, f"bilinmeyen öğe: {_local(elem.tag) or elem.tag}")
                n += 1
                continue
            depth -= 1
            if depth == 1:
                where = f"dataValue {n}"
                yield Row(n, where, _item_fields(elem.attrib.items(), defaults, where), "point")
                elem.clear()
                root.clear()

    return ValueFile("xml", rows(), notes, schemes, total)


def _count_tags(source: bytes | Path) -> int:
    count, tail = 0, b""
    for chunk in _chunks(source):
        buffer = tail + chunk
        count += len(_DATA_VALUE_TAG.findall(buffer))
        # Keep the end of the chunk, minus anything already counted, for a tag split across.
        tail = buffer[-64:]
        count -= len(_DATA_VALUE_TAG.findall(tail))
    return count + len(_DATA_VALUE_TAG.findall(tail))


# --- XLSX -----------------------------------------------------------------------------------------


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


def _read_xlsx(data: bytes, max_xlsx_bytes: int | None) -> ValueFile:
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
        raise _refuse("dosya", "XLSX dosyasında sayfa yok")
    ws = wb.worksheets[0]
    ws.reset_dimensions()
    labels = {label.lower(): key for key, label in XLSX_COLUMNS}
    head_row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    head = [_cell_text(v)[0].strip() for v in head_row]
    while head and not head[-1]:
        head.pop()
    if not head:
        raise _refuse("satır 1", f"başlık satırı yok; eksik sütun: {', '.join(sorted(REQUIRED))}")
    keys: list[str | None] = []
    unknown = []
    for h in head:
        key = labels.get(h.lower()) or COLUMN_ALIASES.get(h.lower())
        if h and key is None:
            unknown.append(h)
        keys.append(key)
    if unknown:
        raise _refuse("satır 1", f"bilinmeyen sütun: {', '.join(unknown)}")
    named = [k for k in keys if k]
    twice = sorted({k for k in named if named.count(k) > 1})
    if twice:
        raise _refuse("satır 1", f"aynı sütun iki kez: {', '.join(twice)}")
    missing = [k for k in DEFAULT_COLUMNS if k in REQUIRED and k not in named]
    if missing:
        raise _refuse("satır 1", f"eksik sütun: {', '.join(missing)}")
    notes = [f"XLSX, ilk sayfa “{ws.title}”: sayı hücreleri olduğu gibi okundu"]
    width = len(keys)

    def rows() -> Iterator[Row]:
        try:
            yield from xlsx_rows()
        finally:
            wb.close()

    def xlsx_rows() -> Iterator[Row]:
        typed_seen = False
        for number, cells in enumerate(
            ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2
        ):
            if not cells or all(v is None or v == "" for v in cells):
                continue
            fields = dict.fromkeys(FIELDS, "")
            numbers = NUMBERS_POINT
            for key, value in zip(keys, cells, strict=False):
                if key not in fields:
                    continue
                text, typed = _cell_text(value)
                fields[key] = _clean(key, text)
                if key == "value" and typed and text.strip():
                    numbers = NUMBERS_TURKISH
            if numbers == NUMBERS_TURKISH and not typed_seen:
                typed_seen = True
                notes.append(
                    "Metin olarak yazılmış değerler giriş formundaki gibi okundu "
                    "(ondalık virgül; 1.234 = bin iki yüz otuz dört)"
                )
            yield Row(number, f"satır {number}", fields, numbers)

    return ValueFile("xlsx", rows(), notes, {}, None)


# --- Writers --------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(rows: Iterable[dict], out) -> None:
    """DHIS2's CSV: its header and column order, formula-safe cells, "\\n" line ends."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([_escape(_text(row.get(k))) for k in CSV_HEADER])


_JSON_OUT = [
    ("dataelement", "dataElement"),
    ("period", "period"),
    ("orgunit", "orgUnit"),
    ("categoryoptioncombo", "categoryOptionCombo"),
    ("attributeoptioncombo", "attributeOptionCombo"),
    ("value", "value"),
    ("storedby", "storedBy"),
    ("lastupdated", "lastUpdated"),
    ("comment", "comment"),
    ("followup", "followup"),
    ("deleted", "deleted"),
]
_ALWAYS = {"dataelement", "period", "orgunit", "value"}
_BOOLEANS = {"followup", "deleted"}


def _json_item(row: dict) -> dict:
    item = {}
    for key, name in _JSON_OUT:
        text = _text(row.get(key))
        if not text and key not in _ALWAYS:
            continue
        if key in _BOOLEANS and text in ("true", "false"):
            item[name] = text == "true"
        else:
            item[name] = text
    return item


def to_json(rows: Iterable[dict]) -> bytes:
    """A DHIS2 dataValueSet: {"dataValues": [...]}, values as strings, empty optional keys left out."""
    out = [_json_item(row) for row in rows]
    return (json.dumps({"dataValues": out}, ensure_ascii=False, indent=1) + "\n").encode()


_XML_OUT = [(k, "followUp" if k == "followup" else n) for k, n in _JSON_OUT]


def to_xml(rows: Iterable[dict]) -> bytes:
    """A DHIS2 dataValueSet in XML (dxf 2.0 namespace), one <dataValue/> per row."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<dataValueSet xmlns="{DXF_NAMESPACE}">\n']
    for row in rows:
        attributes = []
        for key, name in _XML_OUT:
            text = _text(row.get(key))
            if text or key in _ALWAYS:
                attributes.append(f"{name}={quoteattr(text)}")
        parts.append(f"  <dataValue {' '.join(attributes)}/>\n")
    parts.append("</dataValueSet>\n")
    return "".join(parts).encode()


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
    text = _text(row.get(key))
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
