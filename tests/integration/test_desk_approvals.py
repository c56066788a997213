"""Completion confirmers, emergency approvals and responsibility transfers on both engines."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket, starter_text

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.ticket import IntakeChannel
from remit.services import approvals, tickets, transfers
from remit.services.closure import WorkReport, write_report
from remit.services.outbox import list_outbox
from remit.services.ticket_records import ApprovalRecord, HandoffRecord

LISTED_AT = datetime(2026, 3, 2, tzinfo=UTC)  # filters on time are not used here

REPORT = WorkReport(
    cause="log volume full",
    actions="truncated the log",
    provider_participants=("on-call",),
    client_participants=("J. Weber",),
    recurrence_risk="low",
)
MONDAY_1000_BERLIN = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
# the starter names client.owner for both; here the day approver is the internal IT contact
SPLIT_APPROVERS = starter_text().replace(
    "emergency_approver: client.owner", "emergency_approver: client.it"
)


def _variant(old: str, new: str) -> str:
    text = starter_text()
    assert old in text
    return text.replace(old, new)


def _reported(desk: Desk, text: str | None = None) -> int:
    load_starter(desk, text)
    ticket = open_a_ticket(desk).id
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5))
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(60)
    )
    write_report(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", report=REPORT, now=T0 + minutes(70)
    )
    return ticket


def _confirm(desk: Desk, ticket: int, by: str, at: int) -> Any:
    return tickets.confirm_ticket(uow=desk.new_uow(), ticket_id=ticket, by=by, now=T0 + minutes(at))


def test_only_the_named_completion_confirmer_closes_the_ticket(desk: Desk) -> None:
    ticket = _reported(desk)  # the starter: access.completion_confirmed_by is client.it
    for wrong in ("client.owner", "provider", "m.keller@example.com"):
        with pytest.raises(NotPermitted) as refused:
            _confirm(desk, ticket, wrong, 80)
        assert str(refused.value) == (
            f"{wrong} may not confirm completion: "
            "the contract names client.it to confirm completion"
        )
    still = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert (still.summary.state, still.clocks.closed_at) == ("reported", None)
    assert "confirmed" not in [e.action for e in still.audit]
    closed = _confirm(desk, ticket, "j.weber@example.com", 90)
    assert closed.state == "closed"
    assert closed.recovery_due == T0 + minutes(240)  # confirmation leaves the clocks alone
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.clocks.closed_at == T0 + minutes(90)
    assert shown.clocks.confirmed_by == "client.it"
    last = shown.audit[-1]
    assert (last.action, last.actor, last.at) == (
        "confirmed",
        "client.it",
        T0 + minutes(90),
    )


def test_closure_confirmers_add_a_deputy(desk: Desk) -> None:
    text = _variant(
        "  auto_confirm_calendar: office\n",
        "  auto_confirm_calendar: office\n  confirmed_by: client.owner\n",
    )
    ticket = _reported(desk, text)
    with pytest.raises(NotPermitted, match=re.escape("names client.it, client.owner to confirm")):
        _confirm(desk, ticket, "provider", 80)
    assert _confirm(desk, ticket, "client.owner", 85).state == "closed"


def test_without_named_confirmers_any_authorized_contact_confirms(desk: Desk) -> None:
    ticket = _reported(desk, _variant("  completion_confirmed_by: client.it\n", ""))
    assert _confirm(desk, ticket, "client.owner", 85).state == "closed"


def _approve(desk: Desk, ticket: int, by: str, now: datetime, **extra: Any) -> Any:
    return approvals.approve_emergency(
        uow=desk.new_uow(),
        ticket_id=ticket,
        action="restart the database service",
        by=by,
        channel=IntakeChannel.PHONE,
        now=now,
        **extra,
    )


def test_the_night_approver_alone_approves_an_emergency_at_night(desk: Desk) -> None:
    load_starter(desk, SPLIT_APPROVERS)
    opened = open_a_ticket(desk)  # Sunday 02:10 in Berlin: outside business hours
    night = T0 + minutes(20)
    for wrong, shown_as in (("client.it", "client.it"), ("provider.oncall", "provider.oncall")):
        with pytest.raises(NotPermitted) as refused:
            _approve(desk, opened.id, wrong, night)
        assert str(refused.value) == (
            f"{shown_as} may not approve emergency actions: outside business hours the "
            "contract's approver is client.owner (sla.after_hours.approved_by)"
        )
    approval = _approve(
        desk, opened.id, "m.keller@example.com", night, recorded_by="provider.oncall"
    )
    assert (approval.approved_by, approval.moment, approval.term) == (
        "client.owner",
        "after_hours",
        "sla.after_hours.approved_by",
    )
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=opened.id)
    assert shown.approvals == (
        ApprovalRecord(
            action="restart the database service",
            approved_by="client.owner",
            term="sla.after_hours.approved_by",
            moment="after_hours",
            channel="phone",
            at=night,
            recorded_by="provider.oncall",
        ),
    )
    entry = shown.audit[-1]
    assert (entry.action, entry.actor, entry.at) == (
        "emergency_approved",
        "client.owner",
        night,
    )
    assert (entry.detail["approved_action"], entry.detail["channel"]) == (
        "restart the database service",
        "phone",
    )
    assert [e.action for e in shown.audit].count("emergency_approved") == 1
    assert (shown.summary.response_due, shown.summary.recovery_due) == (
        opened.response_due,
        opened.recovery_due,
    )


def test_the_day_approver_approves_in_business_hours_and_the_night_approver_does_not(
    desk: Desk,
) -> None:
    load_starter(desk, SPLIT_APPROVERS)
    ticket = open_a_ticket(desk).id
    with pytest.raises(
        NotPermitted, match=re.escape("inside business hours the contract's approver is client.it")
    ):
        _approve(desk, ticket, "client.owner", MONDAY_1000_BERLIN)
    day = _approve(desk, ticket, "client.it", MONDAY_1000_BERLIN)
    assert (day.approved_by, day.moment, day.term) == (
        "client.it",
        "business_hours",
        "access.emergency_approver",
    )


def test_a_contract_naming_one_approver_lets_them_approve_at_any_hour(desk: Desk) -> None:
    load_starter(desk, _variant("  emergency_approver: client.owner\n", ""))
    ticket = open_a_ticket(desk).id
    assert _approve(desk, ticket, "client.owner", MONDAY_1000_BERLIN).term == (
        "sla.after_hours.approved_by"
    )


def _transfer(desk: Desk, ticket: int, to: str, at: int, **extra: Any) -> Any:
    return transfers.request_transfer(
        uow=desk.new_uow(),
        ticket_id=ticket,
        to=to,
        reason="the fault is in the ERP; the developer leads from here",
        now=T0 + minutes(at),
        **{"by": "provider", **extra},
    )


def _recipients(shown: Any, key: str) -> list[str]:
    return list(next(w.recipients for w in shown.due_work if w.key == key))


def test_a_coordination_transfer_waits_for_the_client_owner(desk: Desk) -> None:
    load_starter(desk)
    opened = open_a_ticket(desk)
    ticket = opened.id
    with pytest.raises(NotPermitted, match="developer may not transfer responsibility"):
        _transfer(desk, ticket, "developer", 8, by="developer")
    pending = _transfer(desk, ticket, "developer", 10)
    assert (pending.status, pending.approver, pending.coordinator) == (
        "pending",
        "client.owner",
        "provider",
    )
    listed = tickets.list_tickets(uow=desk.new_uow(), now=LISTED_AT)
    assert listed[0].pending_transfer == "coordination to developer, awaiting client.owner"
    with pytest.raises(InvalidInput, match="already has a transfer to developer awaiting"):
        _transfer(desk, ticket, "developer", 11)
    for wrong in ("client.it", "developer", "provider"):
        with pytest.raises(NotPermitted) as refused:
            transfers.approve_transfer(
                uow=desk.new_uow(), ticket_id=ticket, by=wrong, now=T0 + minutes(12)
            )
        assert str(refused.value) == (
            f"{wrong} may not approve the transfer: "
            "the contract leaves responsibility transfers to client.owner"
        )
    waiting = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert (waiting.summary.coordinator, waiting.summary.assignee) == ("provider", "provider")
    assert (waiting.summary.handoff_count, waiting.handoffs) == (0, ())
    assert _recipients(waiting, "breach:recovery") == ["provider", "client.owner"]
    approved = transfers.approve_transfer(
        uow=desk.new_uow(), ticket_id=ticket, by="m.keller@example.com", now=T0 + minutes(30)
    )
    assert (approved.status, approved.coordinator, approved.assignee, approved.handoff_count) == (
        "approved",
        "developer",
        "developer",
        1,
    )
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.summary.pending_transfer is None
    assert (
        shown.summary.response_due,
        shown.summary.response_breach_at,
        shown.summary.recovery_due,
        shown.summary.next_update_due,
    ) == (
        opened.response_due,
        opened.response_breach_at,
        opened.recovery_due,
        opened.next_update_due,
    )
    assert shown.summary.recovery_due == T0 + minutes(240)
    assert _recipients(shown, "breach:recovery") == ["developer", "client.owner"]
    assert shown.handoffs == (
        HandoffRecord(
            from_party="provider",
            to_party="developer",
            reason="the fault is in the ERP; the developer leads from here",
            at=T0 + minutes(30),
            by="client.owner",
        ),
    )
    log = [(e.action, e.actor, e.at) for e in shown.audit]
    assert log[-3:] == [
        ("transfer_requested", "provider", T0 + minutes(10)),
        ("transfer_approved", "client.owner", T0 + minutes(30)),
        ("handoff", "client.owner", T0 + minutes(30)),
    ]
    assert shown.audit[-1].detail["responsibility"] == "coordination"
    sent = [(n.kind, n.recipient) for n in list_outbox(uow=desk.new_uow(), ticket_id=ticket)]
    assert ("transfer_request", "client.owner") in sent
    assert ("handoff", "developer") in sent
    with pytest.raises(NotPermitted, match="owned by its coordinator developer"):
        tickets.restore_ticket(
            uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(40)
        )


def test_a_rejected_transfer_changes_nothing(desk: Desk) -> None:
    load_starter(desk)
    opened = open_a_ticket(desk)
    _transfer(desk, opened.id, "developer", 10)
    rejected = transfers.reject_transfer(
        uow=desk.new_uow(),
        ticket_id=opened.id,
        by="client.owner",
        reason="the provider keeps it",
        now=T0 + minutes(20),
    )
    assert (rejected.status, rejected.coordinator, rejected.handoff_count) == (
        "rejected",
        "provider",
        0,
    )
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=opened.id)
    assert shown.transfers[0].decided_by == "client.owner"
    assert shown.audit[-1].action == "transfer_rejected"
    assert shown.summary.recovery_due == opened.recovery_due


def test_a_layer_transfer_away_from_its_primary_waits_and_then_hands_off_the_work(
    desk: Desk,
) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    with pytest.raises(InvalidInput, match="developer is the primary party of layer application"):
        _transfer(desk, ticket, "developer", 10, layer="application")
    pending = _transfer(desk, ticket, "developer", 10, layer="os")
    assert (pending.status, pending.from_party, pending.assignee) == (
        "pending",
        "provider",
        "provider",
    )
    done = transfers.approve_transfer(
        uow=desk.new_uow(), ticket_id=ticket, by="client.owner", now=T0 + minutes(15)
    )
    assert (done.coordinator, done.assignee, done.handoff_count) == ("provider", "developer", 1)
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.clocks.localized_layer == "os"


def test_a_contract_without_transfer_approval_applies_it_at_once(desk: Desk) -> None:
    text = _variant(
        "coordination: {coordinator: provider, until: closure}",
        "coordination: {coordinator: provider, until: closure, transfer_approval: false}",
    )
    load_starter(desk, text)
    ticket = open_a_ticket(desk).id
    applied = _transfer(desk, ticket, "developer", 10)
    assert (applied.status, applied.approver, applied.coordinator, applied.handoff_count) == (
        "applied",
        None,
        "developer",
        1,
    )


def test_a_transfer_left_pending_at_closure_can_only_be_rejected(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    _transfer(desk, ticket, "developer", 2)
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5))
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(60)
    )
    write_report(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", report=REPORT, now=T0 + minutes(70)
    )
    _confirm(desk, ticket, "client.it", 80)
    with pytest.raises(InvalidInput, match="the ticket is closed: reject the transfer instead"):
        transfers.approve_transfer(
            uow=desk.new_uow(), ticket_id=ticket, by="client.owner", now=T0 + minutes(90)
        )
    rejected = transfers.reject_transfer(
        uow=desk.new_uow(), ticket_id=ticket, by="client.owner", reason="over", now=T0 + minutes(91)
    )
    assert (rejected.status, rejected.coordinator) == ("rejected", "provider")
    assert tickets.list_tickets(uow=desk.new_uow(), now=LISTED_AT)[0].pending_transfer is None


def test_an_approval_recorded_by_a_stranger_is_refused(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    with pytest.raises(InvalidInput, match="'night-guard' is not a party or contact"):
        _approve(desk, ticket, "client.owner", T0 + minutes(20), recorded_by="night-guard")
    assert "emergency_approved" not in [
        e.action for e in tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).audit
    ]
