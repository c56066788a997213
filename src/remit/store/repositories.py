"""Repositories: the rows the services read and change. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from remit.domain.contract import Contract
from remit.domain.errors import NotFound
from remit.domain.ticket import CheckResult
from remit.store.tables import (
    ContactRow,
    ContractVersionRow,
    LayerCheckRow,
    PartyRow,
    SupportObjectRow,
    TicketRow,
    VendorCaseRow,
)


class ContractVersions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: ContractVersionRow) -> ContractVersionRow:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, version_id: int) -> ContractVersionRow:
        row = self.session.get(ContractVersionRow, version_id)
        if row is None:
            raise NotFound("contract version", version_id)
        return row

    def by_hash(self, content_hash: str) -> ContractVersionRow | None:
        stmt = select(ContractVersionRow).where(ContractVersionRow.content_hash == content_hash)
        return self.session.execute(stmt).scalar_one_or_none()

    def in_force(self, day: date) -> ContractVersionRow | None:
        """The version with the latest effective date on or before `day` (last loaded wins)."""
        stmt = (
            select(ContractVersionRow)
            .where(ContractVersionRow.effective_from <= day)
            .order_by(ContractVersionRow.effective_from.desc(), ContractVersionRow.id.desc())
            .limit(1)
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def all(self) -> list[ContractVersionRow]:
        stmt = select(ContractVersionRow).order_by(ContractVersionRow.id)
        return list(self.session.execute(stmt).scalars())


class Directory:
    """Parties, contacts and objects as the latest loaded contract declares them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def sync(self, contract: Contract, version_id: int) -> None:
        self._sync_parties(contract, version_id)
        self._sync_contacts(contract, version_id)
        self._sync_objects(contract, version_id)

    def _sync_parties(self, contract: Contract, version_id: int) -> None:
        rows = {r.key: r for r in self.session.execute(select(PartyRow)).scalars()}
        for key, party in contract.parties.items():
            row = rows.get(key) or PartyRow(key=key)
            row.name, row.roles, row.calendar = (
                party.name,
                [r.value for r in party.roles],
                party.calendar,
            )
            row.active, row.version_id = True, version_id
            self.session.add(row)
        self._deactivate(PartyRow, PartyRow.key, set(contract.parties))

    def _sync_contacts(self, contract: Contract, version_id: int) -> None:
        rows = {r.ref: r for r in self.session.execute(select(ContactRow)).scalars()}
        declared = set()
        for party_key, party in contract.parties.items():
            for contact_key, contact in party.contacts.items():
                ref = f"{party_key}.{contact_key}"
                declared.add(ref)
                row = rows.get(ref) or ContactRow(ref=ref)
                row.party_key, row.name = party_key, contact.name
                row.email, row.phone = contact.email, contact.phone
                row.active, row.version_id = True, version_id
                self.session.add(row)
        self._deactivate(ContactRow, ContactRow.ref, declared)

    def _sync_objects(self, contract: Contract, version_id: int) -> None:
        rows = {r.key: r for r in self.session.execute(select(SupportObjectRow)).scalars()}
        for key, obj in contract.objects.items():
            row = rows.get(key) or SupportObjectRow(key=key)
            row.kind, row.layers, row.executor = obj.kind.value, list(obj.layers), obj.executor
            row.depends_on, row.active, row.version_id = list(obj.depends_on), True, version_id
            self.session.add(row)
        self._deactivate(SupportObjectRow, SupportObjectRow.key, set(contract.objects))

    def _deactivate(self, table: type, column: object, keep: set[str]) -> None:
        self.session.flush()
        self.session.execute(update(table).where(column.not_in(keep)).values(active=False))  # type: ignore[attr-defined]

    def counts(self) -> dict[str, int]:
        return {
            name: int(
                self.session.execute(
                    select(func.count()).select_from(table).where(table.active.is_(True))
                ).scalar_one()
            )
            for name, table in (
                ("parties", PartyRow),
                ("contacts", ContactRow),
                ("objects", SupportObjectRow),
            )
        }


class Tickets:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.seen: list[int] = []

    def add(self, ticket: TicketRow) -> TicketRow:
        self.session.add(ticket)
        self.session.flush()
        self.seen.append(ticket.id)
        return ticket

    def get(self, ticket_id: int) -> TicketRow:
        stmt = (
            select(TicketRow)
            .where(TicketRow.id == ticket_id)
            .options(
                selectinload(TicketRow.pauses),
                selectinload(TicketRow.restorations),
                selectinload(TicketRow.checks),
                selectinload(TicketRow.updates),
                selectinload(TicketRow.vendor_cases),
            )
        )
        ticket = self.session.execute(stmt).scalar_one_or_none()
        if ticket is None:
            raise NotFound("ticket", ticket_id)
        self.seen.append(ticket_id)
        return ticket

    def holding_case(self, vendor: str, case_ref: str) -> int | None:
        """The ticket that already holds the vendor's case `case_ref`, if one does."""
        stmt = select(VendorCaseRow.ticket_id).where(
            VendorCaseRow.vendor == vendor, VendorCaseRow.case_ref == case_ref
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def listing(
        self,
        *,
        states: Sequence[str] = (),
        party: str | None = None,
        priorities: Sequence[str] = (),
        limit: int | None = 100,
    ) -> list[TicketRow]:
        """Tickets newest first; `party` matches the coordinator, the assignee and a
        party whose layer check on the ticket is still pending."""
        stmt = (
            select(TicketRow)
            .order_by(TicketRow.id.desc())
            .limit(limit)
            .options(
                selectinload(TicketRow.transfers),
                selectinload(TicketRow.breaches),
                selectinload(TicketRow.checks),
            )
        )
        if states:
            stmt = stmt.where(TicketRow.state.in_(states))
        if priorities:
            stmt = stmt.where(TicketRow.priority.in_(priorities))
        if party is not None:
            pending = (
                select(LayerCheckRow.id)
                .where(
                    LayerCheckRow.ticket_id == TicketRow.id,
                    LayerCheckRow.party == party,
                    LayerCheckRow.result == CheckResult.PENDING.value,
                )
                .exists()
            )
            stmt = stmt.where(
                (TicketRow.coordinator == party) | (TicketRow.assignee == party) | pending
            )
        return list(self.session.execute(stmt).scalars())

    def calendar_pairs(self, states: Sequence[str], not_on: int) -> list[tuple[int, int]]:
        """(pinned version, calendar version) of tickets in `states` not on `not_on`'s calendars."""
        stmt = (
            select(TicketRow.contract_version_id, TicketRow.calendar_version_id)
            .where(TicketRow.state.in_(states), TicketRow.calendar_version_id != not_on)
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
        stmt = (
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
        return {row[0]: (row[1], row[2]) for row in self.session.execute(stmt)}

    def children(self, parent_id: int) -> list[TicketRow]:
        """The duplicates linked to a major incident, oldest first. Read without flushing
        the session, so a ticket being changed is written (and versioned) once."""
        stmt = (
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
        with self.session.no_autoflush:
            rows = list(self.session.execute(stmt))
        return {row[0]: int(row[1]) for row in rows if row[0] is not None}

    def open_ids(self, states: Sequence[str]) -> list[int]:
        stmt = select(TicketRow.id).where(TicketRow.state.in_(states)).order_by(TicketRow.id)
        return list(self.session.execute(stmt).scalars())
