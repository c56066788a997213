"""Major incident rules: who may be linked to what, and how children follow the parent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from remit.domain.incidents import Linkable, follows, link_refusal
from remit.domain.ticket import State

PARENT = Linkable(1, State.IN_PROGRESS, None, 3, "provider", "IT support agreement")
CHILD = Linkable(2, State.NEW, None, 0, "provider", "IT support agreement")


def child(**changes: object) -> Linkable:
    return replace(CHILD, **changes)


def test_a_new_duplicate_links_to_an_open_parent() -> None:
    assert link_refusal(CHILD, PARENT) is None
    assert link_refusal(child(state=State.IN_PROGRESS), PARENT) is None


@pytest.mark.parametrize(
    ("candidate", "parent", "message"),
    [
        (child(children=2), PARENT, "ticket 2 is the major incident of 2 duplicate(s)"),
        (child(parent_id=7), PARENT, "ticket 2 is already a duplicate of #7; unlink it first"),
        (CHILD, child(), "ticket 2 cannot be a duplicate of itself"),
        (CHILD, child(id=1, state=State.RESTORED), "a major incident must be open"),
        (child(state=State.PAUSED), PARENT, "only a new or in-progress ticket is linked"),
        (child(contract="Other Ltd"), PARENT, "run under different contracts"),
    ],
)
def test_links_that_would_break_the_one_level_rule_or_the_contract_are_refused(
    candidate: Linkable, parent: Linkable, message: str
) -> None:
    refusal = link_refusal(candidate, parent)
    assert refusal is not None
    assert message in refusal


@pytest.mark.parametrize(
    ("child_state", "parent_state", "wanted"),
    [
        (State.NEW, State.RESTORED, State.RESTORED),
        (State.IN_PROGRESS, State.RESTORED, State.RESTORED),
        (State.RESTORED, State.REPORTED, State.REPORTED),
        (State.IN_PROGRESS, State.CLOSED, State.CLOSED),
        (State.REPORTED, State.CLOSED, State.CLOSED),
        (State.CLOSED, State.IN_PROGRESS, State.IN_PROGRESS),
        (State.RESTORED, State.IN_PROGRESS, State.IN_PROGRESS),
        (State.NEW, State.IN_PROGRESS, None),
        (State.NEW, State.PAUSED, None),
        (State.CLOSED, State.CLOSED, None),
    ],
)
def test_children_follow_restoration_report_closure_and_reopening(
    child_state: State, parent_state: State, wanted: State | None
) -> None:
    assert follows(child_state, parent_state) is wanted
