"""Corrections: the coordinator changes priority, category, scope or objects, with a reason.

The terms are derived again (`remit.domain.corrections`), the clocks re-planned
from the ticket's acceptance, a breach the corrected terms make overdue
recorded at once, and one `corrected` audit entry holds every changed value
(old and new), the instants that moved and the breaches recorded.
"""

from __future__ import annotations

from datetime import datetime

from remit.domain import routing
from remit.domain.corrections import (
    Classification,
    Correction,
    TicketTerms,
    corrected,
    derive_terms,
    overdue,
)
from remit.domain.errors import InvalidInput
from remit.domain.events import Action
from remit.domain.terms import Impact, Urgency
from remit.domain.ticket import State
from remit.services.contract_books import ContractBook
from remit.services.scope import scope_columns
from remit.services.ticket_ops import (
    aware,
    clock_terms,
    load,
    ordered,
    record,
    replan,
    require_coordinator,
    timeline,
    touch,
)
from remit.services.views import TicketSummary, summary, zone_of
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork

_FINAL = frozenset({State.CLOSED, State.REJECTED})
_TERMS = (
    "priority",
    "category",
    "impact",
    "urgency",
    "objects",
    "clock_calendar",
    "response_target",
    "recovery_target",
    "update_cadence",
    "update_calendar",
    "after_hours",
    "in_scope",
    "billing",
)
_INSTANTS = (
    "response_due",
    "response_breach_at",
    "recovery_due",
    "recovery_breach_at",
    "next_update_due",
)


def correct_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    reason: str,
    now: datetime,
    priority: str | None = None,
    category: str | None = None,
    scope: Impact | None = None,
    objects: tuple[str, ...] | None = None,
    expected_version: int | None = None,
) -> TicketSummary:
    """Correct the ticket's classification; its terms and clocks follow (see the module)."""
    aware(now)
    if not reason.strip():
        raise InvalidInput("a correction needs a reason")
    change = Correction(priority, category, scope, objects)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        require_coordinator(ticket, by, "correct the ticket")
        ordered(uow, ticket, now, f"correct ticket {ticket_id}")
        _require_correctable(ticket)
        before = _values(ticket, _TERMS + _INSTANTS)
        classification = corrected(book.contract, _classification(ticket), change)
        start = ticket.accepted_at or ticket.opened_at
        after_hours = _arrived_after_hours(book, ticket)
        _apply(ticket, derive_terms(book.contract, classification, after_hours, start, book.clock))
        _remark_scope(book, ticket)
        changes = _changes(before, _values(ticket, _TERMS))
        if not changes:
            raise InvalidInput(f"ticket {ticket.id} already has these values; nothing to correct")
        touch(ticket, now)
        replan(uow, ticket, book)
        breached = _record_overdue(uow, ticket, book, now)
        moved = _changes(before, _values(ticket, _INSTANTS))
        record(
            uow,
            ticket,
            Action.CORRECTED,
            by,
            now,
            reason=reason,
            changes=changes,
            moved=moved,
            breached=breached,
        )
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _require_correctable(ticket: TicketRow) -> None:
    state = State(ticket.state)
    if state in _FINAL:
        raise InvalidInput(
            f"ticket {ticket.id} is {state.label}; only a ticket not yet closed is corrected "
            "(reopen a closed one first)"
        )


def _classification(ticket: TicketRow) -> Classification:
    return Classification(
        impact=Impact(ticket.impact),
        urgency=Urgency(ticket.urgency),
        category=ticket.category,
        objects=tuple(ticket.objects),
        priority=ticket.priority,
    )


def _arrived_after_hours(book: ContractBook, ticket: TicketRow) -> bool:
    return not book.clock(routing.business_calendar(book.contract)).is_open(ticket.opened_at)


def _remark_scope(book: ContractBook, ticket: TicketRow) -> None:
    """Other objects or another category are marked again, unless a coordinator decided."""
    if (ticket.scope_basis or "").startswith("decided by"):
        return
    for column, value in scope_columns(book.contract, ticket.objects, ticket.category).items():
        setattr(ticket, column, value)


def _apply(ticket: TicketRow, terms: TicketTerms) -> None:
    c = terms.classification
    ticket.priority, ticket.category, ticket.objects = terms.priority, c.category, list(c.objects)
    ticket.impact, ticket.urgency = c.impact.value, c.urgency.value
    ticket.clock_calendar, ticket.update_calendar = terms.calendar, terms.update_calendar
    ticket.response_target, ticket.recovery_target = terms.response, terms.recovery
    ticket.update_cadence, ticket.after_hours = terms.cadence, terms.after_hours


def _values(ticket: TicketRow, names: tuple[str, ...]) -> dict[str, object]:
    return {name: getattr(ticket, name) for name in names}


def _changes(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    return {name: [before[name], new] for name, new in after.items() if before[name] != new}


def _record_overdue(
    uow: UnitOfWork, ticket: TicketRow, book: ContractBook, now: datetime
) -> list[str]:
    """Record at once each breach the corrected terms make overdue; returns their measures."""
    terms = clock_terms(ticket)
    if terms is None or ticket.parent_id is not None:
        return []
    recorded: list[str] = []
    for item in overdue(timeline(ticket), terms, book.clock(terms.calendar), now):
        measure, key = item.measure.value, f"breach:{item.measure.value}"
        if not uow.due_work.breach_recorded(ticket.id, key):
            uow.due_work.record_breach(ticket.id, measure, key, item.breach_at, now)
            recorded.append(measure)
    return recorded
