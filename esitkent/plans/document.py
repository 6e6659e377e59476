"""The plan document: the plain shape that YAML, JSON and XLSX exchange (docs/data.md).

Pure checks of its structure, with every problem located by its path, or by the sheet, row
and column it came from when a spreadsheet was read. No Django imports.
"""

from __future__ import annotations

import datetime as dt
import re

from esitkent.core.errors import Problem
from esitkent.core.terms import TERMS

FIELD_LABELS = {
    "slug": "kısa ad",
    "title": "başlık",
    "owner": "sahibi",
    "period": "dönem",
    "code": "kod",
    "code_printed": "basılı kod",
    "title_printed": "basılı başlık",
    "term": "vade",
    "term_printed": "basılı vade",
    "responsible": "sorumlu",
    "cooperating": "işbirliği",
    "indicators": "göstergeler",
    "name": "gösterge adı",
    "date": "tarih",
    "kind": "tür",
    "text": "metin",
}
EVENT_KINDS = {"council_decision", "workshop", "approval", "other"}
STATUSES = {"draft", "approved", "archived"}
SHARED_CELLS = {"responsible", "cooperating", "indicators"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ORIGIN = "_origin"


def where(node: dict, path: str, field: str | None = None) -> str:
    """Human location of a field: the spreadsheet cell when known, else the document path."""
    origin = node.get(ORIGIN) if isinstance(node, dict) else None
    label = FIELD_LABELS.get(field or "", field or "")
    if origin:
        column = origin.get("columns", {}).get(field) if field else None
        text = f"'{origin['sheet']}' sayfası, satır {origin['row']}"
        return f"{text}, sütun {column}" if column else text
    return f"{path}, alan '{label}'" if field else path


def _text(node: dict, key: str, path: str, problems: list[Problem], required: bool = True) -> None:
    value = node.get(key)
    if value is None or value == "":
        if required:
            problems.append(Problem(where(node, path, key), "boş olamaz"))
    elif not isinstance(value, str):
        problems.append(Problem(where(node, path, key), "metin olmalı"))


def _names(node: dict, key: str, path: str, problems: list[Problem]) -> None:
    value = node.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(where(node, path, key), "kurum adlarının listesi olmalı"))


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


def check(doc) -> list[Problem]:
    """Every structural problem of a plan document; an empty list means it can be loaded."""
    if not isinstance(doc, dict):
        return [Problem("belge", "bir plan nesnesi (anahtar: değer) bekleniyordu")]
    problems: list[Problem] = []
    for key in ("slug", "title", "owner"):
        _text(doc, key, "plan", problems)
    if isinstance(doc.get("slug"), str) and not _SLUG.match(doc["slug"]):
        problems.append(
            Problem(where(doc, "plan", "slug"), "yalnız küçük harf, rakam ve tire içermeli")
        )
    period = doc.get("period")
    if not (
        isinstance(period, dict) and all(isinstance(period.get(k), int) for k in ("start", "end"))
    ):
        problems.append(
            Problem(where(doc, "plan", "period"), "başlangıç ve bitiş yılı tam sayı olmalı")
        )
    elif period["end"] < period["start"]:
        problems.append(Problem(where(doc, "plan", "period"), "bitiş yılı başlangıçtan önce"))
    if doc.get("status", "draft") not in STATUSES:
        problems.append(
            Problem(
                where(doc, "plan", "status"),
                f"durum şunlardan biri olmalı: {', '.join(sorted(STATUSES))}",
            )
        )
    for i, principle in enumerate(doc.get("principles") or [], start=1):
        path = f"principles[{i}]"
        _text(principle, "title", path, problems)
        _text(principle, "text", path, problems)
    for i, event in enumerate(doc.get("events") or [], start=1):
        path = f"events[{i}]"
        if event.get("kind") not in EVENT_KINDS:
            problems.append(
                Problem(
                    where(event, path, "kind"),
                    f"tür şunlardan biri olmalı: {', '.join(sorted(EVENT_KINDS))}",
                )
            )
        if parse_date(event.get("date")) is None:
            problems.append(
                Problem(where(event, path, "date"), "tarih YYYY-AA-GG ya da GG.AA.YYYY olmalı")
            )
        _text(event, "title", path, problems)
    areas = doc.get("areas")
    if not isinstance(areas, list) or not areas:
        problems.append(Problem("plan, alan 'areas'", "en az bir tematik alan olmalı"))
        return problems
    area_codes: set[str] = set()
    for a, area in enumerate(areas, start=1):
        apath = f"areas[{a}]"
        _text(area, "code", apath, problems)
        _text(area, "title", apath, problems)
        if area.get("code") in area_codes:
            problems.append(
                Problem(where(area, apath, "code"), f"alan kodu tekrar ediyor: {area.get('code')}")
            )
        area_codes.add(area.get("code"))
        for g, goal in enumerate(area.get("goals") or [], start=1):
            gpath = f"{apath}.goals[{g}]"
            for key in ("code_printed", "code", "title"):
                _text(goal, key, gpath, problems)
            for s, subgoal in enumerate(goal.get("subgoals") or [], start=1):
                spath = f"{gpath}.subgoals[{s}]"
                for key in ("code_printed", "code", "title"):
                    _text(subgoal, key, spath, problems)
                for n, activity in enumerate(subgoal.get("activities") or [], start=1):
                    _check_activity(activity, f"{spath}.activities[{n}]", problems)
    return problems


def _check_activity(activity: dict, path: str, problems: list[Problem]) -> None:
    for key in ("code_printed", "code", "title"):
        _text(activity, key, path, problems)
    term = activity.get("term") or ""
    if term and term not in TERMS:
        problems.append(
            Problem(
                where(activity, path, "term"), "vade 'short', 'medium', 'long' ya da boş olmalı"
            )
        )
    _names(activity, "responsible", path, problems)
    _names(activity, "cooperating", path, problems)
    shared = activity.get("shared_cells") or []
    if not isinstance(shared, list) or not set(shared) <= SHARED_CELLS:
        problems.append(
            Problem(
                where(activity, path, "shared_cells"),
                "yalnız responsible, cooperating, indicators olabilir",
            )
        )
    indicators = activity.get("indicators") or []
    if not isinstance(indicators, list):
        problems.append(Problem(where(activity, path, "indicators"), "gösterge listesi olmalı"))
        return
    for i, indicator in enumerate(indicators, start=1):
        if not isinstance(indicator, dict):
            problems.append(
                Problem(where(activity, f"{path}.indicators[{i}]"), "gösterge nesnesi olmalı")
            )
            continue
        _text(indicator, "name", f"{path}.indicators[{i}]", problems)


def strip_origins(value):
    """The document without spreadsheet locations, for comparison and export."""
    if isinstance(value, dict):
        return {k: strip_origins(v) for k, v in value.items() if k != ORIGIN}
    if isinstance(value, list):
        return [strip_origins(v) for v in value]
    return value
