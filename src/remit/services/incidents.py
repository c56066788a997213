"""Major incidents: link a duplicate to its parent, unlink it, and let children follow.

The rules are in `remit.domain.incidents`. Linking clears the child's own
pending work (it follows the parent's clocks); the services that restore,
report, close or reopen a ticket call `follow_parent`, which moves every linked
child with it and audits each move on the child. Unlinking re-plans the child
from its own terms, counted from its own acceptance: its work that would have
fallen due in the past fires at the worker's next sweep, once.
"""

from __future__ import annotations

from datetime import datetime

from remit.domain.errors import InvalidInput, NotFound
from remit.domain.events import Action
from remit.domain.incidents import Linkable, follows, link_refusal
from remit.domain.instants import require_not_before
from remit.domain.ticket import State
from remit.services.ticket_ops import (
    aware,
    load,
    ordered,
    record,
    replan,
    require_coordinator,
    touch,
)
from remit.services.views import TicketSummary, summary, zone_of
from remit.store.tables import RestorationRow, TicketRow
from remit.store.uow import UnitOfWork


def link_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    parent_id: int,
    by: str,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> TicketSummary:
    """Link the ticket as a duplicate of a major incident (a child's parent, if named)."""
    aware(now)
    _require_reason(reason)
    with uow:
        child, book = load(uow, ticket_id, expected_version)
        require_coordinator(child, by, "link the ticket to a major incident")
        ordered(uow, child, now, f"link ticket {ticket_id} to #{parent_id}")
        named = uow.tickets.get(parent_id)
        if named.line_id != child.line_id:  # another client's ticket is not there for this one
            raise NotFound("ticket", parent_id)
        parent = named if named.parent_id is None else uow.tickets.get(named.parent_id)
        what = f"link ticket {ticket_id} to #{parent.id}"
        require_not_before(what, now, f"ticket {parent.id} was opened", parent.opened_at)
        refusal = link_refusal(_linkable(uow, child), _linkable(uow, parent))
        if refusal is not None:
            raise InvalidInput(refusal)
        child.parent_id = parent.id
        moved = _join_coordination(child, parent)
        touch(child, now)
        touch(parent, now)  # a concurrent close of the parent refuses one of the two
        replan(uow, child, book)
        record(
            uow,
            child,
            Action.LINKED,
            by,
            now,
            parent=parent.id,
            named=parent_id,
            reason=reason,
            **({"coordinator": moved} if moved else {}),
        )
        record(uow, parent, Action.DUPLICATE_LINKED, by, now, child=child.id, reason=reason)
        uow.commit()
        return summary(child, timezone=zone_of(uow, child))


def _join_coordination(child: TicketRow, parent: TicketRow) -> list[str] | None:
    """One incident, one coordinator: the child takes on the parent's; [old, new] if moved."""
    old = child.coordinator
    if old == parent.coordinator:
        return None
    child.coordinator = parent.coordinator
    if child.assignee == old:
        child.assignee = parent.coordinator
    return [old, parent.coordinator]


def unlink_ticket(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> TicketSummary:
    """Unlink a duplicate: it runs on its own terms again, from its own acceptance."""
    aware(now)
    _require_reason(reason)
    with uow:
        child, book = load(uow, ticket_id, expected_version)
        require_coordinator(child, by, "unlink the ticket from its major incident")
        ordered(uow, child, now, f"unlink ticket {ticket_id}")
        if child.parent_id is None:
            raise InvalidInput(f"ticket {child.id} is not a duplicate of a major incident")
        parent = uow.tickets.get(child.parent_id)
        child.parent_id = None
        touch(child, now)
        replan(uow, child, book)
        record(
            uow,
            child,
            Action.UNLINKED,
            by,
            now,
            parent=parent.id,
            reason=reason,
            response_due=child.response_due,
            recovery_due=child.recovery_due,
            next_update_due=child.next_update_due,
        )
        record(uow, parent, Action.DUPLICATE_UNLINKED, by, now, child=child.id, reason=reason)
        uow.commit()
        return summary(child, timezone=zone_of(uow, child))


def follow_parent(uow: UnitOfWork, parent: TicketRow, by: str, now: datetime) -> list[int]:
    """Move every linked child to the state its parent reached; returns the moved ids."""
    moved: list[int] = []
    for child in uow.tickets.children(parent.id):
        wanted = follows(State(child.state), State(parent.state))
        if wanted is None:
            continue
        previous = child.state
        _take_on(child, parent, wanted, by, now)
        touch(child, now)
        record(
            uow,
            child,
            Action.FOLLOWED_PARENT,
            by,
            now,
            parent=parent.id,
            from_state=previous,
            to_state=wanted,
        )
        moved.append(child.id)
    return moved


def follow_coordinator(
    uow: UnitOfWork, parent: TicketRow, old: str, by: str, now: datetime
) -> None:
    """A major incident's coordination moved: its duplicates move with it (linking requires
    one coordinator), each audited; their working party follows where the old one worked."""
    for child in uow.tickets.children(parent.id):
        if child.coordinator != old:
            continue
        child.coordinator = parent.coordinator
        if child.assignee == old:
            child.assignee = parent.coordinator
        touch(child, now)
        record(
            uow,
            child,
            Action.FOLLOWED_PARENT,
            by,
            now,
            parent=parent.id,
            coordinator=[old, parent.coordinator],
        )


def duplicate_contacts(uow: UnitOfWork, parent: TicketRow) -> list[str]:
    """The requesters of the parent's linked children, to hear the parent's updates."""
    return [c.requester_contact for c in uow.tickets.children(parent.id) if c.requester_contact]


def _take_on(child: TicketRow, parent: TicketRow, wanted: State, by: str, now: datetime) -> None:
    if wanted is State.IN_PROGRESS:
        last = child.restorations[-1]
        last.reopened_at, last.reopened_by = now, by
        last.reopen_reason = f"major incident #{parent.id} reopened"
        child.restored_at = child.reported_at = child.closed_at = None
        child.confirmed_by = None
    else:
        if child.restored_at is None:
            child.restored_at = now
            child.restorations.append(RestorationRow(restored_at=now, restored_by=by))
        if wanted is not State.RESTORED and child.reported_at is None:
            child.reported_at = now
        if wanted is State.CLOSED:
            child.closed_at, child.confirmed_by = now, parent.confirmed_by
    child.state = wanted.value


def _linkable(uow: UnitOfWork, ticket: TicketRow) -> Linkable:
    return Linkable(
        id=ticket.id,
        state=State(ticket.state),
        parent_id=ticket.parent_id,
        children=uow.tickets.child_counts([ticket.id]).get(ticket.id, 0),
        coordinator=ticket.coordinator,
        contract=uow.contracts.get(ticket.contract_version_id).name,
    )


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise InvalidInput("linking and unlinking need a reason")
