"""Plan documents to and from YAML, JSON and XLSX. Reading never writes to the database."""

from __future__ import annotations

import json

import yaml

from esitkent.core.errors import InputRejected, Problem

from .document import strip_origins
from .xlsx_exchange import from_xlsx, to_xlsx

FORMATS = ("yaml", "json", "xlsx")


def dumps(doc: dict, fmt: str) -> bytes:
    doc = strip_origins(doc)
    if fmt == "yaml":
        return yaml.safe_dump(
            doc, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False
        ).encode()
    if fmt == "json":
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "xlsx":
        return to_xlsx(doc)
    raise ValueError(f"Bilinmeyen biçim: {fmt}")


def loads(data: bytes, fmt: str) -> dict:
    """Parse a file into a plan document, or refuse it with located Turkish messages."""
    if fmt == "xlsx":
        return from_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputRejected([Problem("dosya", "UTF-8 metin değil")]) from None
    try:
        doc = _yaml_load(text) if fmt == "yaml" else json.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"satır {mark.line + 1}, sütun {mark.column + 1}" if mark else "dosya"
        raise InputRejected([Problem(where, "YAML sözdizimi hatası")]) from None
    except json.JSONDecodeError as exc:
        raise InputRejected(
            [Problem(f"satır {exc.lineno}, sütun {exc.colno}", f"JSON okunamadı ({exc.msg})")]
        ) from None
    except RecursionError:
        raise InputRejected([Problem("dosya", "iç içe geçme çok derin")]) from None
    if not isinstance(doc, dict):
        raise InputRejected([Problem("dosya", "bir plan nesnesi bekleniyordu")])
    # Locations come only from reading a spreadsheet; a file cannot supply its own.
    return strip_origins(doc)


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_load(text: str):
    """Safe YAML without anchors and aliases: a few kilobytes of aliases can expand to millions of rows."""
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputRejected(
                [
                    Problem(
                        f"satır {event.start_mark.line + 1}",
                        "YAML çapa ve takma adları (& ve *) kullanılamaz",
                    )
                ]
            )
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


def format_of(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower()
    fmt = {"yml": "yaml", "yaml": "yaml", "json": "json", "xlsx": "xlsx"}.get(suffix)
    if fmt is None:
        raise InputRejected([Problem("dosya", "uzantı .yaml, .yml, .json ya da .xlsx olmalı")])
    return fmt
