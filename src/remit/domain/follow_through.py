"""Follow-through clocks: the helpdesk's hand-off to engineering and vendor follow-ups.

Both are due work planned with the ticket's other clocks and fired once by the
worker (see `remit.domain.escalation`).

Hand-off (`priorities.levels[P].ownership.handoff_after`): when a ticket of
priority P is not restored `handoff_after` after acceptance, counted like the
recovery clock (business time of the ticket's clock calendar, pauses excluded,
nothing planned while paused), the engineering party
(`ownership.engineering`) is handed the ticket: work of kind ``handoff_due``,
key ``handoff_due``, notifying the engineering party and the coordinator.

Vendor follow-up (`vendors[*].follow_up`): an open vendor case (not resolved or
closed) on a ticket that is not restored is followed up every `follow_up`,
on the handling's `follow_up_calendar` or else the ticket's clock calendar.
The interval starts at the later of the case's opening (or its last recorded
follow-up) and the moment vendor escalation starts: `ownership.vendor_after`
after acceptance on the ticket's clock calendar (ended pauses excluded). When
the interval runs out without a recorded follow-up, the follow-through party
and the coordinator are reminded and the miss is recorded like a missed client
update: work of kind ``vendor_follow_up``, key
``vendor_follow_up:<case id>:<follow-ups recorded so far>``, measure
``vendor_follow_up``. Recording a follow-up restarts the interval (a new key).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from remit.domain.audit import JsonValue
from remit.domain.contract import Contract
from remit.domain.escalation import (
    ClockFor,
    ClockTerms,
    DueWork,
    Timeline,
    WorkKind,
    closed_spans,
    paused,
    window_as_pause,
)
from remit.domain.terms import Ownership, VendorHandling
from remit.domain.ticket import ACTIVE

HANDOFF_KEY = "handoff_due"
FOLLOW_UP_MEASURE = "vendor_follow_up"


@dataclass(frozen=True, slots=True)
class CaseClock:
    """What the follow-up clock needs of one vendor case."""

    case_id: int
    vendor: str
    case_ref: str
    follow_through: str
    opened_at: datetime
    open: bool
    follow_ups: int = 0
    last_follow_up_at: datetime | None = None


def follow_through_work(
    timeline: Timeline,
    terms: ClockTerms,
    contract: Contract,
    clock_for: ClockFor,
    coordinator: str,
    cases: Sequence[CaseClock],
) -> tuple[DueWork, ...]:
    """The hand-off and vendor follow-up work of a ticket not yet restored."""
    if timeline.accepted_at is None or timeline.state not in ACTIVE:
        return ()
    timeline = window_as_pause(timeline)  # planned work: these clocks stop with the SLA's
    ownership = _ownership(contract, terms.priority)
    work = list(_handoff(timeline, terms, ownership, clock_for, coordinator))
    for case in cases:
        work.extend(_follow_up(timeline, terms, contract, ownership, clock_for, coordinator, case))
    return tuple(work)


def _ownership(contract: Contract, priority: str) -> Ownership:
    levels = contract.priorities.levels if contract.priorities else {}
    level = levels.get(priority)
    return level.ownership if level and level.ownership else Ownership()


def _handoff(
    timeline: Timeline,
    terms: ClockTerms,
    ownership: Ownership,
    clock_for: ClockFor,
    coordinator: str,
) -> Iterator[DueWork]:
    after, engineering = ownership.handoff_after, ownership.engineering
    if after is None or engineering is None or paused(timeline):
        return
    assert timeline.accepted_at is not None
    spans = closed_spans(timeline.pauses)
    due = clock_for(terms.calendar).due(timeline.accepted_at, after, spans)
    detail: dict[str, JsonValue] = {
        "engineering": engineering,
        "intake": ownership.intake,
        "priority": terms.priority,
        "after_s": after,
        "calendar": terms.calendar,
    }
    recipients = tuple(dict.fromkeys([engineering, coordinator]))
    yield DueWork(HANDOFF_KEY, WorkKind.HANDOFF_DUE, due, recipients, detail)


def _follow_up(
    timeline: Timeline,
    terms: ClockTerms,
    contract: Contract,
    ownership: Ownership,
    clock_for: ClockFor,
    coordinator: str,
    case: CaseClock,
) -> Iterator[DueWork]:
    handling = _handling(contract, case.vendor)
    if not case.open or handling is None or handling.follow_up is None:
        return
    assert timeline.accepted_at is not None
    base = case.last_follow_up_at or case.opened_at
    if ownership.vendor_after is not None:
        spans = closed_spans(timeline.pauses)
        starts = clock_for(terms.calendar).due(timeline.accepted_at, ownership.vendor_after, spans)
        base = max(base, starts)
    calendar = handling.follow_up_calendar or terms.calendar
    due = clock_for(calendar).due(base, handling.follow_up, [])
    detail: dict[str, JsonValue] = {
        "measure": FOLLOW_UP_MEASURE,
        "vendor": case.vendor,
        "case_ref": case.case_ref,
        "follow_through": case.follow_through,
        "follow_ups_so_far": case.follow_ups,
        "calendar": calendar,
    }
    key = f"{FOLLOW_UP_MEASURE}:{case.case_id}:{case.follow_ups}"
    recipients = tuple(dict.fromkeys([case.follow_through, coordinator]))
    yield DueWork(key, WorkKind.VENDOR_FOLLOW_UP, due, recipients, detail)


def _handling(contract: Contract, vendor: str) -> VendorHandling | None:
    return next((h for h in contract.vendors if h.vendor == vendor), None)
