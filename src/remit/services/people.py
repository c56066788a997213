"""People and their credentials: add, list, passwords, API tokens, sign-in checks.

A person is one e-mail address. People come from the contracts' contacts (each
contract load adds every contact with an e-mail, `sync_people_from_contract`) and
from `add_person` (desk administrators, and anyone the operator adds). The parties
a person acts for are derived from the contacts carrying their address.

Passwords are hashed with argon2id. API tokens are 256-bit random secrets shown
once: the desk keeps only a public lookup prefix and a SHA-256 of the token.
Every change is audited; no secret and no hash is ever written to the log.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from string import hexdigits
from typing import TYPE_CHECKING

from remit.domain.audit import Entry, json_detail
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NotFound
from remit.domain.events import Action
from remit.domain.people import (
    checked_email,
    checked_name,
    checked_password,
    checked_token_name,
)
from remit.domain.rights import Membership
from remit.store.tables import ApiTokenRow, PersonRow
from remit.store.uow import DuplicateRow, UnitOfWork

if TYPE_CHECKING:
    from argon2 import PasswordHasher

TOKEN_SCHEME = "remit_"
PREFIX_CHARS = 16  # 64 random bits, public: finds the row, proves nothing
USE_GRANULARITY = timedelta(minutes=1)  # last use is written at most once a minute


@dataclass(frozen=True, slots=True)
class TokenView:
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class SubAccountOf:
    """A live sub-account of the person: its line and grant (`objects` None: every
    object of the contract)."""

    line: str
    technical: bool
    billing: bool
    objects: tuple[str, ...] | None
    granted_by: str


@dataclass(frozen=True, slots=True)
class PersonView:
    id: int
    email: str
    name: str
    is_admin: bool
    active: bool
    has_password: bool
    acts_for: tuple[Membership, ...]  # (party, contact), sorted
    tokens: tuple[TokenView, ...] = ()
    sub_accounts: tuple[SubAccountOf, ...] = ()  # filled by `list_people`


@dataclass(frozen=True, slots=True)
class ContactWithoutEmail:
    """A contract contact without a usable e-mail address: nobody can sign in as them."""

    ref: str
    name: str


@dataclass(frozen=True, slots=True)
class PeopleListing:
    people: tuple[PersonView, ...]
    without_email: tuple[ContactWithoutEmail, ...]


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new token: `secret` is shown this once and never stored."""

    email: str
    name: str
    prefix: str
    secret: str
    created_at: datetime


# --- people -------------------------------------------------------------------------


def add_person(
    *, uow: UnitOfWork, email: str, name: str, is_admin: bool = False, by: str, now: datetime
) -> PersonView:
    """Add a person; naming a known person with `is_admin` makes them an administrator."""
    key, name = checked_email(email), checked_name(name)
    with uow:
        row = uow.people.by_email(key)
        if row is not None and not (is_admin and not row.is_admin):
            raise InvalidInput(f"{key} is known to the desk already")
        if row is None:
            row = uow.people.add(_person_row(key, name, now, is_admin=is_admin))
            _audit(uow, Action.PERSON_ADDED, by, now, email=key, name=name, is_admin=is_admin)
        else:
            row.is_admin = True
            _audit(uow, Action.PERSON_CHANGED, by, now, email=key, is_admin=[False, True])
        try:
            uow.commit()
        except DuplicateRow:  # the same person added meanwhile
            raise InvalidInput(f"{key} is known to the desk already") from None
        return _view(uow, row)


def sync_people_from_contract(uow: UnitOfWork, contract: Contract, *, now: datetime) -> list[str]:
    """Make a person of every contact with an e-mail the desk does not know yet, inside the
    caller's transaction (a contract load); returns the addresses added, which the load's
    own audit record lists (`people_added`)."""
    named: dict[str, str] = {}
    for party in contract.parties.values():
        for contact in party.contacts.values():
            key = _usable(contact.email)
            if key is not None:
                named.setdefault(key, contact.name)
    known = uow.people.emails(named)
    added = [key for key in named if key not in known]
    for key in added:
        uow.people.add(_person_row(key, named[key], now, is_admin=False))
    return added


def list_people(*, uow: UnitOfWork) -> PeopleListing:
    """Every person with the parties they act for, their tokens and live sub-accounts,
    and the contacts without an e-mail (who cannot sign in)."""
    with uow:
        acting: dict[str, set[Membership]] = {}
        missing: list[ContactWithoutEmail] = []
        for contact in uow.people.active_contacts():
            key = _usable(contact.email)
            if key is None:
                missing.append(ContactWithoutEmail(contact.ref, contact.name))
            else:
                acting.setdefault(key, set()).add(Membership(contact.party_key, contact.ref))
        subs: dict[str, list[SubAccountOf]] = {}
        for line in uow.lines.all():
            for sub, person in uow.sub_accounts.of_line(line.id):
                objects = None if sub.objects is None else tuple(sub.objects)
                grant = SubAccountOf(line.key, sub.technical, sub.billing, objects, sub.granted_by)
                subs.setdefault(person.email, []).append(grant)
        people = tuple(
            replace(
                _view(uow, row, acting.get(row.email, set()), with_tokens=True),
                sub_accounts=tuple(subs.get(row.email, ())),
            )
            for row in uow.people.all()
        )
        return PeopleListing(people, tuple(missing))


def _usable(address: str | None) -> str | None:
    """A contact's address as a person's key, or None when nobody can sign in with it."""
    if address is None:
        return None
    try:
        return checked_email(address)
    except InvalidInput:
        return None


def active_person(uow: UnitOfWork, email: str) -> PersonView | None:
    """Inside the caller's unit of work: the active person with `email`, or None (unknown,
    inactive, or no usable address)."""
    key = _usable(email)
    row = uow.people.by_email(key) if key is not None else None
    return _view(uow, row) if row is not None and row.active else None


def find_person(*, uow: UnitOfWork, email: str) -> PersonView:
    with uow:
        return _view(uow, _person(uow, email))


# --- passwords ----------------------------------------------------------------------


@cache
def _hasher() -> PasswordHasher:
    # imported here: argon2 takes longer to import than a desk command takes to start,
    # and only the commands that hash a password need it
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the RFC 9106 low-memory parameters


def _matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _decoy_hash() -> str:
    """A hash to verify against when the address is unknown, so the answer takes as long."""
    return _hasher().hash(secrets.token_urlsafe(16))


def set_password(
    *, uow: UnitOfWork, email: str, password: str, by: str, now: datetime
) -> PersonView:
    hashed = _hasher().hash(checked_password(password))
    with uow:
        row = _person(uow, email)
        replaced = row.password_hash is not None
        row.password_hash = hashed
        _audit(uow, Action.PASSWORD_SET, by, now, email=row.email, replaced=replaced)
        uow.commit()
        return _view(uow, row)


def verify_password(*, uow: UnitOfWork, email: str, password: str) -> PersonView | None:
    """The person whose password this is, or None (unknown, inactive, no password, wrong)."""
    try:
        key = checked_email(email)
    except InvalidInput:
        key = None
    with uow:
        row = uow.people.by_email(key) if key is not None else None
        stored = row.password_hash if row is not None and row.active else None
        if not _matches(stored or _decoy_hash(), password) or row is None or stored is None:
            return None
        if _hasher().check_needs_rehash(stored):
            row.password_hash = _hasher().hash(password)
            uow.commit()
        return _view(uow, row)


# --- API tokens ---------------------------------------------------------------------


def _digest(token: str) -> str:
    # A token carries 256 random bits: no guess comes near it, however fast each try is,
    # so a slow password hash would add cost to every request and no safety. SHA-256
    # keeps a stolen table from being replayed as tokens.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(*, uow: UnitOfWork, email: str, name: str, by: str, now: datetime) -> IssuedToken:
    """A new named token for the person; its secret is returned this once."""
    name = checked_token_name(name)
    prefix = secrets.token_hex(PREFIX_CHARS // 2)
    secret = f"{TOKEN_SCHEME}{prefix}_{secrets.token_urlsafe(32)}"
    with uow:
        row = _person(uow, email)
        if uow.tokens.live(row.id, name) is not None:
            raise InvalidInput(f"{row.email} has a token named {name!r} already; revoke it first")
        uow.tokens.add(
            ApiTokenRow(
                person_id=row.id, name=name, prefix=prefix, hash=_digest(secret), created_at=now
            )
        )
        _audit(uow, Action.TOKEN_ISSUED, by, now, email=row.email, token=name, prefix=prefix)
        uow.commit()
        return IssuedToken(row.email, name, prefix, secret, now)


def token_named(*, uow: UnitOfWork, email: str, name: str) -> TokenView:
    """The person's latest token named `name`, live or revoked."""
    with uow:
        row = _person(uow, email)
        key = checked_token_name(name)
        found = [t for t in uow.tokens.of(row.id) if t.name == key]
        if not found:
            raise NotFound(f"token of {row.email} named", repr(key))
        return _token_view(max(found, key=lambda t: (t.created_at, t.id)))


def revoke_token(*, uow: UnitOfWork, email: str, name: str, by: str, now: datetime) -> TokenView:
    with uow:
        row = _person(uow, email)
        token = uow.tokens.live(row.id, checked_token_name(name))
        if token is None:
            raise NotFound(f"live token of {row.email} named", repr(name.strip()))
        token.revoked_at = now
        _audit(uow, Action.TOKEN_REVOKED, by, now, email=row.email, token=token.name)
        uow.commit()
        return _token_view(token)


def authenticate_token(*, uow: UnitOfWork, token: str, now: datetime) -> PersonView | None:
    """The person a bearer token belongs to, or None (malformed, unknown, revoked, inactive)."""
    with uow:
        found = token_person(uow, token, now)
        return None if found is None else _view(uow, found)


def token_person(uow: UnitOfWork, token: str, now: datetime) -> PersonRow | None:
    """`authenticate_token` inside an open unit of work: the person's row, or None."""
    prefix = _prefix_of(token)
    if prefix is None:
        return None
    found = uow.tokens.with_person(prefix)
    if found is None:
        return None
    row, person = found
    if not hmac.compare_digest(row.hash, _digest(token)):
        return None
    if row.revoked_at is not None or not person.active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= USE_GRANULARITY:
        row.last_used_at = now
        uow.commit()
    return person


def _prefix_of(token: str) -> str | None:
    body = token.removeprefix(TOKEN_SCHEME)
    prefix, sep, rest = body.partition("_")
    if body == token or not sep or not rest or len(prefix) != PREFIX_CHARS:
        return None
    if not set(prefix) <= set(hexdigits) or not token.isascii() or not token.isprintable():
        return None
    return prefix


# --- helpers ------------------------------------------------------------------------


def _person(uow: UnitOfWork, email: str) -> PersonRow:
    key = checked_email(email)
    row = uow.people.by_email(key)
    if row is None:
        raise NotFound("person with e-mail", key)
    return row


def _person_row(key: str, name: str, now: datetime, *, is_admin: bool) -> PersonRow:
    return PersonRow(
        email=key, name=name, is_admin=is_admin, password_hash=None, active=True, created_at=now
    )


def _view(
    uow: UnitOfWork,
    row: PersonRow,
    acting: set[Membership] | frozenset[Membership] | None = None,
    *,
    with_tokens: bool = False,
) -> PersonView:
    found = uow.people.memberships(row.email) if acting is None else acting
    tokens = tuple(_token_view(t) for t in uow.tokens.of(row.id)) if with_tokens else ()
    return PersonView(
        row.id,
        row.email,
        row.name,
        row.is_admin,
        row.active,
        row.password_hash is not None,
        tuple(sorted(found, key=lambda m: (m.party, m.contact))),
        tokens,
    )


def person_view(uow: UnitOfWork, row: PersonRow, acting: frozenset[Membership]) -> PersonView:
    """The person of `row`, acting for `acting` (their memberships, already read)."""
    return _view(uow, row, acting)


def _token_view(row: ApiTokenRow) -> TokenView:
    return TokenView(row.name, row.prefix, row.created_at, row.last_used_at, row.revoked_at)


def _audit(uow: UnitOfWork, action: Action, by: str, now: datetime, **detail: object) -> None:
    uow.record(Entry(now, by, action.value, None, json_detail(detail)))
