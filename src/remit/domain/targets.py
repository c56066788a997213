"""Which SLA rule governs a ticket, when its clocks fall due and how its ladder climbs.

The rules, as docs/contract.md ("How a ticket is routed") states them:

* The SLA rules of one named object are its matching per-object overrides,
  else the matching general targets; the first in document order applies when
  several match (`remit check` flags overlaps). A ticket without objects runs
  under the general targets.
* The *governing* rule of a ticket is, among the rules of its objects, the one
  whose recovery (else response) falls due first from the intake instant, each
  computed on the rule's own calendar; a tie goes to the object named first.
  Response and recovery targets both come from the governing rule, and its
  clocks run on the governing rule's own calendar.
* The first client update falls due `communication.cadence[priority]` after
  intake on `communication.calendar`, else on the governing rule's calendar.
* Each escalation trigger of the priority falls due at
  ``clock.due(start, ceil(share x target))``; the first escalation is the
  earliest of them.

Pure functions of a `Contract` and compiled clocks; used by the desk, the drill,
the appendix and the checks alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from remit.domain.clock import Clock, Pause
from remit.domain.contract import Contract
from remit.domain.terms import Measure
from remit.domain.values import frozen

ClockFor = Callable[[str], Clock]


@frozen
class SlaRule:
    """A general SLA target or a per-object override, with where it is written."""

    path: str
    calendar: str
    categories: tuple[str, ...]
    priorities: tuple[str, ...]
    response: int | None
    recovery: int | None
    objects: tuple[str, ...] = ()  # empty for a general target

    @property
    def is_override(self) -> bool:
        return bool(self.objects)

    def matches(self, category: str, priority: str) -> bool:
        return (not self.categories or category in self.categories) and (
            not self.priorities or priority in self.priorities
        )


def general_rules(contract: Contract) -> tuple[SlaRule, ...]:
    return tuple(
        SlaRule(f"sla.targets[{i}]", t.calendar, t.categories, t.priorities, t.response, t.recovery)
        for i, t in enumerate(contract.sla.targets)
    )


def override_rules(contract: Contract) -> tuple[SlaRule, ...]:
    return tuple(
        SlaRule(
            f"sla.overrides[{i}]",
            o.calendar,
            o.categories,
            o.priorities,
            o.response,
            o.recovery,
            o.objects,
        )
        for i, o in enumerate(contract.sla.overrides)
    )


def matching(
    general: Iterable[SlaRule], own: Iterable[SlaRule], category: str, priority: str
) -> list[SlaRule]:
    """The matching rules among an object's overrides `own`, else among the `general` ones."""
    found = [r for r in own if r.matches(category, priority)]
    return found or [r for r in general if r.matches(category, priority)]


def rules_of(contract: Contract, obj: str | None, category: str, priority: str) -> list[SlaRule]:
    """Every rule that matches `obj` (None: a ticket without objects), in document order."""
    own = [r for r in override_rules(contract) if obj is not None and obj in r.objects]
    return matching(general_rules(contract), own, category, priority)


@frozen
class Deadline:
    due: datetime
    breach_at: datetime


@frozen
class RuleDue:
    """One applicable rule, the objects it applies to and its deadlines from intake."""

    rule: SlaRule
    objects: tuple[str, ...]
    response: Deadline | None
    recovery: Deadline | None

    @property
    def first(self) -> datetime | None:
        """The instant that decides which rule governs: recovery, else response."""
        deadline = self.recovery or self.response
        return deadline.due if deadline else None


def deadline(
    clock: Clock, start: datetime, seconds: int | None, pauses: Sequence[Pause] = ()
) -> Deadline | None:
    if seconds is None:
        return None
    return Deadline(clock.due(start, seconds, pauses), clock.breach_at(start, seconds, pauses))


def rule_dues(
    contract: Contract,
    objects: tuple[str, ...],
    category: str,
    priority: str,
    at: datetime,
    clock_for: ClockFor,
) -> list[RuleDue]:
    """The rule of each named object (the first match), grouped, in the order objects are named."""
    grouped: dict[str, tuple[SlaRule, list[str]]] = {}
    for name in objects or (None,):
        rules = rules_of(contract, name, category, priority)
        if rules:
            names = grouped.setdefault(rules[0].path, (rules[0], []))[1]
            if name is not None:
                names.append(name)
    found = []
    for rule, names in grouped.values():
        clock = clock_for(rule.calendar)
        found.append(
            RuleDue(
                rule,
                tuple(names),
                deadline(clock, at, rule.response),
                deadline(clock, at, rule.recovery),
            )
        )
    return found


def governing(dues: Sequence[RuleDue]) -> RuleDue | None:
    """The rule whose recovery (else response) falls due first; ties to the first named."""
    timed = [(due.first, i) for i, due in enumerate(dues) if due.first is not None]
    return dues[min(timed)[1]] if timed else None


def governing_rule(
    contract: Contract,
    objects: tuple[str, ...],
    category: str,
    priority: str,
    at: datetime,
    clock_for: ClockFor,
) -> SlaRule | None:
    lead = governing(rule_dues(contract, objects, category, priority, at, clock_for))
    return lead.rule if lead else None


def update_calendar(contract: Contract, governing_calendar: str | None) -> str | None:
    """The calendar of the client-update cadence: communication's, else the governing rule's."""
    return contract.communication.calendar or governing_calendar


@frozen
class Rung:
    """One escalation trigger of a ticket's ladder and the instant it falls due."""

    at: datetime
    measure: Measure
    share: float
    level: str
    party: str
    contact: str | None
    notify: tuple[str, ...]


def trigger_seconds(share: float, target: int) -> int:
    """Business seconds after which a trigger at `share` of `target` fires (rounded up)."""
    return math.ceil(share * target)


def ladder(
    contract: Contract,
    priority: str,
    targets: dict[Measure, int | None],
    start: datetime,
    clock: Clock,
    pauses: dict[Measure, Sequence[Pause]] | None = None,
) -> list[Rung]:
    """The escalation triggers of `priority` with a target to measure, in contract order."""
    levels = {level.name: level for level in contract.escalation.levels}
    rungs = []
    for trigger in contract.escalation.triggers:
        target = targets.get(trigger.of)
        level = levels.get(trigger.level)
        if target is None or level is None:
            continue
        if trigger.priorities and priority not in trigger.priorities:
            continue
        stops = (pauses or {}).get(trigger.of, ())
        due = clock.due(start, trigger_seconds(trigger.at, target), stops)
        rungs.append(
            Rung(
                due, trigger.of, trigger.at, level.name, level.party, level.contact, trigger.notify
            )
        )
    return rungs


def first_escalation(rungs: Sequence[Rung]) -> Rung | None:
    """The earliest rung; a tie goes to the one written first."""
    return min(rungs, key=lambda r: r.at) if rungs else None
