"""The seed scenarios driven through the services (and the shell) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from remit.bootstrap import Desk
from remit.cli import app
from remit.cli.demo import run_scenario
from remit.services.audit import verify_audit
from remit.services.outbox import list_outbox


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_the_night_database_outage_from_intake_to_confirmed_closure(e2e_desk: Desk) -> None:
    found = run_scenario(e2e_desk)
    s = found.summary
    assert (s.state, s.priority, s.coordinator, s.after_hours) == ("closed", "P1", "provider", True)
    # clocks: P1 outage on the 24/7 calendar; a 45-minute customer-caused pause moves recovery
    assert s.response_due == _at("2026-03-08T02:25:00+01:00")
    assert s.recovery_due == _at("2026-03-08T06:55:00+01:00")
    assert [(p.reason, p.side) for p in found.pauses] == [("no_access", "customer")]
    # parallel checks on every suspected layer; one hand-off to the developer
    assert {(c.layer, c.party, c.result) for c in found.checks} == {
        ("application", "developer", "not_ours"),
        ("dbms", "provider", "fault_found"),
        ("hardware", "provider", "clear"),
        ("os", "provider", "clear"),
    }
    assert s.handoff_count == 1
    assert [(h.from_party, h.to_party) for h in found.handoffs] == [("provider", "developer")]
    # vendor case followed through while the coordinator stays in front
    assert [(v.vendor, v.case_ref, v.status, v.follow_through) for v in found.vendor_cases] == [
        ("developer", "ES-4711", "fix_proposed", "provider"),
    ]
    # one missed next-update time; the response and recovery targets held
    assert [(b.measure, b.key) for b in found.breaches] == [("update", "update:1")]
    fired = [(w.key, w.fired_at) for w in found.due_work if w.fired_at]
    assert ("escalate:recovery:0.5:engineering", _at("2026-03-08T03:55:00+00:00")) in fired
    actions = [e.action for e in found.audit]
    for expected in (
        "opened",
        "taken",
        "check_opened",
        "check_answered",
        "localized",
        "handoff",
        "vendor_case_opened",
        "paused",
        "resumed",
        "client_update",
        "breached",
        "escalated",
        "restored",
        "reported",
        "confirmed",
    ):
        assert expected in actions
    assert actions.count("check_opened") == 4
    assert found.clocks.confirmed_by == "client.it"
    assert verify_audit(uow=e2e_desk.new_uow()).intact
    kinds = {n.kind for n in list_outbox(uow=e2e_desk.new_uow(), ticket_id=s.id, limit=500)}
    assert {
        "check_request",
        "handoff",
        "client_update",
        "update_overdue",
        "escalation",
        "confirmation_request",
        "closed",
    } <= kinds


def _run(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _fails(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 2, result.output
    return result.output


def test_an_unauthorized_request_held_then_confirmed_and_a_layer_party_that_tries_to_close(
    desk_url: str, tmp_path: Path
) -> None:
    contract = tmp_path / "contract.yaml"
    contract.write_text(resources.files("remit.templates").joinpath("starter.yaml").read_text())
    db = ("--db", desk_url)
    _run("contract", "load", str(contract), *db)
    held = _run(
        "ticket",
        "open",
        "--requester",
        "night.guard@example.com",
        "--title",
        "ERP down",
        "--symptoms",
        "nobody can log in",
        "--who",
        "everyone",
        "--scope",
        "organization",
        "--category",
        "outage",
        "--object",
        "erp",
        "--at",
        "2026-03-08T02:10:00+01:00",
        *db,
    )
    ticket = str(held["id"])
    assert (held["state"], held["response_due"]) == ("held", None)
    pending = CliRunner().invoke(app, ["outbox", "list", "--status", "pending", "--json", *db])
    assert [(n["kind"], n["recipient"]) for n in json.loads(pending.stdout)] == [
        ("authorization_request", "client.owner"),
    ]
    refused = _fails("ticket", "take", ticket, "--by", "provider.desk", *db)
    assert "cannot go from 'held' to 'in_progress'" in refused
    confirmed = _run(
        "ticket",
        "confirm",
        ticket,
        "--by",
        "client.owner",
        "--at",
        "2026-03-08T02:20:00+01:00",
        *db,
    )
    assert (confirmed["state"], confirmed["response_due"]) == ("new", "2026-03-08T01:35:00+00:00")
    _run(
        "ticket",
        "take",
        ticket,
        "--by",
        "provider.desk",
        "--at",
        "2026-03-08T02:25:00+01:00",
        *db,
    )
    _run(
        "ticket", "check", ticket, "--by", "provider.desk", "--at", "2026-03-08T02:26:00+01:00", *db
    )
    output = _fails(
        "ticket",
        "restore",
        ticket,
        "--by",
        "developer.support",
        "--at",
        "2026-03-08T02:30:00+01:00",
        *db,
    )
    assert "support@example-software.com may not restore: no role of yours" in output
    output = _fails("ticket", "report", ticket, "--by", "developer.support", "--cause", "x", *db)
    assert "support@example-software.com may not report: no role of yours" in output
    answered = CliRunner().invoke(
        app,
        [
            "ticket",
            "check",
            ticket,
            "--by",
            "developer.support",
            "--layer",
            "application",
            "--result",
            "not_ours",
            "--at",
            "2026-03-08T02:31:00+01:00",
            *db,
        ],
    )
    assert answered.exit_code == 0, answered.output
    shown = _run("ticket", "show", ticket, *db)
    summary = shown["summary"]
    assert isinstance(summary, dict)
    assert summary["state"] == "in_progress"
    audit = shown["audit"]
    assert isinstance(audit, list)
    assert [e["action"] for e in audit] == [
        "opened",
        "held",
        "authorized",
        "taken",
        "check_opened",
        "check_opened",
        "check_opened",
        "check_opened",
        "check_answered",
    ]
    invalid = _fails("ticket", "confirm", ticket, "--by", "client.owner", *db)
    assert "cannot go from 'in_progress' to 'closed'" in invalid
    assert "paused, restored" in invalid
