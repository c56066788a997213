"""Contract versions: load a new version, and read the version a ticket is pinned to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from remit.contract import load_contract_text
from remit.domain.audit import Entry, json_detail
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NoContract
from remit.domain.events import Action
from remit.store.tables import ContractVersionRow
from remit.store.uow import UnitOfWork

MIN_RETENTION_YEARS = 3


@dataclass(eq=False)
class ContractBook:
    """One contract version with a compiled clock per calendar, built once per process."""

    version_id: int
    content_hash: str
    contract: Contract
    _clocks: dict[str, Clock] = field(default_factory=dict)
    _addresses: dict[str, str | None] = field(default_factory=dict)

    def clock(self, calendar: str) -> Clock:
        if calendar not in self._clocks:
            if calendar not in self.contract.calendars:
                raise InvalidInput(f"the contract has no calendar '{calendar}'")
            self._clocks[calendar] = Clock(self.contract.calendars[calendar])
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
    return ContractBook(version_id, content_hash, load_contract_text(text, name).contract)


def book_of(row: ContractVersionRow) -> ContractBook:
    return _book(row.id, row.content_hash, row.source_text, row.source_name)


def book_for_version(uow: UnitOfWork, version_id: int) -> ContractBook:
    return book_of(uow.contracts.get(version_id))


def in_force(uow: UnitOfWork, day: date) -> ContractBook:
    row = uow.contracts.in_force(day)
    if row is None:
        raise NoContract(
            f"no contract version is in force on {day}; load one with `remit contract load`"
        )
    return book_of(row)


@dataclass(frozen=True, slots=True)
class LoadedVersion:
    version_id: int
    label: str
    effective_from: date
    content_hash: str
    new: bool
    counts: dict[str, int]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_contract_version(
    *, uow: UnitOfWork, text: str, source_name: str, actor: str, now: datetime
) -> LoadedVersion:
    """Store a new contract version (once per content) and sync parties, contacts, objects."""
    contract = load_contract_text(text, source_name).contract  # raises ContractError
    digest = content_hash(text)
    with uow:
        existing = uow.contracts.by_hash(digest)
        if existing is not None:
            return _loaded(existing, False, uow.directory.counts())
        row = uow.contracts.add(_version_row(contract, digest, text, source_name, now))
        uow.directory.sync(contract, row.id)
        detail = {
            "version_id": row.id,
            "label": row.label,
            "hash": digest,
            "effective_from": row.effective_from.isoformat(),
        }
        uow.record(Entry(now, actor, Action.CONTRACT_LOADED.value, None, json_detail(detail)))
        uow.commit()
        return _loaded(row, True, uow.directory.counts())


def _version_row(
    contract: Contract, digest: str, text: str, source_name: str, now: datetime
) -> ContractVersionRow:
    info = contract.contract
    return ContractVersionRow(
        name=info.name,
        label=info.version,
        content_hash=digest,
        effective_from=info.effective_from,
        loaded_at=now,
        source_name=source_name,
        source_text=text,
    )


def _loaded(row: ContractVersionRow, new: bool, counts: dict[str, int]) -> LoadedVersion:
    return LoadedVersion(row.id, row.label, row.effective_from, row.content_hash, new, counts)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    version_id: int
    name: str
    label: str
    effective_from: date
    loaded_at: datetime
    content_hash: str


def list_contract_versions(*, uow: UnitOfWork) -> list[VersionInfo]:
    with uow:
        return [
            VersionInfo(r.id, r.name, r.label, r.effective_from, r.loaded_at, r.content_hash)
            for r in uow.contracts.all()
        ]


def retention_years(uow: UnitOfWork) -> int:
    """The longest retention any stored version asks for, and never under three years."""
    years = [MIN_RETENTION_YEARS]
    for row in uow.contracts.all():
        declared = book_of(row).contract.records.retention_years
        if declared is not None:
            years.append(declared)
    return max(years)
