"""`remit ticket list | show` for people, on both engines: instants in the clock
calendar's zone with the zone named, late and breached marks, filters, the next
deadline first, met or missed once a clock stopped, and an empty result said so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remit.cli import app

AT = "2026-07-01T08:20:00Z"  # five minutes after #1 was opened


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def london(desk_url: str, tmp_path: Path) -> str:
    """The starter contract on Europe/London calendars; #1 a P1 outage opened at 08:15
    UTC on 1 July (BST), a layer check pending with the developer; #2 a request."""
    contract = tmp_path / "contract.yaml"
    _run("init", str(contract))
    text = contract.read_text(encoding="utf-8")
    contract.write_text(text.replace("Europe/Berlin", "Europe/London"), encoding="utf-8")
    _run("contract", "load", str(contract), "--db", desk_url)
    _run(
        "ticket", "open", "--requester", "client.it", "--title", "ERP down",
        "--symptoms", "nobody can log in", "--who", "the whole company", "--scope",
        "organization", "--category", "outage", "--object", "erp", "--error-ref", "ORA-12541",
        "--action-taken", "restarted the client", "--at", "2026-07-01T08:15:00Z",
        "--db", desk_url,
    )  # fmt: skip
    _run(
        "ticket", "open", "--requester", "client.it", "--title", "New invoice layout",
        "--symptoms", "wants a new layout", "--who", "accounting", "--scope", "user",
        "--category", "request", "--object", "erp", "--at", "2026-07-01T08:16:00Z",
        "--db", desk_url,
    )  # fmt: skip
    _run(
        "ticket", "check", "1", "--by", "provider.desk", "--layer", "application",
        "--at", "2026-07-01T08:17:00Z", "--db", desk_url,
    )  # fmt: skip
    return desk_url


def _ids(output: str) -> list[str]:
    """The ticket numbers listed, in order."""
    return [word[1:] for line in output.splitlines() for word in line.split()[:2] if word[0] == "#"]


def test_a_london_ticket_is_due_at_0930_bst_not_0830_utc(london: str) -> None:
    listed = _run("ticket", "list", "--at", AT, "--db", london)
    first = listed.splitlines()[0]
    assert first == (
        "#1 new | P1 outage | coordinator provider, working: provider | "
        "response due 2026-07-01 09:30 BST | recovery due 2026-07-01 13:15 BST | "
        "next update 2026-07-01 09:45 BST | hand-offs 0 | in scope, included | version 3"
    )


def test_json_keeps_utc_and_adds_the_local_form(london: str) -> None:
    [first, _] = json.loads(_run("ticket", "list", "--json", "--db", london))
    assert first["response_due"] == "2026-07-01T08:30:00+00:00"
    assert first["response_due_local"] == "2026-07-01T09:30:00+01:00"
    assert first["timezone"] == "Europe/London"
    shown = json.loads(_run("ticket", "show", "1", "--json", "--db", london))
    assert shown["audit"][0]["at_local"] == "2026-07-01T09:15:00+01:00"


def test_the_next_deadline_comes_first(london: str) -> None:
    assert _ids(_run("ticket", "list", "--at", AT, "--db", london)) == [
        "1",
        "2",
    ]


def test_a_party_with_a_pending_check_finds_the_ticket(london: str) -> None:
    assert _ids(_run("ticket", "list", "--party", "developer", "--at", AT, "--db", london)) == ["1"]


def test_filters_by_priority_and_state(london: str) -> None:
    assert _ids(_run("ticket", "list", "--priority", "P1", "--at", AT, "--db", london)) == ["1"]
    _run(
        "ticket",
        "take",
        "2",
        "--by",
        "provider.desk",
        "--at",
        "2026-07-01T08:18:00Z",
        "--db",
        london,
    )
    assert _ids(_run("ticket", "list", "--state", "new", "--at", AT, "--db", london)) == ["1"]
    assert _ids(_run("ticket", "list", "--state", "in_progress", "--db", london)) == ["2"]


@pytest.mark.parametrize(
    ("before", "expected"),
    [("2026-07-01T09:31:00+01:00", "#1 "), ("2026-07-01T08:29:00Z", "no tickets match\n")],
)
def test_due_before(london: str, before: str, expected: str) -> None:
    listed = _run("ticket", "list", "--due-before", before, "--at", AT, "--db", london)
    assert listed.startswith(expected)
    assert "#2 " not in listed


def test_late_tickets_are_marked_and_filtered(london: str) -> None:
    assert _run("ticket", "list", "--late", "--at", AT, "--db", london) == ("no tickets match\n")
    late = _run("ticket", "list", "--late", "--at", "2026-07-01T08:45:00Z", "--db", london)
    assert _ids(late) == ["1"]
    assert late.startswith("BREACHED #1 new | ")


def test_a_closed_ticket_says_met_or_missed(london: str) -> None:
    db = ("--db", london)
    _run("ticket", "take", "1", "--by", "provider.desk", "--at", "2026-07-01T08:40:00Z", *db)
    _run("ticket", "restore", "1", "--by", "provider.desk", "--at", "2026-07-01T09:00:00Z", *db)
    restored = _run("ticket", "list", "--state", "restored", *db)
    assert "| response missed | recovery met | hand-offs" in restored
    assert "due" not in restored


def test_show_gives_the_intake_and_each_event_s_details(london: str) -> None:
    shown = _run("ticket", "show", "1", "--db", london)
    assert "  requested by client.it via cli\n" in shown
    assert (
        "  who cannot work: the whole company; scope: organization; urgency: work_stopped\n"
    ) in shown
    assert "  symptoms: nobody can log in\n" in shown
    assert "  error refs: ORA-12541\n" in shown
    assert "  actions taken: restarted the client\n" in shown
    assert "  objects: erp\n" in shown
    assert " 2026-07-01 09:15 BST client.it: opened (channel=cli, priority=P1," in shown
