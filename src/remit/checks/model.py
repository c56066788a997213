"""What a check rule is and what it reports.

A rule is a small pure function of `Facts` (a contract plus derived indexes)
that yields `Hit`s: a dotted field path and a message. The runner turns hits
into `Finding`s by attaching the rule's code, severity and hint and the
file:line:column of the path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from remit.domain.values import frozen

if TYPE_CHECKING:
    from remit.contract_facts import Facts


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 0 if self is Severity.ERROR else 1


@frozen
class Hit:
    """One offending element: where it is (a field path) and what is wrong."""

    path: str
    message: str
    hint: str | None = None  # overrides the rule's general hint when more precise


RuleFn = Callable[["Facts"], Iterable[Hit]]


# What each rule's `seed` stands for, in words a reader without the source texts can follow.
SOURCES: dict[str, str] = {
    "000": "IT provider and hosting boundaries",
    "001": "24/7 support in a mixed IT environment",
    "002": "business-hours and after-hours support",
    "003": "an enterprise hosting support process",
    "004": "what an IT support contract must cover",
}


@frozen
class Rule:
    code: str  # stable, e.g. RM101
    name: str  # short kebab-case id, e.g. layer-without-primary
    severity: Severity
    title: str  # one line, what the rule finds
    seed: str  # the source document the rule traces to, e.g. "001"
    rationale: str  # why it matters, one or two sentences
    hint: str  # how to fix it, in general
    check: RuleFn | None  # None: reported by the runner itself (suppression bookkeeping)

    @property
    def source(self) -> str:
        """The practice the rule comes from, in words (docs/checks.md explains each)."""
        return SOURCES[self.seed]


@frozen
class Finding:
    code: str
    severity: Severity
    message: str
    path: str
    hint: str
    file: str
    line: int
    column: int

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)


@frozen
class Suppressed:
    """A finding the contract accepts on purpose, with the contract's reason."""

    finding: Finding
    reason: str
    suppression_path: str
