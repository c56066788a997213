"""Re-planning open tickets when a contract version changes the calendars they run on.

A ticket keeps the terms of the version in force when it was opened: its
priority, targets, escalation ladder, update cadence, pause reasons and
closure rules never change, and neither does anything already recorded
(intake decisions such as after-hours handling, fired escalations, breaches,
met or missed targets). Its calendars are another matter: business hours,
public holidays and closed days describe time, not the promise, and an open
ticket runs on the calendars of the version in force. When that version
defines one of the ticket's calendars (its clock, its update calendar, the
auto-confirmation calendar while reported) differently from the definition
the ticket runs on, the ticket moves onto the new definitions and its due
and breach instants, next client update and pending work are planned again,
with one audit record (`replanned`) saying which calendars changed and what
moved.

Each contract line is re-planned on its own version in force: a ticket never
moves onto the calendars of another client's contract.

`remit contract load` does this for its line when the loaded version is in
force; for a version loaded ahead of its effective date, `remit contract
replan` on or after that date does it. Each chunk of tickets is its own transaction: a run
that stops part-way is finished by running it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.domain.errors import ConcurrentUpdate
from remit.domain.events import Action
from remit.domain.instants import entered_moment
from remit.domain.ticket import State
from remit.services.contract_books import ContractBook, book_for_version, with_calendars
from remit.services.lines import line_ids
from remit.services.ticket_ops import aware, record, replan, touch
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork

#: States whose clocks or pending work a calendar moves.
OPEN = tuple(
    s.value for s in (State.NEW, State.IN_PROGRESS, State.PAUSED, State.RESTORED, State.REPORTED)
)
RETRIES = 3


@dataclass(frozen=True, slots=True)
class ReplanSummary:
    line: str
    version_id: int | None
    tickets: int
    calendars: tuple[str, ...]


def replan_open_tickets(
    *, uow: UnitOfWork, by: str, now: datetime, line: str | None = None, chunk: int = 200
) -> list[ReplanSummary]:
    """`replan_line` for the line `line` names, else for every line in scope."""
    aware(now)
    with uow:
        wanted = line_ids(uow, line)
        chosen = [r.id for r in uow.lines.all() if wanted is None or r.id in wanted]
    return [replan_line(uow=uow, line_id=i, by=by, now=now, chunk=chunk) for i in chosen]


def replan_line(
    *, uow: UnitOfWork, line_id: int, by: str, now: datetime, chunk: int = 200
) -> ReplanSummary:
    """Move every open ticket of the line whose calendars the line's version in force at
    `now` defines differently onto that version's definitions and re-plan it, `chunk`
    tickets per transaction (`uow` is entered once per chunk). A chunk that meets a
    concurrent change to one of its tickets is retried."""
    aware(now)
    entered_moment(now, uow.clock(), "re-plan open tickets")
    key, target = _in_force(uow, line_id, now)
    if target is None:
        return ReplanSummary(key, None, 0, ())
    total, names, failures = 0, set[str](), 0
    while True:
        try:
            done, changed = replan_chunk(
                uow=uow, line_id=line_id, version_id=target, by=by, now=now, limit=chunk
            )
        except ConcurrentUpdate:
            failures += 1
            if failures > RETRIES:
                raise
            continue
        total, names = total + done, names | changed
        if done == 0:
            return ReplanSummary(key, target, total, tuple(sorted(names)))


def replan_chunk(
    *, uow: UnitOfWork, line_id: int, version_id: int, by: str, now: datetime, limit: int
) -> tuple[int, set[str]]:
    """One transaction: up to `limit` of the line's tickets moved onto `version_id`'s
    calendars."""
    with uow:
        target = book_for_version(uow, version_id)
        done, names = 0, set[str]()
        for pair in uow.tickets.calendar_pairs(line_id, OPEN, version_id):
            current = book_for_version(uow, *pair)
            moved = with_calendars(book_for_version(uow, pair[0]), target)
            changed = _changed(current, moved)
            if not changed:
                continue
            reported_too = _auto_confirm_calendar(current) in changed
            found = uow.tickets.on_calendars(
                pair, OPEN, sorted(changed), limit - done, reported_too=reported_too
            )
            for ticket in found:
                _replan_one(uow, ticket, moved, changed, by, now)
            done, names = done + len(found), names | (changed if found else set())
            if done >= limit:
                break
        uow.commit()
        return done, names


def _in_force(uow: UnitOfWork, line_id: int, now: datetime) -> tuple[str, int | None]:
    """The line's key and its version in force at `now`."""
    with uow:
        key = uow.lines.get(line_id).key
        row = uow.contracts.in_force(line_id, now.date())
        return key, None if row is None else row.id


def _changed(current: ContractBook, moved: ContractBook) -> set[str]:
    """Calendars of the pinned contract whose definitions differ between the two books."""
    names = current.contract.calendars
    return {n for n in names if current.calendars.get(n) != moved.calendars.get(n)}


def _auto_confirm_calendar(book: ContractBook) -> str | None:
    closure = book.contract.closure
    return closure.auto_confirm_calendar or book.contract.sla.business_calendar


def _replan_one(
    uow: UnitOfWork,
    ticket: TicketRow,
    book: ContractBook,
    changed: set[str],
    by: str,
    now: datetime,
) -> None:
    before = _instants(ticket)
    previous = ticket.calendar_version_id
    ticket.calendar_version_id = book.calendar_version_id
    touch(ticket, now)
    replan(uow, ticket, book)
    after = _instants(ticket)
    moved = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    record(
        uow,
        ticket,
        Action.REPLANNED,
        by,
        now,
        calendars=sorted(changed),
        calendar_version=book.calendar_version_id,
        previous_calendar_version=previous,
        moved=moved,
    )


def _instants(ticket: TicketRow) -> dict[str, datetime | None]:
    return {
        "response_due": ticket.response_due,
        "response_breach_at": ticket.response_breach_at,
        "recovery_due": ticket.recovery_due,
        "recovery_breach_at": ticket.recovery_breach_at,
        "next_update_due": ticket.next_update_due,
    }
