"""Django's `has_perm` (and the `permission_required` decorator built on it) answers yes to any
active superuser whatever the rule says, so a rule of separation of duties would not bind
administrators. Permission checks go through `esitkent.core.policies.may`, which runs the rule
itself; this test keeps the Django shortcuts from coming back."""

import re
from pathlib import Path

from django.conf import settings

SOURCE = Path(settings.BASE_DIR) / "esitkent"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Python: user.has_perm(…), has_perms(…), permission_required / PermissionRequiredMixin.
PYTHON = re.compile(r"\.has_perms?\(|permission_required|PermissionRequiredMixin")
# Templates: {{ perms.app.name }} asks has_perm too.
TEMPLATE = re.compile(r"\bperms\.\w+\.\w+")
# The one module that asks the rules directly, and says why it does.
ALLOWED = {Path("core/policies.py")}


def offenders(root: Path, pattern: re.Pattern, suffix: str) -> list[str]:
    found = []
    for path in sorted(root.rglob(f"*{suffix}")):
        relative = path.relative_to(root)
        if "tests" in relative.parts or "migrations" in relative.parts or relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_permission_check_lets_a_superuser_past_the_rules():
    assert offenders(SOURCE, PYTHON, ".py") == []
    assert offenders(TEMPLATES, TEMPLATE, ".html") == []


def test_the_search_finds_a_planted_check(tmp_path):
    (tmp_path / "views.py").write_text("if request.user.has_perm('x.y', obj):\n    pass\n")
    (tmp_path / "page.html").write_text("{% if perms.plans.import_plan %}…{% endif %}\n")
    (tmp_path / "other.py").write_text("@permission_required('x.y')\ndef v(r): ...\n")

    assert len(offenders(tmp_path, PYTHON, ".py")) == 2
    assert len(offenders(tmp_path, TEMPLATE, ".html")) == 1
