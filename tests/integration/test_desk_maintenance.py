"""Maintenance windows at the desk, on both engines: a patch inside a confirmed window at
night neither breaches nor pages; an unconfirmed occurrence is an ordinary incident; only
the person the contract names confirms an occurrence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from desk_builders import load_starter, open_a_ticket, starter_text
from sqlalchemy import select

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotPermitted
from remit.services import tickets
from remit.services.escalations import run_sweep
from remit.services.maintenance import confirm_occurrence, list_windows
from remit.services.outbox import list_outbox
from remit.store.tables import AuditRow

# Sunday 02:30 Berlin for three hours; on 29 March 02:30 does not exist, so the
# occurrence runs 03:30-06:30 CEST (01:30-04:30 UTC)
WINDOW = """    - name: Sunday patching
      rrule: FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30
      duration: 3h
      timezone: Europe/Berlin
      objects: [srv-app-01, db-main]
      confirmed_by: client.it
"""
START = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
END = START + timedelta(hours=3)
OPENED = datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 CEST, inside the occurrence
CONFIRMED_AT = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


def night_window_contract() -> str:
    text = starter_text()
    start = text.index("    - name: Sunday patching")
    end = text.index("  change_procedure:")
    return text[:start] + WINDOW + text[end:]


def a_patch(desk: Desk, **overrides: Any) -> int:
    values: dict[str, Any] = {
        "title": "Database restarts during patching",
        "symptoms": "connections dropped, data loss feared",
        "objects": ("db-main", "srv-app-01"),
    }
    values.update(overrides)
    return open_a_ticket(desk, OPENED, **values).id


def confirm(desk: Desk, by: str = "client.it", at: datetime = CONFIRMED_AT) -> None:
    confirm_occurrence(uow=desk.new_uow(), window="Sunday patching", start=START, by=by, now=at)


def sweep(desk: Desk, at: datetime) -> dict[str, int]:
    return run_sweep(uow=desk.new_uow(), now=at, worker="w").fired


def actions(desk: Desk, ticket: int) -> list[tuple[str, str]]:
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    return [(entry.actor, entry.action) for entry in shown.audit]


def test_a_patch_inside_a_confirmed_window_at_night_neither_breaches_nor_pages(
    desk: Desk,
) -> None:
    load_starter(desk, night_window_contract())
    confirm(desk)
    ticket = a_patch(desk)
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.summary.planned_window == "Sunday patching"
    assert (shown.summary.priority, shown.clocks.calendar) == ("P1", "always")
    assert (shown.clocks.planned_start, shown.clocks.planned_end) == (START, END)
    # the clocks run from the window's end: 15 min response, 4 h recovery, 30 min update
    assert shown.summary.response_due == END + timedelta(minutes=15)
    assert shown.summary.recovery_due == END + timedelta(hours=4)
    assert shown.summary.next_update_due == END + timedelta(minutes=30)
    planned = shown.audit[1]
    assert (planned.actor, planned.action) == ("desk", "planned_work")
    assert planned.detail["window"] == "Sunday patching"
    assert planned.detail["agreed_by"] == "client.it"
    assert (planned.detail["start"], planned.detail["end"]) == (
        START.isoformat(),
        END.isoformat(),
    )

    # the worker sweeps through the night: nothing fires inside the window
    at = OPENED
    while at < END:
        assert sweep(desk, at) == {}
        at += timedelta(minutes=10)
    tickets.take_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=OPENED + timedelta(minutes=20)
    )
    assert sweep(desk, END - timedelta(seconds=1)) == {}
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=END - timedelta(minutes=5)
    )
    assert list_outbox(uow=desk.new_uow(), ticket_id=ticket) == []

    # restored inside the window: the held symptom escalation is dropped, nothing breaches
    assert sweep(desk, END) == {}
    assert sweep(desk, END + timedelta(days=1)) == {}
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.breaches == ()
    assert actions(desk, ticket) == [
        ("client.it", "opened"),
        ("desk", "planned_work"),
        ("provider", "taken"),
        ("provider", "restored"),
    ]


def test_planned_work_still_down_at_the_window_end_escalates_once_then(desk: Desk) -> None:
    load_starter(desk, night_window_contract())
    confirm(desk)
    ticket = a_patch(desk)
    assert sweep(desk, END - timedelta(seconds=1)) == {}
    assert sweep(desk, END) == {"escalate": 1}
    assert sweep(desk, END + timedelta(minutes=1)) == {}
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    [escalated] = [e for e in shown.audit if e.action == "escalated"]
    assert escalated.detail["held_by_window"] == "Sunday patching"
    assert escalated.detail["due_at"] == END.isoformat()
    assert shown.breaches == ()


def test_an_unconfirmed_occurrence_leaves_an_ordinary_incident(desk: Desk) -> None:
    load_starter(desk, night_window_contract())
    ticket = a_patch(desk, symptoms="connections dropped")
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.summary.planned_window is None
    assert shown.summary.response_due == OPENED + timedelta(minutes=15)
    assert shown.summary.recovery_due == OPENED + timedelta(hours=4)
    unconfirmed = shown.audit[1]
    assert (unconfirmed.actor, unconfirmed.action) == ("desk", "window_unconfirmed")
    assert unconfirmed.detail["window"] == "Sunday patching"
    assert unconfirmed.detail["reason"] == (
        "the occurrence is not confirmed by client.it, so the ticket is an incident, "
        "not planned work"
    )
    assert sweep(desk, OPENED + timedelta(minutes=30)) == {
        "breach": 1,
        "handoff_due": 1,
        "update_due": 1,
    }
    assert [
        b.measure for b in tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).breaches
    ] == ["response", "update"]


def test_a_confirmation_after_the_intake_instant_does_not_make_planned_work(desk: Desk) -> None:
    load_starter(desk, night_window_contract())
    confirm(desk, at=OPENED + timedelta(minutes=1))
    ticket = a_patch(desk)
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.summary.planned_window is None
    assert [e.action for e in shown.audit] == ["opened", "window_unconfirmed", "escalated"]


def test_an_object_outside_the_window_keeps_the_ticket_an_incident(desk: Desk) -> None:
    load_starter(desk, night_window_contract())
    confirm(desk)
    ticket = a_patch(desk, objects=("erp", "db-main"), symptoms="slow")
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.summary.planned_window is None
    assert [e.action for e in shown.audit] == ["opened"]


def test_only_the_named_person_confirms_an_occurrence(desk: Desk) -> None:
    load_starter(desk, night_window_contract())
    with pytest.raises(NotPermitted, match=r"the contract names client\.it to confirm it"):
        confirm(desk, by="client.owner")
    (window,) = list_windows(uow=desk.new_uow(), now=CONFIRMED_AT, count=2)
    assert [(o.start, o.confirmed_by) for o in window.upcoming] == [
        (START, None),
        (START + timedelta(days=7) - timedelta(hours=1), None),  # 02:30 CEST
    ]
    confirm(desk)
    with pytest.raises(InvalidInput, match=r"already confirmed by client\.it"):
        confirm(desk)
    (window,) = list_windows(uow=desk.new_uow(), now=CONFIRMED_AT, count=1)
    assert (window.upcoming[0].confirmed_by, window.upcoming[0].confirmed_at) == (
        "client.it",
        CONFIRMED_AT,
    )
    with desk.new_uow() as uow:
        stmt = select(AuditRow).where(AuditRow.action == "window_confirmed")
        entries = [
            (e.actor, e.at, e.detail["start"], e.ticket_id) for e in uow.session.scalars(stmt)
        ]
    assert entries == [("client.it", CONFIRMED_AT, START.isoformat(), None)]
