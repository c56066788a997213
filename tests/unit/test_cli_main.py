"""The console entry point never shows a traceback for an unexpected failure."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import remit.cli
from remit.cli import EXIT_INTERNAL, main


def _explode() -> None:
    raise RuntimeError("disk on fire")


def _exploding_app() -> Callable[[], None]:
    return _explode


@pytest.fixture
def exploding_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remit.cli, "build_app", _exploding_app)
    monkeypatch.setattr(sys, "argv", ["remit", "check", "x.yaml"])


@pytest.mark.usefixtures("exploding_app")
def test_an_unexpected_error_is_one_line_and_exit_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REMIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("remit: internal error: RuntimeError: disk on fire\n")
    assert "Traceback" not in err


@pytest.mark.usefixtures("exploding_app")
def test_remit_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMIT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        main()


def test_listing_the_commands_loads_none_of_them() -> None:
    root = typer.main.get_command(remit.cli.build_app())
    assert isinstance(root, remit.cli.RemitGroup)
    assert root.list_commands(None) == list(remit.cli.COMMANDS)
    assert {"check", "ticket", "demo", "worker", "db"} <= set(remit.cli.COMMANDS)
    assert root.commands == {}  # each listed from its entry, none imported


def test_a_contract_command_runs_from_the_lazy_tree(tmp_path: Path) -> None:
    result = CliRunner().invoke(remit.cli.build_app(), ["init", str(tmp_path / "c.yaml")])
    assert result.exit_code == 0, result.output
    checked = CliRunner().invoke(remit.cli.build_app(), ["check", str(tmp_path / "c.yaml")])
    assert checked.exit_code == 0, checked.output


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(remit.cli.build_app(), ["tickets"])
    assert result.exit_code == 2


@pytest.mark.usefixtures("exploding_app")
def test_the_collector_runs_again_after_a_command_however_it_ended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Start-up pauses the cyclic collector; a long-running command must not run without it."""
    import gc

    monkeypatch.delenv("REMIT_DEBUG", raising=False)
    with pytest.raises(SystemExit):
        main()
    assert gc.isenabled()
