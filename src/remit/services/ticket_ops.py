"""Helpers every ticket use case shares: load, check the actor, record, re-plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from functools import lru_cache

from remit.domain import routing
from remit.domain.audit import Entry, json_detail
from remit.domain.bounds import within_range
from remit.domain.errors import ConcurrentUpdate, InvalidInput, NotAuthorized, NotPermitted
from remit.domain.escalation import ClockTerms, DueWork, PlannedWindow, TicketPlan, Timeline, plan
from remit.domain.events import Action, Notice, NoticeKind
from remit.domain.follow_through import CaseClock, follow_through_work
from remit.domain.instants import (
    Milestones,
    Moment,
    entered_moment,
    late_detail,
    require_not_before,
    state_since,
)
from remit.domain.rights import UpdateOwners
from remit.domain.terms import Side
from remit.domain.ticket import RequestKind, State, VendorStatus, actor_party
from remit.services.contract_books import ContractBook, book_for_version
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork

#: Vendor case states in which no follow-up falls due.
CLOSED_CASES = frozenset({VendorStatus.RESOLVED.value, VendorStatus.CLOSED.value})


def aware(now: datetime) -> datetime:
    """`now` unchanged; `InvalidInput` without a time zone or outside `remit.domain.bounds`."""
    within_range(now)
    return now


def load(
    uow: UnitOfWork, ticket_id: int, expected_version: int | None = None
) -> tuple[TicketRow, ContractBook]:
    """The ticket and its pinned contract (clocks on the calendars it runs on);
    `expected_version` guards a stale read."""
    ticket = uow.tickets.get(ticket_id)
    if expected_version is not None and ticket.row_version != expected_version:
        raise ConcurrentUpdate(ticket_id)
    return ticket, book_for_version(uow, ticket.contract_version_id, ticket.calendar_version_id)


def ordered(uow: UnitOfWork, ticket: TicketRow, now: datetime, what: str) -> Moment:
    """The moment of an action on `ticket` (`what`, such as "take ticket 3"), checked
    against the server clock and the ticket's current state (`remit.domain.instants`)."""
    moment = entered_moment(now, uow.clock(), what)
    event, since = state_since(milestones(ticket))
    require_not_before(what, now, f"ticket {ticket.id} {event}", since)
    return moment


def milestones(ticket: TicketRow) -> Milestones:
    return Milestones(
        state=State(ticket.state),
        opened_at=ticket.opened_at,
        accepted_at=ticket.accepted_at,
        taken_at=ticket.taken_at,
        restored_at=ticket.restored_at,
        reported_at=ticket.reported_at,
        closed_at=ticket.closed_at,
        pause_starts=tuple(p.started_at for p in ticket.pauses),
        pause_ends=tuple(p.ended_at for p in ticket.pauses if p.ended_at is not None),
        reopenings=tuple(r.reopened_at for r in ticket.restorations if r.reopened_at),
    )


def record(
    uow: UnitOfWork, ticket: TicketRow, action: Action, actor: str, now: datetime, **detail: object
) -> None:
    """Audit what happened at `now`; a late entry also carries the instant it was entered."""
    late = late_detail(Moment(now, uow.clock()))
    uow.record(Entry(now, actor, action.value, ticket.id, json_detail({**detail, **late})))


def notify(
    uow: UnitOfWork,
    ticket: TicketRow,
    kind: NoticeKind,
    recipients: Iterable[str],
    subject: str,
    now: datetime,
    key: str,
    book: ContractBook,
    **body: object,
) -> None:
    for recipient in dict.fromkeys(recipients):
        notice = Notice(
            key=f"ticket:{ticket.id}:{key}:{recipient}",
            kind=kind,
            recipient=recipient,
            subject=f"#{ticket.id} {subject}",
            ticket_id=ticket.id,
            address=book.address(recipient),
            body=json_detail(body),
        )
        uow.notify(notice, now)


def touch(ticket: TicketRow, now: datetime) -> None:
    """Every change goes through the row, so its version check catches concurrent writers."""
    ticket.updated_at = now


def require_party(actor: str, parties: Iterable[str], action: str, reason: str) -> None:
    if actor_party(actor) not in set(parties):
        raise NotPermitted(actor, action, reason)


def require_coordinator(ticket: TicketRow, actor: str, action: str) -> None:
    reason = (
        f"the ticket is owned by its coordinator {ticket.coordinator} until closure; "
        "a layer party answers its own check"
    )
    require_party(actor, [ticket.coordinator], action, reason)


def require_client_contact(book: ContractBook, person: str, purpose: str) -> str:
    contact = routing.resolve_contact(book.contract, person)
    if not routing.is_authorized(book.contract, contact, RequestKind.TECHNICAL):
        raise NotAuthorized(person, purpose)
    assert contact is not None
    return contact


def timeline(ticket: TicketRow) -> Timeline:
    return Timeline(
        state=State(ticket.state),
        accepted_at=ticket.accepted_at,
        taken_at=ticket.taken_at,
        restored_at=ticket.restored_at,
        pauses=tuple((p.started_at, p.ended_at) for p in ticket.pauses),
        customer_pauses=tuple(
            (p.started_at, p.ended_at) for p in ticket.pauses if p.side == Side.CUSTOMER.value
        ),
        restorations=tuple(
            (r.restored_at, r.reopened_at) for r in ticket.restorations if r.reopened_at
        ),
        last_update_at=ticket.last_update_at,
        promised_update_at=ticket.promised_update_at,
        updates=ticket.update_count,
        reported_at=ticket.reported_at,
        window=planned_window(ticket),
        symptoms=ticket.symptoms,
    )


def planned_window(ticket: TicketRow) -> PlannedWindow | None:
    """The maintenance-window occurrence the ticket is planned work in, with its terms."""
    if ticket.planned_window is None or ticket.planned_start is None or ticket.planned_end is None:
        return None
    return PlannedWindow(
        name=ticket.planned_window,
        start=ticket.planned_start,
        end=ticket.planned_end,
        clocks_run=bool(ticket.planned_clocks_run),
        escalations_fire=bool(ticket.planned_escalations_fire),
    )


def clock_terms(ticket: TicketRow) -> ClockTerms | None:
    if ticket.clock_calendar is None:
        return None
    return ClockTerms(
        priority=ticket.priority,
        calendar=ticket.clock_calendar,
        response=ticket.response_target,
        recovery=ticket.recovery_target,
        cadence=ticket.update_cadence,
        update_calendar=ticket.update_calendar or ticket.clock_calendar,
    )


_CLOSED_CASE = {VendorStatus.RESOLVED.value, VendorStatus.CLOSED.value}


def vendors_involved(ticket: TicketRow) -> bool:
    """True while the ticket has a vendor case that is neither resolved nor closed."""
    return any(case.status not in _CLOSED_CASE for case in ticket.vendor_cases)


def update_owner(ticket: TicketRow, book: ContractBook) -> str:
    """Who owes the client its updates on this ticket now (`routing.update_owner`)."""
    return routing.update_owner(
        book.contract, ticket.priority, ticket.coordinator, vendors=vendors_involved(ticket)
    )


_COORDINATOR = "\x00coordinator"  # stands for the ticket's coordinator: no party key


@lru_cache(maxsize=64)
def update_owners(book: ContractBook) -> UpdateOwners:
    """`update_owner` for every priority of the contract (and any other) with and
    without a vendor involved; None where it is the ticket's coordinator."""
    contract = book.contract
    levels = list(contract.priorities.levels) if contract.priorities else []
    owners: dict[tuple[str | None, bool], str | None] = {}
    for priority in [*levels, None]:
        for vendors in (False, True):
            owner = routing.update_owner(contract, priority, _COORDINATOR, vendors=vendors)
            owners[priority, vendors] = None if owner == _COORDINATOR else owner
    return owners


def replan(uow: UnitOfWork, ticket: TicketRow, book: ContractBook) -> TicketPlan:
    """Recompute the ticket's deadlines and replace its pending due work; a duplicate
    linked to a major incident has none of its own (it follows the parent's)."""
    terms = clock_terms(ticket)
    owner = update_owner(ticket, book)
    result = (
        TicketPlan()
        if terms is None or ticket.parent_id is not None
        else plan(timeline(ticket), terms, book.contract, book.clock, ticket.coordinator, owner)
    )
    if terms is not None and ticket.parent_id is None:
        result = replace(result, work=result.work + follow_through(ticket, terms, book))
    ticket.response_due = result.response.due if result.response else None
    ticket.response_breach_at = result.response.breach_at if result.response else None
    ticket.recovery_due = result.recovery.due if result.recovery else None
    ticket.recovery_breach_at = result.recovery.breach_at if result.recovery else None
    ticket.next_update_due = result.next_update
    uow.flush()
    uow.due_work.replan(ticket.id, result.work, book.address)
    return result


def follow_through(ticket: TicketRow, terms: ClockTerms, book: ContractBook) -> tuple[DueWork, ...]:
    """The hand-off and vendor follow-up work (see `remit.domain.follow_through`)."""
    cases = [
        CaseClock(
            case_id=case.id,
            vendor=case.vendor,
            case_ref=case.case_ref,
            follow_through=case.follow_through,
            opened_at=case.opened_at,
            open=case.status not in CLOSED_CASES,
            follow_ups=case.follow_ups or 0,
            last_follow_up_at=case.last_follow_up_at,
        )
        for case in ticket.vendor_cases
    ]
    return follow_through_work(
        timeline(ticket), terms, book.contract, book.clock, ticket.coordinator, cases
    )


def check_measure(
    uow: UnitOfWork, ticket: TicketRow, measure: str, breach_at: datetime | None, done: datetime
) -> bool:
    """Record a breach when a measure completes after its breach instant; True when met.

    A breach already recorded stays: the measure is missed even when a later
    correction moved its breach instant past `done`."""
    key = f"breach:{measure}"
    if uow.due_work.breach_recorded(ticket.id, key):
        return False
    if breach_at is None or done < breach_at:
        return True
    uow.due_work.record_breach(ticket.id, measure, key, breach_at, done)
    return False


def require_unlinked(ticket: TicketRow) -> None:
    """A duplicate follows its major incident: it is not worked on its own while linked."""
    if ticket.parent_id is not None:
        raise InvalidInput(
            f"ticket {ticket.id} is a duplicate of #{ticket.parent_id} and follows it; "
            f"act on #{ticket.parent_id}, or unlink this ticket first"
        )
