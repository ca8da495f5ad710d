"""The package's layout is its pipeline: every import points down, and nothing imports in a circle.

Read from the code's own imports (ast), lazy and TYPE_CHECKING imports included, so the
rule cannot drift back. The order, bottom first, is the docs' "Design" page (docs/design.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lstm_shapes

PACKAGE = Path(lstm_shapes.__file__).parent

# Bottom first. A module may import its own room and the rooms below it, never above.
ORDER = (
    ("version", "errors"),
    ("locales",),
    ("kinds",),
    ("spec",),
    ("sources",),
    ("predict",),
    ("observe",),
    ("report",),
    ("render",),
    ("cli",),
    ("serve",),
    ("__init__", "__main__", "pytest_plugin"),
)
RANK = {room: rank for rank, rooms in enumerate(ORDER) for room in rooms}
FRAMEWORKS = ("keras", "tensorflow", "jax", "torch", "absl")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(("lstm_shapes", *parts))] = path
    return found


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path, module: str) -> list[tuple[str, int]]:
    """Every module `path` imports, absolute, with its line: at the top, in functions, under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, node.lineno))
            # `from lstm_shapes.spec import spec` imports lstm_shapes.spec.stack.
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate in MODULES:
                    found.append((candidate, node.lineno))
    return found


MODULES = modules()


def internal_edges() -> list[tuple[str, str, int]]:
    edges = []
    for module, path in MODULES.items():
        for target, line in imports(path, module):
            if target.split(".")[0] != "lstm_shapes":
                continue
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != module:
                edges.append((module, target, line))
    return edges


def test_every_module_is_in_a_room() -> None:
    assert {room(m) for m in MODULES} <= set(RANK), sorted({room(m) for m in MODULES} - set(RANK))


def test_every_import_points_down() -> None:
    upward = [
        f"{source} (line {line}) imports {target}: {room(source)} sits below {room(target)}"
        for source, target, line in internal_edges()
        if RANK[room(target)] > RANK[room(source)]
    ]
    assert upward == []


def test_no_module_imports_in_a_circle() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for source, target, _ in internal_edges():
        graph[source].add(target)
    # The package's __init__ runs before any of its modules, so an edge into it is a cycle too;
    # but a package importing its own modules is how a package re-exports.
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_only_observe_imports_a_framework(framework: str) -> None:
    outside = [
        f"{module} (line {line})"
        for module, path in MODULES.items()
        for target, line in imports(path, module)
        if target.split(".")[0] == framework and room(module) != "observe"
    ]
    assert outside == []


def test_the_checker_sees_a_bad_import(tmp_path: Path) -> None:
    """The reader finds lazy and TYPE_CHECKING imports, and relative ones, as the rule needs."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from lstm_shapes.render import table\n"
        "def f():\n    import keras\n    from ..cli import app\n",
        encoding="utf-8",
    )
    found = {name for name, _ in imports(probe, "lstm_shapes.spec.probe")}
    assert {
        "lstm_shapes.render",
        "lstm_shapes.render.table",
        "keras",
        "lstm_shapes.cli",
        "lstm_shapes.cli.app",
    } <= found
