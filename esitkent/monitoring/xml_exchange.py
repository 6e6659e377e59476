"""DHIS2's XML data value set (dxf 2.0 namespace, optional): read incrementally, through a
decoder that refuses what does not decode by its line, with no DTD or entities; written one
<dataValue/> per row."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import iterparse

from .exchange_text import (
    ENCODINGS,
    Row,
    ValueFile,
    as_text,
    byte_chunks,
    check_start,
    head_bytes,
    refuse,
    undecodable,
)
from .value_set_exchange import ALWAYS, OUT_NAMES, item_fields, set_keys

DXF_NAMESPACE = "http://dhis2.org/schema/dxf/2.0"
_XML_DECLARATION = re.compile(rb"^<\?xml\b[^>]*\?>")
_XML_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DATA_VALUE_TAG = re.compile(rb"<(?:[\w.-]+:)?dataValue[\s/>]")


class _Recoded:
    """A file-like view of the source as UTF-8 bytes for the XML parser: decoded in chunks with
    the chosen encoding (refusing, with its line, what does not decode), without the XML
    declaration, whose encoding then no longer applies."""

    def __init__(self, source: bytes | Path, codec: str, skip: int):
        self._chunks = byte_chunks(source)
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
            raise undecodable(self._codec, raw, exc, f"satır {line}") from None


def _local(tag: str) -> str | None:
    """The element's name in DHIS2's namespace or none; None for any other namespace."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name if namespace == DXF_NAMESPACE else None
    return tag


def read_xml(source: bytes | Path, codec: str, chosen: bool) -> ValueFile:
    head = head_bytes(source)
    skip, encoding_note = check_start(head, codec)
    codec, notes = _declared_codec(head[skip:], codec, chosen, encoding_note)
    notes.append("DHIS2 XML (dataValueSet): sayılar ondalık noktayla okundu")
    events = iterparse(_Recoded(source, codec, skip), events=("start", "end"), forbid_dtd=True)
    first = _next_event(events)
    if first is None:
        raise refuse("dosya", "boş dosya")
    _event, root = first
    if _local(root.tag) != "dataValueSet":
        raise refuse("satır 1", f"XML kökü dataValueSet olmalı, {root.tag} değil")
    defaults, schemes = set_keys(root.attrib.items(), "dataValueSet", "")
    total = _count_tags(source)
    return ValueFile("xml", _rows(events, root, defaults), notes, schemes, total)


def _declared_codec(head: bytes, codec: str, chosen: bool, note: str) -> tuple[str, list[str]]:
    """The codec to read with and its note: a declaration of windows-1254 is followed unless
    another encoding was chosen; an encoding we do not read is refused."""
    declared = _XML_DECLARATION.match(head)
    if declared and (enc := _XML_ENCODING.search(declared[0])):
        named = enc[1].decode("ascii").lower().replace("_", "-")
        if ENCODINGS.get(named) == "cp1254" and codec != "cp1254":
            if chosen:
                raise refuse(
                    "satır 1",
                    "XML bildirimi windows-1254 diyor; kodlama olarak “windows-1254” seçin",
                )
            return "cp1254", [
                "Kodlama: Windows-1254 (Türkçe Windows), XML bildiriminde yazdığı gibi"
            ]
        if named not in ENCODINGS and named not in ("us-ascii", "ascii"):
            raise refuse(
                "satır 1", f"XML kodlaması desteklenmiyor ({named}); dosyayı UTF-8 olarak kaydedin"
            )
    return codec, [note]


def _next_event(events):
    """The parser's next event, or None at the end; a refusal names what the parser refused."""
    try:
        return next(events, None)
    except DTDForbidden:
        raise refuse("dosya", "XML okunamadı (DTD ve <!DOCTYPE> kullanılamaz)") from None
    except EntitiesForbidden:
        raise refuse("dosya", "XML okunamadı (<!ENTITY> tanımları kullanılamaz)") from None
    except DefusedXmlException as exc:
        raise refuse("dosya", f"XML okunamadı ({exc})") from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        where = f"satır {line}" if line else "dosya"
        raise refuse(where, f"XML okunamadı ({exc})") from None


def _rows(events, root, defaults: dict[str, str]) -> Iterator[Row]:
    """One row per <dataValue/> under the root, each cleared once read (the file may be large)."""
    depth, n = 1, 0
    while (event := _next_event(events)) is not None:
        kind, elem = event
        if kind == "start":
            depth += 1
            where = f"dataValue {n}" if depth > 2 else "dataValueSet"
            if depth > 2 or _local(elem.tag) != "dataValue":
                raise refuse(where, f"bilinmeyen öğe: {_local(elem.tag) or elem.tag}")
            n += 1
            continue
        depth -= 1
        if depth == 1:
            where = f"dataValue {n}"
            yield Row(n, where, item_fields(elem.attrib.items(), defaults, where), "point")
            elem.clear()
            root.clear()


def _count_tags(source: bytes | Path) -> int:
    count, tail = 0, b""
    for chunk in byte_chunks(source):
        buffer = tail + chunk
        count += len(_DATA_VALUE_TAG.findall(buffer))
        # Keep the end of the chunk, minus anything already counted, for a tag split across.
        tail = buffer[-64:]
        count -= len(_DATA_VALUE_TAG.findall(tail))
    return count + len(_DATA_VALUE_TAG.findall(tail))


_XML_OUT = [(k, "followUp" if k == "followup" else n) for k, n in OUT_NAMES]


def to_xml(rows: Iterable[dict]) -> bytes:
    """A DHIS2 dataValueSet in XML (dxf 2.0 namespace), one <dataValue/> per row."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<dataValueSet xmlns="{DXF_NAMESPACE}">\n']
    for row in rows:
        attributes = []
        for key, name in _XML_OUT:
            text = as_text(row.get(key))
            if text or key in ALWAYS:
                attributes.append(f"{name}={quoteattr(text)}")
        parts.append(f"  <dataValue {' '.join(attributes)}/>\n")
    parts.append("</dataValueSet>\n")
    return "".join(parts).encode()
