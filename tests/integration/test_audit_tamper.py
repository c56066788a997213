"""Editing, deleting or reordering audit rows in the database is caught by `remit audit verify`
(attacks that re-seal the chain or cut it back: tests/integration/test_audit_anchor.py)."""

from __future__ import annotations

import json

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from sqlalchemy import text
from typer.testing import CliRunner

from remit.bootstrap import Desk
from remit.cli import app
from remit.services import tickets


def _verify(url: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(app, ["audit", "verify", "--db", url, "--json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def logged(committing_desk: Desk, committing_url: str) -> str:
    load_starter(committing_desk)
    ticket = open_a_ticket(committing_desk).id
    tickets.take_ticket(
        uow=committing_desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5)
    )
    tickets.pause_ticket(
        uow=committing_desk.new_uow(),
        ticket_id=ticket,
        reason="no_access",
        by="provider",
        now=T0 + minutes(6),
    )
    tickets.resume_ticket(
        uow=committing_desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(7)
    )
    code, report = _verify(committing_url)
    assert (code, report["intact"], report["records"]) == (0, True, 5)
    return committing_url


def _sql(desk: Desk, statement: str) -> None:
    with desk.engine.begin() as connection:
        connection.execute(text(statement))


def test_an_edited_row_is_reported(logged: str, committing_desk: Desk) -> None:
    _sql(committing_desk, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3")
    code, report = _verify(logged)
    assert code == 1
    assert [(f["seq"], f["problem"]) for f in report["findings"]] == [(3, "edited")]


def test_a_deleted_row_is_reported(logged: str, committing_desk: Desk) -> None:
    _sql(committing_desk, "DELETE FROM audit_log WHERE seq = 2")
    code, report = _verify(logged)
    assert code == 1
    assert [(f["seq"], f["problem"]) for f in report["findings"]] == [(2, "deleted")]


def test_a_deleted_last_row_is_reported(logged: str, committing_desk: Desk) -> None:
    _sql(committing_desk, "DELETE FROM audit_log WHERE seq = 5")
    _code, report = _verify(logged)
    # and the ticket no longer matches the newest record left (paused, not resumed)
    assert [(f["seq"], f["problem"]) for f in report["findings"]] == [(5, "deleted"), (4, "ticket")]


def test_reordered_rows_are_reported(logged: str, committing_desk: Desk) -> None:
    _sql(committing_desk, "UPDATE audit_log SET seq = -1 WHERE seq = 3")
    _sql(committing_desk, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
    _sql(committing_desk, "UPDATE audit_log SET seq = 4 WHERE seq = -1")
    code, report = _verify(logged)
    assert code == 1
    assert [(f["seq"], f["problem"]) for f in report["findings"]] == [
        (3, "reordered"),
        (4, "reordered"),
        (5, "reordered"),
    ]
