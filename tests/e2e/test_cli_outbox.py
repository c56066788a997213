"""`remit outbox list` says so when there is nothing to show."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app


def test_an_empty_outbox_is_said_not_left_blank(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    assert CliRunner().invoke(app, ["db", "upgrade", "--db", db]).exit_code == 0
    listed = CliRunner().invoke(app, ["outbox", "list", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert listed.output == "no notices in the outbox\n"
    pending = CliRunner().invoke(app, ["outbox", "list", "--status", "pending", "--db", db])
    assert pending.output == "no notices with status pending in the outbox\n"
