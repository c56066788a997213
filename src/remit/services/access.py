"""What a verified person may see and do through the API, the web and mail: the one
gate between a channel and the ticket services, asking `remit.domain.rights`.

A person sees the contract lines where a contact carries their e-mail, and in each
line only the tickets their roles there let them see; anything else, another
client's ticket included, is "not found". An action is taken as the contact whose
role allows it, and the services record that contact as the actor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from remit.domain.errors import ConcurrentUpdate, NotFound, NotPermitted
from remit.domain.lines import LineScope
from remit.domain.rights import (
    COMMANDS,
    Actor,
    Membership,
    Sight,
    Visibility,
    allowed,
    may_read_contract,
    visibility,
)
from remit.domain.ticket import State
from remit.services.contract_books import book_for_version, in_force
from remit.services.contracts import StoredContract, stored_contract
from remit.services.lines import line_for_ticket
from remit.services.people import PersonView, person_view, token_person
from remit.services.rights import TicketRights, rights_on
from remit.services.ticket_ops import update_owners
from remit.services.tickets import Position, TicketFilter, TicketPage, page_tickets
from remit.services.views import TicketDetail, detail
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork

ShareOf = Callable[[TicketRow], str | None]  # the party whose share of a ticket an action is on


def check_share(layer: str) -> ShareOf:
    """The party of the ticket's check of `layer` (the latest, if several)."""

    def owner(ticket: TicketRow) -> str | None:
        checks = [c for c in ticket.checks if c.layer == layer]
        return checks[-1].party if checks else None

    return owner


def case_share(case_ref: str) -> ShareOf:
    """The party following the vendor case `case_ref` through."""

    def owner(ticket: TicketRow) -> str | None:
        cases = [v for v in ticket.vendor_cases if v.case_ref == case_ref]
        return cases[-1].follow_through if cases else None

    return owner


@dataclass(frozen=True, slots=True)
class Viewer:
    """A verified person as a channel hands them to the desk: who they are and, per
    contract line, whom they act for there."""

    person: PersonView
    lines: dict[int, frozenset[Membership]]

    @property
    def scope(self) -> LineScope:
        return LineScope.only(self.lines)

    @property
    def desk_actor(self) -> Actor:
        """The person as rights see them on the desk itself (people, configuration)."""
        return Actor(self.person.email, frozenset(), self.person.is_admin)

    def actor_on(self, line_id: int) -> Actor:
        """The person as rights see them on a ticket of `line_id`: only that line's contacts."""
        return Actor(self.person.email, self.lines.get(line_id, frozenset()), self.person.is_admin)

    def requester_on(self, line_id: int, client: str) -> str:
        """How the intake names the person on `line_id`: their contact of the client party,
        else any contact of theirs there, else their e-mail (a request then held)."""
        pairs = sorted(self.lines.get(line_id, frozenset()), key=lambda m: m.contact)
        ours = [m.contact for m in pairs if m.party == client] or [m.contact for m in pairs]
        return ours[0] if ours else self.person.email


def viewer_by_token(*, uow: UnitOfWork, token: str, now: datetime) -> Viewer | None:
    """The person an API token belongs to (`authenticate_token`), with whom they act for
    in each line, read in one unit of work; None when the token does not verify."""
    with uow:
        row = token_person(uow, token, now)
        if row is None:
            return None
        lines = uow.people.lines_of(row.email)
        acting = frozenset[Membership]().union(*lines.values())
        return Viewer(person_view(uow, row, acting), lines)


def _rights(uow: UnitOfWork, viewer: Viewer, ticket: TicketRow) -> TicketRights:
    actor = viewer.actor_on(ticket.line_id)
    return rights_on(uow, ticket, actor, known=viewer.person.active)


def show_for(*, uow: UnitOfWork, viewer: Viewer, ticket_id: int) -> TicketDetail:
    """The ticket as the viewer may see it, or "not found"."""
    with uow:
        ticket = uow.tickets.get(ticket_id)  # the viewer's lines only
        if _rights(uow, viewer, ticket).sight is not Sight.TICKET:
            raise NotFound("ticket", ticket_id)
        return detail(uow, ticket)


def acting_as(
    *,
    uow: UnitOfWork,
    viewer: Viewer,
    ticket_id: int,
    command: str,
    share: ShareOf | None = None,
    expected_version: int | None = None,
) -> str:
    """The contact the viewer takes the ticket command `command` as (its action, or the one
    it takes on a held request: `remit.domain.rights.COMMANDS`); "not found" when they may
    not see the ticket, `NotPermitted` when they see it but no role of theirs allows it,
    and then `ConcurrentUpdate` when the ticket is no longer at `expected_version`."""
    right = COMMANDS[command]
    with uow:
        ticket = uow.tickets.get(ticket_id)
        found = _rights(uow, viewer, ticket)
        action = right.on(held=ticket.state == State.HELD.value)
        owner = None if share is None else share(ticket)
        version = ticket.row_version
    if found.sight is Sight.NONE:
        raise NotFound("ticket", ticket_id)
    email, admin = viewer.person.email, viewer.person.is_admin
    for membership in sorted(found.actor.memberships, key=lambda m: m.contact):
        one = Actor(email, frozenset({membership}), admin)
        if allowed(one, found.facts, found.contract, action, share=owner):
            if expected_version is not None and version != expected_version:
                raise ConcurrentUpdate(ticket_id)
            return membership.contact
    raise NotPermitted(
        email,
        action.value.replace("_", " "),
        "no role of yours on this ticket allows it under its contract",
    )


def list_for(
    *,
    uow: UnitOfWork,
    viewer: Viewer,
    now: datetime,
    where: TicketFilter,
    limit: int,
    after: Position | None,
) -> TicketPage:
    """The tickets the viewer may see, as `page_tickets` orders and pages them: the
    store selects them by the `visibility` rights give the viewer under each contract
    version of their lines."""

    def sights(opened: UnitOfWork) -> dict[int, Visibility]:
        return sights_of(opened, viewer)

    return page_tickets(uow=uow, now=now, where=where, limit=limit, after=after, sights=sights)


def sights_of(uow: UnitOfWork, viewer: Viewer) -> dict[int, Visibility]:
    """What the viewer sees whole of the tickets run under each version of their lines.
    Inside `with uow`."""
    sights = {}
    for version_id, line_id in uow.contracts.ids_of(list(viewer.lines)):
        book = book_for_version(uow, version_id)
        sights[version_id] = visibility(
            viewer.actor_on(line_id),
            book.contract,
            update_owners(book),
            active=viewer.person.active,
        )
    return sights


@dataclass(frozen=True, slots=True)
class OpeningLine:
    """The contract line a new request goes to, and who is its client there."""

    id: int
    key: str
    client_party: str


def line_to_open(*, uow: UnitOfWork, viewer: Viewer, key: str | None, now: datetime) -> OpeningLine:
    """The line the viewer opens a request on: the one `key` names among theirs, else their
    only one. A person who acts in no line may not open requests here."""
    if not viewer.lines:
        raise NotPermitted(
            viewer.person.email,
            "open a request",
            "no contract on this desk names you as a contact",
        )
    with uow:
        line = line_for_ticket(uow, key)
        book = in_force(uow, line, now.date())
        return OpeningLine(line.id, line.key, book.contract.contract.client)


def reads_line(*, uow: UnitOfWork, viewer: Viewer, line: str) -> None:
    """Nothing when the viewer may read the line's contract (its versions, drill and
    appendix); "not found" otherwise, exactly as for a line that does not exist."""
    with uow:
        found = uow.lines.by_key(line)  # the viewer's lines only
        if found is None or not viewer.person.active:
            raise NotFound("contract line", f"'{line}'")
        if not may_read_contract(viewer.actor_on(found.id)):
            raise NotFound("contract line", f"'{line}'")


def contract_for(*, uow: UnitOfWork, viewer: Viewer, line: str, number: int) -> StoredContract:
    """Version `number` of the line's contract, for a viewer the rights let read it;
    "not found" otherwise, exactly as for a line that does not exist."""
    found = stored_contract(uow=uow, line=line, number=number)
    if not viewer.person.active or not may_read_contract(viewer.actor_on(found.line_id)):
        raise NotFound("contract line", f"'{line}'")
    return found
