"""Contract versions: load a new version (and re-plan open tickets on its calendars), list them.

Loading stores the version and syncs the directory in one transaction. When
the version is in force at the load, open tickets whose calendars it defines
differently are then moved onto them and re-planned, in chunks of their own
(see `remit.services.replan`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from remit.contract import load_contract_text
from remit.domain.audit import Entry, json_detail
from remit.domain.contract import Contract
from remit.domain.events import Action
from remit.services.contract_books import book_of
from remit.services.people import sync_people_from_contract
from remit.services.replan import ReplanSummary, replan_open_tickets
from remit.store.tables import ContractVersionRow
from remit.store.uow import UnitOfWork

MIN_RETENTION_YEARS = 3


@dataclass(frozen=True, slots=True)
class LoadedVersion:
    version_id: int
    label: str
    effective_from: date
    content_hash: str
    new: bool
    counts: dict[str, int]
    replanned: ReplanSummary | None = None  # None when the version is not in force yet


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_contract_version(
    *, uow: UnitOfWork, text: str, source_name: str, actor: str, now: datetime
) -> LoadedVersion:
    """Store a new contract version (once per content) and sync parties, contacts, objects
    and people (every contact with an e-mail); then, if it is in force, re-plan the open
    tickets whose calendars it changes."""
    contract = load_contract_text(text, source_name).contract  # raises ContractError
    loaded = _store(uow, contract, text, source_name, actor, now)
    if not _in_force(uow, loaded.version_id, now):
        return loaded
    replanned = replan_open_tickets(uow=uow, by=actor, now=now)
    return replace(loaded, replanned=replanned)


def _store(
    uow: UnitOfWork, contract: Contract, text: str, source_name: str, actor: str, now: datetime
) -> LoadedVersion:
    digest = content_hash(text)
    with uow:
        existing = uow.contracts.by_hash(digest)
        if existing is not None:
            return _loaded(existing, False, uow.directory.counts())
        row = uow.contracts.add(_version_row(contract, digest, text, source_name, now))
        uow.directory.sync(contract, row.id)
        sync_people_from_contract(uow, contract, by=actor, now=now)
        detail = {
            "version_id": row.id,
            "label": row.label,
            "hash": digest,
            "effective_from": row.effective_from.isoformat(),
        }
        uow.record(Entry(now, actor, Action.CONTRACT_LOADED.value, None, json_detail(detail)))
        uow.commit()
        return _loaded(row, True, uow.directory.counts())


def _in_force(uow: UnitOfWork, version_id: int, now: datetime) -> bool:
    with uow:
        row = uow.contracts.in_force(now.date())
        return row is not None and row.id == version_id


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
