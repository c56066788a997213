"""The ticket lifecycle: take, pause, resume, restore, reopen, confirm, reject, read."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from remit.domain import approvals, rights, routing
from remit.domain.errors import (
    InvalidInput,
    InvalidTransition,
    NotAuthorized,
    NotPermitted,
    PauseNotAllowed,
)
from remit.domain.events import Action, NoticeKind
from remit.domain.rights import Visibility
from remit.domain.terms import PauseRule, Side
from remit.domain.ticket import (
    NO_DEADLINE,
    REOPENABLE,
    TRANSITIONS,
    RequestKind,
    State,
    actor_party,
    transition,
)
from remit.services.contract_books import ContractBook
from remit.services.incidents import follow_parent
from remit.services.lines import line_ids
from remit.services.symptoms import escalate_symptoms
from remit.services.ticket_ops import (
    CLOSED_CASES,
    aware,
    check_measure,
    load,
    notify,
    ordered,
    record,
    replan,
    require_client_contact,
    require_coordinator,
    require_party,
    require_unlinked,
    touch,
)
from remit.services.views import TicketDetail, TicketSummary, detail, summary, zone_of
from remit.store.tables import PauseRow, RestorationRow, TicketRow
from remit.store.uow import UnitOfWork


def _move(ticket: TicketRow, wanted: State, now: datetime) -> State:
    require_unlinked(ticket)
    previous = State(ticket.state)
    ticket.state = transition(previous, wanted).value
    touch(ticket, now)
    return previous


def _require(ticket: TicketRow, state: State, done: str) -> None:
    """`take` and `resume` lead to in progress, as `reopen` does; each starts from one state.

    A state with no way to in progress at all is left to `transition` to refuse.
    """
    current = State(ticket.state)
    if current is not state and State.IN_PROGRESS in TRANSITIONS[current]:
        raise InvalidInput(
            f"ticket {ticket.id} is {current.label}; only a {state.label} ticket is {done}"
        )


def take_ticket(
    *, uow: UnitOfWork, ticket_id: int, by: str, now: datetime, expected_version: int | None = None
) -> TicketSummary:
    """Take the ticket into work: the response clock stops here."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        require_party(
            by,
            [ticket.coordinator, ticket.assignee],
            "take the ticket",
            "only the coordinator or the assigned party takes it into work",
        )
        _require(ticket, State.NEW, "taken into work")
        ordered(uow, ticket, now, f"take ticket {ticket_id} into work")
        _move(ticket, State.IN_PROGRESS, now)
        ticket.taken_at = now
        met = check_measure(uow, ticket, "response", ticket.response_breach_at, now)
        record(uow, ticket, Action.TAKEN, by, now, response_met=met)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _pause_rule(book: ContractBook, reason: str) -> PauseRule:
    for rule in book.contract.pauses:
        if rule.reason == reason:
            return rule
    allowed = ", ".join(rule.reason for rule in book.contract.pauses) or "none"
    raise PauseNotAllowed(
        reason, f"'{reason}' is not a pause reason of the contract; allowed: {allowed}"
    )


def pause_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    reason: str,
    by: str,
    now: datetime,
    note: str | None = None,
    side: Side | None = None,
    expected_version: int | None = None,
) -> TicketSummary:
    """Stop the clocks for one of the contract's pause reasons, attributed to a side."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        ordered(uow, ticket, now, f"pause ticket {ticket_id}")
        rule = _pause_rule(book, reason)
        allowed = rule.set_by or (ticket.coordinator, ticket.assignee)
        require_party(
            by, allowed, f"pause for {reason}", f"the contract lets {', '.join(allowed)} set it"
        )
        attributed = rule.attributed_to or side
        if attributed is None:
            raise PauseNotAllowed(
                reason, f"the contract does not say which side causes '{reason}'; name the side"
            )
        _move(ticket, State.PAUSED, now)
        ticket.pauses.append(
            PauseRow(reason=reason, side=attributed.value, set_by=by, note=note, started_at=now)
        )
        record(uow, ticket, Action.PAUSED, by, now, reason=reason, side=attributed, note=note)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def resume_ticket(
    *, uow: UnitOfWork, ticket_id: int, by: str, now: datetime, expected_version: int | None = None
) -> TicketSummary:
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        _require(ticket, State.PAUSED, "resumed")
        ordered(uow, ticket, now, f"resume ticket {ticket_id}")
        _move(ticket, State.IN_PROGRESS, now)
        open_pause = next(p for p in ticket.pauses if p.ended_at is None)
        open_pause.ended_at, open_pause.ended_by = now, by
        seconds = int((now - open_pause.started_at).total_seconds())
        record(
            uow,
            ticket,
            Action.RESUMED,
            by,
            now,
            reason=open_pause.reason,
            side=open_pause.side,
            paused_seconds=seconds,
        )
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def restore_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    now: datetime,
    note: str | None = None,
    expected_version: int | None = None,
) -> TicketSummary:
    """The service works again: only the coordinator says so, never a layer party alone."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        require_coordinator(ticket, by, "restore or close the ticket")
        ordered(uow, ticket, now, f"restore ticket {ticket_id}")
        _move(ticket, State.RESTORED, now)
        ticket.restored_at = now
        met = check_measure(uow, ticket, "recovery", ticket.recovery_breach_at, now)
        ticket.restorations.append(RestorationRow(restored_at=now, restored_by=by))
        record(uow, ticket, Action.RESTORED, by, now, recovery_met=met, note=note)
        follow_parent(uow, ticket, by, now)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def reopen_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> TicketSummary:
    """Back into work after restoration; history stays, the recovery clock continues."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        _require_reopener(book, ticket, by)
        ordered(uow, ticket, now, f"reopen ticket {ticket_id}")
        _reopen(uow, ticket, by, reason, now, Action.REOPENED)
        follow_parent(uow, ticket, by, now)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _reopen(
    uow: UnitOfWork, ticket: TicketRow, by: str, reason: str, now: datetime, action: Action
) -> None:
    if State(ticket.state) not in REOPENABLE:
        raise InvalidTransition(
            ticket.state, State.IN_PROGRESS.value, [s.value for s in REOPENABLE]
        )
    previous = _move(ticket, State.IN_PROGRESS, now)
    last = ticket.restorations[-1]
    last.reopened_at, last.reopened_by, last.reopen_reason = now, by, reason
    ticket.restored_at = ticket.reported_at = ticket.closed_at = None
    ticket.confirmed_by = None
    record(uow, ticket, action, by, now, reason=reason, from_state=previous)


def confirm_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    now: datetime,
    score: int | None = None,
    comment: str | None = None,
    expected_version: int | None = None,
) -> TicketSummary:
    """An authorized contact confirms a held request (clocks start); the reported result is
    confirmed by the contract's completion confirmers (any authorized contact if it names none)."""
    aware(now)
    if score is not None and not 1 <= score <= 5:
        raise InvalidInput("the satisfaction score is 1 to 5")
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        contact = _confirmer(book, ticket, by)
        ordered(uow, ticket, now, f"confirm ticket {ticket_id}")
        if ticket.state == State.HELD.value:
            _authorize(uow, book, ticket, contact, now)
        else:
            _move(ticket, State.CLOSED, now)
            ticket.closed_at, ticket.confirmed_by = now, contact
            ticket.satisfaction, ticket.confirmation_comment = score, comment
            record(uow, ticket, Action.CONFIRMED, contact, now, score=score, comment=comment)
            notify(
                uow,
                ticket,
                NoticeKind.CLOSED,
                [ticket.coordinator],
                "closed",
                now,
                f"closed:{ticket.row_version}",
                book,
                confirmed_by=contact,
            )
            follow_parent(uow, ticket, contact, now)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _require_reopener(book: ContractBook, ticket: TicketRow, by: str) -> None:
    """The coordinator reopens, and so do the client authority and (where the contract
    lets requesters confirm) the requester: `remit.domain.rights`, contact by contact."""
    if actor_party(by) == ticket.coordinator:
        return
    contact = routing.resolve_contact(book.contract, by)
    client_side = contact is not None and contact in rights.authority_contacts(book.contract)
    requester = contact is not None and contact == ticket.requester_contact
    if not (client_side or (requester and rights.requester_confirms(book.contract))):
        raise NotAuthorized(by, "reopening a ticket")


def _held_decider(book: ContractBook, ticket: TicketRow, by: str, purpose: str) -> str:
    """Who confirms or rejects a held request: a client authority who may request its kind
    (`remit.domain.rights.confirms_held`)."""
    contact = routing.resolve_contact(book.contract, by)
    kind = RequestKind(ticket.kind)
    if contact is None or not rights.confirms_held(book.contract, contact, kind):
        raise NotAuthorized(by, f"{purpose} a held {kind.value} request")
    return contact


def _confirmer(book: ContractBook, ticket: TicketRow, by: str) -> str:
    """A held request is confirmed by a client authority who may request its kind;
    completion by whom the contract names (any authorized contact if it names none)."""
    if ticket.state == State.HELD.value:
        return _held_decider(book, ticket, by, "confirming")
    confirmers = approvals.completion_confirmers(book.contract)
    if ticket.state != State.REPORTED.value or confirmers is None:
        return require_client_contact(book, by, "confirming requests and results")
    contact = routing.resolve_contact(book.contract, by)
    if contact not in confirmers:
        raise NotPermitted(by, "confirm completion", approvals.confirmers_reason(confirmers))
    assert contact is not None
    return contact


def _authorize(
    uow: UnitOfWork, book: ContractBook, ticket: TicketRow, contact: str, now: datetime
) -> None:
    _move(ticket, State.NEW, now)
    ticket.accepted_at = now
    record(
        uow,
        ticket,
        Action.AUTHORIZED,
        contact,
        now,
        requester=ticket.requester,
        decision="confirmed",
    )
    escalate_symptoms(uow, book, ticket, now)


def reject_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> TicketSummary:
    """An authorized contact rejects: a held request (never worked) or the reported fix (back to work)."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        if ticket.state == State.HELD.value:
            contact = _held_decider(book, ticket, by, "rejecting")
        else:
            contact = require_client_contact(book, by, "rejecting requests and results")
        ordered(uow, ticket, now, f"reject ticket {ticket_id}")
        if ticket.state == State.HELD.value:
            _move(ticket, State.REJECTED, now)
            record(uow, ticket, Action.REJECTED, contact, now, reason=reason, decision="rejected")
        elif ticket.state == State.REPORTED.value:
            _reopen(uow, ticket, contact, reason, now, Action.FIX_REJECTED)
            follow_parent(uow, ticket, contact, now)
        else:
            current = State(ticket.state)
            allowed = [s.value for s in TRANSITIONS[current]]
            raise InvalidTransition(current.value, State.REJECTED.value, allowed)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


@dataclass(frozen=True, slots=True)
class TicketFilter:
    """Which tickets `list_tickets` shows; every given criterion must hold."""

    states: Sequence[str] = ()
    party: str | None = None  # coordinates, works, or owes a pending layer check
    priorities: Sequence[str] = ()
    late: bool = False  # a running measure is past its due instant at `now`
    due_before: datetime | None = None  # the next deadline comes before this instant
    line: str | None = None  # the key of one contract line (every line in scope if None)


def list_tickets(
    *,
    uow: UnitOfWork,
    now: datetime,
    where: TicketFilter = TicketFilter(),
    limit: int = 100,
    sights: Sights | None = None,
) -> list[TicketSummary]:
    """Tickets matching `where`, the one whose next deadline comes first at the top
    (tickets with no running clock follow, newest first); with `sights` (what a person
    sees by contract version, read in the unit of work), only the tickets their rights
    let them see."""
    return page_tickets(uow=uow, now=now, where=where, limit=limit, sights=sights).items


def show_ticket(*, uow: UnitOfWork, ticket_id: int) -> TicketDetail:
    with uow:
        return detail(uow, uow.tickets.get(ticket_id))


Position = tuple[int, float, int]  # (no running clock?, next deadline, -id): the list order
# what one person sees whole, by contract version, as read inside a unit of work
Sights = Callable[[UnitOfWork], Mapping[int, Visibility]]


@dataclass(frozen=True, slots=True)
class TicketPage:
    """One page of a listing: its tickets, how many match in all, and where the next
    page starts (None on the last)."""

    items: list[TicketSummary]
    total: int
    after: Position | None


def page_tickets(
    *,
    uow: UnitOfWork,
    now: datetime,
    where: TicketFilter = TicketFilter(),
    limit: int = 50,
    after: Position | None = None,
    sights: Sights | None = None,
) -> TicketPage:
    """Tickets matching `where` in the list order, the `limit` that follow `after`.

    The position is the order's own key and ends in the ticket id, so paging on while
    others open tickets neither repeats nor skips one already in the list. The store
    filters, orders, pages and counts (`TicketRow.list_due` is the next deadline)."""
    known = {s.value for s in State}
    if unknown := [state for state in where.states if state not in known]:
        raise InvalidInput(
            f"unknown state {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
        )
    due_before = where.due_before
    if where.late:
        due_before = now if due_before is None else min(now, due_before)
    with uow:
        found, total = uow.tickets.page(
            states=where.states,
            party=where.party,
            priorities=where.priorities,
            line_ids=line_ids(uow, where.line),
            due_before=due_before,
            sights=None if sights is None else sights(uow),
            closed_cases=CLOSED_CASES,
            after=_from_position(after),
            limit=limit + 1,
        )
        items, more = found[:limit], len(found) > limit
        counts = uow.tickets.child_counts([t.id for t in items])
        views = [summary(t, counts.get(t.id, 0), timezone=zone_of(uow, t)) for t in items]
        following = _position(items[-1]) if more and items else None
    return TicketPage(views, total, following)


def _position(ticket: TicketRow) -> Position:
    if ticket.list_due == NO_DEADLINE:
        return (1, 0.0, -ticket.id)
    return (0, ticket.list_due.timestamp(), -ticket.id)


def _from_position(after: Position | None) -> tuple[datetime, int] | None:
    """The stored order's key (`list_due`, id) of a list position."""
    if after is None:
        return None
    bucket, deadline, ticket = after
    ticket = max(-(2**62), min(2**62, ticket))
    if bucket > 1:
        return (NO_DEADLINE, -(2**62))  # nothing follows
    if bucket == 1:
        return (NO_DEADLINE, -ticket)
    if bucket < 0:
        return (datetime.min.replace(tzinfo=UTC), 2**62)
    try:
        return (datetime.fromtimestamp(deadline, UTC), -ticket)
    except (OverflowError, OSError, ValueError):
        if deadline < 0:
            return (datetime.min.replace(tzinfo=UTC), 2**62)
        return (datetime.max.replace(tzinfo=UTC), -ticket)
