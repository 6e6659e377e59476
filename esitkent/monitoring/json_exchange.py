"""DHIS2's JSON data value set: loaded whole (numbers kept exact), written with values as
strings and empty optional keys left out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from .exchange_text import NUMBERS_POINT, Row, ValueFile, as_text, check_start, refuse, undecodable
from .value_set_exchange import ALWAYS, BOOLEANS, OUT_NAMES, item_fields, set_keys


def _refuse_constant(name: str):
    raise ValueError(f"{name} bir sayı değil")


def read_json(source: bytes | Path, codec: str) -> ValueFile:
    data = source.read_bytes() if isinstance(source, Path) else source
    skip, encoding_note = check_start(data[:4096], codec)
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        line = data[skip : skip + exc.start].count(b"\n") + 1
        raise undecodable(codec, data[skip:], exc, f"satır {line}") from None
    try:
        doc = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise refuse(
            f"satır {exc.lineno}, sütun {exc.colno}", f"JSON okunamadı ({exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise refuse("dosya", f"JSON okunamadı ({exc})") from None
    if not isinstance(doc, dict):
        raise refuse("dosya", "JSON okunamadı (bir dataValueSet nesnesi bekleniyordu)")
    values = doc.get("dataValues")
    if not isinstance(values, list):
        raise refuse("dosya", "“dataValues” listesi bekleniyordu")
    defaults, schemes = set_keys(doc.items(), "dosya", "dataValues")

    def rows() -> Iterator[Row]:
        for n, item in enumerate(values, start=1):
            where = f"dataValues[{n}]"
            if not isinstance(item, dict):
                raise refuse(where, "nesne bekleniyordu")
            yield Row(n, where, item_fields(item.items(), defaults, where), NUMBERS_POINT)

    notes = [encoding_note, "DHIS2 JSON (dataValueSet): sayılar ondalık noktayla okundu"]
    return ValueFile("json", rows(), notes, schemes, len(values))


def _json_item(row: dict) -> dict:
    item = {}
    for key, name in OUT_NAMES:
        text = as_text(row.get(key))
        if not text and key not in ALWAYS:
            continue
        if key in BOOLEANS and text in ("true", "false"):
            item[name] = text == "true"
        else:
            item[name] = text
    return item


def to_json(rows: Iterable[dict]) -> bytes:
    """A DHIS2 dataValueSet: {"dataValues": [...]}, values as strings, empty optional keys left out."""
    out = [_json_item(row) for row in rows]
    return (json.dumps({"dataValues": out}, ensure_ascii=False, indent=1) + "\n").encode()
