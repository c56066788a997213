"""Every command has help text, and `--help` works on each of them."""

from __future__ import annotations

from typing import Any

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner

from remit.cli import app


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(prefix, group)]
    if isinstance(group, typer.core.TyperGroup):
        for name, command in sorted(group.commands.items()):
            found.extend(_commands(command, (*prefix, name)))
    return found


ALL = _commands(typer.main.get_command(app))


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "remit" for p, _ in ALL])
def test_command_has_help(path: tuple[str, ...], command: Any) -> None:
    text = (command.help or command.short_help or "").strip()
    assert text, f"`remit {' '.join(path)}` has no help text"
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden and param.name != "help":
            assert (param.help or "").strip(), (
                f"`remit {' '.join(path)}` option {param.opts} has no help"
            )


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=[" ".join(p) or "remit" for p, _ in ALL])
def test_help_flag_exits_zero(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_command_set_is_not_empty() -> None:
    names = {p[0] for p, _ in ALL if p}
    assert {"check", "schema", "init"} <= names
