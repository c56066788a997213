"""The lifecycle table and the error it raises."""

from __future__ import annotations

import pytest

from remit.domain.errors import InvalidTransition
from remit.domain.ticket import TRANSITIONS, State, transition


def test_every_state_has_a_row_and_rejected_is_final() -> None:
    assert set(TRANSITIONS) == set(State)
    assert TRANSITIONS[State.REJECTED] == frozenset()


@pytest.mark.parametrize(
    ("current", "wanted"), [(s, w) for s, ws in TRANSITIONS.items() for w in sorted(ws)]
)
def test_allowed_moves_return_the_wanted_state(current: State, wanted: State) -> None:
    assert transition(current, wanted) is wanted


def test_a_forbidden_move_names_current_wanted_and_allowed() -> None:
    with pytest.raises(InvalidTransition) as caught:
        transition(State.HELD, State.IN_PROGRESS)
    error = caught.value
    assert (error.current, error.wanted, error.allowed) == (
        "held",
        "in_progress",
        ("new", "rejected"),
    )
    assert str(error) == (
        "cannot go from 'held' to 'in_progress'; from 'held' the ticket may go to: new, rejected"
    )


def test_nothing_leaves_rejected() -> None:
    with pytest.raises(InvalidTransition, match=r"nothing \(final state\)"):
        transition(State.REJECTED, State.NEW)


def test_closure_only_through_a_report() -> None:
    closers = {s for s, ws in TRANSITIONS.items() if State.CLOSED in ws}
    assert closers == {State.REPORTED}
