"""Responsibility transfers: the coordination, or a layer's work away from its primary party.

The coordinator asks for a transfer; where the contract requires approval
(`coordination.transfer_approval`, by default yes) it waits, pending and
visible, for the approver (`coordination.transfer_approver`, else the client
owner) and nothing changes until they approve. On approval the transfer takes
effect as a hand-off: recorded with from, to and reason, and counted. A
coordination transfer makes the new party the ticket's coordinator (and its
working party, where the old coordinator worked it) and re-plans the ticket's
due work to it; the clocks do not move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.domain import approvals, routing
from remit.domain.approvals import Responsibility, TransferStatus
from remit.domain.errors import InvalidInput, NotFound, NotPermitted
from remit.domain.events import Action, NoticeKind
from remit.domain.instants import require_not_before
from remit.domain.ticket import ACTIVE, State
from remit.services.contract_books import ContractBook
from remit.services.coordination import hand_off
from remit.services.incidents import follow_coordinator
from remit.services.ticket_ops import (
    aware,
    load,
    notify,
    ordered,
    record,
    replan,
    require_coordinator,
    touch,
)
from remit.store.tables import HandoffRow, TicketRow, TransferRow
from remit.store.uow import UnitOfWork

#: States in which the ticket still has a coordinator whose responsibility can move.
OPEN = frozenset({*ACTIVE, State.RESTORED, State.REPORTED})


@dataclass(frozen=True, slots=True)
class TransferView:
    ticket_id: int
    responsibility: str
    layer: str | None
    from_party: str
    to_party: str
    reason: str
    status: str
    status_label: str
    approver: str | None
    coordinator: str
    assignee: str
    handoff_count: int


def _view(ticket: TicketRow, row: TransferRow) -> TransferView:
    return TransferView(
        ticket_id=ticket.id,
        responsibility=row.responsibility,
        layer=row.layer,
        from_party=row.from_party,
        to_party=row.to_party,
        reason=row.reason,
        status=row.status,
        status_label=TransferStatus(row.status).label,
        approver=row.approver,
        coordinator=ticket.coordinator,
        assignee=ticket.assignee,
        handoff_count=ticket.handoff_count,
    )


def pending_transfer(ticket: TicketRow) -> TransferRow | None:
    return next((t for t in ticket.transfers if t.status == TransferStatus.PENDING.value), None)


def request_transfer(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    to: str,
    reason: str,
    by: str,
    now: datetime,
    layer: str | None = None,
    expected_version: int | None = None,
) -> TransferView:
    """The coordinator moves the coordination (or, with `layer`, that layer's work) to `to`."""
    aware(now)
    if not reason.strip():
        raise InvalidInput("give the reason for the transfer: --reason TEXT")
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        require_coordinator(ticket, by, "transfer responsibility for the ticket")
        ordered(uow, ticket, now, f"request a transfer on ticket {ticket_id}")
        row = _new_transfer(book, ticket, to, layer, reason.strip(), by, now)
        ticket.transfers.append(row)
        record(
            uow,
            ticket,
            Action.TRANSFER_REQUESTED,
            by,
            now,
            responsibility=row.responsibility,
            layer=layer,
            from_party=row.from_party,
            to_party=to,
            reason=row.reason,
            approver=row.approver,
        )
        if row.approver is None:
            _apply(uow, book, ticket, row, by, now)
        else:
            notify(
                uow,
                ticket,
                NoticeKind.TRANSFER_REQUEST,
                [row.approver],
                f"approve the transfer of {_what(row)} to {to}",
                now,
                f"transfer:{len(ticket.transfers)}",
                book,
                reason=row.reason,
                from_party=row.from_party,
                to_party=to,
            )
        touch(ticket, now)
        uow.commit()
        return _view(ticket, row)


def _new_transfer(
    book: ContractBook,
    ticket: TicketRow,
    to: str,
    layer: str | None,
    reason: str,
    by: str,
    now: datetime,
) -> TransferRow:
    state = State(ticket.state)
    if state not in OPEN or (layer is not None and state not in ACTIVE):
        raise InvalidInput(f"cannot transfer responsibility while the ticket is {state.label}")
    waiting = pending_transfer(ticket)
    if waiting is not None:
        raise InvalidInput(
            f"ticket {ticket.id} already has a transfer to {waiting.to_party} "
            f"awaiting {waiting.approver}"
        )
    if not routing.is_party(book.contract, to):
        raise InvalidInput(f"'{to}' is not a party of the contract")
    source = ticket.coordinator if layer is None else ticket.assignee
    if layer is not None and to == routing.layer_party(book.contract, layer, ticket.coordinator):
        raise InvalidInput(
            f"{to} is the primary party of layer {layer}: localize the fault to hand it the work"
        )
    if to == source:
        raise InvalidInput(f"{to} already holds that responsibility")
    approver = approvals.transfer_approver(book.contract)
    return TransferRow(
        responsibility=(
            Responsibility.COORDINATION if layer is None else Responsibility.LAYER
        ).value,
        layer=layer,
        from_party=source,
        to_party=to,
        reason=reason,
        requested_by=by,
        requested_at=now,
        approver=approver.contact if approver else None,
        status=(TransferStatus.PENDING if approver else TransferStatus.APPLIED).value,
    )


def approve_transfer(
    *, uow: UnitOfWork, ticket_id: int, by: str, now: datetime, note: str | None = None
) -> TransferView:
    """The approver lets the pending transfer take effect."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id)
        row, approver = _decide(book, ticket, by, "approve", now)
        ordered(uow, ticket, now, f"approve the transfer on ticket {ticket_id}")
        if State(ticket.state) not in OPEN:
            raise InvalidInput(
                f"the ticket is {State(ticket.state).label}: reject the transfer instead"
            )
        row.status = TransferStatus.APPROVED.value
        row.decided_by, row.decided_at, row.decision_note = approver, now, note
        record(
            uow, ticket, Action.TRANSFER_APPROVED, approver, now, to_party=row.to_party, note=note
        )
        _apply(uow, book, ticket, row, approver, now)
        touch(ticket, now)
        uow.commit()
        return _view(ticket, row)


def reject_transfer(
    *, uow: UnitOfWork, ticket_id: int, by: str, reason: str, now: datetime
) -> TransferView:
    """The approver refuses the pending transfer; responsibility stays where it is."""
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id)
        row, approver = _decide(book, ticket, by, "reject", now)
        ordered(uow, ticket, now, f"reject the transfer on ticket {ticket_id}")
        row.status = TransferStatus.REJECTED.value
        row.decided_by, row.decided_at, row.decision_note = approver, now, reason
        record(
            uow,
            ticket,
            Action.TRANSFER_REJECTED,
            approver,
            now,
            to_party=row.to_party,
            reason=reason,
        )
        touch(ticket, now)
        uow.commit()
        return _view(ticket, row)


def _decide(
    book: ContractBook, ticket: TicketRow, by: str, verb: str, now: datetime
) -> tuple[TransferRow, str]:
    row = pending_transfer(ticket)
    if row is None:
        raise NotFound("pending transfer on ticket", ticket.id)
    assert row.approver is not None
    if routing.resolve_contact(book.contract, by) != row.approver:
        reason = f"the contract leaves responsibility transfers to {row.approver}"
        raise NotPermitted(by, f"{verb} the transfer", reason)
    what = f"{verb} the transfer on ticket {ticket.id}"
    require_not_before(what, now, "the transfer was requested", row.requested_at)
    return row, row.approver


def _what(row: TransferRow) -> str:
    return "the coordination" if row.layer is None else f"the work on layer {row.layer}"


def _apply(
    uow: UnitOfWork, book: ContractBook, ticket: TicketRow, row: TransferRow, by: str, now: datetime
) -> None:
    if row.layer is None:
        _move_coordination(uow, ticket, row, by, now)
    else:
        hand_off(uow, ticket, row.to_party, row.reason, by, now)
        ticket.localized_layer = row.layer
    notify(
        uow,
        ticket,
        NoticeKind.HANDOFF,
        [row.to_party],
        f"{_what(row)} is yours: {ticket.title}",
        now,
        f"handoff:{ticket.handoff_count}",
        book,
        reason=row.reason,
        coordinator=ticket.coordinator,
    )
    replan(uow, ticket, book)


def _move_coordination(
    uow: UnitOfWork, ticket: TicketRow, row: TransferRow, by: str, now: datetime
) -> None:
    old = ticket.coordinator
    ticket.handoffs.append(
        HandoffRow(from_party=old, to_party=row.to_party, reason=row.reason, at=now, by=by)
    )
    record(
        uow,
        ticket,
        Action.HANDOFF,
        by,
        now,
        responsibility=Responsibility.COORDINATION,
        from_party=old,
        to_party=row.to_party,
        reason=row.reason,
    )
    ticket.coordinator = row.to_party
    if ticket.assignee == old:
        ticket.assignee = row.to_party
    ticket.handoff_count += 1
    follow_coordinator(uow, ticket, old, by, now)
