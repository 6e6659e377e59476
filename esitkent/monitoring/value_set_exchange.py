"""DHIS2's data value set, the shape its JSON and XML files share: the names of a value's keys
(attributes in XML), the set's own keys (defaults for its values, identifier schemes), and the
keys a written value always carries."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .exchange_text import FIELDS, clean, refuse

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

OUT_NAMES = [
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
ALWAYS = {"dataelement", "period", "orgunit", "value"}
BOOLEANS = {"followup", "deleted"}


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
    raise refuse(where, f"‘{key}’ alanı metin, sayı ya da true/false olmalı")


def _scheme(value: str) -> str:
    prefix, colon, rest = value.strip().partition(":")
    return prefix.lower() + colon + rest


def set_keys(
    items: Iterable[tuple[str, object]], where: str, item_word: str
) -> tuple[dict[str, str], dict[str, str]]:
    """A data value set's defaults (canonical keys) and identifier schemes; refuses other keys."""
    defaults, schemes = {}, {}
    for key, value in items:
        if key in SET_DEFAULTS:
            defaults[SET_DEFAULTS[key]] = clean(SET_DEFAULTS[key], _item_text(value, where, key))
        elif key in ID_SCHEME_KEYS:
            schemes[key] = _scheme(_item_text(value, where, key))
        elif key not in SET_IGNORED and key != item_word:
            raise refuse(where, f"bilinmeyen alan: {key}")
    return defaults, schemes


def item_fields(
    items: Iterable[tuple[str, object]], defaults: dict[str, str], where: str
) -> dict[str, str]:
    fields = dict.fromkeys(FIELDS, "")
    for key, value in items:
        canonical = ITEM_NAMES.get(key)
        if canonical is None:
            raise refuse(where, f"bilinmeyen alan: {key}")
        if canonical in fields:
            fields[canonical] = clean(canonical, _item_text(value, where, key))
    for key, value in defaults.items():
        if not fields[key]:
            fields[key] = value
    return fields
