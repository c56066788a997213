"""`remit ticket correct | link | unlink` from the shell on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app

AT = "2026-03-08T02:10:00+01:00"


def _invoke(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def _open(db: tuple[str, str], title: str) -> str:
    shown = _invoke(
        "ticket", "open", "--requester", "client.it", "--title", title,
        "--symptoms", "login hangs", "--who", "everyone", "--scope", "department",
        "--category", "outage", "--object", "erp", "--at", AT, "--json", *db,
    )  # fmt: skip
    return str(json.loads(shown)["id"])


def test_a_correction_and_a_major_incident_from_the_shell(desk_url: str, tmp_path: Path) -> None:
    contract = tmp_path / "contract.yaml"
    contract.write_text(resources.files("remit.templates").joinpath("starter.yaml").read_text())
    db = ("--db", desk_url)
    _invoke("contract", "load", str(contract), *db)
    parent, child = _open(db, "ERP down"), _open(db, "ERP down again")
    refused = _invoke(
        "ticket", "correct", parent, "--by", "client.owner", "--scope", "organization",
        "--reason", "everyone", *db, code=2,
    )  # fmt: skip
    assert "m.keller@example.com may not correct: no role of yours on this ticket" in refused
    assert len(refused.strip().splitlines()) == 1
    corrected = _invoke(
        "ticket", "correct", parent, "--by", "provider.desk", "--scope", "organization",
        "--reason", "the whole company", "--at", "2026-03-08T02:12:00+01:00", *db,
    )  # fmt: skip
    assert "| P1 outage |" in corrected
    assert "response due 2026-03-08 02:25 CET" in corrected
    linked = _invoke(
        "ticket", "link", child, "--parent", parent, "--by", "provider.desk",
        "--reason", "same outage", "--at", "2026-03-08T02:13:00+01:00", *db,
    )  # fmt: skip
    assert f"duplicate of #{parent}" in linked
    assert "response due -" in linked
    listed = _invoke("ticket", "list", *db)
    assert "major incident of 1 duplicate(s)" in listed
    shown = _invoke("ticket", "show", parent, *db)
    assert "duplicates:" in shown
    assert "corrected" in shown
    again = _invoke(
        "ticket", "link", parent, "--parent", child, "--by", "provider.desk", "--reason", "x", *db,
        code=2,
    )  # fmt: skip
    assert f"ticket {parent} is the major incident of 1 duplicate(s)" in again
    unlinked = _invoke(
        "ticket", "unlink", child, "--by", "provider.desk", "--reason", "another fault",
        "--at", "2026-03-08T02:20:00+01:00", *db,
    )  # fmt: skip
    assert "duplicate of" not in unlinked
    assert "| P2 outage |" in unlinked
    assert "response due 2026-03-09 09:00 CET" in unlinked  # office opens 08:00 Berlin, + 1 h
