"""A contract version that changes a calendar re-plans open tickets on it; terms stay pinned."""

from __future__ import annotations

from datetime import UTC, datetime

from desk_builders import T0, load_starter, minutes, open_a_ticket, starter_text
from sqlalchemy import select

from remit.bootstrap import Desk
from remit.domain.terms import Impact
from remit.services import tickets
from remit.services.contracts import LoadedVersion, load_contract_version
from remit.services.escalations import run_sweep
from remit.services.replan import replan_open_tickets
from remit.store.tables import DueWorkRow, FiredWorkRow

OFFICE = "    holidays: [{country: DE, subdivision: BE}]\n  always:"
MONDAY_0800 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
TUESDAY_0800 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def closing(day: str, effective: str = "2026-01-01") -> str:
    """The starter contract with `day` closed on the office calendar."""
    text = starter_text()
    assert OFFICE in text
    text = text.replace(OFFICE, OFFICE.replace("\n  always:", f"\n    closed: [{day}]\n  always:"))
    return text.replace("effective_from: 2026-01-01", f"effective_from: {effective}")


def load(desk: Desk, text: str, now: datetime) -> LoadedVersion:
    return load_contract_version(
        uow=desk.new_uow(), text=text, source_name="v2.yaml", actor="ops", now=now
    )


def department_outage(desk: Desk) -> int:
    """A P2 ticket opened on Sunday night: its clocks run on the office calendar
    (on the high-criticality ERP alone, so the department scope stays P2)."""
    return open_a_ticket(desk, scope=Impact.DEPARTMENT, objects=("erp",)).id


def test_a_day_closed_by_a_version_in_force_moves_the_open_tickets_on_that_calendar(
    desk: Desk,
) -> None:
    first = load_starter(desk)
    office = department_outage(desk)
    always = open_a_ticket(desk).id  # P1: its clocks run on 'always'
    before = tickets.show_ticket(uow=desk.new_uow(), ticket_id=office).summary
    assert (before.response_due, before.next_update_due) == (MONDAY_0800, MONDAY_0800 + minutes(60))

    second = load(desk, closing("2026-03-09"), T0 + minutes(60))

    assert second.replanned is not None
    assert (second.replanned.tickets, second.replanned.calendars) == (1, ("office",))
    moved = tickets.show_ticket(uow=desk.new_uow(), ticket_id=office)
    assert (moved.summary.response_due, moved.summary.next_update_due) == (
        TUESDAY_0800,
        TUESDAY_0800 + minutes(60),
    )
    assert moved.intake.contract_version_id == first.version_id  # the terms stay pinned
    assert moved.clocks.calendar_version_id == second.version_id
    assert moved.clocks.response_target_s == 3600
    pending = {w.key: w.due_at for w in moved.due_work if w.fired_at is None}
    assert pending["breach:response"] == moved.summary.response_breach_at
    record = moved.audit[-1]
    assert (record.action, record.actor) == ("replanned", "ops")
    assert record.detail["calendars"] == ["office"]
    assert record.detail["previous_calendar_version"] == first.version_id
    assert record.detail["moved"]["response_due"] == [
        MONDAY_0800.isoformat(),
        TUESDAY_0800.isoformat(),
    ]
    untouched = tickets.show_ticket(uow=desk.new_uow(), ticket_id=always)
    assert untouched.clocks.calendar_version_id == first.version_id
    assert "replanned" not in [e.action for e in untouched.audit]


def test_a_version_that_changes_only_terms_leaves_open_tickets_alone(desk: Desk) -> None:
    first = load_starter(desk)
    office = department_outage(desk)
    terms = starter_text().replace(
        "priorities: P2, response: 1h, recovery: 8h", "priorities: P2, response: 30m, recovery: 8h"
    )
    assert terms != starter_text()
    second = load(desk, terms, T0 + minutes(60))
    assert second.replanned is not None
    assert second.replanned.tickets == 0
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=office)
    assert shown.summary.response_due == MONDAY_0800
    assert shown.clocks.calendar_version_id == first.version_id
    newer = open_a_ticket(desk, now=T0 + minutes(61), scope=Impact.DEPARTMENT, objects=("erp",))
    assert newer.response_due == MONDAY_0800 - minutes(30)  # a new ticket gets the new terms


def test_a_version_loaded_ahead_moves_open_tickets_once_it_is_in_force(desk: Desk) -> None:
    load_starter(desk)
    office = department_outage(desk)
    ahead = load(desk, closing("2026-03-09", effective="2026-03-09"), T0 + minutes(60))
    assert ahead.replanned is None
    assert tickets.show_ticket(uow=desk.new_uow(), ticket_id=office).summary.response_due == (
        MONDAY_0800
    )
    [early] = replan_open_tickets(uow=desk.new_uow(), by="ops", now=T0 + minutes(120))
    assert early.tickets == 0
    monday_early = datetime(2026, 3, 9, 6, 0, tzinfo=UTC)  # the day V2 takes effect
    [done] = replan_open_tickets(uow=desk.new_uow(), by="ops", now=monday_early)
    assert (done.version_id, done.tickets) == (ahead.version_id, 1)
    [again] = replan_open_tickets(uow=desk.new_uow(), by="ops", now=monday_early)
    assert again.tickets == 0
    assert tickets.show_ticket(uow=desk.new_uow(), ticket_id=office).summary.response_due == (
        TUESDAY_0800
    )


def test_work_that_fired_stays_fired_and_recorded_when_its_calendar_moves(desk: Desk) -> None:
    load_starter(desk)
    office = department_outage(desk)
    late = MONDAY_0800 + minutes(30)
    fired = run_sweep(uow=desk.new_uow(), now=late, worker="w")
    assert fired.fired == {"breach": 1, "handoff_due": 1}  # P2 handoff_after 1h: 09:00 Berlin
    load(desk, closing("2026-03-09"), late)
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=office)
    assert shown.summary.response_due == TUESDAY_0800
    assert [(b.measure, b.key) for b in shown.breaches] == [("response", "breach:response")]
    with desk.new_uow() as uow:
        pending = set(
            uow.session.scalars(select(DueWorkRow.key).where(DueWorkRow.ticket_id == office))
        )
        done = set(
            uow.session.scalars(select(FiredWorkRow.key).where(FiredWorkRow.ticket_id == office))
        )
    assert done == {"breach:response", "handoff_due"}
    assert "breach:response" not in pending
    assert run_sweep(uow=desk.new_uow(), now=late, worker="w").claimed == 0
