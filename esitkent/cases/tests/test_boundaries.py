"""ARCHITECTURE.md: nothing outside `cases` imports `cases.models`; other apps get numbers
only from `cases.statistics_selectors.anonymised_counts` and friends.

The scan reads every Python file that ships with the repository (the apps, settings, benches,
scripts, the cross-cutting tests, manage.py), not a chosen list of folders: a new folder is
scanned without editing this test."""

import ast
from pathlib import Path

import esitkent

REPOSITORY = Path(esitkent.__file__).parent.parent
CASES = Path("esitkent") / "cases"

# Never scanned: installed packages, the running instance's files, version control.
NOT_SHIPPED = {".venv", "var", "node_modules", ".git", "__pycache__"}

# Files outside `cases` that may read its tables, each with the reason. The allowance is
# checked to be still needed, so it cannot outlive the import it excuses.
ALLOWED = {
    # It measures the case tables themselves: it samples survivor codes and referrals at
    # random to aim its reads and explains their query plans, which no selector offers.
    Path("bench") / "cases.py",
}


def shipped_files(root: Path):
    for path in sorted(root.rglob("*.py")):
        if not NOT_SHIPPED.intersection(path.relative_to(root).parts):
            yield path


def _absolute(module: str | None, level: int, relative: Path) -> str:
    """`from ..cases import models` written in esitkent/reports/x.py is esitkent.cases."""
    if not level:
        return module or ""
    package = list(relative.parent.parts)
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, *([module] if module else [])])


def _imports(path: Path, root: Path):
    relative = path.relative_to(root)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield _absolute(node.module, node.level, relative), [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def _reads_case_models(module: str, names: list[str]) -> bool:
    return module.startswith("esitkent.cases.models") or (
        module == "esitkent.cases" and "models" in names
    )


def offenders(root: Path) -> set[Path]:
    """Files under `root`, outside the cases app, that import the cases app's models."""
    return {
        path.relative_to(root)
        for path in shipped_files(root)
        if (root / CASES) not in path.parents
        and any(_reads_case_models(m, n) for m, n in _imports(path, root))
    }


def test_nothing_that_ships_outside_cases_imports_its_models():
    assert offenders(REPOSITORY) == ALLOWED


def test_the_scan_reaches_every_folder_that_ships():
    scanned = {p.relative_to(REPOSITORY).parts[0] for p in shipped_files(REPOSITORY)}
    assert {"esitkent", "config", "bench", "scripts", "tests", "manage.py"} <= scanned


def test_the_scan_would_see_an_offender_anywhere(tmp_path):
    """The control: a planted import in a bench, a script, a relative import in another app,
    and a plain `import` are all caught, by the same function; the cases app's own import
    and an installed package's are not."""
    planted = {
        "bench/new_bench.py": "from esitkent.cases.models import Case\n",
        "scripts/tool.py": "import esitkent.cases.models\n",
        "esitkent/reports/x.py": "from ..cases import models\n",
        "esitkent/reports/y.py": "from ..cases.models import Referral\n",
        "newfolder/z.py": "from esitkent.cases import models as m\n",
        "esitkent/cases/views.py": "from .models import Case\n",
        "esitkent/analytics/fine.py": "from esitkent.cases import selectors\n",
        ".venv/lib/site.py": "from esitkent.cases.models import Case\n",
    }
    for name, text in planted.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    assert offenders(tmp_path) == {
        Path(n)
        for n in (
            "bench/new_bench.py",
            "scripts/tool.py",
            "esitkent/reports/x.py",
            "esitkent/reports/y.py",
            "newfolder/z.py",
        )
    }
