"""Ordered instants: the future tolerance, the late mark, and when a state began."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from remit.domain.errors import FutureInstant, InvalidInput, OutOfOrder
from remit.domain.instants import (
    TOLERANCE,
    Milestones,
    Moment,
    entered_moment,
    late_detail,
    require_not_before,
    state_since,
)
from remit.domain.ticket import State

OPENED = datetime(2026, 3, 8, 21, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return OPENED + timedelta(minutes=minutes)


def test_an_instant_just_within_the_tolerance_ahead_is_accepted_and_beyond_it_refused() -> None:
    assert entered_moment(at(0) + TOLERANCE, at(0)) == Moment(at(0) + TOLERANCE, at(0))
    with pytest.raises(FutureInstant) as refused:
        entered_moment(at(0) + TOLERANCE + timedelta(seconds=1), at(0), "take ticket 3 into work")
    assert isinstance(refused.value, InvalidInput)
    assert "cannot take ticket 3 into work at 2026-03-08T21:01:01+00:00" in str(refused.value)
    assert "the desk's clock reads 2026-03-08T21:00:00+00:00" in str(refused.value)


def test_an_entry_is_late_only_beyond_the_tolerance_and_then_carries_both_instants() -> None:
    assert late_detail(Moment(at(0), at(0) + TOLERANCE)) == {}
    late = Moment(at(0), at(0) + TOLERANCE + timedelta(seconds=1))
    assert late.late
    assert late_detail(late) == {"late_entry": True, "entered_at": "2026-03-08T21:01:01+00:00"}


def test_out_of_order_names_both_instants_and_equal_instants_are_in_order() -> None:
    require_not_before("take ticket 3 into work", at(0), "ticket 3 was opened", at(0))
    require_not_before("take ticket 3 into work", at(0), "nothing", None)
    with pytest.raises(OutOfOrder) as refused:
        require_not_before("take ticket 3 into work", at(-5), "ticket 3 was opened", at(0))
    assert str(refused.value) == (
        "cannot take ticket 3 into work at 2026-03-08T20:55:00+00:00: ticket 3 was opened at "
        "2026-03-08T21:00:00+00:00, later; nothing happens before the event it follows"
    )


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        (Milestones(State.HELD, OPENED), ("was opened", at(0))),
        (Milestones(State.NEW, OPENED, accepted_at=at(3)), ("was accepted", at(3))),
        (Milestones(State.IN_PROGRESS, OPENED, taken_at=at(5)), ("was taken into work", at(5))),
        (
            Milestones(
                State.IN_PROGRESS,
                OPENED,
                taken_at=at(5),
                pause_starts=(at(8),),
                pause_ends=(at(9),),
            ),
            ("was resumed", at(9)),
        ),
        (
            Milestones(
                State.IN_PROGRESS, OPENED, taken_at=at(5), pause_ends=(at(9),), reopenings=(at(30),)
            ),
            ("was reopened", at(30)),
        ),
        (
            Milestones(State.PAUSED, OPENED, pause_starts=(at(8), at(12)), pause_ends=(at(9),)),
            ("was paused", at(12)),
        ),
        (Milestones(State.RESTORED, OPENED, restored_at=at(20)), ("was restored", at(20))),
        (Milestones(State.REPORTED, OPENED, reported_at=at(40)), ("was reported", at(40))),
        (Milestones(State.CLOSED, OPENED, closed_at=at(50)), ("was closed", at(50))),
        (Milestones(State.REJECTED, OPENED), ("was opened", at(0))),
        (Milestones(State.NEW, OPENED), ("was opened", at(0))),
    ],
)
def test_a_state_began_with_the_event_that_led_into_it(
    milestones: Milestones, expected: tuple[str, datetime]
) -> None:
    assert state_since(milestones) == expected


def test_a_state_never_began_before_the_ticket_was_opened() -> None:
    """Legacy rows may carry a stage instant before the opening; the opening bounds it."""
    assert state_since(Milestones(State.NEW, OPENED, accepted_at=at(-60))) == (
        "was accepted",
        at(0),
    )
