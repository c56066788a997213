"""Contract books: a stored contract version parsed once per process, with its clocks.

A ticket's book is its pinned version's terms, its clocks on the calendars it
runs on (see `remit.services.replan`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from remit.contract import load_contract_text
from remit.domain.calendar import CalendarSpec
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NoContract
from remit.store.repositories import VersionSource
from remit.store.tables import ContractLineRow, ContractVersionRow
from remit.store.uow import UnitOfWork


@dataclass(eq=False)
class ContractBook:
    """One contract version with a compiled clock per calendar, built once per process.

    `calendars` are the definitions its clocks run on: the version's own, or, for
    tickets moved onto the calendars of a newer version (`calendar_version_id`),
    that version's definitions of the same names.
    """

    version_id: int
    content_hash: str
    contract: Contract
    calendar_version_id: int
    calendars: Mapping[str, CalendarSpec]
    _clocks: dict[str, Clock] = field(default_factory=dict)
    _addresses: dict[str, str | None] = field(default_factory=dict)

    def clock(self, calendar: str) -> Clock:
        if calendar not in self._clocks:
            if calendar not in self.calendars:
                raise InvalidInput(f"the contract has no calendar '{calendar}'")
            self._clocks[calendar] = Clock(self.calendars[calendar])
        return self._clocks[calendar]

    def address(self, recipient: str) -> str | None:
        """Where a notice to `recipient` goes: a contact's e-mail (else phone); for a
        party, its first emergency channel, else its first routine one."""
        if recipient not in self._addresses:
            self._addresses[recipient] = _address(self.contract, recipient)
        return self._addresses[recipient]


def _address(contract: Contract, recipient: str) -> str | None:
    party_key, _, contact_key = recipient.partition(".")
    party = contract.parties.get(party_key)
    if party is None:
        return None
    if contact_key and contact_key in party.contacts:
        contact = party.contacts[contact_key]
        return contact.email or contact.phone
    channels = party.channels.emergency + party.channels.routine
    return channels[0].address if channels else None


@lru_cache(maxsize=32)
def _book(version_id: int, content_hash: str, text: str, name: str) -> ContractBook:
    contract = load_contract_text(text, name).contract
    return ContractBook(version_id, content_hash, contract, version_id, contract.calendars)


def book_of(row: ContractVersionRow | VersionSource) -> ContractBook:
    return _book(row.id, row.content_hash, row.source_text, row.source_name)


def book_for_version(
    uow: UnitOfWork, version_id: int, calendar_version_id: int | None = None
) -> ContractBook:
    """The terms of `version_id`, its clocks on the calendars of `calendar_version_id`:
    compiled once per process (a stored version never changes)."""
    pinned = book_of(uow.contracts.source(version_id))
    if calendar_version_id is None or calendar_version_id == version_id:
        return pinned
    return with_calendars(pinned, book_of(uow.contracts.source(calendar_version_id)))


@lru_cache(maxsize=64)
def with_calendars(pinned: ContractBook, source: ContractBook) -> ContractBook:
    """`pinned`'s terms with `source`'s definition of every calendar `source` declares."""
    calendars = {**pinned.calendars, **source.contract.calendars}
    return ContractBook(
        pinned.version_id, pinned.content_hash, pinned.contract, source.version_id, calendars
    )


def in_force(uow: UnitOfWork, line: ContractLineRow, day: date) -> ContractBook:
    """The terms of the line's version in force on `day`."""
    found = uow.contracts.in_force_id(line.id, day)
    if found is None:
        raise NoContract(
            f"no contract version of line '{line.key}' is in force on {day}; "
            "load one with `remit contract load`"
        )
    return book_of(uow.contracts.source(found))
