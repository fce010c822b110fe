"""The shape the code keeps (CONVENTIONS.md): views stay short, with the work in selectors, services, the access
module and the exporters. A view function or method over the limit fails here with its place and length."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIEW_LINES = 30
APPS = ("core", "improvement", "inspections", "performance")


def long_views(app: str, limit: int = VIEW_LINES) -> list[str]:
    """Functions and methods in `views.py` modules and `views/` packages longer than `limit` lines (from `def` to
    the last line, docstring included, decorators not)."""
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts or not (path.stem == "views" or "views" in path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    return found


@pytest.mark.parametrize("app", APPS)
def test_views_are_short(app):
    assert long_views(app) == []


def test_the_check_finds_a_long_view():
    assert long_views("improvement", limit=5), "a limit of 5 lines must catch some view"
