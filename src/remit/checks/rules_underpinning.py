"""A party's own targets for its layers (operational-level or underpinning targets)
compared with the client's targets, as real instants on each side's calendar.

For every object of a target's layers and every priority it covers, the client's
rule is the one that applies to the object (`remit.domain.targets`). From each hour
of a reference week (the first full week from `contract.effective_from`, in UTC)
the client's deadline is computed on the client rule's calendar, the hand-off on
the same calendar, and the party's deadline from the hand-off on the party's
calendar with its holidays. The target is flagged when the party's deadline can
fall after the client's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from remit.checks.model import Hit, Rule, Severity
from remit.contract_facts import Facts, party_path
from remit.domain.clock import Clock, ClockError
from remit.domain.contract import UnderpinningTarget
from remit.domain.targets import SlaRule
from remit.domain.terms import Measure
from remit.domain.values import frozen

WEEK_HOURS = 7 * 24


@frozen
class _Late:
    measure: Measure
    start: datetime
    party_due: datetime
    client_due: datetime
    rule: SlaRule


class _Clocks:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.cache: dict[str, Clock] = {}

    def __call__(self, name: str) -> Clock:
        if name not in self.cache:
            self.cache[name] = Clock(self.facts.contract.calendars[name])
        return self.cache[name]


def reference_week(facts: Facts) -> list[datetime]:
    first = facts.contract.contract.effective_from
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    base = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    return [base + timedelta(hours=h) for h in range(WEEK_HOURS)]


def underpinning_later(facts: Facts) -> Iterator[Hit]:
    clocks = _Clocks(facts)
    starts = reference_week(facts)
    for party_name, party in facts.contract.parties.items():
        for index, target in enumerate(party.targets):
            calendar = target.calendar or party.calendar
            late, objects = _compare(facts, clocks, starts, target, calendar)
            if late is None:
                continue
            yield Hit(
                f"{party_path(party_name)}.targets[{index}]",
                _message(party_name, target, calendar, late, objects),
            )


def _compare(
    facts: Facts,
    clocks: _Clocks,
    starts: list[datetime],
    target: UnderpinningTarget,
    calendar: str,
) -> tuple[_Late | None, list[str]]:
    worst: _Late | None = None
    objects: list[str] = []
    checked: dict[tuple[SlaRule, Measure], _Late | None] = {}
    for name, obj in facts.objects.items():
        if not set(obj.layers) & set(target.layers):
            continue
        for priority in target.priorities or facts.levels:
            for category in facts.categories:
                for rule in facts.rules_for(name, category, priority)[:1]:
                    for measure in (Measure.RESPONSE, Measure.RECOVERY):
                        key = (rule, measure)
                        if key not in checked:
                            checked[key] = _latest(clocks, starts, target, calendar, rule, measure)
                        late = checked[key]
                        if late is None:
                            continue
                        if name not in objects:
                            objects.append(name)
                        if worst is None or _excess(late) > _excess(worst):
                            worst = late
    return worst, objects


def _excess(late: _Late) -> timedelta:
    return late.party_due - late.client_due


def _latest(
    clocks: _Clocks,
    starts: list[datetime],
    target: UnderpinningTarget,
    calendar: str,
    rule: SlaRule,
    measure: Measure,
) -> _Late | None:
    ours = target.response if measure is Measure.RESPONSE else target.recovery
    theirs = rule.response if measure is Measure.RESPONSE else rule.recovery
    if ours is None or theirs is None:
        return None
    client, party = clocks(rule.calendar), clocks(calendar)
    worst: _Late | None = None
    try:
        for start in starts:
            client_due = client.due(start, theirs)
            handed = client.due(start, target.handoff) if target.handoff else start
            party_due = party.due(handed, ours)
            if party_due > client_due and (
                worst is None or party_due - client_due > _excess(worst)
            ):
                worst = _Late(measure, start, party_due, client_due, rule)
    except ClockError:
        return None  # a calendar that never opens is reported by the calendar rules
    return worst


def _message(
    party: str, target: UnderpinningTarget, calendar: str, late: _Late, objects: list[str]
) -> str:
    zone = late.rule.calendar
    return (
        f'"{party}" promises {late.measure.value} on {calendar} for '
        f"{', '.join(target.layers)}, which can end after the client's target: a ticket "
        f"opened {_when(late.start)} is due to the client at {_when(late.client_due)} "
        f"({late.rule.path}, on {zone}), but {party}'s {late.measure.value} may end at "
        f"{_when(late.party_due)}; affects {', '.join(objects)}"
    )


def _when(instant: datetime) -> str:
    return instant.strftime("%a %Y-%m-%d %H:%M UTC")


RULES = (
    Rule(
        "RM215",
        "underpinning-target-later",
        Severity.ERROR,
        "A party's own target for a layer can end after the client's target",
        "001",
        "Response and recovery times toward the client only hold if every party working on "
        "a layer has promised at least as much on its own hours and holidays, counting the "
        "time the ticket takes to reach it.",
        "shorten the party's target, run it on a wider calendar, shorten the hand-off, or "
        "lengthen the client's target",
        underpinning_later,
    ),
)
