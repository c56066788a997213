"""Every command has help text, `--help` works on each of them, and help reads clean:
metavars, not raw type labels or the storage limit of an id."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner

from remit.cli import COMMANDS, RemitGroup, app


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(prefix, group)]
    if isinstance(group, RemitGroup):
        children = group.load_all()
    elif isinstance(group, typer.core.TyperGroup):
        children = group.commands
    else:
        children = {}
    for name, command in sorted(children.items()):
        found.extend(_commands(command, (*prefix, name)))
    return found


ROOT = typer.main.get_command(app)
ALL = _commands(ROOT)
IDS = [" ".join(p) or "remit" for p, _ in ALL]

# `<str>`, `<list[str]>`, `<int range>`, `{CONTRACT}`, and a range up to 2**63 - 1
RAW_LABEL = re.compile(r"<[a-z][\w\[\]|, ]*>|\{[A-Z_]+\}|\d{10,}")


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_command_has_help(path: tuple[str, ...], command: Any) -> None:
    text = (command.help or command.short_help or "").strip()
    assert text, f"`remit {' '.join(path)}` has no help text"
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden and param.name != "help":
            assert (param.help or "").strip(), (
                f"`remit {' '.join(path)}` option {param.opts} has no help"
            )


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=IDS)
def test_help_flag_exits_zero_and_shows_no_raw_type_label(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    usage = result.output.splitlines()[0].split()  # the command's own usage line
    assert [word for word in usage if word in ("remit", *path)] == ["remit", *path]
    assert RAW_LABEL.findall(result.output) == [], result.output


@pytest.mark.parametrize(
    "text",
    [
        "--db <str>",
        "--state <list[str]>",
        "--limit <int range>",
        "{CONTRACT}",
        "1<=x<=9223372036854775807",
    ],
)
def test_the_raw_label_pattern_catches_what_typer_prints_by_default(text: str) -> None:
    assert RAW_LABEL.search(text)


def test_the_listing_of_commands_matches_the_commands_themselves() -> None:
    for name, command in ROOT.load_all().items():
        assert COMMANDS[name].help == command.get_short_help_str(limit=10_000), name


def test_the_command_set_is_not_empty() -> None:
    names = {p[0] for p, _ in ALL if p}
    assert {"check", "schema", "init", "ticket", "db"} <= names


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"remit {version('remit')}\n"


@pytest.mark.parametrize(
    "args", [["clock", "examples/mixed-environment.yaml", "--help"], ["clock", "--help"]]
)
def test_clock_help_needs_no_calendar(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "--calendar NAME" in result.output
    assert "Commands:" in result.output


def test_shell_completion_can_be_installed() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output
