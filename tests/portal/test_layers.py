"""The apps form layers: a higher app may import a lower one, never the reverse.

Every import counts, at the top of a module or inside a function (a function-level import is still
a dependency; it only hides the cycle until run time). A cycle between two apps means the part
they share belongs lower down."""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(
    p.name
    for p in ROOT.iterdir()
    # `portal` is the project package: its settings and URLs wire every app together and its
    # small utilities (portal.db, portal.sms) serve them all, so it is not one of the layers.
    if p.is_dir() and (p / "__init__.py").exists() and p.name not in {"tests", "bench", "portal"}
)


def _imports_of(path: Path, app: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside the same app
                found.add(app)
            elif node.module:
                found.add(node.module.split(".")[0])
    return found


def app_graph() -> dict[str, dict[str, list[str]]]:
    """app -> {imported app: [files that import it]} over every module of every app."""
    graph: dict[str, dict[str, list[str]]] = {app: defaultdict(list) for app in APPS}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for target in _imports_of(path, app):
                if target in graph and target != app:
                    graph[app][target].append(str(path.relative_to(ROOT)))
    return graph


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One cycle as a list of apps (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(app: str) -> list[str] | None:
        state[app] = 1
        path.append(app)
        for target in sorted(graph[app]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[app] = 2
        return None

    for app in sorted(graph):
        if app not in state and (cycle := visit(app)):
            return cycle
    return None


def test_the_checker_finds_a_cycle_when_there_is_one():
    graph = {"a": {"b": ["a/x.py"]}, "b": {"c": ["b/y.py"]}, "c": {"a": ["c/z.py"]}, "d": {}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": ["a/x.py"]}, "b": {}}) is None


def test_no_import_cycle_between_apps():
    graph = app_graph()
    assert graph["appointments"], "the walker found no imports at all"
    cycle = find_cycle(graph)
    if cycle:
        evidence = [
            f"{a} -> {b}: {', '.join(sorted(set(graph[a][b])))}"
            for a, b in itertools.pairwise(cycle)
        ]
        raise AssertionError("import cycle between apps:\n" + "\n".join(evidence))


def test_no_app_imports_another_apps_views():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    head, _, rest = node.module.partition(".")
                    if head in APPS and head != app and head != "portal" and "views" in rest:
                        offenders.append(f"{path.relative_to(ROOT)}: from {node.module}")
    assert not offenders, offenders
