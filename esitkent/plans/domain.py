"""Pure plan rules: codes, the plan document's shape, and the lint. No Django imports.

The lint reads the same plain document that import and export exchange (see docs/data.md),
so the command line, the plan page and an import's dry run report the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from esitkent.core.turkish import tr_upper

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {ERROR: "Hata", WARNING: "Uyarı", INFO: "Bilgi"}
_CODE = re.compile(r"^\d{1,6}(\.\d{1,6}){0,5}$")
MAX_GAP_LIST = 50


def clean_code(printed: str) -> str:
    """'1.1.1.' → '1.1.1'; '1.' → '1'. Spaces and trailing dots are print noise."""
    return printed.strip().rstrip(".").strip()


def code_parts(code: str) -> tuple[int, ...] | None:
    cleaned = clean_code(code)
    if not _CODE.match(cleaned):
        return None
    return tuple(int(p) for p in cleaned.split("."))


def is_under(code: str, parent_code: str) -> bool:
    """True when `code` is exactly one level below `parent_code` (1.2.3 under 1.2)."""
    child, parent = code_parts(code), code_parts(parent_code)
    return (
        child is not None
        and parent is not None
        and len(child) == len(parent) + 1
        and child[: len(parent)] == parent
    )


def normalise_activity_codes(subgoal_code: str, printed_codes: list[str]) -> list[str]:
    """Normalised codes for a sub-goal's activities, in printed order.

    A printed code that sits under its sub-goal keeps its cleaned form. One that does not
    (printed under another sub-goal, or repeating the sub-goal's own code) gets the first free
    number under the sub-goal, counting from its position. A repeated row keeps its code.
    """
    sub = clean_code(subgoal_code)
    cleaned = [clean_code(c) for c in printed_codes]
    taken = {c for c in cleaned if is_under(c, sub)}
    result: list[str] = []
    for position, code in enumerate(cleaned, start=1):
        if is_under(code, sub):
            result.append(code)
            continue
        n = position
        while f"{sub}.{n}" in taken:
            n += 1
        chosen = f"{sub}.{n}"
        taken.add(chosen)
        result.append(chosen)
    return result


def indicator_code(
    area_code: str, activity_code: str, position: int, *, repeated: bool = False, row: int = 0
) -> str:
    """'egitim-1.2.3-g1': area, normalised activity code, indicator position. A repeated row's
    indicators get their printed row as well, since they share the original's codes."""
    code = f"{area_code}-{activity_code}-g{position}"
    return f"{code}-satir{row}" if repeated else code


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    where: str
    message: str

    def as_line(self) -> str:
        return f"{tr_upper(SEVERITY_LABELS[self.severity]):6} {self.code:32} {self.where}: {self.message}"


def _row_identity(activity: dict) -> tuple:
    return (
        str(activity.get("code_printed")),
        str(activity.get("title")),
        str(activity.get("term_printed")),
        tuple(map(str, activity.get("responsible") or ())),
        tuple(map(str, activity.get("cooperating") or ())),
        str(activity.get("indicators_printed")),
    )


def walk_activities(doc: dict) -> Iterator[tuple[str, dict]]:
    """Every activity of a plan document in printed order, with its path in the document."""
    for a, area in enumerate(doc.get("areas") or [], start=1):
        for g, goal in enumerate(area.get("goals") or [], start=1):
            for s, subgoal in enumerate(goal.get("subgoals") or [], start=1):
                for n, activity in enumerate(subgoal.get("activities") or [], start=1):
                    path = (
                        f"{a}. alan ({area.get('code')}) › {g}. genel hedef ({goal.get('code_printed')}) › "
                        f"{s}. alt hedef ({subgoal.get('code_printed')}) › {n}. faaliyet ({activity.get('code_printed')})"
                    )
                    yield path, activity


def duplicate_rows(subgoal: dict) -> dict[int, int]:
    """Index of each repeated activity row → index of the row it repeats, within a sub-goal."""
    first_seen: dict[tuple, int] = {}
    repeats: dict[int, int] = {}
    for i, activity in enumerate(subgoal.get("activities") or []):
        key = _row_identity(activity)
        if key in first_seen:
            repeats[i] = first_seen[key]
        else:
            first_seen[key] = i
    return repeats


def _gaps(codes: list[str], parent_code: str | None) -> list[str]:
    """Numbers missing below a parent, given its children's codes as printed.

    Only children whose code sits under the parent count; a gap is reported only when the
    highest number exceeds the number of children, so a malformed code that takes a missing
    number's place (ŞİDDET "1.1" standing for 1.1.1) is not reported as a gap too.
    """
    if parent_code is None:
        numbers = {p[0] for c in codes if (p := code_parts(c)) and len(p) == 1}
        prefix = ""
    else:
        numbers = {code_parts(c)[-1] for c in codes if is_under(c, parent_code)}
        prefix = clean_code(parent_code) + "."
    if not numbers or max(numbers) <= len(codes):
        return []
    if max(numbers) > len(codes) + MAX_GAP_LIST:
        return [f"{prefix}1–{prefix}{max(numbers)} arasındaki {max(numbers) - len(numbers)}"]
    return [f"{prefix}{n}" for n in range(1, max(numbers) + 1) if n not in numbers]


def lint(doc: dict) -> list[Finding]:
    """Everything a good plan must not have, as stable-coded findings in printed order."""
    findings: list[Finding] = []

    def add(code: str, severity: str, where: str, message: str) -> None:
        findings.append(Finding(code, severity, where, message))

    for area in doc.get("areas") or []:
        _lint_area(area, add)
    return findings


@dataclass
class _AreaCodes:
    """What the lint remembers while walking one area: its activity codes so far (with the
    sub-goal each was used under) and the last well-formed one, for the order check."""

    name: str
    seen: dict[str, str] = field(default_factory=dict)
    previous: tuple[int, ...] | None = None


def _lint_area(area: dict, add) -> None:
    codes = _AreaCodes(area.get("title_printed") or area.get("title") or "?")
    goals = area.get("goals") or []
    for missing in _gaps([g.get("code_printed", "") for g in goals], None):
        add("code-gap", WARNING, codes.name, f"{missing} numaralı genel hedef basılmamış")
    for goal in goals:
        goal_code = goal.get("code_printed", "")
        subgoals = goal.get("subgoals") or []
        for missing in _gaps([s.get("code_printed", "") for s in subgoals], goal_code):
            add(
                "code-gap",
                WARNING,
                f"{codes.name} › {clean_code(goal_code)}",
                f"{missing} numaralı alt hedef basılmamış",
            )
        for subgoal in subgoals:
            _lint_subgoal(subgoal, goal_code, codes, add)


def _lint_subgoal(subgoal: dict, goal_code: str, codes: _AreaCodes, add) -> None:
    sub_code = subgoal.get("code_printed", "")
    where_sub = f"{codes.name} › {clean_code(sub_code)}"
    if not is_under(sub_code, goal_code):
        add(
            "subgoal-not-under-goal",
            WARNING,
            where_sub,
            f"alt hedef kodu {clean_code(goal_code)} genel hedefinin altında değil",
        )
    activities = subgoal.get("activities") or []
    repeats = duplicate_rows(subgoal)
    for missing in _gaps(
        [a.get("code_printed", "") for i, a in enumerate(activities) if i not in repeats],
        sub_code,
    ):
        add("code-gap", WARNING, where_sub, f"{missing} numaralı faaliyet basılmamış")
    for i, activity in enumerate(activities):
        printed = activity.get("code_printed", "")
        where = f"{codes.name} › {clean_code(sub_code)} › {printed or '?'}"
        if i in repeats:
            add("duplicate-row", ERROR, where, "satır kaynakta aynen iki kez basılmış")
            continue
        _lint_activity_code(printed, sub_code, where, codes, add)
        _lint_activity(activity, where, add)


def _lint_activity_code(printed: str, sub_code: str, where: str, codes: _AreaCodes, add) -> None:
    code = clean_code(printed)
    parts = code_parts(printed)
    if parts is None:
        add("code-malformed", ERROR, where, "faaliyet kodu sayılardan oluşmuyor")
    elif code == clean_code(sub_code):
        add("activity-code-equals-subgoal", WARNING, where, "faaliyet kodu alt hedefin kendi kodu")
    elif not is_under(printed, sub_code):
        add(
            "code-not-under-subgoal",
            WARNING,
            where,
            f"faaliyet kodu {clean_code(sub_code)} alt hedefinin altında değil",
        )
    elif codes.previous is not None and parts <= codes.previous:
        add("code-out-of-sequence", WARNING, where, "faaliyet kodu bir öncekinden sonra gelmiyor")
    if code in codes.seen:
        add(
            "duplicate-code",
            ERROR,
            where,
            f"aynı kod bu alanda {codes.seen[code]} altında da kullanılmış",
        )
    else:
        codes.seen[code] = clean_code(sub_code)
    if parts is not None:
        codes.previous = parts


def _lint_activity(activity: dict, where: str, add) -> None:
    if not activity.get("term"):
        add("missing-term", WARNING, where, "vade basılmamış")
    if not activity.get("responsible"):
        add("missing-responsible", ERROR, where, "sorumlu kurum yok")
    shared = activity.get("shared_cells") or []
    printed_at = activity.get("cells_printed_at")
    printed_elsewhere = bool(printed_at) and clean_code(printed_at) != clean_code(
        activity.get("code_printed", "")
    )
    if shared and printed_elsewhere:
        names = {"responsible": "sorumlu", "cooperating": "iş birliği", "indicators": "gösterge"}
        cells = ", ".join(names.get(c, c) for c in shared)
        noun = "hücreleri" if len(shared) > 1 else "hücresi"
        add("shared-cell", INFO, where, f"{cells} {noun} {printed_at} satırıyla ortak basılmış")
    indicators = activity.get("indicators") or []
    if not indicators:
        add("missing-indicator", ERROR, where, "gösterge yok")
    # A shared cell is split once, where it is printed; its copies are not findings of their own.
    if (
        len(indicators) > 1
        and activity.get("indicators_printed")
        and not ("indicators" in shared and printed_elsewhere)
    ):
        add(
            "multi-measure-cell",
            INFO,
            where,
            f"tek gösterge hücresi {len(indicators)} ölçüye ayrıldı",
        )
    for indicator in indicators:
        name = indicator.get("name", "")
        if not indicator.get("baseline_printed") and not indicator.get("baseline"):
            add(
                "indicator-without-baseline",
                WARNING,
                where,
                f"“{name}” göstergesinin başlangıç değeri yok",
            )
        if not indicator.get("target_printed") and not indicator.get("target"):
            add("indicator-without-target", WARNING, where, f"“{name}” göstergesinin hedefi yok")


def indicator_codes(doc: dict) -> dict[int, str]:
    """Each indicator's code: its own when the document gives one, else made from its area,
    activity and position (`egitim-1.2.3-g1`), or the next free such code when that one is
    taken, so that adding an indicator never takes another's identity."""
    taken = {
        ind["code"]
        for _, act in walk_activities(doc)
        for ind in act.get("indicators") or []
        if ind.get("code")
    }
    codes: dict[int, str] = {}
    row = 0
    for area in doc["areas"]:
        for goal in area.get("goals") or []:
            for sub in goal.get("subgoals") or []:
                repeats = duplicate_rows(sub)
                for n, act in enumerate(sub.get("activities") or []):
                    row += 1
                    for i, ind in enumerate(act.get("indicators") or [], start=1):
                        if ind.get("code"):
                            codes[id(ind)] = ind["code"]
                            continue
                        position = i
                        while True:
                            code = indicator_code(
                                area["code"], act["code"], position, repeated=n in repeats, row=row
                            )
                            if code not in taken:
                                break
                            position += 1
                        taken.add(code)
                        codes[id(ind)] = code
    return codes


def stored_text(value) -> str:
    """Optional text as stored: None is empty, a number printed in a spreadsheet is its text."""
    return "" if value is None else str(value)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def summarise(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    return counts
