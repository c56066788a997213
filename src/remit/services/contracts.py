"""Contract versions: load a new version (and re-plan open tickets on its calendars), list them.

Loading stores the version on its contract line (named, or inferred and
checked by `remit.services.lines`) and syncs the line's directory in one
transaction. When the version is in force at the load, the line's open tickets
whose calendars it defines differently are then moved onto them and
re-planned, in chunks of their own (see `remit.services.replan`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from remit.checks.model import Severity
from remit.checks.runner import run_checks
from remit.contract import LoadedContract, load_contract_text
from remit.domain.audit import Entry, json_detail
from remit.domain.contract import Contract
from remit.domain.errors import ContractRefused, InvalidInput, NotFound
from remit.domain.events import Action
from remit.services.contract_books import book_of
from remit.services.lines import existing_line, line_for_contract, line_ids
from remit.services.people import sync_people_from_contract
from remit.services.replan import ReplanSummary, replan_line
from remit.store.tables import ContractLineRow, ContractVersionRow
from remit.store.uow import UnitOfWork

MIN_RETENTION_YEARS = 3


@dataclass(frozen=True, slots=True)
class LoadedVersion:
    version_id: int
    line: str  # the key of the contract line the version is stored on
    number: int  # the version's number within its line
    line_created: bool  # the load started this line
    label: str
    effective_from: date
    content_hash: str
    new: bool
    counts: dict[str, int]
    replanned: ReplanSummary | None = None  # None when the version is not in force yet


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_contract_version(
    *,
    uow: UnitOfWork,
    text: str,
    source_name: str,
    actor: str,
    now: datetime,
    force: bool = False,
    line: str | None = None,
) -> LoadedVersion:
    """Store a new contract version (once per content) on the line `line` names or the
    contract implies, and sync that line's parties, contacts, objects; then, if it is in
    force, re-plan the line's open tickets whose calendars it changes. Every contact with
    an e-mail becomes a person the desk knows.

    A contract with error-level `remit check` findings is refused (`ContractRefused`)
    unless `force`; a forced load records the findings it overrode."""
    loaded_text = load_contract_text(text, source_name)  # raises ContractError
    overridden = _error_findings(loaded_text)
    if overridden and not force:
        raise ContractRefused(sorted({str(f["code"]) for f in overridden}))
    contract = loaded_text.contract
    loaded, line_id = _store(uow, contract, text, source_name, actor, now, line, overridden)
    if not _in_force(uow, line_id, loaded.version_id, now):
        return loaded
    replanned = replan_line(uow=uow, line_id=line_id, by=actor, now=now)
    return replace(loaded, replanned=replanned)


def _error_findings(loaded: LoadedContract) -> list[dict[str, str | int]]:
    report = run_checks(loaded)
    return [
        {"code": f.code, "message": f.message, "path": f.path, "line": f.line}
        for f in report.findings
        if f.severity is Severity.ERROR
    ]


def _store(
    uow: UnitOfWork,
    contract: Contract,
    text: str,
    source_name: str,
    actor: str,
    now: datetime,
    key: str | None,
    overridden: list[dict[str, str | int]],
) -> tuple[LoadedVersion, int]:
    digest = content_hash(text)
    with uow:
        existing_line(uow, contract, key)  # another client's line is refused before all else
        existing = uow.contracts.by_hash(digest)
        if existing is not None:
            stored_on = uow.lines.get(existing.line_id)
            if key is not None and key != stored_on.key:
                raise InvalidInput(
                    f"this contract text is already stored as version {existing.id} "
                    f"of line '{stored_on.key}', not of line '{key}'"
                )
            counts = uow.directory.counts(stored_on.id)
            return _loaded(existing, stored_on, False, False, counts), stored_on.id
        line, created = line_for_contract(uow, contract, key, now)
        number = uow.contracts.next_number(line.id)
        row = uow.contracts.add(
            _version_row(contract, line, number, digest, text, source_name, now)
        )
        uow.directory.sync(contract, line.id, row.id)
        people = sync_people_from_contract(uow, contract, now=now)
        detail = {
            "version_id": row.id,
            "line": line.key,
            "number": row.number,
            "line_created": created,
            "label": row.label,
            "hash": digest,
            "effective_from": row.effective_from.isoformat(),
            "people_added": people,
        }
        if overridden:
            detail |= {"forced": True, "findings": overridden}
        uow.record(Entry(now, actor, Action.CONTRACT_LOADED.value, None, json_detail(detail)))
        uow.commit()
        return _loaded(row, line, True, created, uow.directory.counts(line.id)), line.id


def _in_force(uow: UnitOfWork, line_id: int, version_id: int, now: datetime) -> bool:
    with uow:
        row = uow.contracts.in_force(line_id, now.date())
        return row is not None and row.id == version_id


def _version_row(
    contract: Contract,
    line: ContractLineRow,
    number: int,
    digest: str,
    text: str,
    source_name: str,
    now: datetime,
) -> ContractVersionRow:
    info = contract.contract
    return ContractVersionRow(
        line_id=line.id,
        number=number,
        name=info.name,
        label=info.version,
        content_hash=digest,
        effective_from=info.effective_from,
        loaded_at=now,
        source_name=source_name,
        source_text=text,
    )


def _loaded(
    row: ContractVersionRow,
    line: ContractLineRow,
    new: bool,
    created: bool,
    counts: dict[str, int],
) -> LoadedVersion:
    return LoadedVersion(
        version_id=row.id,
        line=line.key,
        number=row.number,
        line_created=created,
        label=row.label,
        effective_from=row.effective_from,
        content_hash=row.content_hash,
        new=new,
        counts=counts,
    )


@dataclass(frozen=True, slots=True)
class VersionInfo:
    version_id: int
    line: str
    number: int
    name: str
    label: str
    effective_from: date
    loaded_at: datetime
    content_hash: str


def list_contract_versions(*, uow: UnitOfWork, line: str | None = None) -> list[VersionInfo]:
    """The stored versions of the line `line` names, else of every line in scope."""
    with uow:
        keys = {r.id: r.key for r in uow.lines.all()}
        wanted = line_ids(uow, line) or list(keys)
        return [
            VersionInfo(
                version_id=r.id,
                line=keys[r.line_id],
                number=r.number,
                name=r.name,
                label=r.label,
                effective_from=r.effective_from,
                loaded_at=r.loaded_at,
                content_hash=r.content_hash,
            )
            for r in uow.contracts.all(wanted)
        ]


def retention_years(uow: UnitOfWork) -> int:
    """The longest retention any stored version asks for, and never under three years."""
    years = [MIN_RETENTION_YEARS]
    for row in uow.contracts.all():
        declared = book_of(row).contract.records.retention_years
        if declared is not None:
            years.append(declared)
    return max(years)


@dataclass(frozen=True, slots=True)
class StoredContract:
    """A stored contract version of a line, and its terms as read from its text."""

    version: VersionInfo
    line_id: int
    contract: Contract


def stored_contract(*, uow: UnitOfWork, line: str, number: int) -> StoredContract:
    """Version `number` of the line `line` names, among the lines in scope; "not found" for
    a line out of scope (exactly as for one that does not exist) or a version it lacks."""
    with uow:
        found = uow.lines.by_key(line)
        if found is None:
            raise NotFound("contract line", f"'{line}'")
        rows = [r for r in uow.contracts.all([found.id]) if r.number == number]
        if not rows:
            raise NotFound("version", f"{number} of contract line '{line}'")
        row = rows[0]
        info = VersionInfo(
            version_id=row.id,
            line=found.key,
            number=row.number,
            name=row.name,
            label=row.label,
            effective_from=row.effective_from,
            loaded_at=row.loaded_at,
            content_hash=row.content_hash,
        )
        return StoredContract(info, found.id, book_of(row).contract)
