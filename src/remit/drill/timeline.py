"""Due instants and the escalation timeline of a drill, each on its calendar.

The SLA rule for each named object is chosen as in `remit.checks.facts`
(an override for the object beats the general targets). The *governing* target
is the one whose recovery falls due first; hand-off, vendor escalation and time
triggers run on its calendar, as fractions of its response or recovery time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from remit.checks.facts import Facts, SlaRule
from remit.contract.durations import format_duration
from remit.domain.terms import Measure
from remit.drill.reach import Clocks
from remit.drill.route import Due, Step, TargetDue

Ask = Callable[[str], None]


def target_dues(
    facts: Facts,
    clocks: Clocks,
    objects: tuple[str, ...],
    category: str,
    priority: str,
    at: datetime,
    ask: Ask,
) -> list[TargetDue]:
    grouped: dict[str, tuple[SlaRule, list[str]]] = {}
    for name in objects:
        rules = facts.rules_for(name, category, priority)
        if not rules:
            ask(
                f'No SLA target covers {category} at {priority} for "{name}": when must it be restored?'
            )
            continue
        if len(rules) > 1:
            paths = " and ".join(r.path for r in rules)
            ask(
                f'{paths} both match {category} at {priority} for "{name}": which target applies? ({rules[0].path} is used)'
            )
        grouped.setdefault(rules[0].path, (rules[0], []))[1].append(name)
    return [_due_pair(clocks, rule, tuple(names), at, ask) for rule, names in grouped.values()]


def _due_pair(
    clocks: Clocks, rule: SlaRule, names: tuple[str, ...], at: datetime, ask: Ask
) -> TargetDue:
    def due(what: str, seconds: int | None) -> Due | None:
        if seconds is None:
            ask(f"{rule.path} states no {what} time: when is {what} due?")
            return None
        return Due(
            what,
            clocks[rule.calendar].due(at, seconds).astimezone(at.tzinfo),
            rule.calendar,
            seconds,
        )

    return TargetDue(
        names,
        rule.path,
        rule.calendar,
        due("response", rule.response),
        due("recovery", rule.recovery),
    )


def governing(targets: list[TargetDue]) -> TargetDue | None:
    timed = [(due.at, i, t) for i, t in enumerate(targets) if (due := t.recovery or t.response)]
    return min(timed)[2] if timed else None


def first_update(
    facts: Facts, clocks: Clocks, priority: str, calendar: str | None, at: datetime, ask: Ask
) -> Due | None:
    comm = facts.contract.communication
    cadence = comm.cadence.get(priority)
    if cadence is None:
        ask(f"No client-update cadence for {priority}: when does the client hear next?")
        return None
    name = comm.calendar or calendar
    if name is None:
        ask("No calendar for the client-update cadence (no communication.calendar and no target).")
        return None
    return Due(
        "first client update", clocks[name].due(at, cadence).astimezone(at.tzinfo), name, cadence
    )


def escalation_steps(
    facts: Facts, clocks: Clocks, priority: str, target: TargetDue | None, at: datetime, ask: Ask
) -> list[Step]:
    if target is None:
        ask("Without an SLA target, no escalation time can be computed for this ticket.")
        return []
    clock = clocks[target.calendar]
    steps = _ownership_steps(facts, priority, lambda s: clock.due(at, s).astimezone(at.tzinfo))
    measures = {Measure.RESPONSE: target.response, Measure.RECOVERY: target.recovery}
    levels = {lvl.name: lvl for lvl in facts.contract.escalation.levels}
    for trigger in facts.contract.escalation.triggers:
        due = measures[trigger.of]
        if (trigger.priorities and priority not in trigger.priorities) or due is None:
            continue
        level = levels[trigger.level]
        when = clock.due(at, round(trigger.at * due.duration)).astimezone(at.tzinfo)
        notify = f"; notify {', '.join(trigger.notify)}" if trigger.notify else ""
        steps.append(
            Step(
                when,
                f"{trigger.at:.0%} of {trigger.of.value} used: escalate to {level.name}{notify}",
                level.party,
                level.contact,
            )
        )
    for due in (target.response, target.recovery):
        if due is not None:
            steps.append(
                Step(due.at, f"{due.what} due ({format_duration(due.duration)} on {due.calendar})")
            )
    return sorted(steps, key=lambda s: s.at)


def _ownership_steps(facts: Facts, priority: str, due: Callable[[int], datetime]) -> list[Step]:
    levels = facts.contract.priorities.levels if facts.contract.priorities else {}
    owner = levels[priority].ownership if priority in levels else None
    steps: list[Step] = []
    if owner is None:
        return steps
    if owner.handoff_after is not None:
        what = f"helpdesk hands off to engineering after {format_duration(owner.handoff_after)} without a fix"
        steps.append(Step(due(owner.handoff_after), what, owner.engineering))
    if owner.vendor_after is not None:
        what = f"vendor escalation begins after {format_duration(owner.vendor_after)} without a fix"
        steps.append(Step(due(owner.vendor_after), what))
    return steps
