"""Repositories: the rows the services read and change. They never commit.

Tickets are read through the `LineScope` the unit of work was opened with: a
ticket of a line outside it is not found by any query here (get, list, count,
children, re-plan), so no service or adapter scopes tickets on its own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from remit.domain.contract import Contract
from remit.domain.errors import NotFound
from remit.domain.lines import LineScope
from remit.domain.rights import Visibility
from remit.domain.ticket import CheckResult
from remit.store.tables import (
    ContactRow,
    ContractLineRow,
    ContractVersionRow,
    HandoffRow,
    LayerCheckRow,
    PartyRow,
    SupportObjectRow,
    TicketRow,
    VendorCaseRow,
)

_Row = TypeVar("_Row")
_Directory = TypeVar("_Directory", PartyRow, ContactRow, SupportObjectRow)


class ContractLines:
    """The desk's contract lines, as far as the scope lets the caller see them."""

    def __init__(self, session: Session, scope: LineScope) -> None:
        self.session = session
        self.scope = scope

    def add(self, row: ContractLineRow) -> ContractLineRow:
        self.session.add(row)
        self.session.flush()
        return row

    def by_key(self, key: str) -> ContractLineRow | None:
        stmt = self._scoped(select(ContractLineRow).where(ContractLineRow.key == key))
        return self.session.execute(stmt).scalar_one_or_none()

    def get(self, line_id: int) -> ContractLineRow:
        row = self.session.get(ContractLineRow, line_id)
        if row is None or not self.scope.admits(line_id):
            raise NotFound("contract line", line_id)
        return row

    def all(self) -> list[ContractLineRow]:
        stmt = self._scoped(select(ContractLineRow).order_by(ContractLineRow.key))
        return list(self.session.execute(stmt).scalars())

    def open_counts(self, states: Sequence[str]) -> dict[int, int]:
        """How many tickets in `states` each line has (lines without any are left out)."""
        stmt = (
            select(TicketRow.line_id, func.count())
            .where(TicketRow.state.in_(states))
            .group_by(TicketRow.line_id)
        )
        if self.scope.ids is not None:
            stmt = stmt.where(TicketRow.line_id.in_(self.scope.ids))
        return {row[0]: int(row[1]) for row in self.session.execute(stmt)}

    def _scoped(self, stmt: Select[_Row]) -> Select[_Row]:
        if self.scope.ids is None:
            return stmt
        return stmt.where(ContractLineRow.id.in_(self.scope.ids))


@dataclass(frozen=True, eq=False, slots=True)
class VersionSource:
    """What a stored contract version was loaded from: it never changes once committed."""

    id: int
    content_hash: str
    source_text: str
    source_name: str


# Committed contract versions by what the sessions are bound to (an engine: a database),
# read once per process: a version is never changed once stored, so its source is kept
# for as long as the engine lives. (Sessions bound to one connection, whose work may be
# rolled back as a whole, keep theirs for as long as the connection lives.)
_SOURCES: WeakKeyDictionary[Engine | Connection, dict[int, VersionSource]] = WeakKeyDictionary()


class ContractVersions:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._added: set[int] = set()  # versions this transaction stored: not committed yet

    def add(self, row: ContractVersionRow) -> ContractVersionRow:
        self.session.add(row)
        self.session.flush()
        self._added.add(row.id)
        return row

    def source(self, version_id: int) -> VersionSource:
        """The source of `version_id`, read from the database once per process (a version
        this transaction stored is read again until it is committed)."""
        known = _SOURCES.setdefault(self.session.get_bind(), {})
        if (found := known.get(version_id)) is not None:
            return found
        row = self.get(version_id)
        found = VersionSource(row.id, row.content_hash, row.source_text, row.source_name)
        if version_id not in self._added:
            known[version_id] = found
        return found

    def ids_of(self, line_ids: Collection[int]) -> list[tuple[int, int]]:
        """(version id, line id) of every version of `line_ids`."""
        stmt = select(ContractVersionRow.id, ContractVersionRow.line_id).where(
            ContractVersionRow.line_id.in_(line_ids)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt)]

    def get(self, version_id: int) -> ContractVersionRow:
        row = self.session.get(ContractVersionRow, version_id)
        if row is None:
            raise NotFound("contract version", version_id)
        return row

    def next_number(self, line_id: int) -> int:
        """The number the line's next version gets: one more than its last."""
        stmt = select(func.max(ContractVersionRow.number)).where(
            ContractVersionRow.line_id == line_id
        )
        return int(self.session.execute(stmt).scalar() or 0) + 1

    def by_hash(self, content_hash: str) -> ContractVersionRow | None:
        stmt = select(ContractVersionRow).where(ContractVersionRow.content_hash == content_hash)
        return self.session.execute(stmt).scalar_one_or_none()

    def in_force(self, line_id: int, day: date) -> ContractVersionRow | None:
        """The line's version with the latest effective date on or before `day` (last
        loaded wins)."""
        stmt = (
            select(ContractVersionRow)
            .where(ContractVersionRow.line_id == line_id, ContractVersionRow.effective_from <= day)
            .order_by(ContractVersionRow.effective_from.desc(), ContractVersionRow.id.desc())
            .limit(1)
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def in_force_id(self, line_id: int, day: date) -> int | None:
        """The id of `in_force(line_id, day)`, without reading its source."""
        stmt = (
            select(ContractVersionRow.id)
            .where(ContractVersionRow.line_id == line_id, ContractVersionRow.effective_from <= day)
            .order_by(ContractVersionRow.effective_from.desc(), ContractVersionRow.id.desc())
            .limit(1)
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def all(self, line_ids: Sequence[int] | None = None) -> list[ContractVersionRow]:
        """Every stored version, or those of `line_ids`, oldest first."""
        stmt = select(ContractVersionRow).order_by(ContractVersionRow.id)
        if line_ids is not None:
            stmt = stmt.where(ContractVersionRow.line_id.in_(line_ids))
        return list(self.session.execute(stmt).scalars())


class Directory:
    """Parties, contacts and objects of each line, as its latest loaded contract declares them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def sync(self, contract: Contract, line_id: int, version_id: int) -> None:
        self._sync_parties(contract, line_id, version_id)
        self._sync_contacts(contract, line_id, version_id)
        self._sync_objects(contract, line_id, version_id)

    def _rows(self, table: type[_Directory], line_id: int) -> list[_Directory]:
        return list(self.session.execute(select(table).where(table.line_id == line_id)).scalars())

    def _sync_parties(self, contract: Contract, line_id: int, version_id: int) -> None:
        rows = {r.key: r for r in self._rows(PartyRow, line_id)}
        for key, party in contract.parties.items():
            row = rows.get(key) or PartyRow(key=key, line_id=line_id)
            row.name, row.roles, row.calendar = (
                party.name,
                [r.value for r in party.roles],
                party.calendar,
            )
            row.active, row.version_id = True, version_id
            self.session.add(row)
        self._deactivate(PartyRow, line_id, PartyRow.key, set(contract.parties))

    def _sync_contacts(self, contract: Contract, line_id: int, version_id: int) -> None:
        rows = {r.ref: r for r in self._rows(ContactRow, line_id)}
        declared = set()
        for party_key, party in contract.parties.items():
            for contact_key, contact in party.contacts.items():
                ref = f"{party_key}.{contact_key}"
                declared.add(ref)
                row = rows.get(ref) or ContactRow(ref=ref, line_id=line_id)
                row.party_key, row.name = party_key, contact.name
                row.email, row.phone = contact.email, contact.phone
                row.active, row.version_id = True, version_id
                self.session.add(row)
        self._deactivate(ContactRow, line_id, ContactRow.ref, declared)

    def _sync_objects(self, contract: Contract, line_id: int, version_id: int) -> None:
        rows = {r.key: r for r in self._rows(SupportObjectRow, line_id)}
        for key, obj in contract.objects.items():
            row = rows.get(key) or SupportObjectRow(key=key, line_id=line_id)
            row.kind, row.layers, row.executor = obj.kind.value, list(obj.layers), obj.executor
            row.depends_on, row.active, row.version_id = list(obj.depends_on), True, version_id
            self.session.add(row)
        self._deactivate(SupportObjectRow, line_id, SupportObjectRow.key, set(contract.objects))

    def _deactivate(
        self,
        table: type[PartyRow | ContactRow | SupportObjectRow],
        line_id: int,
        column: object,
        keep: set[str],
    ) -> None:
        self.session.flush()
        self.session.execute(
            update(table)
            .where(table.line_id == line_id, column.not_in(keep))  # type: ignore[attr-defined]
            .values(active=False)
        )

    def counts(self, line_id: int) -> dict[str, int]:
        """Active parties, contacts and objects of the line."""
        return {
            name: int(
                self.session.execute(
                    select(func.count())
                    .select_from(table)
                    .where(table.active.is_(True), table.line_id == line_id)
                ).scalar_one()
            )
            for name, table in (
                ("parties", PartyRow),
                ("contacts", ContactRow),
                ("objects", SupportObjectRow),
            )
        }


class Tickets:
    """Tickets of the lines in `scope`; one outside it is not found by any method."""

    def __init__(self, session: Session, scope: LineScope) -> None:
        self.session = session
        self.scope = scope
        self.seen: list[int] = []

    def _scoped(self, stmt: Select[_Row]) -> Select[_Row]:
        return stmt.where(self.in_scope())

    def in_scope(self) -> ColumnElement[bool]:
        """The condition a ticket row meets when its line is in scope."""
        if self.scope.ids is None:
            return true()
        return TicketRow.line_id.in_(self.scope.ids)

    def add(self, ticket: TicketRow) -> TicketRow:
        self.session.add(ticket)
        self.session.flush()
        self.seen.append(ticket.id)
        return ticket

    def get(self, ticket_id: int) -> TicketRow:
        """The ticket with its records; `NotFound` when it does not exist or lies outside
        the scope."""
        stmt = self._scoped(
            select(TicketRow)
            .where(TicketRow.id == ticket_id)
            .options(
                selectinload(TicketRow.pauses),
                selectinload(TicketRow.restorations),
                selectinload(TicketRow.checks),
                selectinload(TicketRow.updates),
                selectinload(TicketRow.vendor_cases),
                joinedload(TicketRow.line),  # a many-to-one: one join, no further statement
            )
        )
        ticket = self.session.execute(stmt).scalar_one_or_none()
        if ticket is None:
            raise NotFound("ticket", ticket_id)
        self.seen.append(ticket_id)
        return ticket

    def holding_case(self, line_id: int, vendor: str, case_ref: str) -> int | None:
        """The ticket of `line_id` that already holds the vendor's case `case_ref`, if one does."""
        stmt = self._scoped(
            select(VendorCaseRow.ticket_id)
            .join(TicketRow, TicketRow.id == VendorCaseRow.ticket_id)
            .where(
                VendorCaseRow.line_id == line_id,
                VendorCaseRow.vendor == vendor,
                VendorCaseRow.case_ref == case_ref,
            )
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def page(
        self,
        *,
        states: Sequence[str] = (),
        party: str | None = None,
        priorities: Sequence[str] = (),
        line_ids: Sequence[int] | None = None,
        due_before: datetime | None = None,
        sights: Mapping[int, Visibility] | None = None,
        closed_cases: Collection[str] = (),
        after: tuple[datetime, int] | None = None,
        limit: int = 50,
    ) -> tuple[list[TicketRow], int]:
        """Up to `limit` tickets in the list order (`list_due`, then newest first) that
        follow `after` (a ticket's `list_due` and id), and how many match in all.

        `due_before` keeps tickets whose `list_due` comes before it; `sights` (by
        contract version: a version it does not name shows nothing) keeps the tickets
        one person sees whole; `closed_cases` are the vendor case states in which no
        vendor counts as involved (for who owes the updates)."""
        where = [self.in_scope()]
        if line_ids is not None:
            where.append(TicketRow.line_id.in_(line_ids))
        if states:
            where.append(TicketRow.state.in_(states))
        if priorities:
            where.append(TicketRow.priority.in_(priorities))
        if party is not None:
            where.append(_party_clause(party))
        if due_before is not None:
            where.append(TicketRow.list_due < due_before)
        if sights is not None:
            where.append(_sight_clause(sights, closed_cases))
        total = self.session.execute(
            select(func.count()).select_from(TicketRow).where(*where)
        ).scalar_one()
        if after is not None:
            due, ticket_id = after
            where.append(
                and_(
                    TicketRow.list_due >= due,
                    or_(TicketRow.list_due > due, TicketRow.id < ticket_id),
                )
            )
        stmt = (
            select(TicketRow)
            .where(*where)
            .order_by(TicketRow.list_due, TicketRow.id.desc())
            .limit(limit)
            .options(
                selectinload(TicketRow.transfers),
                selectinload(TicketRow.breaches),
                selectinload(TicketRow.checks),
                joinedload(TicketRow.line),
            )
        )
        return list(self.session.execute(stmt).scalars()), int(total)

    def calendar_pairs(
        self, line_id: int, states: Sequence[str], not_on: int
    ) -> list[tuple[int, int]]:
        """(pinned version, calendar version) of the line's tickets in `states` not on
        `not_on`'s calendars."""
        stmt = (
            select(TicketRow.contract_version_id, TicketRow.calendar_version_id)
            .where(
                TicketRow.line_id == line_id,
                TicketRow.state.in_(states),
                TicketRow.calendar_version_id != not_on,
            )
            .distinct()
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt)]

    def on_calendars(
        self,
        pair: tuple[int, int],
        states: Sequence[str],
        calendars: Sequence[str],
        limit: int,
        *,
        reported_too: bool = False,
    ) -> list[TicketRow]:
        """Up to `limit` tickets pinned to `pair[0]` on the calendars of `pair[1]`, in
        `states`, whose clocks use one of `calendars` (every reported one with
        `reported_too`: its auto-confirmation runs on one of them)."""
        uses = TicketRow.clock_calendar.in_(calendars) | TicketRow.update_calendar.in_(calendars)
        if reported_too:
            uses = uses | (TicketRow.state == "reported")
        stmt = self._scoped(
            select(TicketRow)
            .where(
                TicketRow.contract_version_id == pair[0],
                TicketRow.calendar_version_id == pair[1],
                TicketRow.state.in_(states),
                uses,
            )
            .order_by(TicketRow.id)
            .limit(limit)
            .options(selectinload(TicketRow.pauses), selectinload(TicketRow.restorations))
        )
        found = list(self.session.execute(stmt).scalars())
        self.seen.extend(t.id for t in found)
        return found

    def versions(self, ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """Each ticket's pinned contract version and the version of its calendars."""
        stmt = select(
            TicketRow.id, TicketRow.contract_version_id, TicketRow.calendar_version_id
        ).where(TicketRow.id.in_(ids))
        stmt = stmt.where(self.in_scope())
        return {row[0]: (row[1], row[2]) for row in self.session.execute(stmt)}

    def children(self, parent_id: int) -> list[TicketRow]:
        """The duplicates linked to a major incident, oldest first. Read without flushing
        the session, so a ticket being changed is written (and versioned) once."""
        stmt = self._scoped(
            select(TicketRow)
            .where(TicketRow.parent_id == parent_id)
            .order_by(TicketRow.id)
            .options(selectinload(TicketRow.pauses), selectinload(TicketRow.restorations))
        )
        with self.session.no_autoflush:
            found = list(self.session.execute(stmt).scalars())
        self.seen.extend(t.id for t in found)
        return found

    def child_counts(self, ids: Sequence[int]) -> dict[int, int]:
        """How many duplicates each of `ids` has (tickets without any are left out)."""
        stmt = (
            select(TicketRow.parent_id, func.count())
            .where(TicketRow.parent_id.in_(ids))
            .group_by(TicketRow.parent_id)
        )
        stmt = stmt.where(self.in_scope())
        with self.session.no_autoflush:
            rows = list(self.session.execute(stmt))
        return {row[0]: int(row[1]) for row in rows if row[0] is not None}

    def open_ids(self, states: Sequence[str]) -> list[int]:
        stmt = self._scoped(
            select(TicketRow.id).where(TicketRow.state.in_(states)).order_by(TicketRow.id)
        )
        return list(self.session.execute(stmt).scalars())


def _party_clause(party: str) -> ColumnElement[bool]:
    """The ticket is coordinated or worked by `party`, or waits for its layer check."""
    pending = (
        select(LayerCheckRow.id)
        .where(
            LayerCheckRow.ticket_id == TicketRow.id,
            LayerCheckRow.party == party,
            LayerCheckRow.result == CheckResult.PENDING.value,
        )
        .exists()
    )
    return (TicketRow.coordinator == party) | (TicketRow.assignee == party) | pending


def _sight_clause(
    sights: Mapping[int, Visibility], closed_cases: Collection[str]
) -> ColumnElement[bool]:
    """The tickets `sights` (one per contract version) let a person see whole."""
    everything = [version for version, seen in sights.items() if seen.everything]
    clauses: list[ColumnElement[bool]] = []
    if everything:
        clauses.append(TicketRow.contract_version_id.in_(everything))
    for version, seen in sights.items():
        if seen.everything or seen.nothing:
            continue
        tests = _sight_tests(seen, closed_cases)
        clauses.append((TicketRow.contract_version_id == version) & or_(*tests))
    return or_(*clauses) if clauses else false()


def _sight_tests(seen: Visibility, closed_cases: Collection[str]) -> list[ColumnElement[bool]]:
    tests: list[ColumnElement[bool]] = []
    if seen.coordinators:
        tests.append(TicketRow.coordinator.in_(seen.coordinators))
    if seen.layer_parties:
        tests += _engaged_tests(seen, closed_cases)
    if seen.vendor_parties:
        tests.append(_child(VendorCaseRow, VendorCaseRow.vendor.in_(seen.vendor_parties)))
    who: list[ColumnElement[bool]] = []
    if seen.requester_contacts:
        who.append(TicketRow.requester_contact.in_(seen.requester_contacts))
    if seen.requester_email is not None:
        who.append(
            TicketRow.requester_contact.is_(None)
            & (TicketRow.requester_email == seen.requester_email)
        )
    if who:
        tests.append(TicketRow.accepted_at.is_not(None) & or_(*who))
    return tests


def _engaged_tests(seen: Visibility, closed_cases: Collection[str]) -> list[ColumnElement[bool]]:
    """One of `seen.layer_parties` is engaged on the ticket (`TicketFacts.engaged`)."""
    parties = seen.layer_parties
    tests: list[ColumnElement[bool]] = [
        TicketRow.assignee.in_(parties),
        _child(LayerCheckRow, LayerCheckRow.party.in_(parties)),
        _child(HandoffRow, HandoffRow.to_party.in_(parties)),
        _child(VendorCaseRow, VendorCaseRow.follow_through.in_(parties)),
    ]
    involved = _child(VendorCaseRow, VendorCaseRow.status.not_in(closed_cases))
    named = [priority for priority, _ in seen.update_owners if priority is not None]
    for (priority, vendors), owner in seen.update_owners.items():
        if owner is None:  # the coordinator owes the updates
            owes: ColumnElement[bool] = TicketRow.coordinator.in_(parties)
        elif owner in parties:
            owes = true()
        else:
            continue
        if priority is not None:
            level = TicketRow.priority == priority
        else:
            level = TicketRow.priority.not_in(named) if named else true()
        tests.append(level & (involved if vendors else ~involved) & owes)
    return tests


def _child(
    table: type[LayerCheckRow | HandoffRow | VendorCaseRow], test: ColumnElement[bool]
) -> ColumnElement[bool]:
    """The ticket has a `table` row that passes `test`."""
    return select(table.id).where(table.ticket_id == TicketRow.id, test).exists()
