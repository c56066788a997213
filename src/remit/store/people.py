"""People, API tokens and sub-accounts, and the parties a person acts for. Never commits.

A person's parties are derived, not stored: every active contact whose e-mail
is the person's (ignoring case) makes the person act for that contact's party.
A live sub-account puts its person in its contract line, acting for no party.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import CompoundSelect, func, null, select, union_all
from sqlalchemy.orm import Session

from remit.domain.people import email_key
from remit.domain.rights import Membership
from remit.store.tables import ApiTokenRow, ContactRow, PersonRow, SubAccountRow


class People:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: PersonRow) -> PersonRow:
        """Add at the flush or commit: the same e-mail added meanwhile fails it
        (`DuplicateRow`); flush the unit of work for the row's id."""
        self.session.add(row)
        return row

    def by_email(self, email: str) -> PersonRow | None:
        stmt = select(PersonRow).where(PersonRow.email == email_key(email))
        return self.session.execute(stmt).scalar_one_or_none()

    def all(self) -> list[PersonRow]:
        return list(self.session.execute(select(PersonRow).order_by(PersonRow.email)).scalars())

    def emails(self, addresses: Iterable[str]) -> set[str]:
        """Which of the lowercased `addresses` are people already."""
        wanted = sorted(set(addresses))
        if not wanted:
            return set()
        stmt = select(PersonRow.email).where(PersonRow.email.in_(wanted))
        return set(self.session.execute(stmt).scalars())

    def memberships(self, email: str, line_id: int | None = None) -> frozenset[Membership]:
        """The (party, contact) pairs whose active contact carries `email`: in the contract
        line `line_id` (a ticket's rights come from its own line alone), or in every line."""
        stmt = select(ContactRow.party_key, ContactRow.ref).where(
            ContactRow.active.is_(True), func.lower(ContactRow.email) == email_key(email)
        )
        if line_id is not None:
            stmt = stmt.where(ContactRow.line_id == line_id)
        return frozenset(Membership(p, r) for p, r in self.session.execute(stmt))

    def lines_of(self, email: str) -> dict[int, frozenset[Membership]]:
        """The contract lines where an active contact carries `email`, each with the
        (party, contact) pairs the person acts for there, and the lines where the person
        is a live sub-account (acting for no party there unless a contact says so)."""
        key = email_key(email)
        contacts = select(ContactRow.line_id, ContactRow.party_key, ContactRow.ref).where(
            ContactRow.active.is_(True), func.lower(ContactRow.email) == key
        )
        sub_accounts = (  # `SubAccounts.lines_of`, read in the same statement
            select(SubAccountRow.line_id, null(), null())
            .join(PersonRow, PersonRow.id == SubAccountRow.person_id)
            .where(
                PersonRow.email == key,
                PersonRow.active.is_(True),
                SubAccountRow.removed_at.is_(None),
            )
        )
        found: dict[int, set[Membership]] = {}
        both: CompoundSelect[Any] = union_all(contacts, sub_accounts)
        rows = cast(list[tuple[int, str | None, str | None]], self.session.execute(both).all())
        for line_id, party, ref in rows:
            pairs = found.setdefault(line_id, set())
            if party is not None and ref is not None:
                pairs.add(Membership(party, ref))
        return {line: frozenset(pairs) for line, pairs in found.items()}

    def contact(self, line_id: int, ref: str) -> ContactRow | None:
        """The active contact `ref` ('party.contact') of the contract line `line_id`."""
        stmt = select(ContactRow).where(
            ContactRow.line_id == line_id, ContactRow.ref == ref, ContactRow.active.is_(True)
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def contacts_of(self, line_id: int, party: str) -> list[ContactRow]:
        """The active contacts of `party` in the contract line `line_id`, by reference."""
        stmt = (
            select(ContactRow)
            .where(
                ContactRow.line_id == line_id,
                ContactRow.party_key == party,
                ContactRow.active.is_(True),
            )
            .order_by(ContactRow.ref)
        )
        return list(self.session.execute(stmt).scalars())

    def active_contacts(self) -> list[ContactRow]:
        """The contacts of the contracts as loaded, e-mail or not."""
        stmt = select(ContactRow).where(ContactRow.active.is_(True)).order_by(ContactRow.ref)
        return list(self.session.execute(stmt).scalars())


class Tokens:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: ApiTokenRow) -> ApiTokenRow:
        self.session.add(row)
        self.session.flush()
        return row

    def live(self, person_id: int, name: str) -> ApiTokenRow | None:
        stmt = select(ApiTokenRow).where(
            ApiTokenRow.person_id == person_id,
            ApiTokenRow.name == name,
            ApiTokenRow.revoked_at.is_(None),
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def by_prefix(self, prefix: str) -> ApiTokenRow | None:
        stmt = select(ApiTokenRow).where(ApiTokenRow.prefix == prefix)
        return self.session.execute(stmt).scalar_one_or_none()

    def with_person(self, prefix: str) -> tuple[ApiTokenRow, PersonRow] | None:
        """The token with `prefix` and the person it belongs to, read in one statement."""
        stmt = (
            select(ApiTokenRow, PersonRow)
            .join(PersonRow, PersonRow.id == ApiTokenRow.person_id)
            .where(ApiTokenRow.prefix == prefix)
        )
        found = self.session.execute(stmt).one_or_none()
        return None if found is None else (found[0], found[1])

    def of(self, person_id: int) -> list[ApiTokenRow]:
        stmt = (
            select(ApiTokenRow)
            .where(ApiTokenRow.person_id == person_id)
            .order_by(ApiTokenRow.created_at, ApiTokenRow.id)
        )
        return list(self.session.execute(stmt).scalars())

    def person(self, row: ApiTokenRow) -> PersonRow:
        found = self.session.get(PersonRow, row.person_id)
        assert found is not None  # a foreign key holds it
        return found


class SubAccounts:
    """The sub-accounts of contract lines, live or removed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: SubAccountRow) -> SubAccountRow:
        """Add at the commit: a live sub-account added meanwhile fails it (`DuplicateRow`)."""
        self.session.add(row)
        return row

    def live(self, line_id: int, email: str) -> SubAccountRow | None:
        """The live sub-account of the person `email` on the line `line_id`, if any."""
        stmt = (
            select(SubAccountRow)
            .join(PersonRow, PersonRow.id == SubAccountRow.person_id)
            .where(
                SubAccountRow.line_id == line_id,
                PersonRow.email == email_key(email),
                SubAccountRow.removed_at.is_(None),
            )
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def of_line(
        self, line_id: int, *, removed: bool = False
    ) -> list[tuple[SubAccountRow, PersonRow]]:
        """The line's sub-accounts with their people, by e-mail (the removed ones too when
        `removed`, after the live ones of the same person)."""
        stmt = (
            select(SubAccountRow, PersonRow)
            .join(PersonRow, PersonRow.id == SubAccountRow.person_id)
            .where(SubAccountRow.line_id == line_id)
            .order_by(PersonRow.email, SubAccountRow.removed_at.is_not(None), SubAccountRow.id)
        )
        if not removed:
            stmt = stmt.where(SubAccountRow.removed_at.is_(None))
        return [(row, person) for row, person in self.session.execute(stmt)]

    def lines_of(self, email: str) -> set[int]:
        """The lines where the person `email` is a live sub-account of an active person."""
        stmt = (
            select(SubAccountRow.line_id)
            .join(PersonRow, PersonRow.id == SubAccountRow.person_id)
            .where(
                PersonRow.email == email_key(email),
                PersonRow.active.is_(True),
                SubAccountRow.removed_at.is_(None),
            )
        )
        return set(self.session.execute(stmt).scalars())
