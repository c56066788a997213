"""Major incidents on both engines: duplicates follow one parent, which alone escalates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from desk_builders import T0, as_happened, load_starter, minutes, open_a_ticket, starter_text
from sqlalchemy import func, select

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotPermitted
from remit.services import tickets, transfers, updates
from remit.services.closure import WorkReport, write_report
from remit.services.escalations import run_sweep
from remit.services.incidents import link_ticket, unlink_ticket
from remit.store.tables import DueWorkRow, FiredWorkRow, OutboxRow

LISTED_AT = datetime(2026, 3, 2, tzinfo=UTC)  # filters on time are not used here

FULL_REPORT = WorkReport(
    cause="database volume full",
    actions="extended the volume",
    provider_participants=("on-call",),
    client_participants=("J. Weber",),
    recurrence_risk="low",
)


def link(desk: Desk, child: int, parent: int, minute: float = 2) -> None:
    link_ticket(
        uow=desk.new_uow(),
        ticket_id=child,
        parent_id=parent,
        by="provider",
        reason="same database outage",
        now=T0 + minutes(minute),
    )


def an_incident(desk: Desk, duplicates: int) -> tuple[int, list[int]]:
    load_starter(desk)
    parent = open_a_ticket(desk).id
    children = [
        open_a_ticket(desk, now=T0 + timedelta(seconds=i + 1), title=f"ERP down, call {i + 1}").id
        for i in range(duplicates)
    ]
    for child in children:
        link(desk, child, parent)
    return parent, children


def per_ticket(desk: Desk, table: Any, **where: object) -> dict[int, int]:
    with desk.new_uow() as uow:
        stmt = select(table.ticket_id, func.count()).group_by(table.ticket_id)
        for name, value in where.items():
            stmt = stmt.where(getattr(table, name) == value)
        return dict(list(uow.session.execute(stmt)))


def actions(desk: Desk, ticket: int) -> list[tuple[str, dict[str, Any]]]:
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    return [(entry.action, as_happened(entry.detail)) for entry in shown.audit]


def test_thirty_duplicates_under_one_major_incident_produce_one_escalation_ladder(
    desk: Desk,
) -> None:
    parent, children = an_incident(desk, 30)
    assert per_ticket(desk, DueWorkRow, kind="escalate") == {parent: 2}
    assert set(per_ticket(desk, DueWorkRow)) == {parent}
    run_sweep(uow=desk.new_uow(), now=T0 + minutes(300), worker="w")
    with desk.new_uow() as uow:
        escalations = uow.session.execute(
            select(FiredWorkRow.ticket_id, FiredWorkRow.key)
            .where(FiredWorkRow.kind == "escalate")
            .order_by(FiredWorkRow.key)
        )
        assert list(escalations) == [
            (parent, "escalate:recovery:0.5:engineering"),
            (parent, "escalate:recovery:0.8:management"),
        ]
    assert set(per_ticket(desk, FiredWorkRow)) == {parent}
    notices = per_ticket(desk, OutboxRow, kind="escalation")
    assert notices == {parent: 5}  # engineering: on-call, provider; management: 3
    assert set(per_ticket(desk, OutboxRow)) == {parent}
    listed = {t.id: t for t in tickets.list_tickets(uow=desk.new_uow(), now=LISTED_AT, limit=100)}
    assert (listed[parent].parent_id, listed[parent].duplicates) == (None, 30)
    assert {listed[c].parent_id for c in children} == {parent}
    assert {listed[c].response_due for c in children} == {None}


def test_closure_of_the_parent_moves_every_child_with_it(desk: Desk) -> None:
    parent, children = an_incident(desk, 3)
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=parent, by="provider", now=T0 + minutes(5))
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=parent, by="provider", now=T0 + minutes(60)
    )
    states = {t.id: t.state for t in tickets.list_tickets(uow=desk.new_uow(), now=LISTED_AT)}
    assert [states[c] for c in children] == ["restored"] * 3
    write_report(
        uow=desk.new_uow(),
        ticket_id=parent,
        by="provider",
        report=FULL_REPORT,
        now=T0 + minutes(90),
    )
    tickets.confirm_ticket(
        uow=desk.new_uow(), ticket_id=parent, by="client.it", now=T0 + minutes(120)
    )
    for child in children:
        shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=child)
        assert shown.summary.state == "closed"
        assert (shown.clocks.closed_at, shown.clocks.confirmed_by) == (
            T0 + minutes(120),
            "client.it",
        )
        followed = [d for a, d in actions(desk, child) if a == "followed_parent"]
        assert [(d["from_state"], d["to_state"], d["parent"]) for d in followed] == [
            ("new", "restored", parent),
            ("restored", "reported", parent),
            ("reported", "closed", parent),
        ]
    assert set(per_ticket(desk, OutboxRow)) == {parent}


def test_a_linked_child_is_not_worked_on_its_own(desk: Desk) -> None:
    parent, [child] = an_incident(desk, 1)
    with pytest.raises(InvalidInput, match=f"ticket {child} is a duplicate of #{parent}"):
        tickets.take_ticket(uow=desk.new_uow(), ticket_id=child, by="provider", now=T0 + minutes(5))


def test_linking_to_a_duplicate_links_to_its_major_incident(desk: Desk) -> None:
    parent, [first] = an_incident(desk, 1)
    late = open_a_ticket(desk, now=T0 + minutes(3)).id
    link(desk, late, first, minute=4)
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=late)
    assert shown.summary.parent_id == parent
    [(_, detail)] = [(a, d) for a, d in actions(desk, late) if a == "linked"]
    assert (detail["parent"], detail["named"], detail["reason"]) == (
        parent,
        first,
        "same database outage",
    )
    on_parent = tickets.show_ticket(uow=desk.new_uow(), ticket_id=parent)
    assert [d.id for d in on_parent.duplicates] == [first, late]
    assert [d["child"] for a, d in actions(desk, parent) if a == "duplicate_linked"] == [
        first,
        late,
    ]


def test_links_that_break_the_rules_are_refused(desk: Desk) -> None:
    parent, [_child] = an_incident(desk, 1)
    other = open_a_ticket(desk, now=T0 + minutes(3)).id
    with pytest.raises(InvalidInput, match=f"ticket {parent} is the major incident of 1"):
        link(desk, parent, other, minute=5)
    with pytest.raises(NotPermitted):
        link_ticket(
            uow=desk.new_uow(),
            ticket_id=other,
            parent_id=parent,
            by="developer",
            reason="dup",
            now=T0 + minutes(5),
        )
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=parent, by="provider", now=T0 + minutes(5))
    tickets.restore_ticket(uow=desk.new_uow(), ticket_id=parent, by="provider", now=T0 + minutes(6))
    with pytest.raises(InvalidInput, match="a major incident must be open"):
        link(desk, other, parent, minute=7)
    assert tickets.show_ticket(uow=desk.new_uow(), ticket_id=other).summary.parent_id is None


def test_unlinking_re_plans_the_child_from_its_own_acceptance(desk: Desk) -> None:
    parent, [child] = an_incident(desk, 1)
    opened = T0 + timedelta(seconds=1)
    back = unlink_ticket(
        uow=desk.new_uow(),
        ticket_id=child,
        by="provider",
        reason="a different fault after all",
        now=T0 + minutes(30),
    )
    assert (back.parent_id, back.response_due, back.recovery_due) == (
        None,
        opened + minutes(15),
        opened + minutes(240),
    )
    [(_, detail)] = [(a, d) for a, d in actions(desk, child) if a == "unlinked"]
    assert (detail["parent"], detail["response_due"]) == (
        parent,
        (opened + minutes(15)).isoformat(),
    )
    swept = run_sweep(uow=desk.new_uow(), now=T0 + minutes(31), worker="w")
    assert per_ticket(desk, FiredWorkRow, kind="breach") == {parent: 1, child: 1}
    assert swept.fired["breach"] == 2
    assert run_sweep(uow=desk.new_uow(), now=T0 + minutes(31), worker="w").claimed == 0


def with_accounts_payable(text: str) -> str:
    contact = "      ap: {name: Accounts payable, email: ap@example.com}\n"
    account = "    - {contact: client.ap, technical: true, billing: false}\n"
    text = text.replace("      it: {name: Jonas Weber", contact + "      it: {name: Jonas Weber", 1)
    return text.replace("  sub_accounts:\n", "  sub_accounts:\n" + account, 1)


def test_the_parents_client_updates_reach_the_duplicates_requesters(desk: Desk) -> None:
    load_starter(desk, with_accounts_payable(starter_text()))
    parent = open_a_ticket(desk).id
    child = open_a_ticket(desk, now=T0 + minutes(1), requester="client.ap").id
    link(desk, child, parent)
    with pytest.raises(InvalidInput, match=f"is a duplicate of #{parent}"):
        post(desk, child)
    post(desk, parent)
    with desk.new_uow() as uow:
        sent = uow.session.execute(
            select(OutboxRow.ticket_id, OutboxRow.recipient, OutboxRow.address)
            .where(OutboxRow.kind == "client_update")
            .order_by(OutboxRow.recipient)
        )
        assert list(sent) == [
            (parent, "client.ap", "ap@example.com"),
            (parent, "client.it", "j.weber@example.com"),
            (parent, "client.owner", "m.keller@example.com"),
        ]


def post(desk: Desk, ticket: int) -> None:
    updates.post_update(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        known="database volume full",
        checking="the volume",
        next_action="extend it",
        now=T0 + minutes(10),
    )


def reported(desk: Desk, duplicates: int) -> tuple[int, list[int]]:
    parent, children = an_incident(desk, duplicates)
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=parent, by="provider", now=T0 + minutes(5))
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=parent, by="provider", now=T0 + minutes(60)
    )
    write_report(
        uow=desk.new_uow(),
        ticket_id=parent,
        by="provider",
        report=FULL_REPORT,
        now=T0 + minutes(90),
    )
    return parent, children


def test_auto_confirmation_of_the_parent_closes_the_children(desk: Desk) -> None:
    parent, children = reported(desk, 2)
    assert set(per_ticket(desk, DueWorkRow, kind="auto_confirm")) == {parent}
    run_sweep(uow=desk.new_uow(), now=datetime(2026, 3, 12, tzinfo=UTC), worker="w")
    states = {
        t.id: (t.state, t.parent_id)
        for t in tickets.list_tickets(uow=desk.new_uow(), now=LISTED_AT)
    }
    assert [states[c] for c in children] == [("closed", parent)] * 2
    followed = [d for a, d in actions(desk, children[0]) if a == "followed_parent"]
    assert [(d["from_state"], d["to_state"], d["parent"]) for d in followed][-1] == (
        "reported",
        "closed",
        parent,
    )


def test_reopening_the_parent_takes_the_children_back_into_work(desk: Desk) -> None:
    parent, children = reported(desk, 2)
    tickets.confirm_ticket(
        uow=desk.new_uow(), ticket_id=parent, by="client.it", now=T0 + minutes(100)
    )
    tickets.reopen_ticket(
        uow=desk.new_uow(),
        ticket_id=parent,
        by="client.it",
        reason="slow again",
        now=T0 + minutes(200),
    )
    for child in children:
        shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=child)
        assert (shown.summary.state, shown.clocks.closed_at) == ("in_progress", None)
        assert shown.summary.recovery_due is None  # still following the parent's clocks
    assert set(per_ticket(desk, DueWorkRow)) == {parent}


def test_a_coordination_transfer_of_the_major_incident_carries_its_duplicates(
    desk: Desk,
) -> None:
    parent, children = an_incident(desk, 2)
    transfers.request_transfer(
        uow=desk.new_uow(),
        ticket_id=parent,
        to="developer",
        reason="the fault is in the ERP; the developer leads",
        by="provider",
        now=T0 + minutes(5),
    )
    for child in children:  # nothing moves while the client owner has not approved
        assert tickets.show_ticket(uow=desk.new_uow(), ticket_id=child).summary.coordinator == (
            "provider"
        )
    transfers.approve_transfer(
        uow=desk.new_uow(), ticket_id=parent, by="client.owner", now=T0 + minutes(7)
    )
    for child in children:
        shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=child)
        assert (shown.summary.coordinator, shown.summary.assignee) == ("developer", "developer")
        followed = [d for a, d in actions(desk, child) if a == "followed_parent"]
        assert followed == [{"parent": parent, "coordinator": ["provider", "developer"]}]
    # the duplicates keep following the parent, now under its new coordinator
    link(desk, open_a_ticket(desk, now=T0 + minutes(8)).id, parent, minute=9)
    late = tickets.show_ticket(uow=desk.new_uow(), ticket_id=children[-1] + 1)
    assert (late.summary.parent_id, late.summary.coordinator) == (parent, "developer")
    [linked] = [d for a, d in actions(desk, late.summary.id) if a == "linked"]
    assert linked["coordinator"] == ["provider", "developer"]
