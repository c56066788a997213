"""The desk's operator acting for a named person: how the CLI's `--by` becomes a verified
person before `remit.services.access.acting_as` judges the action.

The CLI runs on the desk's own host and sees every contract line, but every ticket
action it takes is still a person's. The operator names that person:

- by **e-mail**: a person known to the desk (`remit people list`); they act with every
  contact of theirs, exactly as through the API;
- as **'party.contact'**: a contact of the ticket's contract line whose e-mail is a
  person's; they act as that contact alone.

Anything else is refused, naming what to give: a bare party (a party is not a person),
a contact without an e-mail (nobody can be verified behind it), a contact the ticket's
contract does not have, an address the desk does not know, an inactive person.
"""

from __future__ import annotations

from remit.domain.errors import InvalidInput
from remit.domain.rights import Membership
from remit.services.access import Viewer
from remit.services.contract_books import book_for_version
from remit.services.people import PersonView, active_person
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork

#: How the audit marks an action entered through the operator's command line
#: (the `via` detail of its records, see `UnitOfWork`).
CLI = "cli"

_HOW = "name a person by e-mail, or as 'party.contact' of a contact with an e-mail"


def person_named(*, uow: UnitOfWork, ticket_id: int, who: str) -> Viewer:
    """The person `who` names for an action on ticket `ticket_id`, as the viewer that
    `access.acting_as` judges; `NotFound` for a ticket that does not exist, `InvalidInput`
    naming what to give when `who` names no known, active person."""
    name = who.strip()
    with uow:
        ticket = uow.tickets.get(ticket_id)
        if "@" in name:
            return _by_email(uow, name)
        if "." in name:
            return _by_contact(uow, ticket, name)
        raise InvalidInput(_not_a_person(uow, ticket, name))


def _by_email(uow: UnitOfWork, address: str) -> Viewer:
    person = active_person(uow, address)
    if person is None:
        raise InvalidInput(
            f"{address!r} is not a person known to the desk (or no longer active); "
            f"{_HOW} (`remit people list` shows them)"
        )
    return Viewer(person, uow.people.lines_of(person.email))


def _by_contact(uow: UnitOfWork, ticket: TicketRow, ref: str) -> Viewer:
    contact = uow.people.contact(ticket.line_id, ref)
    if contact is None:
        raise InvalidInput(
            f"'{ref}' is not a contact of the contract of ticket {ticket.id}; {_HOW} "
            "(`remit people list` shows who acts for which party)"
        )
    if not contact.email:
        raise InvalidInput(
            f"'{ref}' has no e-mail address in the contract, so no person is known behind it; "
            f"{_HOW}, or add the contact's e-mail to the contract and load it"
        )
    person = _active(uow, contact.email, ref)
    return Viewer(person, {ticket.line_id: frozenset({Membership(contact.party_key, ref)})})


def _active(uow: UnitOfWork, email: str, ref: str) -> PersonView:
    person = active_person(uow, email)
    if person is None:
        raise InvalidInput(
            f"'{ref}' ({email}) is not an active person of the desk; {_HOW} "
            "(`remit people list` shows them)"
        )
    return person


def _not_a_person(uow: UnitOfWork, ticket: TicketRow, name: str) -> str:
    contract = book_for_version(uow, ticket.contract_version_id).contract
    if name not in contract.parties:
        return (
            f"'{name}' names no person known to the desk; {_HOW} (`remit people list` shows them)"
        )
    people = [c.ref for c in uow.people.contacts_of(ticket.line_id, name) if c.email]
    if not people:
        return (
            f"'{name}' is a party, not a person, and none of its contacts has an e-mail "
            "address in the contract; add one to the contract and load it"
        )
    return f"'{name}' is a party, not a person: name one of its people, e.g. {' or '.join(people)} (or by e-mail)"
