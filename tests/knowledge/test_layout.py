"""The layout rules of the knowledge package, checked on its source: no import cycle
(function-level imports included), nothing from Slack, module and function sizes."""

from __future__ import annotations

import ast
from pathlib import Path

import knowledge

ROOT = Path(knowledge.__file__).resolve().parent


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):  # every import, at any depth
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                return stack[stack.index(dep) :] + [dep]
            if dep not in state and (cycle := visit(dep)) is not None:
                return cycle
        stack.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)) is not None:
            return cycle
    return None


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_knowledge_has_no_import_cycle() -> None:
    trees = modules()
    graph = {  # a package importing its own modules (its public face) is not a cycle
        name: {d for d in imported(tree) if d in trees and not d.startswith(f"{name}.")}
        for name, tree in trees.items()
    }
    assert find_cycle(graph) is None


def test_knowledge_imports_nothing_from_slack() -> None:
    for name, tree in modules().items():
        slack = {m for m in imported(tree) if m.split(".")[0] in ("slack_sdk", "slack_bolt", "bot")}
        assert not slack, f"{name} imports {slack}"


def test_modules_and_functions_stay_small() -> None:
    for name, tree in modules().items():
        assert tree.body and max(getattr(n, "end_lineno", 0) or 0 for n in tree.body) <= 600
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= 60, f"{name}.{node.name} is {length} lines"
