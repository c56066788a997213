"""Planning a ticket's clocks and the work that falls due on them.

`plan` takes what has happened to a ticket (a `Timeline`), the terms it runs
under and the contract, and returns its deadlines (response, recovery, next
client update) and the `DueWork` the worker fires when its instant comes:
time-triggered escalations (a share of a target consumed), breaches of the
response and recovery targets, a missed client update, and the customer's
auto-confirmation of a work report. `symptom_escalations` gives the
escalations that fire at once when a request names a symptom the contract
escalates (its symptom text, case-insensitive, within the reported symptoms).

The client-update cadence is a promise to the client and runs on its own
calendar. A pause the customer caused stops it as well: while the desk waits
on the customer no update falls due, and the interval resumes where it
stopped (a promised update time moves by the time spent waiting on the
customer). A pause caused by the provider or a third party stops the SLA
clocks, as the contract says, but not the updates: the client is still
waiting and still owed news.

A ticket that is planned work (its objects were inside a confirmed maintenance
window at intake, `PlannedWindow`) is planned as the window's terms say: unless
its clocks run, the occurrence is taken out of the SLA clocks and the update
cadence like a pause, so they run from the window's end; unless its
escalations fire, escalations due inside the occurrence (time triggers, and
the symptom escalations of a request accepted in it) are held until its end.

Each piece of work has a stable key. Re-planning after a pause, a resume or a
contract change moves work that has not fired yet and never re-creates work
that has: the store keeps fired keys, and the outbox refuses a key it has seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from remit.domain.audit import JsonValue
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.targets import Deadline, deadline, ladder
from remit.domain.terms import Measure
from remit.domain.ticket import ACTIVE, State

Interval = tuple[datetime, datetime | None]
ClockFor = Callable[[str], Clock]


class WorkKind(StrEnum):
    ESCALATE = "escalate"
    BREACH = "breach"
    UPDATE_DUE = "update_due"
    AUTO_CONFIRM = "auto_confirm"
    VENDOR_FOLLOW_UP = "vendor_follow_up"  # planned by remit.domain.follow_through
    HANDOFF_DUE = "handoff_due"  # planned by remit.domain.follow_through


@dataclass(frozen=True, slots=True)
class ClockTerms:
    priority: str
    calendar: str
    response: int | None
    recovery: int | None
    cadence: int | None
    update_calendar: str


@dataclass(frozen=True, slots=True)
class PlannedWindow:
    """The confirmed maintenance-window occurrence a ticket is planned work in, and its terms."""

    name: str
    start: datetime
    end: datetime
    clocks_run: bool = False
    escalations_fire: bool = False


@dataclass(frozen=True, slots=True)
class Timeline:
    state: State
    accepted_at: datetime | None
    taken_at: datetime | None = None
    restored_at: datetime | None = None
    pauses: tuple[Interval, ...] = ()
    restorations: tuple[Interval, ...] = ()  # restored..reopened spans, out of the recovery clock
    customer_pauses: tuple[Interval, ...] = ()  # the pauses the customer caused: no updates due
    last_update_at: datetime | None = None
    promised_update_at: datetime | None = None
    updates: int = 0
    reported_at: datetime | None = None
    window: PlannedWindow | None = None  # set when the ticket is planned work
    symptoms: str = ""  # as reported; a window may hold their escalations


@dataclass(frozen=True, slots=True)
class DueWork:
    key: str
    kind: WorkKind
    due_at: datetime
    recipients: tuple[str, ...] = ()
    detail: dict[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TicketPlan:
    response: Deadline | None = None
    recovery: Deadline | None = None
    next_update: datetime | None = None
    work: tuple[DueWork, ...] = ()


def paused(timeline: Timeline) -> bool:
    return still_open(timeline.pauses)


def still_open(intervals: Sequence[Interval]) -> bool:
    return any(end is None for _, end in intervals)


def closed_spans(intervals: Sequence[Interval]) -> list[tuple[datetime, datetime]]:
    return [(start, end) for start, end in intervals if end is not None]


def plan(
    timeline: Timeline,
    terms: ClockTerms,
    contract: Contract,
    clock_for: ClockFor,
    coordinator: str,
    update_owner: str | None = None,
) -> TicketPlan:
    """Deadlines and due work of a ticket, given everything that happened to it; a due
    client update goes to `update_owner` (default: the coordinator)."""
    start = timeline.accepted_at
    if start is None or timeline.state is State.REJECTED:
        return TicketPlan()
    timeline = window_as_pause(timeline)
    clock = clock_for(terms.calendar)
    pauses = closed_spans(timeline.pauses)
    running = not paused(timeline)
    response = deadline(clock, start, terms.response, pauses) if running else None
    recovery_pauses = pauses + closed_spans(timeline.restorations)
    recovery = deadline(clock, start, terms.recovery, recovery_pauses) if running else None
    work: list[DueWork] = []
    if timeline.taken_at is None and response is not None and terms.response is not None:
        work.extend(_measure_work(Measure.RESPONSE, response, terms, contract, coordinator))
        work.extend(_triggers(Measure.RESPONSE, start, terms, contract, clock, pauses))
    active = timeline.state in ACTIVE
    if active and recovery is not None and terms.recovery is not None:
        work.extend(_measure_work(Measure.RECOVERY, recovery, terms, contract, coordinator))
        work.extend(_triggers(Measure.RECOVERY, start, terms, contract, clock, recovery_pauses))
    next_update = _next_update(timeline, terms, clock_for) if active else None
    if next_update is not None:
        work.append(_update_work(timeline, next_update, update_owner or coordinator))
    work.extend(_auto_confirm(timeline, contract, clock_for))
    work.extend(_held_symptoms(timeline, contract, terms.priority))
    return TicketPlan(response, recovery, next_update, hold_for_window(work, timeline.window))


def window_as_pause(timeline: Timeline) -> Timeline:
    """Unless its clocks run, a planned window stops the SLA clocks and the update cadence."""
    window = timeline.window
    if window is None or window.clocks_run:
        return timeline
    span = ((window.start, window.end),)
    return replace(
        timeline,
        pauses=timeline.pauses + span,
        customer_pauses=timeline.customer_pauses + span,
    )


def holds_escalations(window: PlannedWindow | None, at: datetime) -> bool:
    """True when `window` holds an escalation due `at` until its end."""
    return window is not None and not window.escalations_fire and window.start <= at < window.end


def hold_for_window(work: Sequence[DueWork], window: PlannedWindow | None) -> tuple[DueWork, ...]:
    """Escalations due inside a window that holds them move to its end (they fire once)."""
    if window is None:
        return tuple(work)
    return tuple(
        replace(w, due_at=window.end, detail={**w.detail, "held_by_window": window.name})
        if w.kind is WorkKind.ESCALATE and holds_escalations(window, w.due_at)
        else w
        for w in work
    )


def _held_symptoms(timeline: Timeline, contract: Contract, priority: str) -> list[DueWork]:
    """The symptom escalations of a request accepted inside a window that holds them."""
    at = timeline.accepted_at
    if at is None or timeline.state not in ACTIVE or not holds_escalations(timeline.window, at):
        return []  # restored inside the window: nothing left to escalate
    return symptom_escalations(contract, timeline.symptoms, priority, at)


def _measure_work(
    measure: Measure, deadline: Deadline, terms: ClockTerms, contract: Contract, coordinator: str
) -> Iterator[DueWork]:
    recipients = [coordinator]
    owner = contract.operating_model.client_owner
    if owner is not None:
        recipients.append(owner)
    detail: dict[str, JsonValue] = {"measure": measure.value, "priority": terms.priority}
    yield DueWork(
        f"breach:{measure.value}", WorkKind.BREACH, deadline.breach_at, tuple(recipients), detail
    )


def _triggers(
    measure: Measure,
    start: datetime,
    terms: ClockTerms,
    contract: Contract,
    clock: Clock,
    pauses: list[tuple[datetime, datetime]],
) -> Iterator[DueWork]:
    target = terms.response if measure is Measure.RESPONSE else terms.recovery
    for rung in ladder(
        contract, terms.priority, {measure: target}, start, clock, {measure: pauses}
    ):
        recipients = tuple(dict.fromkeys([rung.contact or rung.party, *rung.notify]))
        detail: dict[str, JsonValue] = {
            "measure": measure.value,
            "at": rung.share,
            "level": rung.level,
            "party": rung.party,
            "priority": terms.priority,
        }
        key = f"escalate:{measure.value}:{rung.share:g}:{rung.level}"
        yield DueWork(key, WorkKind.ESCALATE, rung.at, recipients, detail)


def symptom_escalations(
    contract: Contract, symptoms: str, priority: str, at: datetime
) -> list[DueWork]:
    """The contract's symptom triggers whose symptom the reported text names, due `at`."""
    reported = symptoms.casefold()
    levels = {level.name: level for level in contract.escalation.levels}
    found: list[DueWork] = []
    for trigger in contract.escalation.symptoms:
        level = levels.get(trigger.level)
        if level is None or trigger.symptom.casefold() not in reported:
            continue
        detail: dict[str, JsonValue] = {
            "trigger": "symptom",
            "symptom": trigger.symptom,
            "level": level.name,
            "party": level.party,
            "priority": priority,
        }
        key = f"escalate:symptom:{trigger.symptom}"
        found.append(DueWork(key, WorkKind.ESCALATE, at, (level.contact or level.party,), detail))
    return found


def _next_update(timeline: Timeline, terms: ClockTerms, clock_for: ClockFor) -> datetime | None:
    if timeline.accepted_at is None or still_open(timeline.customer_pauses):
        return None
    base = timeline.last_update_at or timeline.accepted_at
    waited = _since(base, closed_spans(timeline.customer_pauses))
    if timeline.promised_update_at is not None:
        return _moved_by(timeline.promised_update_at, waited)
    if terms.cadence is None:
        return None
    return clock_for(terms.update_calendar).due(base, terms.cadence, waited)


def _since(
    base: datetime, spans: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """The parts of `spans` after `base`, in order."""
    return sorted((max(start, base), end) for start, end in spans if end > base)


def _moved_by(promised: datetime, waited: list[tuple[datetime, datetime]]) -> datetime:
    """A promised instant, later by every stretch of waiting that began before it."""
    due = promised
    for start, end in waited:
        if start < due:
            due += end - start
    return due


def _update_work(timeline: Timeline, due: datetime, owner: str) -> DueWork:
    detail: dict[str, JsonValue] = {"measure": "update", "updates_so_far": timeline.updates}
    return DueWork(f"update:{timeline.updates}", WorkKind.UPDATE_DUE, due, (owner,), detail)


def _auto_confirm(timeline: Timeline, contract: Contract, clock_for: ClockFor) -> Iterator[DueWork]:
    days = contract.closure.auto_confirm_after_days
    if timeline.state is not State.REPORTED or timeline.reported_at is None or days is None:
        return
    name = contract.closure.auto_confirm_calendar or contract.sla.business_calendar
    if name is None:
        return
    due = after_business_days(clock_for(name), timeline.reported_at, days)
    key = f"auto_confirm:{int(timeline.reported_at.timestamp())}"
    detail: dict[str, JsonValue] = {"business_days": days, "calendar": name}
    yield DueWork(key, WorkKind.AUTO_CONFIRM, due, (), detail)


def after_business_days(clock: Clock, start: datetime, days: int) -> datetime:
    """The end (next local midnight) of the `days`-th business day after `start`'s date."""
    zone = ZoneInfo(clock.spec.timezone)
    day = start.astimezone(zone).date()
    counted = 0
    for _ in range(days * 30 + 366):
        day += timedelta(days=1)
        begin, end = _local_day(day, zone)
        if clock.elapsed(begin, end) > 0:
            counted += 1
            if counted >= days:
                return end
    return end


def _local_day(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    begin = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    return begin, end


def met(
    clock: Clock, start: datetime, done: datetime, seconds: int, pauses: Sequence[Interval]
) -> bool:
    """A target is met iff the business time until `done` does not exceed it."""
    return clock.elapsed(start, done, closed_spans(pauses)) <= seconds
