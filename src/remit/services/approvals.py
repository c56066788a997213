"""Emergency approvals: who approved which action on a ticket, when and by which channel.

Only the contract's approver for that moment may give one (see
`remit.domain.approvals.emergency_approver`); business hours are those of
`sla.business_calendar`, else of the client's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.domain import approvals, routing
from remit.domain.approvals import Moment
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.events import Action
from remit.domain.ticket import IntakeChannel, State, actor_party
from remit.services.contract_books import ContractBook
from remit.services.ticket_ops import aware, load, ordered, record, touch
from remit.store.tables import ApprovalRow
from remit.store.uow import UnitOfWork

CLOSED = frozenset({State.CLOSED, State.REJECTED})


@dataclass(frozen=True, slots=True)
class ApprovalView:
    ticket_id: int
    action: str
    approved_by: str
    term: str
    moment: str
    channel: str
    at: datetime
    recorded_by: str


def moment_of(book: ContractBook, now: datetime) -> Moment:
    calendar = approvals.business_calendar(book.contract)
    return Moment.BUSINESS_HOURS if book.clock(calendar).is_open(now) else Moment.AFTER_HOURS


def approve_emergency(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    action: str,
    by: str,
    channel: IntakeChannel,
    now: datetime,
    recorded_by: str | None = None,
) -> ApprovalView:
    """Record the approval of an emergency action, given by the contract's approver for `now`."""
    aware(now)
    if not action.strip():
        raise InvalidInput("name the approved action: --action TEXT")
    with uow:
        ticket, book = load(uow, ticket_id)
        ordered(uow, ticket, now, f"record an approval on ticket {ticket_id}")
        if State(ticket.state) in CLOSED:
            raise InvalidInput(f"ticket {ticket_id} is {State(ticket.state).label}")
        if recorded_by is not None and not routing.is_party(
            book.contract, actor_party(recorded_by)
        ):
            raise InvalidInput(f"'{recorded_by}' is not a party or contact of the contract")
        moment = moment_of(book, now)
        approver = approvals.emergency_approver(book.contract, moment)
        if routing.resolve_contact(book.contract, by) != approver.contact:
            reason = (
                f"{moment.label} the contract's approver is {approver.contact} ({approver.term})"
            )
            raise NotPermitted(by, "approve emergency actions", reason)
        row = ApprovalRow(
            action=action.strip(),
            approved_by=approver.contact,
            term=approver.term,
            moment=moment.value,
            channel=channel.value,
            at=now,
            recorded_by=recorded_by or approver.contact,
        )
        ticket.approvals.append(row)
        record(
            uow,
            ticket,
            Action.EMERGENCY_APPROVED,
            approver.contact,
            now,
            approved_action=row.action,
            channel=channel,
            moment=moment,
            term=approver.term,
            recorded_by=row.recorded_by,
        )
        touch(ticket, now)
        uow.commit()
        return ApprovalView(
            ticket.id,
            row.action,
            row.approved_by,
            row.term,
            row.moment,
            row.channel,
            row.at,
            row.recorded_by,
        )
