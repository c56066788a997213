"""A person's rights on a stored ticket: its facts read from the store, judged by
`remit.domain.rights` under the contract version the ticket runs under."""

from __future__ import annotations

from dataclasses import dataclass

from remit.domain.contract import Contract
from remit.domain.errors import NotFound
from remit.domain.people import checked_email
from remit.domain.rights import (
    Actor,
    Role,
    Sight,
    TicketAction,
    TicketFacts,
    allowed,
    roles_on,
    sight,
)
from remit.domain.ticket import RequestKind
from remit.services.contract_books import book_for_version
from remit.services.ticket_ops import update_owner
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class TicketRights:
    """What one person may do on one ticket."""

    ticket_id: int
    actor: Actor
    facts: TicketFacts
    contract: Contract
    roles: frozenset[Role]
    sight: Sight

    def allows(self, action: TicketAction, *, share: str | None = None) -> bool:
        """Whether the person may take `action` (on `share`, the party a check or a vendor
        case's follow-through belongs to); nobody the desk does not know may do anything."""
        if not self.roles:
            return False
        return allowed(self.actor, self.facts, self.contract, action, share=share)


def ticket_facts(ticket: TicketRow, contract: Contract, owner: str) -> TicketFacts:
    """The facts rights judge, from the ticket's row and the party owing its updates."""
    return TicketFacts(
        requester=ticket.requester,
        requester_contact=ticket.requester_contact,
        accepted=ticket.accepted_at is not None,
        coordinator=ticket.coordinator,
        assignee=ticket.assignee,
        check_parties=frozenset(c.party for c in ticket.checks),
        handoff_parties=frozenset(h.to_party for h in ticket.handoffs),
        follow_through_parties=frozenset(v.follow_through for v in ticket.vendor_cases),
        vendors=frozenset(v.vendor for v in ticket.vendor_cases),
        update_owner=owner,
        kind=RequestKind(ticket.kind),
    )


def rights_on(uow: UnitOfWork, ticket: TicketRow, actor: Actor, *, known: bool) -> TicketRights:
    """Inside the caller's unit of work: the roles and sight of `actor` on `ticket`, under
    the contract version it runs under. A person the desk does not know (or no longer
    active, `known` false) has none."""
    book = book_for_version(uow, ticket.contract_version_id)
    facts = ticket_facts(ticket, book.contract, update_owner(ticket, book))
    roles = roles_on(actor, facts, book.contract) if known else frozenset()
    return TicketRights(ticket.id, actor, facts, book.contract, roles, sight(roles))


def rights_on_ticket(*, uow: UnitOfWork, ticket_id: int, email: str) -> TicketRights:
    """The roles and sight of the person `email` on ticket `ticket_id`. An unknown or
    inactive person has none: a ticket they may not see reads as not found to them."""
    key = checked_email(email)
    with uow:
        ticket = uow.tickets.get(ticket_id)
        person = uow.people.by_email(key)
        known = person is not None and person.active
        actor = Actor(key)
        if person is not None and known:
            actor = Actor(key, uow.people.memberships(key, ticket.line_id), person.is_admin)
        return rights_on(uow, ticket, actor, known=known)


def require_sight(found: TicketRights) -> TicketRights:
    """`found`, or the same "not found" as for a ticket that does not exist."""
    if found.sight is Sight.NONE:
        raise NotFound("ticket", found.ticket_id)
    return found
