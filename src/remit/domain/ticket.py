"""The ticket lifecycle as data: states, the transitions between them, and codes.

A ticket is *held* while its requester is not an authorized contact (no clock
runs), *new* once accepted, *in progress* once taken into work, *paused* for one
of the contract's pause reasons, *restored* when the service works again,
*reported* once the work report is written and *closed* when the customer
confirms (or the contract's auto-confirmation period passes). Reopening moves a
restored, reported or closed ticket back into work and keeps its history.

Codes are persisted; labels are for display.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType

from remit.domain.errors import InvalidTransition


class State(StrEnum):
    HELD = "held"
    NEW = "new"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    RESTORED = "restored"
    REPORTED = "reported"
    CLOSED = "closed"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.HELD: "held for authorization",
    State.NEW: "new",
    State.IN_PROGRESS: "in progress",
    State.PAUSED: "paused",
    State.RESTORED: "service restored",
    State.REPORTED: "work report sent",
    State.CLOSED: "closed",
    State.REJECTED: "rejected",
}

TRANSITIONS: MappingProxyType[State, frozenset[State]] = MappingProxyType(
    {
        State.HELD: frozenset({State.NEW, State.REJECTED}),
        State.NEW: frozenset({State.IN_PROGRESS}),
        State.IN_PROGRESS: frozenset({State.PAUSED, State.RESTORED}),
        State.PAUSED: frozenset({State.IN_PROGRESS}),
        State.RESTORED: frozenset({State.REPORTED, State.IN_PROGRESS}),
        State.REPORTED: frozenset({State.CLOSED, State.IN_PROGRESS}),
        State.CLOSED: frozenset({State.IN_PROGRESS}),
        State.REJECTED: frozenset(),
    }
)

#: States in which the service is not yet restored: recovery and update clocks run.
ACTIVE = frozenset({State.NEW, State.IN_PROGRESS, State.PAUSED})
#: States after restoration, from which `reopen` returns to work.
REOPENABLE = frozenset({State.RESTORED, State.REPORTED, State.CLOSED})
#: States in which a ticket's clocks may still run (held: not yet accepted).
OPEN = frozenset({State.HELD, State.NEW, State.IN_PROGRESS, State.PAUSED})

#: Where a ticket with no running clock sorts among deadlines: after every instant.
NO_DEADLINE = datetime.max.replace(tzinfo=UTC)


def running_dues(
    state: str,
    *,
    taken_at: datetime | None,
    restored_at: datetime | None,
    response_due: datetime | None,
    recovery_due: datetime | None,
    next_update_due: datetime | None,
) -> dict[str, datetime]:
    """The due instant of each measure whose clock still runs on a ticket in `state`."""
    if state not in OPEN:
        return {}
    dues = {
        "response": response_due if taken_at is None else None,
        "recovery": recovery_due if restored_at is None else None,
        "update": next_update_due,
    }
    return {measure: due for measure, due in dues.items() if due is not None}


def list_due(dues: dict[str, datetime]) -> datetime:
    """The instant a ticket sorts by in a list: its next deadline, else `NO_DEADLINE`.

    A running measure is late at `now` exactly when this comes before `now`."""
    return min(dues.values(), default=NO_DEADLINE)


def transition(current: State, wanted: State) -> State:
    """Return `wanted` when the table allows it, else raise `InvalidTransition`."""
    allowed = TRANSITIONS[current]
    if wanted not in allowed:
        raise InvalidTransition(current.value, wanted.value, (s.value for s in allowed))
    return wanted


class IntakeChannel(StrEnum):
    """Where a request came in; every channel lands in the same intake."""

    CLI = "cli"
    WEB = "web"
    API = "api"
    EMAIL = "email"
    PHONE = "phone"


class RequestKind(StrEnum):
    TECHNICAL = "technical"
    BILLING = "billing"


class CheckResult(StrEnum):
    PENDING = "pending"
    CLEAR = "clear"
    FAULT_FOUND = "fault_found"
    NEEDS_VENDOR = "needs_vendor"
    NOT_OURS = "not_ours"

    @property
    def closes_check(self) -> bool:
        return self is not CheckResult.PENDING


class VendorStatus(StrEnum):
    OPEN = "open"
    WAITING_VENDOR = "waiting_vendor"
    FIX_PROPOSED = "fix_proposed"
    RESOLVED = "resolved"
    CLOSED = "closed"


def actor_party(actor: str) -> str:
    """The party of an actor written as 'party' or 'party.contact'."""
    return actor.split(".", 1)[0]
