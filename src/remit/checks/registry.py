"""Every check rule, by stable code. Codes are never reused or renumbered.

RM0xx suppressions, RM1xx layers, objects and scope, RM2xx priorities, SLA and
round-the-clock promises, RM3xx the incident process, RM4xx duties around
incidents, RM5xx commercial terms.
"""

from __future__ import annotations

from remit.checks import (
    rules_cover,
    rules_duties,
    rules_hours,
    rules_layers,
    rules_objects,
    rules_process,
    rules_sla,
    rules_underpinning,
)
from remit.checks.model import Rule
from remit.checks.suppressions import RULE_NO_REASON, RULE_UNKNOWN, RULE_UNUSED

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            RULE_NO_REASON,
            RULE_UNUSED,
            RULE_UNKNOWN,
            *rules_layers.RULES,
            *rules_objects.RULES,
            *rules_sla.RULES,
            *rules_hours.RULES,
            *rules_process.RULES,
            *rules_duties.RULES,
            *rules_cover.RULES,
            *rules_underpinning.RULES,
        ),
        key=lambda rule: rule.code,
    )
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


class UnknownCodeError(ValueError):
    """A --select or --ignore value that matches no rule code."""


def choose(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """Rules whose code starts with a selected prefix (all if none) and with no ignored one."""
    chosen, dropped = _prefixes(select), _prefixes(ignore)
    return tuple(
        rule
        for rule in RULES
        if (not chosen or rule.code.startswith(chosen))
        and not rule.code.startswith(dropped or ("\0",))
    )


def _prefixes(values: tuple[str, ...]) -> tuple[str, ...]:
    found = tuple(v.strip().upper() for part in values for v in part.split(",") if v.strip())
    for prefix in found:
        if not any(code.startswith(prefix) for code in BY_CODE):
            raise UnknownCodeError(f'"{prefix}" matches no check code')
    return found
