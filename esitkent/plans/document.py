"""The plan document: the plain shape that YAML, JSON and XLSX exchange (docs/data.md).

Pure checks of its structure, with every problem located by its path, or by the sheet, row
and column it came from when a spreadsheet was read. No Django imports. Anything that passes
`check` can be linted and written without a crash: every field the services and the lint
read is checked here for type, range and length.
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
    "coordinating_unit": "koordinatör birim",
    "period": "dönem",
    "version": "sürüm",
    "status": "durum",
    "source": "kaynak",
    "vision": "vizyon",
    "principles": "ilkeler",
    "events": "süreç",
    "areas": "alanlar",
    "goals": "genel hedefler",
    "subgoals": "alt hedefler",
    "activities": "faaliyetler",
    "code": "kod",
    "code_printed": "basılı kod",
    "title_printed": "basılı başlık",
    "title_variants": "diğer basılı yazımlar",
    "term": "vade",
    "term_printed": "basılı vade",
    "responsible": "sorumlu",
    "cooperating": "iş birliği",
    "indicators": "göstergeler",
    "indicators_printed": "basılı gösterge hücresi",
    "shared_cells": "paylaşılan hücreler",
    "cells_printed_at": "hücrenin basıldığı satır",
    "note": "not",
    "name": "gösterge adı",
    "target_printed": "basılı hedef",
    "baseline_printed": "basılı başlangıç değeri",
    "date": "tarih",
    "number": "karar no",
    "kind": "tür",
    "text": "metin",
}
LEVEL_LABELS = {
    "areas": "alan",
    "goals": "genel hedef",
    "subgoals": "alt hedef",
    "activities": "faaliyet",
    "indicators": "gösterge",
    "principles": "ilke",
    "events": "süreç adımı",
}
EVENT_KINDS = {"council_decision", "workshop", "approval", "other"}
STATUSES = {"draft", "approved", "archived"}
SHARED_CELLS = {"responsible", "cooperating", "indicators"}
MAX_ACTIVITIES = 5000
# Lengths the database holds (models.py); a longer value is refused here, not truncated there.
MAX_LENGTH = {
    "slug": 80,
    "title": 300,
    "principle_title": 200,
    "owner": 80,
    "code": 20,
    "code_printed": 20,
    "title_printed": 200,
    "term_printed": 40,
    "cells_printed_at": 20,
    "target_printed": 200,
    "baseline_printed": 200,
    "number": 40,
    "party": 300,
    "area_code": 40,
    "indicator_code": 60,
    "text": 20000,
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_INDICATOR_CODE = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
# Control characters other than tab and newline cannot be stored in a spreadsheet cell.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ORIGIN = "_origin"


def where(node: dict, path: str, field: str | None = None) -> str:
    """Human location of a field: the spreadsheet cell when known, else the document path."""
    origin = node.get(ORIGIN) if isinstance(node, dict) else None
    if isinstance(origin, dict):
        row = origin.get("rows", {}).get(field, origin.get("row")) if field else origin.get("row")
        column = origin.get("columns", {}).get(field) if field else None
        text = f"'{origin.get('sheet')}' sayfası, satır {row}"
        return f"{text}, sütun {column}" if column else text
    return f"{path} › {FIELD_LABELS.get(field, field)}" if field else path


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


class _Checker:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, node, path, field, message):
        self.problems.append(Problem(where(node, path, field), message))

    def text(
        self, node: dict, path: str, key: str, *, required: bool = True, limit: str | None = None
    ) -> None:
        value = node.get(key)
        if value is None or value == "":
            if required:
                self.add(node, path, key, "boş olamaz")
            return
        if not isinstance(value, str):
            self.add(node, path, key, "metin olmalı")
            return
        if _CONTROL.search(value):
            self.add(
                node,
                path,
                key,
                "denetim karakteri içeriyor (PDF'ten kopyalanmış görünmez bir karakter olabilir)",
            )
        maximum = MAX_LENGTH.get(limit or key, MAX_LENGTH["text"])
        if len(value) > maximum:
            self.add(node, path, key, f"en çok {maximum} karakter olabilir ({len(value)} karakter)")

    def printed_value(self, node: dict, path: str, key: str) -> None:
        """Printed targets and baselines may be numbers in a spreadsheet; they are kept as text."""
        value = node.get(key)
        if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
            return
        self.text(node, path, key, required=False)

    def items(
        self, node: dict, path: str, key: str, *, required: bool = False
    ) -> list[tuple[str, dict]]:
        """The dict items of a list field with their paths; problems for anything else."""
        value = node.get(key)
        if value is None:
            if required:
                self.add(node, path, key, "boş olamaz")
            return []
        if not isinstance(value, list):
            self.add(node, path, key, "liste olmalı")
            return []
        level = LEVEL_LABELS.get(key, key)
        out = []
        for i, item in enumerate(value, start=1):
            item_path = f"{path} › {i}. {level}" if path != "plan" else f"{i}. {level}"
            if not isinstance(item, dict):
                self.add(node, item_path, None, "bir nesne (anahtar: değer) olmalı")
                continue
            if isinstance(item.get("code_printed"), str):
                item_path += f" ({item['code_printed']})"
            elif isinstance(item.get("code"), str) and key == "areas":
                item_path += f" ({item['code']})"
            out.append((item_path, item))
        return out

    def strings(self, node: dict, path: str, key: str, *, limit: str) -> None:
        value = node.get(key)
        if value is None:
            return
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(node, path, key, "metin listesi olmalı")
            return
        for v in value:
            if len(v) > MAX_LENGTH[limit] or _CONTROL.search(v):
                self.add(node, path, key, f"“{v[:60]}” çok uzun ya da denetim karakteri içeriyor")

    def year(self, node: dict, path: str, key: str, value) -> bool:
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            self.add(node, path, key, "yıllar 1900 ile 2100 arasında tam sayı olmalı")
            return False
        return True


def check(doc) -> list[Problem]:
    """Every problem of a plan document; an empty list means it can be linted and loaded."""
    if not isinstance(doc, dict):
        return [Problem("belge", "bir plan nesnesi (anahtar: değer) bekleniyordu")]
    c = _Checker()
    _check_head(c, doc)
    _check_history(c, doc)
    activity_count = _check_areas(c, doc)
    if activity_count > MAX_ACTIVITIES:
        c.add(
            doc,
            "plan",
            "areas",
            f"en çok {MAX_ACTIVITIES} faaliyet olabilir ({activity_count} var)",
        )
    return c.problems


def _check_head(c: _Checker, doc: dict) -> None:
    """The plan's own fields: names, period, version and status."""
    for key in ("slug", "title", "owner"):
        c.text(doc, "plan", key)
    for key in ("source", "vision"):
        c.text(doc, "plan", key, required=False)
    c.text(doc, "plan", "coordinating_unit", required=False, limit="owner")
    if isinstance(doc.get("slug"), str) and not _SLUG.match(doc["slug"]):
        c.add(doc, "plan", "slug", "yalnız küçük harf, rakam ve tire içermeli")
    period = doc.get("period")
    if not isinstance(period, dict):
        c.add(doc, "plan", "period", "başlangıç ve bitiş yılı olmalı")
    elif (
        c.year(doc, "plan", "period", period.get("start"))
        and c.year(doc, "plan", "period", period.get("end"))
        and period["end"] < period["start"]
    ):
        c.add(doc, "plan", "period", "bitiş yılı başlangıçtan önce")
    version = doc.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 999:
        c.add(doc, "plan", "version", "1 ile 999 arasında tam sayı olmalı")
    if (
        not isinstance(doc.get("status", "draft"), str)
        or doc.get("status", "draft") not in STATUSES
    ):
        c.add(doc, "plan", "status", f"şunlardan biri olmalı: {', '.join(sorted(STATUSES))}")


def _check_history(c: _Checker, doc: dict) -> None:
    """The principles and the events of the plan's making (decisions, publication)."""
    for path, principle in c.items(doc, "plan", "principles"):
        c.text(principle, path, "title", limit="principle_title")
        c.text(principle, path, "text")
    for path, event in c.items(doc, "plan", "events"):
        if not isinstance(event.get("kind"), str) or event.get("kind") not in EVENT_KINDS:
            c.add(event, path, "kind", f"şunlardan biri olmalı: {', '.join(sorted(EVENT_KINDS))}")
        if parse_date(event.get("date")) is None:
            c.add(event, path, "date", "tarih YYYY-AA-GG ya da GG.AA.YYYY olmalı")
        if event.get("number") is not None and not isinstance(event["number"], (str, int)):
            c.add(event, path, "number", "metin olmalı")
        c.text(event, path, "title")
        c.text(event, path, "source", required=False)


def _check_areas(c: _Checker, doc: dict) -> int:
    """The tree under the areas; returns how many activities it holds."""
    areas = c.items(doc, "plan", "areas")
    if not areas and not any("alanlar" in str(p) for p in c.problems):
        c.add(doc, "plan", "areas", "en az bir tematik alan olmalı")
    area_codes: set[str] = set()
    indicator_codes: set[str] = set()
    activity_count = 0
    for apath, area in areas:
        _check_area(c, area, apath, area_codes)
        for gpath, goal in c.items(area, apath, "goals"):
            _check_coded(c, goal, gpath)
            for spath, subgoal in c.items(goal, gpath, "subgoals"):
                _check_coded(c, subgoal, spath)
                c.strings(subgoal, spath, "title_variants", limit="text")
                for npath, activity in c.items(subgoal, spath, "activities"):
                    activity_count += 1
                    _check_activity(c, activity, npath, indicator_codes)
    return activity_count


def _check_area(c: _Checker, area: dict, path: str, area_codes: set[str]) -> None:
    c.text(area, path, "code", limit="area_code")
    c.text(area, path, "title", limit="title_printed")
    c.text(area, path, "title_printed", required=False)
    code = area.get("code")
    if isinstance(code, str):
        if not _SLUG.match(code):
            c.add(
                area,
                path,
                "code",
                "alan kodu yalnız küçük harf, rakam ve tire içermeli (ör. kentsel-hizmetler)",
            )
        if code in area_codes:
            c.add(area, path, "code", f"alan kodu tekrar ediyor: {code}")
        area_codes.add(code)


def _check_coded(c: _Checker, node: dict, path: str) -> None:
    for key in ("code_printed", "code"):
        c.text(node, path, key)
    c.text(node, path, "title")


def _check_activity(c: _Checker, activity: dict, path: str, indicator_codes: set[str]) -> None:
    _check_coded(c, activity, path)
    for key in ("term_printed", "indicators_printed", "cells_printed_at", "note"):
        c.text(activity, path, key, required=False)
    term = activity.get("term")
    if term not in (None, "", *TERMS):
        c.add(activity, path, "term", "vade 'short', 'medium', 'long' ya da boş olmalı")
    for role in ("responsible", "cooperating"):
        if activity.get(role) is None:
            continue
        c.strings(activity, path, role, limit="party")
    shared = activity.get("shared_cells")
    if shared is not None and (
        not isinstance(shared, list)
        or not all(isinstance(s, str) and s in SHARED_CELLS for s in shared)
    ):
        c.add(
            activity, path, "shared_cells", "yalnız responsible, cooperating, indicators olabilir"
        )
    for ipath, indicator in c.items(activity, path, "indicators"):
        c.text(indicator, ipath, "name", limit="text")
        # An indicator's code is its identity in the plan: values, history and exchange
        # files follow it. Optional; without it the code is made from the activity's.
        code = indicator.get("code")
        if code not in (None, ""):
            if not isinstance(code, str) or not _INDICATOR_CODE.match(code) or len(code) > 60:
                c.add(
                    indicator,
                    ipath,
                    "code",
                    "gösterge kodu küçük harf, rakam, nokta ve tireden oluşmalı (en çok 60)",
                )
            elif code in indicator_codes:
                c.add(indicator, ipath, "code", f"gösterge kodu tekrar ediyor: {code}")
            else:
                indicator_codes.add(code)
        c.printed_value(indicator, ipath, "target_printed")
        c.printed_value(indicator, ipath, "baseline_printed")


def strip_origins(value):
    """The document without spreadsheet locations, for comparison and export."""
    if isinstance(value, dict):
        return {k: strip_origins(v) for k, v in value.items() if k != ORIGIN}
    if isinstance(value, list):
        return [strip_origins(v) for v in value]
    return value
