"""Sub-accounts (seed 003): people the client authority lets open requests.

A client's primary contact (and whoever else of the client authority the contract
names, see `remit.domain.rights.authority_contacts`) adds, changes and removes people
who may open technical and/or billing requests for the products (the contract's
objects) they are given. What a sub-account may request is its `Grant`:

- `technical`, `billing`: the kinds of request it may open;
- `objects`: the contract objects its requests may name, or None for every product of
  the contract. A request of a sub-account limited to some objects must name at least
  one object, and only objects of its grant.

A sub-account never gets more than its inviter has. An inviter's own `reach` is what
the contract lets them request (the primary contact: everything; a contract
sub-account: its technical/billing flags), so a limited authority grants only within
its limits (`require_within`), and at intake the grant counts only as far as its
inviter's reach under the contract in force then (`effective`): an inviter who loses
a right takes it from their sub-accounts too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from remit.domain import routing
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.ticket import RequestKind

MAX_OBJECTS = 200


@dataclass(frozen=True, slots=True)
class Grant:
    """What a sub-account may request: its kinds, and its objects (None: all of them)."""

    technical: bool = True
    billing: bool = False
    objects: frozenset[str] | None = None

    @property
    def kinds(self) -> frozenset[RequestKind]:
        found = {RequestKind.TECHNICAL} if self.technical else set()
        return frozenset(found | ({RequestKind.BILLING} if self.billing else set()))

    def within(self, other: Grant) -> bool:
        """Whether this grant gives nothing `other` does not give."""
        if not self.kinds <= other.kinds:
            return False
        if other.objects is None:
            return True
        return self.objects is not None and self.objects <= other.objects

    def meet(self, other: Grant) -> Grant:
        """What both grants give."""
        objects = self.objects if other.objects is None else other.objects
        if self.objects is not None and other.objects is not None:
            objects = self.objects & other.objects
        return Grant(self.technical and other.technical, self.billing and other.billing, objects)

    def covers(self, kind: RequestKind, objects: Iterable[str]) -> bool:
        """Whether a request of `kind` naming `objects` is within the grant."""
        named = frozenset(objects)
        if kind not in self.kinds:
            return False
        return self.objects is None or (bool(named) and named <= self.objects)

    def describe(self) -> str:
        kinds = (
            " and ".join(
                k for k, on in (("technical", self.technical), ("billing", self.billing)) if on
            )
            or "no"
        )
        where = "every object" if self.objects is None else ", ".join(sorted(self.objects))
        return f"{kinds} requests for {where or 'no object'}"


EVERYTHING = Grant(technical=True, billing=True, objects=None)
NOTHING = Grant(technical=False, billing=False, objects=frozenset())


def reach(contract: Contract, contact: str | None) -> Grant:
    """What the contract itself lets `contact` ('party.contact') request."""
    return Grant(
        technical=routing.is_authorized(contract, contact, RequestKind.TECHNICAL),
        billing=routing.is_authorized(contract, contact, RequestKind.BILLING),
        objects=None,
    )


def checked_grant(
    contract: Contract, *, technical: bool, billing: bool, objects: Iterable[str] | None
) -> Grant:
    """The grant asked for, or `InvalidInput` naming what is wrong with it."""
    if not technical and not billing:
        raise InvalidInput("a sub-account may open technical or billing requests, or both")
    if objects is None:
        return Grant(technical, billing, None)
    named = frozenset(o.strip() for o in objects)
    if not named:
        raise InvalidInput("name at least one object, or give every object")
    if len(named) > MAX_OBJECTS:
        raise InvalidInput(f"a sub-account is given at most {MAX_OBJECTS} objects")
    unknown = routing.unknown_objects(contract, tuple(sorted(named)))
    if unknown:
        raise InvalidInput(f"objects not in the contract: {', '.join(unknown)}")
    return Grant(technical, billing, named)


def require_within(grant: Grant, inviter: Grant, *, by: str, doing: str = "grant") -> None:
    """`NotPermitted` when `grant` gives more than the inviter `by` has (`inviter`); `doing`
    says what they tried with it ("grant", "remove a sub-account with")."""
    if not grant.within(inviter):
        raise NotPermitted(
            by,
            f"{doing} {grant.describe()}",
            f"a sub-account never gets more than its inviter, who may open {inviter.describe()}",
        )


def effective(grant: Grant, inviter: Grant) -> Grant:
    """What a sub-account may request now: its grant, as far as its inviter still reaches."""
    return grant.meet(inviter)
