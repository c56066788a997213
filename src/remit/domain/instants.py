"""Ordered instants: when something happened, when it was entered, and what came first.

Every action on the desk has two instants: when it *happened* (the `now` a service
is given) and when it was *entered* (the server clock when the service runs). The
rules, in one place, that every service asks:

- **Nothing is dated in the future.** An action, and the worker's sweep, may not
  happen more than `TOLERANCE` after the server clock (`entered_moment`).
- **A late entry is marked.** An action that happened more than `TOLERANCE` before
  it was entered is a late entry: its audit record keeps both instants
  (`late_detail`). Adapters that speak for people acting now (the HTTP API, the web,
  mail) pass the server clock; only an explicit late entry passes an earlier one.
- **Instants are ordered** (`require_not_before`). A ticket action is judged against
  the ticket's current state, so it happened while the ticket was in that state: not
  before the instant the ticket entered it (`state_since`: take after it was opened or
  accepted, resume after its pause began, report after restoration, confirm after the
  report, ...), and so never before the ticket was opened. Actions on a part of the
  ticket are ordered after that part too (an answer after its check was opened, a
  vendor follow-up after the case was opened, an approval after its request).
- **A recorded breach is final.** A late entry is recorded at the instant it
  happened, but a breach already on record stays a breach: the measure is reported
  missed and the breach's escalations are never planned again (see
  `remit.services.ticket_ops.check_measure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from remit.domain.errors import FutureInstant, OutOfOrder
from remit.domain.ticket import State

#: How far a `now` may lie after the server clock (clock skew between hosts), and
#: how far before it an entry is still "now" rather than late.
TOLERANCE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Moment:
    """When an action happened, and when the desk learnt of it."""

    happened: datetime
    entered: datetime

    @property
    def late(self) -> bool:
        """Entered more than `TOLERANCE` after it happened."""
        return self.entered - self.happened > TOLERANCE


def entered_moment(happened: datetime, entered: datetime, what: str = "act") -> Moment:
    """The moment of an action; `FutureInstant` when it lies beyond the server clock."""
    if happened - entered > TOLERANCE:
        raise FutureInstant(what, happened, entered, TOLERANCE)
    return Moment(happened, entered)


def late_detail(moment: Moment) -> dict[str, str | bool]:
    """What the audit record of a late entry adds: the mark and the instant entered."""
    if not moment.late:
        return {}
    return {"late_entry": True, "entered_at": moment.entered.astimezone(UTC).isoformat()}


def require_not_before(what: str, when: datetime, earlier: str, since: datetime | None) -> None:
    """`OutOfOrder` when `what` (at `when`) would come before `earlier` (at `since`)."""
    if since is not None and when < since:
        raise OutOfOrder(what, when, earlier, since)


@dataclass(frozen=True, slots=True)
class Milestones:
    """The instants a ticket's current state follows from, as stored on the ticket."""

    state: State
    opened_at: datetime
    accepted_at: datetime | None = None
    taken_at: datetime | None = None
    restored_at: datetime | None = None
    reported_at: datetime | None = None
    closed_at: datetime | None = None
    pause_starts: Sequence[datetime] = ()
    pause_ends: Sequence[datetime] = ()
    reopenings: Sequence[datetime] = ()


def state_since(ticket: Milestones) -> tuple[str, datetime]:
    """The event that put the ticket into its current state and its instant; the
    opening when the ticket carries no later one."""
    candidates = _candidates(ticket).get(ticket.state, ())
    known = [(when, event) for event, when in candidates if when is not None]
    if not known:
        return "was opened", ticket.opened_at
    when, event = max(known)
    return event, max(when, ticket.opened_at)


def _candidates(t: Milestones) -> dict[State, tuple[tuple[str, datetime | None], ...]]:
    last = _last
    return {
        State.NEW: (("was accepted", t.accepted_at),),
        State.IN_PROGRESS: (
            ("was taken into work", t.taken_at),
            ("was resumed", last(t.pause_ends)),
            ("was reopened", last(t.reopenings)),
        ),
        State.PAUSED: (("was paused", last(t.pause_starts)),),
        State.RESTORED: (("was restored", t.restored_at),),
        State.REPORTED: (("was reported", t.reported_at),),
        State.CLOSED: (("was closed", t.closed_at),),
    }


def _last(instants: Sequence[datetime]) -> datetime | None:
    return max(instants) if instants else None
