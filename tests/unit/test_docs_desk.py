"""Every desk command is in docs/desk.md, written as it is typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main

from remit.cli import COMMANDS, DESK, app

DOC = (Path(__file__).resolve().parents[2] / "docs" / "desk.md").read_text(encoding="utf-8")


def _leaves(command: Any, path: tuple[str, ...]) -> list[str]:
    if isinstance(command, typer.core.TyperGroup):
        return [
            leaf for name, sub in command.commands.items() for leaf in _leaves(sub, (*path, name))
        ]
    return [" ".join(path)]


ROOT = typer.main.get_command(app)
DESK_COMMANDS = [
    leaf
    for name, entry in COMMANDS.items()
    if entry.module == DESK
    for leaf in _leaves(ROOT.load(name), (name,))  # type: ignore[attr-defined]
]


def test_the_desk_has_commands() -> None:
    assert {"ticket list", "ticket show", "db upgrade", "worker"} <= set(DESK_COMMANDS)


@pytest.mark.parametrize("command", DESK_COMMANDS)
def test_the_command_is_documented(command: str) -> None:
    assert f"remit {command}" in DOC, f"`remit {command}` is not in docs/desk.md"


def test_at_is_documented() -> None:
    assert "`--at INSTANT`" in DOC
