"""Emergency approvals and responsibility transfers driven through the shell on both engines."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app

NIGHT = "2026-03-08T02:30:00+01:00"  # Sunday night in Berlin


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _json(*args: str) -> dict[str, object]:
    code, output = _invoke(*args, "--json")
    assert code == 0, output
    data: dict[str, object] = json.loads(output)
    return data


def _opened(desk_url: str, tmp_path: Path) -> tuple[str, tuple[str, str]]:
    contract = tmp_path / "contract.yaml"
    contract.write_text(resources.files("remit.templates").joinpath("starter.yaml").read_text())
    db = ("--db", desk_url)
    _json("contract", "load", str(contract), *db)
    opened = _json(
        "ticket", "open", "--requester", "client.it", "--title", "ERP down",
        "--symptoms", "nobody can log in", "--who", "everyone", "--scope", "organization",
        "--category", "outage", "--object", "erp", "--at", "2026-03-08T02:10:00+01:00", *db,
    )  # fmt: skip
    return str(opened["id"]), db


def test_an_emergency_approval_and_a_transfer_from_the_shell(desk_url: str, tmp_path: Path) -> None:
    ticket, db = _opened(desk_url, tmp_path)
    approve = ("ticket", "approve", ticket, "--action", "restart the DBMS", "--channel", "phone")
    code, refused = _invoke(*approve, "--by", "client.it", "--at", NIGHT, *db)
    assert code == 2
    assert refused.strip() == (
        "remit: client.it may not approve emergency actions: outside business hours "
        "the contract's approver is client.owner (sla.after_hours.approved_by)"
    )
    approved = _json(*approve, "--by", "client.owner", "--at", NIGHT, *db)
    assert (approved["approved_by"], approved["channel"], approved["at"]) == (
        "client.owner",
        "phone",
        "2026-03-08T01:30:00+00:00",
    )
    requested = _json(
        "ticket", "transfer", ticket, "--to", "developer", "--reason", "ERP defect",
        "--by", "provider.desk", "--at", NIGHT, *db,
    )  # fmt: skip
    assert (requested["status"], requested["coordinator"]) == ("pending", "provider")
    code, listed = _invoke("ticket", "list", *db)
    assert code == 0
    assert "transfer pending: coordination to developer, awaiting client.owner" in listed
    code, refused = _invoke("ticket", "transfer-approve", ticket, "--by", "client.it", *db)
    assert code == 2
    assert refused.count("\n") == 1
    assert "the contract leaves responsibility transfers to client.owner" in refused
    done = _json(
        "ticket", "transfer-approve", ticket, "--by", "client.owner",
        "--at", "2026-03-08T02:40:00+01:00", *db,
    )  # fmt: skip
    assert (done["status"], done["coordinator"], done["handoff_count"]) == (
        "approved",
        "developer",
        1,
    )
    code, shown = _invoke("ticket", "show", ticket, *db)
    assert code == 0
    assert "emergency approvals:" in shown
    assert "transfers:" in shown
    assert "coordinator developer" in shown
