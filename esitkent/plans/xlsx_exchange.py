"""Plan documents to and from XLSX: one sheet per level, children pointing to their parents by
position, so duplicate codes stay possible. Reading never writes to the database."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.terms import TERM_LABELS, parse_term
from esitkent.core.xlsx import cell_text, header, open_checked_workbook, put, workbook_bytes

from .document import ORIGIN

PLAN_FIELDS = [
    ("slug", "Kısa ad"),
    ("title", "Başlık"),
    ("owner", "Sahibi (kurum kodu)"),
    ("coordinating_unit", "Koordinatör birim (kurum kodu)"),
    ("start", "Başlangıç yılı"),
    ("end", "Bitiş yılı"),
    ("version", "Sürüm"),
    ("status", "Durum"),
    ("source", "Kaynak"),
    ("vision", "Vizyon"),
]
SHEETS = {
    "principles": ("İlkeler", [("title", "Başlık"), ("text", "Metin")]),
    "events": (
        "Süreç",
        [
            ("kind", "Tür"),
            ("date", "Tarih"),
            ("number", "Karar no"),
            ("title", "Açıklama"),
            ("source", "Kaynak"),
        ],
    ),
    "areas": (
        "Alanlar",
        [("code", "Alan kodu"), ("title_printed", "Başlık (basılı)"), ("title", "Başlık")],
    ),
    "goals": (
        "Genel Hedefler",
        [
            ("area", "Alan kodu"),
            ("goal", "Hedef sırası"),
            ("code_printed", "Kod (basılı)"),
            ("code", "Kod"),
            ("title", "Genel hedef"),
        ],
    ),
    "subgoals": (
        "Alt Hedefler",
        [
            ("area", "Alan kodu"),
            ("goal", "Hedef sırası"),
            ("subgoal", "Alt hedef sırası"),
            ("code_printed", "Kod (basılı)"),
            ("code", "Kod"),
            ("title", "Alt hedef"),
            ("title_variants", "Diğer basılı yazımlar"),
        ],
    ),
    "activities": (
        "Faaliyetler",
        [
            ("row", "Satır"),
            ("area", "Alan kodu"),
            ("goal", "Hedef sırası"),
            ("subgoal", "Alt hedef sırası"),
            ("code_printed", "Kod (basılı)"),
            ("code", "Kod"),
            ("title", "Faaliyet"),
            ("term_printed", "Vade (basılı)"),
            ("term", "Vade"),
            ("responsible", "Sorumlu"),
            ("cooperating", "İş birliği"),
            ("indicators_printed", "Göstergeler (basılı hücre)"),
            ("shared_cells", "Paylaşılan hücreler"),
            ("cells_printed_at", "Hücrenin basıldığı satır"),
            ("note", "Not"),
        ],
    ),
    "indicators": (
        "Göstergeler",
        [
            ("row", "Faaliyet satırı"),
            ("code", "Gösterge kodu"),
            ("name", "Gösterge"),
            ("target_printed", "Hedef (basılı)"),
            ("baseline_printed", "Başlangıç değeri (basılı)"),
        ],
    ),
}
LIST_FIELDS = {"responsible", "cooperating", "title_variants", "shared_cells"}
# Columns an older workbook may lack: a plan exported before indicators carried their code.
OPTIONAL_COLUMNS = {"Gösterge kodu"}
LABEL_TO_TERM = {label: code for code, label in TERM_LABELS.items()}


def to_xlsx(doc: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    header(ws, ["Alan", "Değer"])
    values = {**doc, "start": doc["period"]["start"], "end": doc["period"]["end"]}
    for i, (key, label) in enumerate(PLAN_FIELDS, start=2):
        put(ws, i, 1, label)
        put(ws, i, 2, values.get(key))
    rows: dict[str, list[dict]] = {k: [] for k in SHEETS}
    rows["principles"] = doc.get("principles") or []
    rows["events"] = doc.get("events") or []
    n = 0
    for area in doc["areas"]:
        rows["areas"].append(area)
        for g, goal in enumerate(area.get("goals") or [], start=1):
            rows["goals"].append({**goal, "area": area["code"], "goal": g})
            for s, sub in enumerate(goal.get("subgoals") or [], start=1):
                rows["subgoals"].append({**sub, "area": area["code"], "goal": g, "subgoal": s})
                for act in sub.get("activities") or []:
                    n += 1
                    term = TERM_LABELS.get(act.get("term") or "", "")
                    rows["activities"].append(
                        {
                            **act,
                            "row": n,
                            "area": area["code"],
                            "goal": g,
                            "subgoal": s,
                            "term": term,
                        }
                    )
                    rows["indicators"] += [{**ind, "row": n} for ind in act.get("indicators") or []]
    for key, (title, columns) in SHEETS.items():
        sheet = wb.create_sheet(title)
        header(sheet, [label for _, label in columns])
        for r, item in enumerate(rows[key], start=2):
            for c, (field, _) in enumerate(columns, start=1):
                value = item.get(field)
                if field in LIST_FIELDS:
                    value = "\n".join(value or []) or None
                put(sheet, r, c, None if value == "" else value)
        for c in range(1, len(columns) + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 18 if c < 5 else 40
    return workbook_bytes(wb)


MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_SHEET_ROWS = 20000
MAX_SHEET_COLUMNS = 60


def from_xlsx(data: bytes) -> dict:
    """A plan document read from a workbook, every item carrying where it was read from."""
    wb = open_checked_workbook(
        data,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        too_large="XLSX dosyası açıldığında 50 MB'tan büyük; bir plan için fazla",
    )
    missing = [t for t in ["Plan"] + [s[0] for s in SHEETS.values()] if t not in wb.sheetnames]
    if missing:
        raise InputRejected([Problem("dosya", f"eksik sayfa: {', '.join(missing)}")])
    problems: list[Problem] = []
    plan, plan_rows = _read_plan_sheet(wb["Plan"], problems)
    tables = {
        key: _read_sheet(wb[title], columns, problems) for key, (title, columns) in SHEETS.items()
    }
    if problems:
        raise InputRejected(problems)
    doc = _plan_head(plan, plan_rows, tables)
    # Children point to their parents by position; each level is hung under the one above.
    areas = _hang_areas(doc, tables["areas"])
    goals = _hang_goals(tables["goals"], areas, problems)
    subgoals = _hang_subgoals(tables["subgoals"], goals, problems)
    activities = _hang_activities(tables["activities"], subgoals, problems)
    _hang_indicators(tables["indicators"], activities, problems)
    if problems:
        raise InputRejected(problems)
    return doc


def _read_plan_sheet(sheet, problems: list[Problem]) -> tuple[dict, dict[str, int]]:
    """The plan's own fields (label in column A, value in B) and the row each was read from."""
    plan_labels = {label: key for key, label in PLAN_FIELDS}
    plan: dict = {}
    plan_rows: dict[str, int] = {}
    sheet.reset_dimensions()
    for r, row in enumerate(
        sheet.iter_rows(min_row=2, max_row=100, max_col=2, values_only=True), start=2
    ):
        label = cell_text(row[0]) if row else ""
        if not label:
            continue
        if label not in plan_labels:
            problems.append(
                Problem(f"'Plan' sayfası, satır {r}, sütun A", f"bilinmeyen alan: {label}")
            )
            continue
        plan[plan_labels[label]] = row[1] if len(row) > 1 else None
        plan_rows[plan_labels[label]] = r
    return plan, plan_rows


def _year(value):
    """A whole number where the cell holds one, else the cell as it is (for the checker)."""
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    return value


def _plan_head(plan: dict, plan_rows: dict[str, int], tables: dict) -> dict:
    """The document's top level, its principles and events; areas are hung under it later."""
    doc = {
        "slug": cell_text(plan.get("slug")),
        "title": cell_text(plan.get("title")),
        "owner": cell_text(plan.get("owner")),
        **(
            {"coordinating_unit": cell_text(plan["coordinating_unit"])}
            if plan.get("coordinating_unit")
            else {}
        ),
        "period": {"start": _year(plan.get("start")), "end": _year(plan.get("end"))},
        "version": _year(plan.get("version")) or 1,
        "status": cell_text(plan.get("status")) or "draft",
        "source": cell_text(plan.get("source")),
        "vision": cell_text(plan.get("vision")),
        "principles": [
            {"title": p["title"], "text": p["text"], ORIGIN: p[ORIGIN]}
            for p in tables["principles"]
        ],
        "events": [
            {k: p[k] for k in ("kind", "date", "number", "title", "source", ORIGIN)}
            for p in tables["events"]
        ],
        "areas": [],
    }
    rows = {**plan_rows, "period": plan_rows.get("end", plan_rows.get("start", 2))}
    doc[ORIGIN] = {
        "sheet": "Plan",
        "row": 2,
        "rows": rows,
        "columns": dict.fromkeys(rows, "B (Değer)"),
    }
    return doc


def _hang_areas(doc: dict, table: list[dict]) -> dict:
    areas = {}
    for a in table:
        area = {
            "code": a["code"],
            "title_printed": a["title_printed"],
            "title": a["title"],
            "goals": [],
            ORIGIN: a[ORIGIN],
        }
        areas[a["code"]] = area
        doc["areas"].append(area)
    return areas


def _hang_goals(table: list[dict], areas: dict, problems: list[Problem]) -> dict:
    goals = {}
    for g in table:
        parent = areas.get(g["area"])
        if parent is None:
            problems.append(Problem(_loc(g, "area"), f"bilinmeyen alan kodu: {g['area']}"))
            continue
        goal = {
            "code_printed": g["code_printed"],
            "code": g["code"],
            "title": g["title"],
            "subgoals": [],
            ORIGIN: g[ORIGIN],
        }
        goals[(g["area"], g["goal"])] = goal
        parent["goals"].append(goal)
    return goals


def _hang_subgoals(table: list[dict], goals: dict, problems: list[Problem]) -> dict:
    subgoals = {}
    for s in table:
        parent = goals.get((s["area"], s["goal"]))
        if parent is None:
            problems.append(
                Problem(_loc(s, "goal"), f"bilinmeyen genel hedef: {s['area']} / {s['goal']}")
            )
            continue
        sub = {"code_printed": s["code_printed"], "code": s["code"], "title": s["title"]}
        if s["title_variants"]:
            sub["title_variants"] = s["title_variants"]
        sub["activities"] = []
        sub[ORIGIN] = s[ORIGIN]
        subgoals[(s["area"], s["goal"], s["subgoal"])] = sub
        parent["subgoals"].append(sub)
    return subgoals


def _hang_activities(table: list[dict], subgoals: dict, problems: list[Problem]) -> dict:
    activities = {}
    for a in table:
        parent = subgoals.get((a["area"], a["goal"], a["subgoal"]))
        if parent is None:
            problems.append(
                Problem(
                    _loc(a, "subgoal"),
                    f"bilinmeyen alt hedef: {a['area']} / {a['goal']} / {a['subgoal']}",
                )
            )
            continue
        act = _activity(a, problems)
        if a["row"] in activities:
            problems.append(Problem(_loc(a, "row"), f"satır numarası tekrar ediyor: {a['row']}"))
        activities[a["row"]] = act
        parent["activities"].append(act)
    return activities


def _activity(a: dict, problems: list[Problem]) -> dict:
    act = {
        "code_printed": a["code_printed"],
        "code": a["code"],
        "title": a["title"],
        "term_printed": a["term_printed"],
        "term": LABEL_TO_TERM.get(_term_label(a, problems), ""),
        "responsible": a["responsible"],
        "cooperating": a["cooperating"],
        "indicators_printed": a["indicators_printed"],
        "indicators": [],
    }
    for key in ("shared_cells", "cells_printed_at", "note"):
        if a[key]:
            act[key] = a[key]
    act[ORIGIN] = a[ORIGIN]
    return act


def _term_label(a: dict, problems: list[Problem]) -> str:
    """The term as the workbook labels it; another spelling of a term is read as that term."""
    term = a["term"]
    if term and term not in LABEL_TO_TERM:
        try:
            term = TERM_LABELS.get(parse_term(term) or "", "")
        except ValueError:
            problems.append(
                Problem(
                    _loc(a, "term"),
                    "vade 'Kısa Vade', 'Orta Vade', 'Uzun Vade' ya da boş olmalı",
                )
            )
    return term


def _hang_indicators(table: list[dict], activities: dict, problems: list[Problem]) -> None:
    for i in table:
        parent = activities.get(i["row"])
        if parent is None:
            problems.append(Problem(_loc(i, "row"), f"bilinmeyen faaliyet satırı: {i['row']}"))
            continue
        ind = {"code": i["code"], "name": i["name"]} if i.get("code") else {"name": i["name"]}
        for key in ("target_printed", "baseline_printed"):
            if i[key]:
                ind[key] = i[key]
        parent["indicators"].append(ind)


def _loc(item: dict, field: str) -> str:
    origin = item[ORIGIN]
    return f"'{origin['sheet']}' sayfası, satır {origin['row']}, sütun {origin['columns'][field]}"


def _read_sheet(ws, columns, problems: list[Problem]) -> list[dict]:
    # A sheet's own <dimension> may understate its size (rows silently lost) or claim a
    # million rows; read what is there, within fixed bounds.
    ws.reset_dimensions()
    rows = ws.iter_rows(max_col=MAX_SHEET_COLUMNS, values_only=True)
    head = [cell_text(v) for v in next(rows, ())]
    index = {}
    missing = False
    for field, label in columns:
        if label in head:
            index[field] = head.index(label)
        elif label not in OPTIONAL_COLUMNS:
            problems.append(Problem(f"'{ws.title}' sayfası, satır 1", f"'{label}' sütunu eksik"))
            missing = True
    if missing:
        return []
    columns = [(field, label) for field, label in columns if field in index]
    letters = {
        field: f"{get_column_letter(i + 1)} ({label})"
        for (field, label), i in zip(columns, index.values(), strict=True)
    }
    out = []
    for r, row in enumerate(rows, start=2):
        if r > MAX_SHEET_ROWS:
            problems.append(
                Problem(f"'{ws.title}' sayfası", f"en çok {MAX_SHEET_ROWS} satır okunur")
            )
            break
        if not row or all(v is None or v == "" for v in row):
            continue
        item: dict = {ORIGIN: {"sheet": ws.title, "row": r, "columns": letters}}
        for field, i in index.items():
            value = row[i] if i < len(row) else None
            if field in ("goal", "subgoal", "row"):
                if not isinstance(value, (int, float)) or int(value) != value:
                    problems.append(
                        Problem(
                            f"'{ws.title}' sayfası, satır {r}, sütun {letters[field]}",
                            "tam sayı olmalı",
                        )
                    )
                item[field] = int(value) if isinstance(value, (int, float)) else value
            elif field in LIST_FIELDS:
                item[field] = [v.strip() for v in cell_text(value).split("\n") if v.strip()]
            elif field == "date" and hasattr(value, "date"):
                item[field] = value.date().isoformat()
            else:
                item[field] = cell_text(value)
        out.append(item)
    return out
