"""`remit maintenance` from the shell on SQLite and PostgreSQL: list, confirm (the named
person only), a ticket opened inside the confirmed occurrence, and a worker that stays quiet."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from remit.cli import app

# the starter's "Sunday patching": Sundays 06:00-08:00 Europe/Berlin, all objects, client.it
START = "2026-03-29T06:00:00+02:00"
CONFIRM = ["maintenance", "confirm", "Sunday patching", "--start", START]
OPEN = [
    *("ticket", "open", "--requester", "client.it", "--title", "DB restarts"),
    *("--symptoms", "connections dropped", "--who", "everyone", "--scope", "organization"),
    *("--category", "outage", "--object", "db-main", "--at", "2026-03-29T06:20:00+02:00"),
]


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_confirm_list_and_a_quiet_night_from_the_shell(desk_url: str, tmp_path: Path) -> None:
    contract = tmp_path / "contract.yaml"
    contract.write_text(resources.files("remit.templates").joinpath("starter.yaml").read_text())
    db = ("--db", desk_url)
    run("contract", "load", str(contract), *db)
    refused = CliRunner().invoke(
        app,
        [*CONFIRM, "--by", "client.owner", "--at", "2026-03-27T10:00:00+01:00", *db],
    )
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1
    confirmed = run(
        *(*CONFIRM, "--by", "client.it", "--at", "2026-03-27T10:00:00+01:00", *db),
    )
    assert (confirmed["start"], confirmed["end"], confirmed["agreed"]) == (
        "2026-03-29T04:00:00+00:00",
        "2026-03-29T06:00:00+00:00",
        True,
    )
    [window] = run("maintenance", "list", "--count", "2", "--at", "2026-03-28T00:00:00Z", *db)
    assert [(o["start"], o["confirmed_by"]) for o in window["upcoming"]] == [
        ("2026-03-29T04:00:00+00:00", "client.it"),
        ("2026-04-05T04:00:00+00:00", None),
    ]
    text = CliRunner().invoke(app, ["maintenance", "list", "--at", "2026-03-28T00:00:00Z", *db])
    assert "Sun 2026-03-29 06:00 CEST - 08:00 CEST" in text.output
    assert "confirmed by client.it" in text.output

    ticket = run(*OPEN, *db)
    assert ticket["planned_window"] == "Sunday patching"
    assert ticket["response_due"] == "2026-03-29T06:15:00+00:00"
    night = CliRunner().invoke(app, ["worker", "--once", "--at", "2026-03-29T07:59:59+02:00", *db])
    assert night.exit_code == 0, night.output
    pending = run("outbox", "list", *db)
    assert pending == []
    shown = run("ticket", "show", str(ticket["id"]), *db)
    assert [e["action"] for e in shown["audit"]] == ["opened", "planned_work"]
