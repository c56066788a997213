"""Sub-accounts of a contract line: the client authority adds, changes, removes and lists
the people who may open requests for the products they are given (seed 003).

Who may manage them is `remit.domain.rights.manages_sub_accounts` (the client
authority of the line, under the contract in force); what a grant may give is
`remit.domain.subaccounts` (never more than its inviter has). The manager acts as one
of their client-authority contacts on the line, the first whose own reach covers the
grant; that contact is recorded as the inviter. Every change is audited. A removed
sub-account keeps its row, so its tickets keep their history; it no longer puts its
person in the line, so they can neither open nor see the line's tickets.

A person named for the first time becomes a person of the desk (with their name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.domain import lines
from remit.domain.audit import Entry, json_detail
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NotFound, NotPermitted
from remit.domain.events import Action
from remit.domain.people import checked_email, checked_name
from remit.domain.rights import Actor, authority_contacts, manages_sub_accounts
from remit.domain.subaccounts import Grant, checked_grant, effective, reach, require_within
from remit.services.contract_books import in_force
from remit.services.people import active_person
from remit.store.tables import ContractLineRow, PersonRow, SubAccountRow
from remit.store.uow import DuplicateRow, UnitOfWork


@dataclass(frozen=True, slots=True)
class SubAccountView:
    line: str
    email: str
    name: str
    technical: bool
    billing: bool
    objects: tuple[str, ...] | None  # None: every object of the contract
    granted_by: str  # the inviter's 'party.contact'
    created_at: datetime
    changed_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True, slots=True)
class GrantAsked:
    """A grant as a channel asks for it: kinds, and objects (None: every object)."""

    technical: bool = True
    billing: bool = False
    objects: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class GrantChange:
    """What to change of a grant; None leaves a field as it is. `every_object` gives
    every object of the contract instead of a list."""

    technical: bool | None = None
    billing: bool | None = None
    objects: tuple[str, ...] | None = None
    every_object: bool = False


@dataclass(frozen=True, slots=True)
class _Manager:
    email: str
    line: ContractLineRow
    contract: Contract
    contacts: tuple[tuple[str, Grant], ...]  # their authority contacts and reach, by ref

    def inviter_for(self, grant: Grant, doing: str = "grant") -> str:
        """The first contact of theirs whose reach covers `grant`; else `NotPermitted`."""
        for contact, reaches in self.contacts:
            if grant.within(reaches):
                return contact
        require_within(grant, self.contacts[0][1], by=self.email, doing=doing)
        raise AssertionError("require_within refuses a grant no contact covers")


def add_sub_account(
    *,
    uow: UnitOfWork,
    line: str,
    email: str,
    name: str | None,
    grant: GrantAsked,
    by: str,
    now: datetime,
) -> SubAccountView:
    """Let `email` open the requests `grant` gives on `line`, as the client authority `by`."""
    with uow:
        manager = _manager(uow, line, by, now)
        key = _other_than(manager, email)
        wanted = _checked(manager.contract, grant)
        inviter = manager.inviter_for(wanted)
        if uow.sub_accounts.live(manager.line.id, key) is not None:
            raise _already(key, manager.line.key)
        person, added = _person(uow, key, name, now)
        row = uow.sub_accounts.add(_row(manager.line.id, person.id, wanted, inviter, now))
        _audit(
            uow,
            Action.SUB_ACCOUNT_ADDED,
            manager,
            now,
            email=key,
            person_added=added,
            granted_by=inviter,
            **_grant_detail(wanted),
        )
        try:
            uow.commit()
        except DuplicateRow:  # the same person added meanwhile
            raise _already(key, manager.line.key) from None
        return _view(manager.line.key, row, person)


def change_sub_account(
    *, uow: UnitOfWork, line: str, email: str, change: GrantChange, by: str, now: datetime
) -> SubAccountView:
    """Change what the sub-account `email` of `line` may request, as the client authority
    `by`: within what `by` has, and only a sub-account whose grant is within it too."""
    with uow:
        manager = _manager(uow, line, by, now)
        row, person = _live(uow, manager, email)
        before = _grant_of(row)
        manager.inviter_for(before, "change a sub-account with")
        wanted = _checked(manager.contract, _changed(before, change))
        inviter = manager.inviter_for(wanted)
        if wanted == before:  # nothing to change, nothing to audit
            return _view(manager.line.key, row, person)
        row.technical, row.billing = wanted.technical, wanted.billing
        row.objects = None if wanted.objects is None else sorted(wanted.objects)
        row.granted_by, row.changed_at = inviter, now
        _audit(
            uow,
            Action.SUB_ACCOUNT_CHANGED,
            manager,
            now,
            email=person.email,
            granted_by=inviter,
            before=_grant_detail(before),
            **_grant_detail(wanted),
        )
        uow.commit()
        return _view(manager.line.key, row, person)


def remove_sub_account(
    *, uow: UnitOfWork, line: str, email: str, by: str, now: datetime
) -> SubAccountView:
    """Remove the sub-account `email` of `line`, as the client authority `by`: its person
    can no longer open or see the line's tickets; the tickets keep their history."""
    with uow:
        manager = _manager(uow, line, by, now)
        row, person = _live(uow, manager, email)
        manager.inviter_for(_grant_of(row), "remove a sub-account with")
        row.removed_at = now
        _audit(uow, Action.SUB_ACCOUNT_REMOVED, manager, now, email=person.email)
        uow.commit()
        return _view(manager.line.key, row, person)


def list_sub_accounts(
    *, uow: UnitOfWork, line: str, by: str, now: datetime, removed: bool = False
) -> list[SubAccountView]:
    """The sub-accounts of `line` (the removed ones too when `removed`), for its client
    authority `by`."""
    with uow:
        manager = _manager(uow, line, by, now)
        found = uow.sub_accounts.of_line(manager.line.id, removed=removed)
        return [_view(manager.line.key, row, person) for row, person in found]


def find_sub_account(
    *, uow: UnitOfWork, line: str, email: str, by: str, now: datetime
) -> SubAccountView:
    """The sub-account `email` of `line` as it is now (its latest, if removed), for the
    line's client authority `by`."""
    with uow:
        manager = _manager(uow, line, by, now)
        key = checked_email(email)
        for row, person in uow.sub_accounts.of_line(manager.line.id, removed=True):
            if person.email == key:
                return _view(manager.line.key, row, person)
        raise NotFound(f"sub-account of line '{manager.line.key}' with e-mail", key)


def sub_account_grant(
    uow: UnitOfWork, line_id: int, contract: Contract, requester: str
) -> Grant | None:
    """Inside the caller's unit of work: what the requester (an e-mail, or a contact whose
    e-mail it is) may request as a live sub-account of the line now, as far as its
    inviter still reaches under `contract`; None when they are no sub-account there."""
    address = _address(contract, requester)
    row = uow.sub_accounts.live(line_id, address) if address is not None else None
    if row is None or address is None or active_person(uow, address) is None:
        return None
    return effective(_grant_of(row), reach(contract, row.granted_by))


# --- helpers ------------------------------------------------------------------------------


def _manager(uow: UnitOfWork, key: str, by: str, now: datetime) -> _Manager:
    try:
        found = uow.lines.by_key(lines.require_key(key))
    except InvalidInput:  # no line has such a key
        found = None
    if found is None:  # or it is a line the caller does not act in
        raise NotFound("contract line", key)
    person = active_person(uow, by)
    if person is None:
        raise InvalidInput(
            f"{by!r} is not a person known to the desk (or no longer active); name the "
            "client authority by e-mail (`remit people list` shows them)"
        )
    contract = in_force(uow, found, now.date()).contract
    actor = Actor(person.email, uow.people.memberships(person.email, found.id))
    if not manages_sub_accounts(actor, contract):
        raise NotPermitted(
            person.email,
            f"manage the sub-accounts of line '{found.key}'",
            "only the line's client authority (its primary contact, and whom the contract "
            "names to confirm or approve) may",
        )
    refs = sorted(actor.contacts & authority_contacts(contract))
    return _Manager(person.email, found, contract, tuple((r, reach(contract, r)) for r in refs))


def _already(key: str, line: str) -> InvalidInput:
    return InvalidInput(f"{key} is a sub-account of line '{line}' already; change it instead")


def _other_than(manager: _Manager, email: str) -> str:
    key = checked_email(email)
    if key == manager.email:
        raise InvalidInput(f"{key} is the client authority itself, not a sub-account of it")
    return key


def _live(uow: UnitOfWork, manager: _Manager, email: str) -> tuple[SubAccountRow, PersonRow]:
    key = checked_email(email)
    row = uow.sub_accounts.live(manager.line.id, key)
    if row is None:
        raise NotFound(f"sub-account of line '{manager.line.key}' with e-mail", key)
    person = uow.people.by_email(key)
    assert person is not None  # a foreign key holds it
    return row, person


def _person(uow: UnitOfWork, key: str, name: str | None, now: datetime) -> tuple[PersonRow, bool]:
    row = uow.people.by_email(key)
    if row is not None:
        if not row.active:
            raise InvalidInput(f"{key} is no longer an active person of the desk")
        return row, False
    if name is None:
        raise InvalidInput(f"{key} is not known to the desk yet: give their name")
    added = PersonRow(
        email=key,
        name=checked_name(name),
        is_admin=False,
        password_hash=None,
        active=True,
        created_at=now,
    )
    uow.people.add(added)
    try:
        uow.flush()  # the row's id
    except DuplicateRow:
        raise InvalidInput(f"{key} was added to the desk meanwhile: try again") from None
    return added, True


def _address(contract: Contract, requester: str) -> str | None:
    text = requester.strip()
    if "@" in text:
        return text.lower()
    party, _, name = text.partition(".")
    found = contract.parties.get(party)
    contact = found.contacts.get(name) if found is not None else None
    return contact.email.strip().lower() if contact is not None and contact.email else None


def _checked(contract: Contract, asked: GrantAsked) -> Grant:
    return checked_grant(
        contract, technical=asked.technical, billing=asked.billing, objects=asked.objects
    )


def _changed(before: Grant, change: GrantChange) -> GrantAsked:
    if change.every_object and change.objects is not None:
        raise InvalidInput("give either objects or every object, not both")
    objects = tuple(sorted(before.objects)) if before.objects is not None else None
    if change.every_object:
        objects = None
    elif change.objects is not None:
        objects = change.objects
    return GrantAsked(
        before.technical if change.technical is None else change.technical,
        before.billing if change.billing is None else change.billing,
        objects,
    )


def _grant_of(row: SubAccountRow) -> Grant:
    objects = None if row.objects is None else frozenset(row.objects)
    return Grant(row.technical, row.billing, objects)


def _grant_detail(grant: Grant) -> dict[str, object]:
    objects = None if grant.objects is None else sorted(grant.objects)
    return {"technical": grant.technical, "billing": grant.billing, "objects": objects}


def _row(line_id: int, person_id: int, grant: Grant, inviter: str, now: datetime) -> SubAccountRow:
    return SubAccountRow(
        line_id=line_id,
        person_id=person_id,
        technical=grant.technical,
        billing=grant.billing,
        objects=None if grant.objects is None else sorted(grant.objects),
        granted_by=inviter,
        created_at=now,
        changed_at=now,
        removed_at=None,
    )


def _view(line: str, row: SubAccountRow, person: PersonRow) -> SubAccountView:
    return SubAccountView(
        line,
        person.email,
        person.name,
        row.technical,
        row.billing,
        None if row.objects is None else tuple(row.objects),
        row.granted_by,
        row.created_at,
        row.changed_at,
        row.removed_at,
    )


def _audit(
    uow: UnitOfWork, action: Action, manager: _Manager, now: datetime, **detail: object
) -> None:
    uow.record(
        Entry(
            now,
            manager.email,
            action.value,
            None,
            json_detail({"line": manager.line.key, **detail}),
        )
    )
