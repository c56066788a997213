"""Client updates: what is known, what is being checked, the next action, the next update."""

from __future__ import annotations

from datetime import datetime

from remit.domain import routing
from remit.domain.errors import InvalidInput
from remit.domain.events import Action, NoticeKind
from remit.domain.ticket import ACTIVE, State
from remit.services.contract_books import ContractBook
from remit.services.incidents import duplicate_contacts
from remit.services.ticket_ops import (
    aware,
    load,
    notify,
    ordered,
    record,
    replan,
    require_party,
    require_unlinked,
    touch,
    update_owner,
)
from remit.services.views import TicketSummary, summary, zone_of
from remit.store.tables import ClientUpdateRow, TicketRow
from remit.store.uow import UnitOfWork


def post_update(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    now: datetime,
    known: str,
    checking: str,
    next_action: str,
    next_update_at: datetime | None = None,
    expected_version: int | None = None,
) -> TicketSummary:
    """Send the client an update; a late one is recorded as a communication breach."""
    aware(now)
    missing = [
        n
        for n, v in (("known", known), ("checking", checking), ("next action", next_action))
        if not v.strip()
    ]
    if missing:
        raise InvalidInput(
            "every update states what is known, what is being checked and the next action; missing: "
            + ", ".join(missing)
        )
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        ordered(uow, ticket, now, f"post an update on ticket {ticket_id}")
        require_unlinked(ticket)
        if State(ticket.state) not in ACTIVE:
            raise InvalidInput(
                f"the ticket is {State(ticket.state).label}; updates run until restoration"
            )
        owner = update_owner(ticket, book)
        require_party(
            by,
            [owner, ticket.coordinator],
            "update the client",
            f"client updates are owned by {owner}",
        )
        promised = next_update_at or _by_cadence(ticket, book, now)
        if promised is not None and promised <= now:
            raise InvalidInput("the next update must come after this one")
        late = ticket.next_update_due is not None and now > ticket.next_update_due
        if late and ticket.next_update_due is not None:
            uow.due_work.record_breach(
                ticket.id,
                "update",
                f"update:{ticket.update_count}",
                ticket.next_update_due,
                now,
            )
        ticket.updates.append(
            ClientUpdateRow(
                known=known,
                checking=checking,
                next_action=next_action,
                next_update_at=promised,
                by=by,
                at=now,
                late=late,
            )
        )
        ticket.update_count += 1
        ticket.last_update_at, ticket.promised_update_at = now, promised
        record(
            uow,
            ticket,
            Action.CLIENT_UPDATE,
            by,
            now,
            known=known,
            checking=checking,
            next_action=next_action,
            next_update_at=promised,
            late=late,
        )
        recipients = [
            r for r in (ticket.requester_contact, routing.primary_contact(book.contract)) if r
        ] + duplicate_contacts(uow, ticket)
        notify(
            uow,
            ticket,
            NoticeKind.CLIENT_UPDATE,
            recipients,
            "update",
            now,
            f"update:{ticket.update_count}",
            book,
            known=known,
            checking=checking,
            next_action=next_action,
            next_update_at=promised,
        )
        touch(ticket, now)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _by_cadence(ticket: TicketRow, book: ContractBook, now: datetime) -> datetime | None:
    calendar = ticket.update_calendar or ticket.clock_calendar
    if ticket.update_cadence is None or calendar is None:
        return None
    return book.clock(calendar).due(now, ticket.update_cadence)
