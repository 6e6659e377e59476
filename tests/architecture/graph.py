"""The app import graph, read from the source: every import statement in every module that
ships (management commands, template tags and imports inside functions included)."""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "esitkent"


@dataclass(frozen=True)
class Import:
    importer: str  # path inside the package, e.g. "monitoring/services.py"
    line: int
    target: str  # dotted, without the package: "analytics.services.summaries_refresh"

    @property
    def app(self) -> str:
        return self.importer.split("/", 1)[0]

    @property
    def target_app(self) -> str:
        return self.target.split(".", 1)[0]

    @property
    def target_module(self) -> str:
        """'analytics.services' for 'analytics.services.summaries_refresh'."""
        return ".".join(self.target.split(".")[:2])

    def __str__(self) -> str:
        return f"{PACKAGE}/{self.importer}:{self.line} imports {self.target}"


def _shipped(root: Path):
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _absolute(path: Path, root: Path, node: ast.ImportFrom) -> str:
    """The dotted module a (possibly relative) `from … import` names."""
    if not node.level:
        return node.module or ""
    package = list(path.relative_to(root.parent).parts[:-1])  # a module's package
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_across_apps(root: Path) -> list[Import]:
    """Every import from one app of `root` (the esitkent package directory) into another."""
    found = []
    for path in _shipped(root):
        importer = path.relative_to(root).as_posix()
        app = importer.split("/", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(path, root, node)
                names = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == PACKAGE and len(parts) > 1 and parts[1] != app:
                    found.append(Import(importer, node.lineno, ".".join(parts[1:])))
    return found


def app_graph(imports: list[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in imports:
        graph[imp.app].add(imp.target_app)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the apps along it (first == last), or None."""
    state: dict[str, str] = {}
    trail: list[str] = []

    def visit(app: str) -> list[str] | None:
        state[app] = "open"
        trail.append(app)
        for nxt in sorted(graph.get(app, ())):
            if state.get(nxt) == "open":
                return trail[trail.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        trail.pop()
        state[app] = "done"
        return None

    for app in sorted(graph):
        if app not in state and (found := visit(app)):
            return found
    return None
