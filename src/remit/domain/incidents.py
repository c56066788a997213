"""Major incidents: duplicate tickets linked to one parent, which they follow.

Thirty calls about one database outage are one incident. The coordinator links
each duplicate (the child) to the major incident (the parent). The rules:

- One level only: a parent is never itself a child. Naming a child as the
  parent links to that child's parent (the major incident it belongs to); a
  ticket that has duplicates of its own cannot become one.
- Both tickets run under the same contract line; the parent is open (new, in
  progress or paused) and the child new or in progress. A child whose coordinator
  differs (the incident's coordination was transferred after the contract's
  coordinator took the call) takes on the parent's coordinator when linked: one
  incident, one coordinator. The child's coordinator links it.
- While linked a child plans no due work of its own — no escalation ladder, no
  breach, no client update due, no notices — it follows the parent's clocks.
- When the parent is restored, reported, closed or taken back into work, every
  linked child moves with it (`follows`), each move audited on the child.
- Unlinking gives the child back its own clocks, counted from its own acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass

from remit.domain.ticket import ACTIVE, REOPENABLE, State

#: States a ticket may be in to be linked as a duplicate.
LINKABLE = frozenset({State.NEW, State.IN_PROGRESS})
#: The parent states a linked child takes on when the parent reaches them.
_FOLLOWED = frozenset({State.RESTORED, State.REPORTED, State.CLOSED})


@dataclass(frozen=True, slots=True)
class Linkable:
    """What linking needs to know about either ticket."""

    id: int
    state: State
    parent_id: int | None
    children: int
    coordinator: str
    contract: str


def link_refusal(child: Linkable, parent: Linkable) -> str | None:
    """Why `child` cannot be linked to `parent` (already resolved to the major
    incident), or None when it can."""
    if child.children:
        return (
            f"ticket {child.id} is the major incident of {child.children} duplicate(s); "
            "it cannot be a duplicate itself"
        )
    if child.parent_id is not None:
        return f"ticket {child.id} is already a duplicate of #{child.parent_id}; unlink it first"
    if child.id == parent.id:
        return f"ticket {child.id} cannot be a duplicate of itself"
    return _state_refusal(child, parent) or _line_refusal(child, parent)


def _state_refusal(child: Linkable, parent: Linkable) -> str | None:
    if parent.state not in ACTIVE:
        return (
            f"ticket {parent.id} is {parent.state.label}; "
            "a major incident must be open (new, in progress or paused)"
        )
    if child.state not in LINKABLE:
        return (
            f"ticket {child.id} is {child.state.label}; "
            "only a new or in-progress ticket is linked as a duplicate"
        )
    return None


def _line_refusal(child: Linkable, parent: Linkable) -> str | None:
    if child.contract != parent.contract:
        return (
            f"tickets {child.id} and {parent.id} run under different contracts "
            f"({child.contract}, {parent.contract})"
        )
    return None


def follows(child: State, parent: State) -> State | None:
    """The state a linked child moves to when its parent is in `parent`; None: it stays."""
    if parent in _FOLLOWED and child is not parent:
        return parent
    if parent is State.IN_PROGRESS and child in REOPENABLE:
        return State.IN_PROGRESS
    return None
