"""Apps import downward only (docs/architecture.md, "Map"): read from the source, every import
from one app into another goes to a lower layer, and reaches another app's `models` or `domain`
only where `layers.py` says why."""

from pathlib import Path

import esitkent

from .graph import app_graph, cycle, imports_across_apps
from .layers import LAYERS, import_allowed

ROOT = Path(esitkent.__file__).parent


def _apps(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if (p / "__init__.py").exists()}


def test_every_app_has_its_layer():
    assert _apps(ROOT) == set(LAYERS)


def test_no_app_imports_upward():
    rank = {app: i for i, app in enumerate(LAYERS)}
    imports = imports_across_apps(ROOT)
    assert len(imports) > 200  # positive control: the scan sees the real imports
    upward = [str(i) for i in imports if rank[i.target_app] > rank[i.app]]
    assert upward == []


def test_no_import_cycle_between_apps():
    assert cycle(app_graph(imports_across_apps(ROOT))) is None


def test_another_apps_insides_only_where_the_docs_say_why():
    imports = imports_across_apps(ROOT)
    reaching_in = [i for i in imports if i.target_module.split(".")[1] in ("models", "domain")]
    assert reaching_in  # positive control: foreign keys to orgs and plans are found
    refused = [str(i) for i in imports if import_allowed(i.importer, i.target_module) is None]
    assert refused == []


# The test's own tests: it sees what it claims to see.


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "esitkent"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for app in {name.split("/")[0] for name in files}:
        (root / app / "__init__.py").touch()
    return root


def test_a_new_cycle_is_found_even_through_a_command_and_a_template_tag(tmp_path):
    root = _tree(
        tmp_path,
        {
            "low/services.py": "from esitkent.mid.selectors import x\n",
            "mid/templatetags/tags.py": "def f():\n    from esitkent.high import y\n",
            "high/management/commands/go.py": "from ....low.services import z\n",
            "low/tests/test_x.py": "from esitkent.high.models import Anything\n",
        },
    )
    imports = imports_across_apps(root)
    assert {(i.app, i.target_module) for i in imports} == {
        ("low", "mid.selectors"),
        ("mid", "high.y"),
        ("high", "low.services"),
    }  # tests are not shipped code; a relative import is resolved to its app
    assert cycle(app_graph(imports)) == ["high", "low", "mid", "high"]


def test_a_downward_tree_has_no_cycle(tmp_path):
    root = _tree(tmp_path, {"a/x.py": "import esitkent.b.y\n", "b/y.py": "import os\n"})
    assert cycle(app_graph(imports_across_apps(root))) is None


def test_reaching_into_models_is_refused_unless_a_rule_explains_it():
    assert import_allowed("analytics/selectors.py", "monitoring.models") is None
    assert import_allowed("portal/views.py", "monitoring.domain") is None
    assert import_allowed("analytics/selectors.py", "monitoring.selectors")
    assert import_allowed("analytics/models.py", "monitoring.models")  # a foreign key
    assert import_allowed("reports/selectors.py", "plans.models")  # vocabulary
    assert import_allowed("monitoring/policies.py", "accounts.models")
    assert import_allowed("monitoring/selectors.py", "accounts.models") is None
    assert import_allowed("cases/views.py", "centres.models")
    assert import_allowed("portal/help_selectors.py", "centres.models") is None
    assert import_allowed("analytics/views.py", "monitoring.breakdowns") is None  # any insides
    assert import_allowed("start/selectors.py", "cases.alert_selectors")
    assert import_allowed("api/api.py", "portal.caching")
