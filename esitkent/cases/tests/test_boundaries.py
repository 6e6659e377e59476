"""ARCHITECTURE.md: nothing outside `cases` imports `cases.models`; other apps get numbers
only from `cases.selectors.anonymised_counts` and friends."""

import ast
from pathlib import Path

import esitkent

ROOT = Path(esitkent.__file__).parent


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_no_app_outside_cases_imports_its_models():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if (ROOT / "cases") in path.parents:
            continue
        for module, names in _imports(path):
            if module.startswith("esitkent.cases.models") or (
                module == "esitkent.cases" and "models" in names
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_check_would_see_an_offender(tmp_path):
    """The scan above reads real import statements (a guard against a test that cannot fail)."""
    sample = tmp_path / "x.py"
    sample.write_text("from esitkent.cases.models import Case\n", encoding="utf-8")
    assert ("esitkent.cases.models", ["Case"]) in list(_imports(sample))
