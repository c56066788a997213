"""Correcting a ticket's classification, and the rule its clocks follow afterwards.

The coordinator may correct a ticket's priority, category, scope (impact) and
objects. `derive_terms` gives the terms the corrected ticket runs under: a
given priority is taken as it is; otherwise a changed category, scope or set
of objects re-derives the priority from the contract's matrix (a new category
brings its own urgency). The SLA target, the calendar its clocks run on and
the client-update cadence follow from the priority.

The re-plan rule:

- Targets count from the original start: the ticket's acceptance. An upgrade's
  tighter target may therefore be used up already; `overdue` names each
  measure still running whose breach instant under the new terms has passed,
  and the desk records that breach at once.
- A measure already completed (response once taken, recovery once restored)
  keeps the outcome it had; a correction never judges it again.
- A downgrade never erases a breach already recorded: breach records and
  fired work stay, and a measure with a recorded breach is reported missed
  however late its corrected breach instant falls.
- Work of the new terms is planned under the same stable keys: work that has
  fired is never created again, and work that would have fallen due in the past
  fires at the worker's next sweep, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.domain import routing, targets
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput
from remit.domain.escalation import ClockFor, ClockTerms, Timeline, closed_spans
from remit.domain.terms import Impact, Measure, Urgency
from remit.domain.ticket import ACTIVE


@dataclass(frozen=True, slots=True)
class Classification:
    """What the desk knows about a request that decides its terms; a priority of
    None is derived from the contract (`derive_terms`)."""

    impact: Impact
    urgency: Urgency
    category: str
    objects: tuple[str, ...]
    priority: str | None


@dataclass(frozen=True, slots=True)
class Correction:
    """The coordinator's corrections; None leaves a value as it is."""

    priority: str | None = None
    category: str | None = None
    impact: Impact | None = None
    objects: tuple[str, ...] | None = None

    def empty(self) -> bool:
        return all(v is None for v in (self.priority, self.category, self.impact, self.objects))


@dataclass(frozen=True, slots=True)
class TicketTerms:
    """A classification with the priority and terms it runs under (no calendar: no
    SLA target)."""

    classification: Classification
    priority: str
    calendar: str | None
    response: int | None
    recovery: int | None
    cadence: int | None
    update_calendar: str | None
    after_hours: bool


@dataclass(frozen=True, slots=True)
class Overdue:
    measure: Measure
    breach_at: datetime


def corrected(contract: Contract, current: Classification, change: Correction) -> Classification:
    """The classification after `change`; its priority is the one given, else None: a
    changed category, scope or set of objects derives it again."""
    if change.empty():
        raise InvalidInput("nothing to correct: give a priority, category, scope or objects")
    category = change.category or current.category
    if change.category:
        routing.require_category(contract, category)
    urgency = routing.urgency_for(contract, category, None) if change.category else current.urgency
    objects = current.objects if change.objects is None else change.objects
    if unknown := routing.unknown_objects(contract, objects):
        raise InvalidInput(f"objects not in the contract: {', '.join(unknown)}")
    impact = change.impact or current.impact
    if change.priority is not None and change.priority not in known_priorities(contract):
        known = ", ".join(known_priorities(contract))
        raise InvalidInput(f"unknown priority '{change.priority}'; known: {known}")
    return Classification(impact, urgency, category, tuple(objects), change.priority)


def known_priorities(contract: Contract) -> list[str]:
    if contract.priorities is None:
        return []
    cells = [p for row in contract.priorities.matrix.values() for p in row.values()]
    return list(dict.fromkeys([*contract.priorities.levels, *cells]))


def derive_terms(
    contract: Contract,
    classification: Classification,
    arrived_after_hours: bool,
    start: datetime,
    clock_for: ClockFor,
) -> TicketTerms:
    """The priority (the given one, else the matrix's), SLA target, clock calendar,
    update cadence and after-hours handling of a classification, for a request that
    arrived outside business hours or not, by the same routing rules as intake: the
    governing rule is the one falling due first from `start`, on its own calendar."""
    c = classification
    found = routing.classify(
        contract, c.impact, c.category, c.objects, urgency=c.urgency, priority=c.priority
    )
    priority = routing.require_priority(contract, found)
    rule = targets.governing_rule(contract, c.objects, c.category, priority, start, clock_for)
    calendar = rule.calendar if rule else None
    return TicketTerms(
        classification=c,
        priority=priority,
        calendar=calendar,
        response=rule.response if rule else None,
        recovery=rule.recovery if rule else None,
        cadence=contract.communication.cadence.get(priority),
        update_calendar=targets.update_calendar(contract, calendar),
        after_hours=arrived_after_hours
        and routing.after_hours_covered(contract, priority, c.category),
    )


def overdue(timeline: Timeline, terms: ClockTerms, clock: Clock, now: datetime) -> list[Overdue]:
    """The measures still running whose breach instant, counted from the acceptance
    (pauses out; a pause still open ends at `now`), is at or before `now`."""
    start = timeline.accepted_at
    if start is None or timeline.state not in ACTIVE:
        return []
    pauses = [(begin, end or now) for begin, end in timeline.pauses if begin < now]
    found: list[Overdue] = []
    if timeline.taken_at is None and terms.response is not None:
        found.extend(_passed(Measure.RESPONSE, clock, start, terms.response, pauses, now))
    if terms.recovery is not None:
        spans = pauses + closed_spans(timeline.restorations)
        found.extend(_passed(Measure.RECOVERY, clock, start, terms.recovery, spans, now))
    return found


def _passed(
    measure: Measure,
    clock: Clock,
    start: datetime,
    seconds: int,
    pauses: list[tuple[datetime, datetime]],
    now: datetime,
) -> list[Overdue]:
    breach_at = clock.breach_at(start, seconds, pauses)
    return [Overdue(measure, breach_at)] if breach_at <= now else []
