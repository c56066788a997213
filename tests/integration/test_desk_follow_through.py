"""Vendor follow-up and the hand-off to engineering as due work fired by the worker, on both
engines: exact due instants, recipients, audit entries, once only.

The contract (`terms_contract`) runs P1 outages on the 24/7 calendar: P1 hands off to
dbops 15 minutes after acceptance, vendor escalation starts 2 hours after it, and
cases with the database vendor are followed up every 4 hours by dbops.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from terms_contract import terms_text

from remit.bootstrap import Desk
from remit.domain.errors import NotPermitted
from remit.domain.ticket import VendorStatus
from remit.services import coordination, tickets
from remit.services.escalations import run_sweep
from remit.services.follow_through import record_vendor_follow_up
from remit.services.outbox import list_outbox

CASE = "PG-4711"


def _pending(desk: Desk, ticket: int, prefix: str) -> dict[str, datetime]:
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    return {
        w.key: w.due_at for w in shown.due_work if w.fired_at is None and w.key.startswith(prefix)
    }


def _audit(desk: Desk, ticket: int, action: str) -> list[dict[str, Any]]:
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    return [e for e in shown.audit if e.action == action]


def _with_case(desk: Desk) -> tuple[int, str]:
    load_starter(desk, terms_text())
    ticket = open_a_ticket(desk, objects=("db-main",)).id
    coordination.vendor_case(
        uow=desk.new_uow(),
        ticket_id=ticket,
        vendor="dbvendor",
        case_ref=CASE,
        by="provider",
        now=T0 + minutes(30),
    )
    [key] = _pending(desk, ticket, "vendor_follow_up:")
    return ticket, key


def test_a_missed_vendor_follow_up_is_recorded_and_a_recorded_one_moves_the_next(
    desk: Desk,
) -> None:
    ticket, key = _with_case(desk)
    # vendor escalation starts at T0 + 2h (vendor_after), the first follow-up 4h later
    assert key.endswith(":0")
    assert _pending(desk, ticket, "vendor_follow_up:") == {key: T0 + minutes(360)}
    before = run_sweep(uow=desk.new_uow(), now=T0 + minutes(359), worker="w")
    assert "vendor_follow_up" not in before.fired
    missed = run_sweep(uow=desk.new_uow(), now=T0 + minutes(360), worker="w")
    assert missed.fired["vendor_follow_up"] == 1
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert [(b.measure, b.key, b.due_at) for b in shown.breaches if b.key == key] == [
        ("vendor_follow_up", key, T0 + minutes(360))
    ]
    [entry] = [e for e in _audit(desk, ticket, "breached") if e.detail["key"] == key]
    assert entry.actor == "remit-worker"
    assert (entry.detail["measure"], entry.detail["case_ref"]) == ("vendor_follow_up", CASE)
    assert entry.detail["follow_through"] == "dbops"
    reminded = [
        (n.recipient, n.address)
        for n in list_outbox(uow=desk.new_uow(), ticket_id=ticket)
        if n.kind == "vendor_follow_up_due"
    ]
    assert reminded == [("dbops", "+49 30 5559 3000"), ("provider", "+49 30 5558 2999")]
    assert (
        run_sweep(uow=desk.new_uow(), now=T0 + minutes(400), worker="w").fired.get(
            "vendor_follow_up"
        )
        is None
    )

    late = record_vendor_follow_up(
        uow=desk.new_uow(),
        ticket_id=ticket,
        case_ref=CASE,
        note="asked for the patch ETA",
        by="dbops.dba",
        now=T0 + minutes(420),
    )
    assert (late.follow_ups, late.late, late.next_follow_up_due) == (1, True, T0 + minutes(660))
    on_time = record_vendor_follow_up(
        uow=desk.new_uow(),
        ticket_id=ticket,
        case_ref=CASE,
        note="vendor sent a hotfix build",
        by="dbops",
        now=T0 + minutes(480),
    )
    assert (on_time.follow_ups, on_time.late) == (2, False)
    pending = _pending(desk, ticket, "vendor_follow_up:")
    assert pending == {key[:-1] + "2": T0 + minutes(720)}
    follow_ups = _audit(desk, ticket, "vendor_follow_up")
    assert [(e.actor, e.detail["follow_ups"], e.detail["late"]) for e in follow_ups] == [
        ("dbops.dba", 1, True),
        ("dbops", 2, False),
    ]
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert [b.key for b in shown.breaches if b.measure == "vendor_follow_up"] == [key]


def test_only_the_follow_through_party_or_the_coordinator_records_a_follow_up(desk: Desk) -> None:
    ticket, _ = _with_case(desk)
    with pytest.raises(NotPermitted, match="followed through by dbops"):
        record_vendor_follow_up(
            uow=desk.new_uow(),
            ticket_id=ticket,
            case_ref=CASE,
            note="chased",
            by="developer",
            now=T0 + minutes(60),
        )
    done = record_vendor_follow_up(
        uow=desk.new_uow(),
        ticket_id=ticket,
        case_ref=CASE,
        note="chased",
        by="provider",
        now=T0 + minutes(60),
    )
    # a follow-up before vendor escalation starts does not move the start
    assert (done.late, done.next_follow_up_due) == (False, T0 + minutes(360))


def test_a_resolved_case_needs_no_follow_up(desk: Desk) -> None:
    ticket, _ = _with_case(desk)
    coordination.vendor_case(
        uow=desk.new_uow(),
        ticket_id=ticket,
        vendor="dbvendor",
        case_ref=CASE,
        by="provider",
        status=VendorStatus.RESOLVED,
        now=T0 + minutes(90),
    )
    assert _pending(desk, ticket, "vendor_follow_up:") == {}


def test_handoff_after_hands_the_ticket_to_engineering_once(desk: Desk) -> None:
    load_starter(desk, terms_text())
    ticket = open_a_ticket(desk).id
    assert _pending(desk, ticket, "handoff_due") == {"handoff_due": T0 + minutes(15)}
    early = run_sweep(uow=desk.new_uow(), now=T0 + minutes(14), worker="w")
    assert "handoff_due" not in early.fired
    due = run_sweep(uow=desk.new_uow(), now=T0 + minutes(15), worker="w")
    assert due.fired["handoff_due"] == 1
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert (shown.summary.assignee, shown.summary.handoff_count) == ("dbops", 1)
    assert shown.summary.coordinator == "provider"
    assert [(h.from_party, h.to_party, h.by) for h in shown.handoffs] == [
        ("provider", "dbops", "remit-worker")
    ]
    [entry] = _audit(desk, ticket, "handoff_due")
    assert entry.detail["handed_off"] is True
    assert entry.at == T0 + minutes(15)
    assert len(_audit(desk, ticket, "handoff")) == 1
    handed = [
        n.recipient
        for n in list_outbox(uow=desk.new_uow(), ticket_id=ticket)
        if n.kind == "handoff"
    ]
    assert handed == ["dbops", "provider"]
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="dbops", now=T0 + minutes(16))
    again = run_sweep(uow=desk.new_uow(), now=T0 + minutes(600), worker="w")
    assert "handoff_due" not in again.fired
    assert len(_audit(desk, ticket, "handoff_due")) == 1


def test_a_ticket_already_handed_elsewhere_keeps_its_assignee(desk: Desk) -> None:
    load_starter(desk, terms_text())
    ticket = open_a_ticket(desk).id
    coordination.localize_fault(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        reason="application error",
        layer="application",
        now=T0 + minutes(5),
    )
    run_sweep(uow=desk.new_uow(), now=T0 + minutes(15), worker="w")
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert (shown.summary.assignee, shown.summary.handoff_count) == ("developer", 1)
    [entry] = _audit(desk, ticket, "handoff_due")
    assert entry.detail["handed_off"] is False


def test_a_ticket_restored_in_time_is_not_handed_off(desk: Desk) -> None:
    load_starter(desk, terms_text())
    ticket = open_a_ticket(desk).id
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(2))
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(10)
    )
    assert _pending(desk, ticket, "handoff_due") == {}
    assert (
        "handoff_due" not in run_sweep(uow=desk.new_uow(), now=T0 + minutes(20), worker="w").fired
    )
