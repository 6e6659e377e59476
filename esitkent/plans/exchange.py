"""Plan documents to and from YAML, JSON and XLSX. Reading never writes to the database."""

from __future__ import annotations

import json

import yaml
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from esitkent.core.errors import InputRejected, Problem
from esitkent.core.terms import TERM_LABELS, parse_term
from esitkent.core.xlsx import cell_text, header, open_checked_workbook, put, workbook_bytes

from .document import ORIGIN, strip_origins

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
        return _to_xlsx(doc)
    raise ValueError(f"Bilinmeyen biçim: {fmt}")


def loads(data: bytes, fmt: str) -> dict:
    """Parse a file into a plan document, or refuse it with located Turkish messages."""
    if fmt == "xlsx":
        return _from_xlsx(data)
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


# --- XLSX ---------------------------------------------------------------------------------
# One sheet per level; children point to parents by position, so duplicate codes stay possible.

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


def _to_xlsx(doc: dict) -> bytes:
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


def _from_xlsx(data: bytes) -> dict:
    wb = open_checked_workbook(
        data,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        too_large="XLSX dosyası açıldığında 50 MB'tan büyük; bir plan için fazla",
    )
    problems: list[Problem] = []
    missing = [t for t in ["Plan"] + [s[0] for s in SHEETS.values()] if t not in wb.sheetnames]
    if missing:
        raise InputRejected([Problem("dosya", f"eksik sayfa: {', '.join(missing)}")])

    plan_labels = {label: key for key, label in PLAN_FIELDS}
    plan: dict = {}
    plan_rows: dict[str, int] = {}
    sheet = wb["Plan"]
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
    tables = {
        key: _read_sheet(wb[title], columns, problems) for key, (title, columns) in SHEETS.items()
    }
    if problems:
        raise InputRejected(problems)

    def year(key):
        value = plan.get(key)
        return (
            int(value)
            if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit())
            else value
        )

    doc = {
        "slug": cell_text(plan.get("slug")),
        "title": cell_text(plan.get("title")),
        "owner": cell_text(plan.get("owner")),
        **(
            {"coordinating_unit": cell_text(plan["coordinating_unit"])}
            if plan.get("coordinating_unit")
            else {}
        ),
        "period": {"start": year("start"), "end": year("end")},
        "version": year("version") or 1,
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
    areas = {}
    for a in tables["areas"]:
        area = {
            "code": a["code"],
            "title_printed": a["title_printed"],
            "title": a["title"],
            "goals": [],
            ORIGIN: a[ORIGIN],
        }
        areas[a["code"]] = area
        doc["areas"].append(area)
    goals, subgoals, activities = {}, {}, {}
    for g in tables["goals"]:
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
    for s in tables["subgoals"]:
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
    for a in tables["activities"]:
        parent = subgoals.get((a["area"], a["goal"], a["subgoal"]))
        if parent is None:
            problems.append(
                Problem(
                    _loc(a, "subgoal"),
                    f"bilinmeyen alt hedef: {a['area']} / {a['goal']} / {a['subgoal']}",
                )
            )
            continue
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
        act = {
            "code_printed": a["code_printed"],
            "code": a["code"],
            "title": a["title"],
            "term_printed": a["term_printed"],
            "term": LABEL_TO_TERM.get(term, ""),
            "responsible": a["responsible"],
            "cooperating": a["cooperating"],
            "indicators_printed": a["indicators_printed"],
            "indicators": [],
        }
        for key in ("shared_cells", "cells_printed_at", "note"):
            if a[key]:
                act[key] = a[key]
        act[ORIGIN] = a[ORIGIN]
        if a["row"] in activities:
            problems.append(Problem(_loc(a, "row"), f"satır numarası tekrar ediyor: {a['row']}"))
        activities[a["row"]] = act
        parent["activities"].append(act)
    for i in tables["indicators"]:
        parent = activities.get(i["row"])
        if parent is None:
            problems.append(Problem(_loc(i, "row"), f"bilinmeyen faaliyet satırı: {i['row']}"))
            continue
        ind = {"code": i["code"], "name": i["name"]} if i.get("code") else {"name": i["name"]}
        for key in ("target_printed", "baseline_printed"):
            if i[key]:
                ind[key] = i[key]
        parent["indicators"].append(ind)
    if problems:
        raise InputRejected(problems)
    return doc


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
