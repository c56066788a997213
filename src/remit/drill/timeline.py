"""Due instants and the escalation timeline of a drill, each on its calendar.

Every instant comes from `remit.domain.targets`, the functions the desk plans
its clocks with: the SLA rule of each named object, the *governing* rule (the
one whose recovery, else response, falls due first; ties to the object named
first), the first client update, and the escalation triggers as
``ceil(share x target)`` of the governing rule's time on its own calendar.
Hand-off and vendor escalation run on the governing calendar too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from remit.contract.durations import format_duration
from remit.domain import routing, targets
from remit.domain.contract import Contract
from remit.domain.targets import Deadline, RuleDue, Rung
from remit.domain.terms import Measure
from remit.drill.reach import Clocks
from remit.drill.route import Due, Step, TargetDue

Ask = Callable[[str], None]


def target_dues(
    contract: Contract,
    clocks: Clocks,
    objects: tuple[str, ...],
    category: str,
    priority: str,
    at: datetime,
    ask: Ask,
) -> tuple[list[TargetDue], TargetDue | None]:
    """The rule of each object with its due instants, and the governing one."""
    for name in objects:
        rules = targets.rules_of(contract, name, category, priority)
        if not rules:
            ask(
                f'No SLA target covers {category} at {priority} for "{name}": when must it be restored?'
            )
        elif len(rules) > 1:
            paths = " and ".join(r.path for r in rules)
            ask(
                f'{paths} both match {category} at {priority} for "{name}": which target applies? ({rules[0].path} is used)'
            )
    dues = targets.rule_dues(contract, objects, category, priority, at, clocks.__getitem__)
    found = [_target(due, at, ask) for due in dues]
    lead = targets.governing(dues)
    return found, (found[dues.index(lead)] if lead else None)


def _target(due: RuleDue, at: datetime, ask: Ask) -> TargetDue:
    rule = due.rule

    def shown(what: str, seconds: int | None, deadline: Deadline | None) -> Due | None:
        if seconds is None or deadline is None:
            ask(f"{rule.path} states no {what} time: when is {what} due?")
            return None
        return Due(what, deadline.due.astimezone(at.tzinfo), rule.calendar, seconds)

    return TargetDue(
        due.objects,
        rule.path,
        rule.calendar,
        shown("response", rule.response, due.response),
        shown("recovery", rule.recovery, due.recovery),
    )


def first_update(
    contract: Contract,
    clocks: Clocks,
    priority: str,
    calendar: str | None,
    at: datetime,
    ask: Ask,
) -> Due | None:
    cadence = contract.communication.cadence.get(priority)
    if cadence is None:
        ask(f"No client-update cadence for {priority}: when does the client hear next?")
        return None
    name = targets.update_calendar(contract, calendar)
    if name is None:
        ask("No calendar for the client-update cadence (no communication.calendar and no target).")
        return None
    return Due(
        "first client update", clocks[name].due(at, cadence).astimezone(at.tzinfo), name, cadence
    )


def ladder(
    contract: Contract, clocks: Clocks, priority: str, target: TargetDue | None, at: datetime
) -> list[Rung]:
    """The escalation triggers of the governing rule, as the desk plans them."""
    if target is None:
        return []
    measures = {Measure.RESPONSE: target.response, Measure.RECOVERY: target.recovery}
    seconds = {m: due.duration if due else None for m, due in measures.items()}
    return targets.ladder(contract, priority, seconds, at, clocks[target.calendar])


def escalation_steps(
    contract: Contract,
    clocks: Clocks,
    priority: str,
    target: TargetDue | None,
    at: datetime,
    ask: Ask,
) -> list[Step]:
    if target is None:
        ask("Without an SLA target, no escalation time can be computed for this ticket.")
        return []
    clock = clocks[target.calendar]
    steps = _ownership_steps(contract, priority, lambda s: clock.due(at, s).astimezone(at.tzinfo))
    for rung in ladder(contract, clocks, priority, target, at):
        notify = f"; notify {', '.join(rung.notify)}" if rung.notify else ""
        steps.append(
            Step(
                rung.at.astimezone(at.tzinfo),
                f"{rung.share:.0%} of {rung.measure.value} used: escalate to {rung.level}{notify}",
                rung.party,
                rung.contact,
            )
        )
    for due in (target.response, target.recovery):
        if due is not None:
            steps.append(
                Step(due.at, f"{due.what} due ({format_duration(due.duration)} on {due.calendar})")
            )
    return sorted(steps, key=lambda s: s.at)


def _ownership_steps(
    contract: Contract, priority: str, due: Callable[[int], datetime]
) -> list[Step]:
    owner = routing.ownership(contract, priority)
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
