"""Every ticket action at the CLI is a verified person's: `--by` names a person known to
the desk, the one access gate judges the action as it does for the HTTP API, and the
audit records that it came through the operator's CLI. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from audit_key import TEST_KEY
from remit.api.app import create_app
from remit.api.server import bearer_caller
from remit.bootstrap import desk_for_engine
from remit.cli import app
from remit.services.people import issue_token
from remit.store.engine import make_engine
from remit.store.tables import AuditRow

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

AT = "2026-03-08T02:10:00+01:00"
TAKEN = "2026-03-08T02:15:00+01:00"
LATER = "2026-03-08T02:20:00+01:00"
DESK = "desk@example-it.com"  # provider.desk: the provider coordinates
DEVELOPER = "support@example-software.com"  # developer.support: a layer party once checked
OTHER_DESK = "desk@other-it.example"  # provider.desk of the other client's line
NOT_PERMITTED = "may not restore: no role of yours on this ticket allows it under its contract"


def cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def done(*args: str) -> dict[str, Any]:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def refused(result: Result) -> str:
    """The one line a refusal prints (exit 2), without the `remit: ` prefix."""
    assert (result.exit_code, type(result.exception)) == (2, SystemExit), result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("remit: ")
    return result.stderr.removeprefix("remit: ").strip()


def open_ticket(db: str, line: str) -> str:
    found = done(
        "ticket", "open", "--requester", "client.it", "--title", "ERP down", "--symptoms",
        "no login", "--who", "everyone", "--scope", "organization", "--category", "outage",
        "--object", "erp", "--line", line, "--at", AT, "--db", db,
    )  # fmt: skip
    return str(found["id"])


def state_of(db: str, ticket: str) -> str:
    state: str = done("ticket", "show", ticket, "--db", db)["summary"]["state"]
    return state


def audit_of(db: str, ticket: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = done("ticket", "show", ticket, "--db", db)["audit"]
    return entries


def other_client(starter: str) -> str:
    """The starter contract for another client, whose people have other addresses."""
    for ours, theirs in (
        ("Example Ltd", "Other Ltd"),
        ("@example.com", "@other.example"),
        ("@example-it.com", "@other-it.example"),
        ("@example-software.com", "@other-software.example"),
    ):
        starter = starter.replace(ours, theirs)
    return starter


@pytest.fixture
def desk(desk_url: str, tmp_path: Path) -> str:
    """Two client lines (`example`, `other`) and ticket 1 of `example` taken into work."""
    starter = resources.files("remit.templates").joinpath("starter.yaml").read_text()
    ours, theirs = tmp_path / "example.yaml", tmp_path / "other.yaml"
    ours.write_text(starter)
    theirs.write_text(other_client(starter))
    for path, line in ((ours, "example"), (theirs, "other")):
        loaded = cli("contract", "load", str(path), "--line", line, "--db", desk_url)
        assert loaded.exit_code == 0, loaded.output
    ticket = open_ticket(desk_url, "example")
    done("ticket", "take", ticket, "--by", "provider.desk", "--at", TAKEN, "--db", desk_url)
    return desk_url


def api_refusal(url: str, email: str, path: str, body: dict[str, Any]) -> tuple[int, str]:
    """What the HTTP API answers `email` (with a real token) for a POST to `path`."""
    served = desk_for_engine(make_engine(url), TEST_KEY)
    now = datetime.now(UTC)
    token = issue_token(uow=served.new_uow(), email=email, name="cli", by="test", now=now)
    try:
        with TestClient(create_app(served, resolve_caller=bearer_caller)) as client:
            headers = {"Authorization": f"Bearer {token.secret}"}
            response = client.post(path, json=body, headers=headers)
    finally:
        served.close()
    return response.status_code, str(response.json()["detail"])


def test_restore_by_provider_evil_is_refused_and_changes_nothing(desk: str) -> None:
    line = refused(cli("ticket", "restore", "1", "--by", "provider.evil", "--db", desk))
    assert line.startswith("'provider.evil' is not a contact of the contract of ticket 1; ")
    assert "name a person by e-mail, or as 'party.contact'" in line
    assert state_of(desk, "1") == "in_progress"
    assert "restored" not in [e["action"] for e in audit_of(desk, "1")]


def test_resume_by_nobody_at_all_is_refused_and_the_pause_runs_on(desk: str) -> None:
    done(
        "ticket", "pause", "1", "--by", DESK, "--reason", "no_access", "--at", LATER, "--db", desk
    )  # fmt: skip
    line = refused(cli("ticket", "resume", "1", "--by", "nobody-at-all", "--db", desk))
    assert line.startswith("'nobody-at-all' names no person known to the desk; ")
    assert state_of(desk, "1") == "paused"
    assert done("ticket", "resume", "1", "--by", DESK, "--db", desk)["state"] == "in_progress"


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (
            "provider",
            "'provider' is a party, not a person: name one of its people, e.g. provider.desk",
        ),
        ("provider.oncall", "'provider.oncall' has no e-mail address in the contract"),
        ("ghost@example-it.com", "'ghost@example-it.com' is not a person known to the desk"),
        ("", "'' names no person known to the desk"),
    ],
    ids=["bare party", "contact without e-mail", "unknown e-mail", "empty"],
)
def test_who_names_no_known_person_is_refused_naming_what_to_give(
    desk: str, who: str, message: str
) -> None:
    line = refused(cli("ticket", "update", "1", "--by", who, "--known", "k", "--checking", "c",
                       "--next-action", "n", "--db", desk))  # fmt: skip
    assert line.startswith(message)
    assert "update_posted" not in [e["action"] for e in audit_of(desk, "1")]


def test_a_layer_partys_person_cannot_restore_and_the_api_says_the_same(desk: str) -> None:
    done("ticket", "check", "1", "--by", "provider.desk", "--layer", "application", "--db", desk)
    by_contact = refused(cli("ticket", "restore", "1", "--by", "developer.support", "--db", desk))
    by_email = refused(cli("ticket", "restore", "1", "--by", DEVELOPER, "--db", desk))
    assert by_contact == by_email == f"{DEVELOPER} {NOT_PERMITTED}"
    assert api_refusal(desk, DEVELOPER, "/api/v1/tickets/1/restore", {}) == (403, by_email)
    answered = cli(
        "ticket", "check", "1", "--by", "developer.support", "--layer", "application",
        "--result", "not_ours", "--db", desk,
    )  # fmt: skip
    assert answered.exit_code == 0, answered.output
    assert state_of(desk, "1") == "in_progress"


def test_a_person_of_another_line_cannot_act_on_the_ticket(desk: str) -> None:
    line = refused(cli("ticket", "take", "1", "--by", OTHER_DESK, "--db", desk))
    missing = refused(cli("ticket", "take", "99", "--by", OTHER_DESK, "--db", desk))
    assert (line, missing) == ("no ticket 1", "no ticket 99")  # the same as no ticket at all
    assert api_refusal(desk, OTHER_DESK, "/api/v1/tickets/1/take", {}) == (404, line)
    theirs = open_ticket(desk, "other")
    taken = done("ticket", "take", theirs, "--by", OTHER_DESK, "--at", TAKEN, "--db", desk)
    assert (taken["state"], state_of(desk, "1")) == ("in_progress", "in_progress")


def test_the_audit_of_a_cli_action_shows_the_cli_channel(desk: str) -> None:
    done("ticket", "check", "1", "--by", DESK, "--layer", "application", "--db", desk)
    entries = audit_of(desk, "1")
    assert [(e["action"], e["actor"], e["detail"].get("via")) for e in entries] == [
        ("opened", "client.it", "cli"),
        ("taken", "provider.desk", "cli"),
        ("check_opened", "provider.desk", "cli"),
    ]
    assert cli("audit", "verify", "--db", desk).exit_code == 0


def test_the_cli_channel_is_sealed_into_the_audit_chain(desk: str) -> None:
    engine = make_engine(desk)
    with Session(engine) as session:
        taken = session.execute(select(AuditRow).where(AuditRow.action == "taken")).scalar_one()
        taken.detail = {**taken.detail, "via": "api"}
        session.commit()
    engine.dispose()
    verified = cli("audit", "verify", "--db", desk)
    assert verified.exit_code == 1, verified.output
    assert "was edited" in verified.output
