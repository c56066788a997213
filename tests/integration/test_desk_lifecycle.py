"""The ticket lifecycle, coordination, clocks, escalation and the outbox on both engines."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket

from remit.bootstrap import Desk
from remit.domain.errors import (
    ConcurrentUpdate,
    IncompleteReport,
    InvalidTransition,
    NotPermitted,
    PauseNotAllowed,
    RetentionViolation,
)
from remit.domain.terms import FaultClass
from remit.domain.ticket import CheckResult
from remit.services import coordination, tickets, updates
from remit.services.audit import purge_audit, verify_audit
from remit.services.closure import WorkReport, write_report
from remit.services.escalations import run_sweep
from remit.services.outbox import list_outbox, record_delivery

FULL_REPORT = WorkReport(
    cause="log volume full",
    actions="truncated the log",
    provider_participants=("on-call",),
    client_participants=("J. Weber",),
    recurrence_risk="low",
)


def _taken(desk: Desk) -> int:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5))
    return ticket


def test_an_invalid_transition_names_the_current_and_allowed_states(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    with pytest.raises(InvalidTransition) as caught:
        tickets.restore_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0)
    assert (caught.value.current, caught.value.wanted, caught.value.allowed) == (
        "new",
        "restored",
        ("in_progress",),
    )
    assert "from 'new' the ticket may go to: in_progress" in str(caught.value)


def test_only_contract_pause_reasons_stop_the_clock_and_each_pause_has_a_side(desk: Desk) -> None:
    ticket = _taken(desk)
    with pytest.raises(PauseNotAllowed, match="allowed: no_access, no_approver"):
        tickets.pause_ticket(
            uow=desk.new_uow(),
            ticket_id=ticket,
            reason="lunch",
            by="provider",
            now=T0 + minutes(10),
        )
    with pytest.raises(NotPermitted):
        tickets.pause_ticket(
            uow=desk.new_uow(),
            ticket_id=ticket,
            reason="no_access",
            by="developer",
            now=T0 + minutes(10),
        )
    paused = tickets.pause_ticket(
        uow=desk.new_uow(),
        ticket_id=ticket,
        reason="no_access",
        by="provider",
        now=T0 + minutes(10),
    )
    assert paused.recovery_due is None  # stopped while paused
    resumed = tickets.resume_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(55)
    )
    assert resumed.recovery_due == T0 + minutes(240 + 45)
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert [(p.reason, p.side) for p in shown.pauses] == [("no_access", "customer")]


def test_a_layer_party_closes_its_check_but_never_the_ticket(desk: Desk) -> None:
    ticket = _taken(desk)
    opened = coordination.open_checks(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(6)
    )
    assert {(c.layer, c.party) for c in opened} == {
        ("application", "developer"),
        ("dbms", "provider"),
        ("hardware", "provider"),
        ("os", "provider"),
    }
    answered = coordination.answer_check(
        uow=desk.new_uow(),
        ticket_id=ticket,
        layer="application",
        result=CheckResult.NOT_OURS,
        by="developer.support",
        now=T0 + minutes(20),
    )
    assert answered.result == "not_ours"
    with pytest.raises(NotPermitted, match="owned by its coordinator provider"):
        tickets.restore_ticket(
            uow=desk.new_uow(), ticket_id=ticket, by="developer", now=T0 + minutes(21)
        )
    with pytest.raises(NotPermitted):
        coordination.answer_check(
            uow=desk.new_uow(),
            ticket_id=ticket,
            layer="dbms",
            result=CheckResult.CLEAR,
            by="developer",
            now=T0 + minutes(22),
        )
    assert tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).summary.state == "in_progress"


def test_localizing_hands_the_work_over_and_counts_each_handoff(desk: Desk) -> None:
    ticket = _taken(desk)
    moved = coordination.localize_fault(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        reason="export job loops",
        fault_class=FaultClass.APPLICATION_DEFECT,
        now=T0 + minutes(30),
    )
    assert (moved.coordinator, moved.assignee, moved.handoff_count) == ("provider", "developer", 1)
    back = coordination.localize_fault(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        reason="it is the disk after all",
        layer="dbms",
        now=T0 + minutes(40),
    )
    assert (back.assignee, back.handoff_count) == ("provider", 2)
    handoffs = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).handoffs
    assert [(h.from_party, h.to_party) for h in handoffs] == [
        ("provider", "developer"),
        ("developer", "provider"),
    ]


def test_a_stale_version_is_refused_and_nothing_is_saved(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk)
    tickets.take_ticket(
        uow=desk.new_uow(),
        ticket_id=ticket.id,
        by="provider",
        now=T0 + minutes(1),
        expected_version=ticket.version,
    )
    with pytest.raises(ConcurrentUpdate, match="changed by someone else"):
        tickets.pause_ticket(
            uow=desk.new_uow(),
            ticket_id=ticket.id,
            reason="no_access",
            by="provider",
            now=T0 + minutes(2),
            expected_version=ticket.version,
        )
    assert tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket.id).pauses == ()


def test_escalations_fire_once_and_breaches_are_recorded(desk: Desk) -> None:
    ticket = _taken(desk)
    first = run_sweep(uow=desk.new_uow(), now=T0 + minutes(150), worker="w")
    again = run_sweep(uow=desk.new_uow(), now=T0 + minutes(150), worker="w")
    assert first.fired == {"escalate": 1, "update_due": 1, "handoff_due": 1}
    assert again.claimed == 0
    late = run_sweep(uow=desk.new_uow(), now=T0 + minutes(241), worker="w")
    assert late.fired == {"escalate": 1, "breach": 1}
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert sorted(b.measure for b in shown.breaches) == ["recovery", "update"]
    notices = list_outbox(uow=desk.new_uow(), ticket_id=ticket)
    keys = [n.key for n in notices]
    assert len(keys) == len(set(keys))
    assert f"ticket:{ticket}:escalate:recovery:0.8:management:client.owner" in keys


def test_a_failed_delivery_stays_visible_with_its_error_and_retry(desk: Desk) -> None:
    load_starter(desk)
    held = open_a_ticket(desk, requester="stranger@example.org")
    key = list_outbox(uow=desk.new_uow(), ticket_id=held.id)[0].key
    failed = record_delivery(uow=desk.new_uow(), key=key, error="SMTP 451 try later", now=T0)
    assert (failed.status, failed.attempts, failed.last_error) == (
        "failed",
        1,
        "SMTP 451 try later",
    )
    assert failed.next_attempt_at == T0 + timedelta(minutes=1)
    sent = record_delivery(uow=desk.new_uow(), key=key, now=T0 + minutes(2))
    assert (sent.status, sent.attempts) == ("sent", 2)


def test_updates_state_four_things_and_a_missed_time_is_a_breach(desk: Desk) -> None:
    ticket = _taken(desk)
    on_time = updates.post_update(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        known="db down",
        checking="disk",
        next_action="restart",
        now=T0 + minutes(20),
    )
    assert on_time.next_update_due == T0 + minutes(50)
    updates.post_update(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        known="db down",
        checking="disk",
        next_action="restart",
        now=T0 + minutes(70),
    )
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert [u.late for u in shown.updates] == [False, True]
    assert [(b.measure, b.key) for b in shown.breaches] == [("update", "update:1")]


def test_closure_needs_a_complete_report_and_the_customer(desk: Desk) -> None:
    ticket = _taken(desk)
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(90)
    )
    with pytest.raises(IncompleteReport, match="cause, actions, participants, recurrence_risk"):
        write_report(
            uow=desk.new_uow(),
            ticket_id=ticket,
            by="provider",
            report=WorkReport(),
            now=T0 + minutes(95),
        )
    reported = write_report(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        report=FULL_REPORT,
        now=T0 + minutes(95),
    )
    assert reported.state == "reported"
    with pytest.raises(
        NotPermitted, match=re.escape("the contract names client.it to confirm completion")
    ):
        tickets.confirm_ticket(
            uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(96)
        )
    reopened = tickets.reject_ticket(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="client.it",
        reason="still slow",
        now=T0 + minutes(100),
    )
    assert reopened.state == "in_progress"
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(110)
    )
    write_report(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        report=FULL_REPORT,
        now=T0 + minutes(115),
    )
    closed = tickets.confirm_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="client.it", score=5, now=T0 + minutes(120)
    )
    assert closed.state == "closed"
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert len(shown.reports) == 2
    assert shown.clocks.satisfaction == 5
    assert shown.summary.recovery_due == T0 + minutes(
        240 + 10
    )  # restored..reopened is off the clock


def test_an_unanswered_report_is_auto_confirmed_after_three_business_days(desk: Desk) -> None:
    ticket = _taken(desk)
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(60)
    )
    write_report(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        report=FULL_REPORT,
        now=T0 + minutes(65),
    )
    # reported Sunday; business days Mon, Tue, Wed -> due Thursday 00:00 Berlin
    early = run_sweep(uow=desk.new_uow(), now=T0 + timedelta(days=3, hours=21), worker="w")
    assert "auto_confirm" not in early.fired
    due = run_sweep(uow=desk.new_uow(), now=T0 + timedelta(days=3, hours=23), worker="w")
    assert due.fired.get("auto_confirm") == 1
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert (shown.summary.state, shown.clocks.confirmed_by) == ("closed", "auto")


def test_the_audit_chain_holds_and_purge_respects_retention(desk: Desk) -> None:
    ticket = _taken(desk)
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(60)
    )
    verification = verify_audit(uow=desk.new_uow())
    assert verification.intact
    assert verification.records >= 4
    with pytest.raises(RetentionViolation, match="kept 5 years"):
        purge_audit(uow=desk.new_uow(), before=T0, by="test", now=T0 + timedelta(days=365 * 4))
    removed = purge_audit(
        uow=desk.new_uow(), before=T0 + minutes(1), by="test", now=T0 + timedelta(days=365 * 6)
    )
    assert removed == 2  # the contract load and the intake; the take at T0+5m stays
    assert verify_audit(uow=desk.new_uow()).intact


def test_updates_wait_while_the_customer_is_waited_on_but_not_for_a_third_party(
    desk: Desk,
) -> None:
    ticket = _taken(desk)  # P1, taken at 00:05: next update due at 00:30

    def pause(reason: str, at: float) -> None:
        tickets.pause_ticket(
            uow=desk.new_uow(), ticket_id=ticket, reason=reason, by="provider", now=T0 + minutes(at)
        )

    def resume(at: float) -> tickets.TicketSummary:
        return tickets.resume_ticket(
            uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(at)
        )

    pause("no_access", 10)  # the customer's side
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.summary.next_update_due is None
    assert run_sweep(uow=desk.new_uow(), now=T0 + minutes(45), worker="w").fired == {}
    assert resume(50).next_update_due == T0 + minutes(70)  # 30 min of cadence, 40 min waited
    pause("external_provider", 55)  # a third party's side
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    assert shown.summary.next_update_due == T0 + minutes(70)
    assert run_sweep(uow=desk.new_uow(), now=T0 + minutes(71), worker="w").fired == {
        "update_due": 1
    }
    assert [
        b.measure for b in tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).breaches
    ] == ["update"]
