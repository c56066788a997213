"""Findings the contract accepts on purpose: `suppress: [{code, reason, at}]`.

A suppression matches a finding with the same code whose field path is `at`
or lies below it (``objects.erp`` matches ``objects.erp.version`` but not
``objects.erp2``); without `at` it matches every finding of the code. The
reason is required and must not be blank; suppressions of unknown codes and
suppressions that match nothing are reported too.
"""

from __future__ import annotations

from collections.abc import Iterator

from remit.checks.model import Hit, Rule, Severity
from remit.contract_facts import Facts
from remit.domain.terms import Suppression


def covers(suppression: Suppression, code: str, path: str) -> bool:
    if suppression.code != code or not suppression.reason.strip():
        return False
    at = suppression.at
    return at is None or path == at or path.startswith((f"{at}.", f"{at}["))


def suppression_without_reason(facts: Facts) -> Iterator[Hit]:
    for index, s in enumerate(facts.contract.suppress):
        if not s.reason.strip():
            yield Hit(f"suppress[{index}].reason", f"the suppression of {s.code} gives no reason")


def unknown_code_suppressed(facts: Facts, known: frozenset[str]) -> Iterator[Hit]:
    for index, s in enumerate(facts.contract.suppress):
        if s.code not in known:
            yield Hit(f"suppress[{index}].code", f'"{s.code}" is not a remit check code')


def unused(facts: Facts, used: set[int], ran: frozenset[str]) -> Iterator[Hit]:
    """Suppressions of codes that ran but matched no finding."""
    for index, s in enumerate(facts.contract.suppress):
        if index not in used and s.code in ran and s.reason.strip():
            where = f" at {s.at}" if s.at else ""
            yield Hit(
                f"suppress[{index}]", f"the suppression of {s.code}{where} matches no finding"
            )


RULE_NO_REASON = Rule(
    "RM001",
    "suppression-without-reason",
    Severity.ERROR,
    "A suppression gives no reason",
    "001",
    "An accepted gap must say why it is accepted, or the next reader cannot tell a decision "
    "from an oversight.",
    "write the reason in `reason:`",
    suppression_without_reason,
)

RULE_UNUSED = Rule(
    "RM002",
    "unused-suppression",
    Severity.WARNING,
    "A suppression matches no finding",
    "001",
    "A suppression left over after the contract was fixed hides the next real finding of "
    "that code at that place.",
    "remove the suppression, or correct its `at:` path",
    None,
)

RULE_UNKNOWN = Rule(
    "RM003",
    "unknown-code-suppressed",
    Severity.ERROR,
    "A suppression names an unknown check code",
    "001",
    "A misspelt code suppresses nothing, and the finding it meant to accept stays reported.",
    "use a code listed in docs/checks.md",
    None,
)
