"""`--at` at the command line: a late entry the audit shows, never a way around time.

The backdating cases of issue 10, through the real command line in-process on
SQLite and PostgreSQL: each is refused in one line (exit 2) or recorded late.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from remit.cli import app

OPENED = "2026-03-08T21:00:00+00:00"  # a Sunday night, long past
OPEN = [
    "ticket", "open", "--requester", "client.it", "--title", "ERP down", "--symptoms", "no login",
    "--who", "everyone", "--scope", "organization", "--category", "outage", "--object", "erp",
]  # fmt: skip


def cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def refused(result: Result, message: str) -> None:
    assert (result.exit_code, type(result.exception)) == (2, SystemExit), result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr, result.stderr


def _json(*args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _opened(desk_url: str, tmp_path: Path) -> tuple[str, str]:
    contract = tmp_path / "contract.yaml"
    contract.write_text(resources.files("remit.templates").joinpath("starter.yaml").read_text())
    db = ("--db", desk_url)
    assert cli("contract", "load", str(contract), *db).exit_code == 0
    ticket = _json(*OPEN, "--at", OPENED, *db)["id"]
    return str(ticket), desk_url


def _audit(ticket: str, desk_url: str, action: str) -> list[dict[str, Any]]:
    shown = _json("ticket", "show", ticket, "--db", desk_url)
    return [entry for entry in shown["audit"] if entry["action"] == action]


def test_a_take_at_an_earlier_instant_after_the_workers_breach_is_late_and_stays_breached(
    desk_url: str, tmp_path: Path
) -> None:
    ticket, db = _opened(desk_url, tmp_path)
    assert cli("worker", "--once", "--at", "2026-03-08T23:00:00+00:00", "--db", db).exit_code == 0
    taken = cli(
        "ticket",
        "take",
        ticket,
        "--by",
        "provider.desk",
        "--at",
        "2026-03-08T21:05:00Z",
        "--db",
        db,
    )
    assert taken.exit_code == 0, taken.output
    [entry] = _audit(ticket, db, "taken")
    assert entry["at"] == "2026-03-08T21:05:00+00:00"
    assert (entry["detail"]["response_met"], entry["detail"]["late_entry"]) == (False, True)
    assert datetime.fromisoformat(entry["detail"]["entered_at"]) > datetime(2026, 3, 9, tzinfo=UTC)
    [sweep] = [e for e in _audit(ticket, db, "breached") if e["detail"]["measure"] == "response"]
    assert sweep["detail"]["late_entry"] is True  # a catch-up sweep is marked late too
    text = cli("ticket", "show", ticket, "--db", db).stdout
    assert "late_entry=True" in text


def test_a_take_before_the_ticket_was_opened_is_refused_in_one_line(
    desk_url: str, tmp_path: Path
) -> None:
    ticket, db = _opened(desk_url, tmp_path)
    result = cli(
        "ticket",
        "take",
        ticket,
        "--by",
        "provider.desk",
        "--at",
        "2026-03-08T20:55:00Z",
        "--db",
        db,
    )
    refused(result, f"ticket {ticket} was accepted at 2026-03-08T21:00:00+00:00, later")


def test_an_action_dated_in_the_future_is_refused_in_one_line(
    desk_url: str, tmp_path: Path
) -> None:
    ticket, db = _opened(desk_url, tmp_path)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    result = cli("ticket", "take", ticket, "--by", "provider.desk", "--at", tomorrow, "--db", db)
    refused(result, "that is in the future")


def test_the_worker_at_a_future_instant_is_refused_and_fires_nothing(
    desk_url: str, tmp_path: Path
) -> None:
    ticket, db = _opened(desk_url, tmp_path)
    far = "8999-12-31T23:59:59+00:00"
    refused(cli("worker", "--once", "--at", far, "--db", db), "that is in the future")
    shown = _json("ticket", "show", ticket, "--db", db)
    assert shown["breaches"] == []
    assert [w for w in shown["due_work"] if w["fired_at"]] == []
