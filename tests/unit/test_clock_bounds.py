"""The longest duration on the sparsest calendar ends at once: in range, or refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from remit.domain.bounds import LONGEST_S
from remit.domain.calendar import CalendarSpec, DayInterval, Weekday
from remit.domain.clock import Clock, ClockError

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_a_due_time_past_the_year_9999_is_refused_without_compiling_every_year() -> None:
    minute_a_week = CalendarSpec(
        name="sparse", timezone="UTC", weekly={Weekday.MON: (DayInterval(0, 60),)}
    )
    clock = Clock(minute_a_week)
    with pytest.raises(ClockError, match="past the year 9999"):
        clock.due(START, LONGEST_S)
    # refused from the open time of the years compiled so far, not after compiling to 9999
    assert max(clock._years) < 2100  # what was compiled is the point here


def test_the_longest_duration_on_an_office_week_is_in_range() -> None:
    office = CalendarSpec(
        name="office",
        timezone="Europe/Berlin",
        weekly={day: (DayInterval(8 * 3600, 18 * 3600),) for day in list(Weekday)[:5]},
    )
    due = Clock(office).due(START, LONGEST_S)
    assert due.year == 2035  # 24,000 office hours of 50 a week: 480 weeks, about 9 years
