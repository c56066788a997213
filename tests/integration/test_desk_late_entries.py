"""Server time, late entries and ordered instants on both engines.

Each test plays its scenario on a desk whose server clock it sets (`clocked`), so
"now" and "late" are the test's own instants, never the machine's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from desk_builders import T0, SetClock, clocked, load_starter, minutes, open_a_ticket

from remit.bootstrap import Desk
from remit.domain.errors import FutureInstant, InvalidInput, OutOfOrder
from remit.domain.ticket import CheckResult
from remit.services import coordination, tickets
from remit.services.closure import WorkReport, write_report
from remit.services.escalations import run_sweep

REPORT = WorkReport(
    cause="log volume full",
    actions="truncated the log",
    provider_participants=("on-call",),
    client_participants=("J. Weber",),
    recurrence_risk="low",
)


@pytest.fixture
def clock() -> SetClock:
    return SetClock(T0)


@pytest.fixture
def live(desk: Desk, clock: SetClock) -> Desk:
    """The desk with its server clock at the test's instant; the starter contract loaded."""
    timed = clocked(desk, clock)
    load_starter(timed)
    return timed


def _opened(desk: Desk, clock: SetClock) -> int:
    clock.at = T0
    return open_a_ticket(desk, now=T0).id


def _audit(desk: Desk, ticket: int, action: str) -> list[dict[str, object]]:
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    return [entry for entry in shown.audit if entry.action == action]


def _take(desk: Desk, ticket: int, at: datetime) -> None:
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=at)


def test_a_late_take_after_a_recorded_response_breach_stays_breached(
    live: Desk, clock: SetClock
) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(60)
    run_sweep(uow=live.new_uow(), now=clock.at, worker="w")  # records the response breach
    clock.at = T0 + minutes(70)
    _take(live, ticket, T0 + minutes(5))  # entered an hour late, dated before the breach
    shown = tickets.show_ticket(uow=live.new_uow(), ticket_id=ticket)
    assert shown.summary.taken_at == T0 + minutes(5)
    assert "response" in {b.measure for b in shown.breaches}
    [taken] = _audit(live, ticket, "taken")
    assert taken.at == T0 + minutes(5)
    assert taken.detail["response_met"] is False
    assert taken.detail["late_entry"] is True
    assert taken.detail["entered_at"] == (T0 + minutes(70)).isoformat()


def test_a_take_entered_live_is_not_marked_late_and_meets_its_target(
    live: Desk, clock: SetClock
) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(5)
    _take(live, ticket, clock.at)
    [taken] = _audit(live, ticket, "taken")
    assert taken.detail == {"response_met": True}


def test_a_late_take_with_no_breach_on_record_is_judged_when_it_happened(
    live: Desk, clock: SetClock
) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(70)  # past the response target, but no sweep recorded a breach
    _take(live, ticket, T0 + minutes(5))
    [taken] = _audit(live, ticket, "taken")
    assert (taken.detail["response_met"], taken.detail["late_entry"]) == (True, True)


def test_a_take_before_the_ticket_was_opened_is_refused(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(30)
    with pytest.raises(OutOfOrder) as refused:
        _take(live, ticket, T0 - minutes(5))
    message = str(refused.value)
    assert (T0 - minutes(5)).isoformat() in message
    assert f"ticket {ticket} was accepted at {T0.isoformat()}" in message
    assert tickets.show_ticket(uow=live.new_uow(), ticket_id=ticket).summary.state == "new"


def test_a_restore_before_the_ticket_was_opened_is_refused(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(10)
    _take(live, ticket, clock.at)
    five_months_before = T0 - timedelta(days=150)
    with pytest.raises(OutOfOrder, match=f"ticket {ticket} was taken into work at"):
        tickets.restore_ticket(
            uow=live.new_uow(), ticket_id=ticket, by="provider", now=five_months_before
        )
    shown = tickets.show_ticket(uow=live.new_uow(), ticket_id=ticket)
    assert (shown.summary.state, shown.summary.restored_at) == ("in_progress", None)


def test_a_report_with_a_negative_downtime_is_refused(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(10)
    _take(live, ticket, clock.at)
    clock.at = T0 + minutes(40)
    tickets.restore_ticket(uow=live.new_uow(), ticket_id=ticket, by="provider", now=clock.at)
    clock.at = T0 + minutes(60)
    backwards = WorkReport(
        cause="x", actions="y", started_at=T0 + minutes(40), ended_at=T0 - timedelta(days=150)
    )
    for report, refusal in (
        (backwards, "it started at"),
        (WorkReport(cause="x", actions="y", downtime_seconds=-13_078_800), "cannot be negative"),
    ):
        with pytest.raises(InvalidInput, match=refusal):
            write_report(
                uow=live.new_uow(), ticket_id=ticket, by="provider", report=report, now=clock.at
            )
    with pytest.raises(OutOfOrder, match=f"ticket {ticket} was restored at"):
        write_report(
            uow=live.new_uow(), ticket_id=ticket, by="provider", report=REPORT, now=T0 + minutes(20)
        )
    write_report(uow=live.new_uow(), ticket_id=ticket, by="provider", report=REPORT, now=clock.at)
    [report] = tickets.show_ticket(uow=live.new_uow(), ticket_id=ticket).reports
    assert report.downtime_seconds == 40 * 60  # accepted at T0, restored 40 minutes later


def test_a_resume_before_its_pause_is_refused(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(10)
    _take(live, ticket, clock.at)
    clock.at = T0 + minutes(20)
    tickets.pause_ticket(
        uow=live.new_uow(), ticket_id=ticket, reason="no_access", by="provider", now=clock.at
    )
    clock.at = T0 + minutes(50)
    with pytest.raises(OutOfOrder, match=f"ticket {ticket} was paused at"):
        tickets.resume_ticket(
            uow=live.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(15)
        )
    tickets.resume_ticket(uow=live.new_uow(), ticket_id=ticket, by="provider", now=clock.at)
    [resumed] = _audit(live, ticket, "resumed")
    assert resumed.detail["paused_seconds"] == 30 * 60


def test_a_confirmation_before_the_report_is_refused(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    for minute, step in (
        (10, lambda at: _take(live, ticket, at)),
        (
            40,
            lambda at: tickets.restore_ticket(
                uow=live.new_uow(), ticket_id=ticket, by="provider", now=at
            ),
        ),
        (
            60,
            lambda at: write_report(
                uow=live.new_uow(), ticket_id=ticket, by="provider", report=REPORT, now=at
            ),
        ),
    ):
        clock.at = T0 + minutes(minute)
        step(clock.at)
    clock.at = T0 + minutes(90)
    with pytest.raises(OutOfOrder, match=f"ticket {ticket} was reported at"):
        tickets.confirm_ticket(
            uow=live.new_uow(), ticket_id=ticket, by="client.it", now=T0 + minutes(50)
        )


def test_an_answer_before_its_check_was_opened_is_refused(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(10)
    _take(live, ticket, clock.at)
    clock.at = T0 + minutes(20)
    coordination.open_checks(uow=live.new_uow(), ticket_id=ticket, by="provider", now=clock.at)
    clock.at = T0 + minutes(30)
    with pytest.raises(OutOfOrder, match="the dbms check was opened at"):
        coordination.answer_check(
            uow=live.new_uow(),
            ticket_id=ticket,
            layer="dbms",
            result=CheckResult.CLEAR,
            by="provider",
            now=T0 + minutes(15),
        )


def test_an_action_dated_in_the_future_is_refused(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(10)
    with pytest.raises(FutureInstant, match="that is in the future"):
        _take(live, ticket, clock.at + timedelta(hours=1))
    _take(live, ticket, clock.at + timedelta(seconds=30))  # within the clock tolerance
    with pytest.raises(FutureInstant, match="cannot open a ticket"):
        open_a_ticket(live, now=clock.at + timedelta(days=1))


def test_the_worker_never_sweeps_the_future(live: Desk, clock: SetClock) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(5)
    with pytest.raises(FutureInstant, match="cannot sweep due work"):
        run_sweep(uow=live.new_uow(), now=T0 + timedelta(days=3650), worker="w")
    shown = tickets.show_ticket(uow=live.new_uow(), ticket_id=ticket)
    assert shown.breaches == ()
    assert not [w for w in shown.due_work if w.fired_at]
    clock.at = T0 + minutes(60)
    run_sweep(uow=live.new_uow(), now=clock.at, worker="w")
    shown = tickets.show_ticket(uow=live.new_uow(), ticket_id=ticket)
    assert "response" in {b.measure for b in shown.breaches}


def test_a_late_restore_dated_before_a_recorded_recovery_breach_stays_breached(
    live: Desk, clock: SetClock
) -> None:
    ticket = _opened(live, clock)
    clock.at = T0 + minutes(10)
    _take(live, ticket, clock.at)
    clock.at = T0 + timedelta(hours=12)
    run_sweep(uow=live.new_uow(), now=clock.at, worker="w")
    assert "recovery" in [
        b.measure for b in tickets.show_ticket(uow=live.new_uow(), ticket_id=ticket).breaches
    ]
    tickets.restore_ticket(
        uow=live.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(40)
    )
    [restored] = _audit(live, ticket, "restored")
    assert (restored.detail["recovery_met"], restored.detail["late_entry"]) == (False, True)
