"""Services reach the store only through the unit of work: no session, no SQL of their own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = sorted((Path(__file__).parents[2] / "src" / "remit" / "services").glob("*.py"))


@pytest.mark.parametrize("module", SERVICES, ids=lambda path: path.stem)
def test_a_service_holds_no_session(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    sessions = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "session"
    ]
    assert sessions == [], f"{module.name} reaches `.session` on lines {sessions}"
