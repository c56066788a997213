"""Contract lines: one client relationship on a desk that serves many.

A line is keyed by a short slug (``hl-2026-it-07``) and holds the versions of
one client's contract. Loading a contract names its line or lets the desk
infer it: the slug of the contract's reference, else of the client party's
name. A line belongs to one client: a contract whose client is someone else is
never stored as a version of it.

What a caller may see is a `LineScope`: every line (the operator on the desk's
own host) or a set of line ids (later, the lines a signed-in person's roles
reach). The store applies it to every ticket query, so a ticket of another line
is "not found", never "forbidden".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput

#: The key of a line inferred from a contract with neither reference nor client name.
DEFAULT_KEY = "default"
KEY_LENGTH = 100
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_KEY = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")


def slug(text: str) -> str:
    """`text` in lower case, every run of other characters one hyphen: 'HL-2026/IT 07' ->
    'hl-2026-it-07'. Empty when `text` has no letter or digit of the ASCII alphabet."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:KEY_LENGTH].strip("-")


def client_name(contract: Contract) -> str:
    """The name of the party the contract names as its client."""
    return contract.parties[contract.contract.client].name


def inferred_key(contract: Contract) -> str:
    """The line a contract belongs to when none is named: its reference's slug, else its
    client's name's slug, else `DEFAULT_KEY`."""
    for text in (contract.contract.reference, client_name(contract)):
        if text and (found := slug(text)):
            return found
    return DEFAULT_KEY


def require_key(key: str) -> str:
    """`key` when it is a line key (lower-case letters, digits, inner hyphens); else `InvalidInput`."""
    if not _KEY.match(key):
        raise InvalidInput(
            f"'{key}' is not a line key: use lower-case letters, digits and hyphens "
            f"(up to {KEY_LENGTH} characters), e.g. '{slug(key) or DEFAULT_KEY}'"
        )
    return key


def require_same_client(key: str, line_client: str, contract: Contract) -> None:
    """Refuse to store a contract of one client as a version of another client's line."""
    incoming = client_name(contract)
    if incoming != line_client:
        raise InvalidInput(
            f"line '{key}' belongs to {line_client}, but this contract's client is {incoming}; "
            f"name another line with --line (a new key starts a new line) or the line of {incoming}"
        )


@dataclass(frozen=True, slots=True)
class LineScope:
    """The lines a caller may see: `ids` None for every line on the desk."""

    ids: frozenset[int] | None = None

    @classmethod
    def every(cls) -> LineScope:
        return cls(None)

    @classmethod
    def only(cls, ids: Iterable[int]) -> LineScope:
        return cls(frozenset(ids))

    def admits(self, line_id: int) -> bool:
        return self.ids is None or line_id in self.ids


EVERY_LINE = LineScope.every()
