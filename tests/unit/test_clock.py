"""The SLA clock: each semantic rule pinned on a small calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from remit.domain.calendar import (
    DAY,
    CalendarSpec,
    DayInterval,
    HolidaySource,
    OpenDate,
    Weekday,
)
from remit.domain.clock import (
    Clock,
    ClockError,
    NaiveDatetimeError,
    NeverOpenError,
    PauseTable,
    from_epoch,
    to_epoch,
)

BERLIN = ZoneInfo("Europe/Berlin")
H = 3600
WORKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


def hours(start: float, end: float) -> DayInterval:
    a, b = int(start * H), int(end * H)
    return DayInterval(a, b if b > a else b + DAY)


def calendar(
    weekly: dict[Weekday, tuple[DayInterval, ...]] | None = None,
    zone: str = "Europe/Berlin",
    **more: object,
) -> Clock:
    spec = CalendarSpec(
        name="test",
        timezone=zone,
        weekly=weekly if weekly is not None else {d: (hours(8, 18),) for d in WORKDAYS},
        **more,  # type: ignore[arg-type]
    )
    return Clock(spec)


def berlin(*fields: int, fold: int = 0) -> datetime:
    return datetime(*fields, tzinfo=BERLIN, fold=fold)  # type: ignore[misc]


NIGHTS = {d: (hours(22, 6),) for d in Weekday}


# -- due, breach_at, elapsed -----------------------------------------------------------


def test_ten_hours_from_eight_on_an_eight_to_eighteen_day_is_eighteen() -> None:
    assert calendar().due(berlin(2024, 5, 6, 8), 10 * H) == berlin(2024, 5, 6, 18)


def test_due_zero_is_start_even_when_closed() -> None:
    sunday = berlin(2024, 5, 5, 3, 17, 9)
    assert calendar().due(sunday, 0) == sunday


def test_due_at_closing_time_is_the_closing_instant_and_breach_is_next_opening() -> None:
    clock = calendar()
    start = berlin(2024, 5, 6, 14)
    assert clock.due(start, 4 * H) == berlin(2024, 5, 6, 18)
    assert clock.breach_at(start, 4 * H) == berlin(2024, 5, 7, 8)


def test_breach_at_is_due_when_due_falls_inside_open_hours() -> None:
    clock = calendar()
    start = berlin(2024, 5, 6, 14)
    assert clock.breach_at(start, 2 * H) == clock.due(start, 2 * H) == berlin(2024, 5, 6, 16)


def test_breach_at_zero_is_start_when_open_and_next_opening_when_closed() -> None:
    clock = calendar()
    assert clock.breach_at(berlin(2024, 5, 6, 9), 0) == berlin(2024, 5, 6, 9)
    assert clock.breach_at(berlin(2024, 5, 4, 9), 0) == berlin(2024, 5, 6, 8)


def test_a_target_is_met_iff_elapsed_is_within_it() -> None:
    clock = calendar()
    start, target = berlin(2024, 5, 6, 14), 4 * H
    breach = clock.breach_at(start, target)
    assert clock.elapsed(start, clock.due(start, target)) == target
    assert clock.elapsed(start, breach) == target  # done at the next opening: still met
    assert clock.elapsed(start, breach + timedelta(seconds=1)) == target + 1


def test_elapsed_counts_the_half_open_span() -> None:
    clock = calendar()
    assert clock.elapsed(berlin(2024, 5, 6, 17), berlin(2024, 5, 7, 9)) == 2 * H
    assert clock.elapsed(berlin(2024, 5, 6, 9), berlin(2024, 5, 6, 9)) == 0


def test_due_from_closed_time_starts_at_the_next_opening() -> None:
    assert calendar().due(berlin(2024, 5, 4, 12), H) == berlin(2024, 5, 6, 9)


def test_results_are_aware_utc() -> None:
    due = calendar().due(berlin(2024, 5, 6, 8), H)
    assert due.tzinfo is UTC
    assert due == datetime(2024, 5, 6, 7, tzinfo=UTC)


def test_sub_second_parts_are_dropped() -> None:
    clock = calendar()
    start = berlin(2024, 5, 6, 9) + timedelta(microseconds=999_999)
    assert clock.due(start, H) == berlin(2024, 5, 6, 10)
    assert to_epoch(datetime(1969, 12, 31, 23, 59, 59, 500_000, tzinfo=UTC)) == -1


def test_negative_durations_and_backward_spans_are_errors() -> None:
    clock = calendar()
    with pytest.raises(ClockError, match="negative"):
        clock.due(berlin(2024, 5, 6, 9), -1)
    with pytest.raises(ClockError, match="negative"):
        clock.breach_at(berlin(2024, 5, 6, 9), -1)
    with pytest.raises(ClockError, match="before its start"):
        clock.elapsed(berlin(2024, 5, 6, 9), berlin(2024, 5, 6, 8))


@pytest.mark.parametrize(
    "call",
    [
        lambda c, naive: c.due(naive, H),
        lambda c, naive: c.breach_at(naive, H),
        lambda c, naive: c.elapsed(naive, berlin(2024, 5, 7)),
        lambda c, naive: c.elapsed(berlin(2024, 5, 1), naive),
        lambda c, naive: c.due(berlin(2024, 5, 1), H, [(naive, berlin(2024, 5, 7))]),
    ],
)
def test_every_operation_rejects_naive_instants(call: object) -> None:
    naive = datetime(2024, 5, 6, 9)  # noqa: DTZ001 - the point of the test
    with pytest.raises(NaiveDatetimeError, match="no time zone"):
        call(calendar(), naive)  # type: ignore[operator]


def test_is_open() -> None:
    clock = calendar()
    assert clock.is_open(berlin(2024, 5, 6, 8))
    assert not clock.is_open(berlin(2024, 5, 6, 18))


# -- calendars: weekly hours, closed and open dates, holidays, 24/7 ---------------------


def test_several_intervals_a_day() -> None:
    clock = calendar({d: (hours(8, 12), hours(13, 17)) for d in WORKDAYS})
    assert clock.due(berlin(2024, 5, 6, 11), 2 * H) == berlin(2024, 5, 6, 14)
    assert clock.breach_at(berlin(2024, 5, 6, 11), H) == berlin(2024, 5, 6, 13)


def test_overnight_interval_belongs_to_the_day_it_starts_on() -> None:
    clock = calendar({Weekday.FRI: (hours(22, 6),)})
    assert clock.elapsed(berlin(2024, 5, 10), berlin(2024, 5, 13)) == 8 * H
    assert clock.is_open(berlin(2024, 5, 11, 5, 59))  # Saturday morning, Friday's shift
    assert not clock.is_open(berlin(2024, 5, 10, 5))  # Friday morning: Thursday has none


def test_closed_date_closes_intervals_starting_on_it_not_the_shift_from_the_evening_before() -> (
    None
):
    clock = calendar(NIGHTS, closed=frozenset({date(2024, 5, 7)}))
    tuesday = berlin(2024, 5, 7)
    assert clock.elapsed(tuesday, tuesday + timedelta(days=1)) == 6 * H  # Monday's shift only


def test_public_holidays_close_the_day() -> None:
    clock = calendar(holidays=(HolidaySource("DE"),))
    assert clock.elapsed(berlin(2024, 5, 1), berlin(2024, 5, 2)) == 0  # Labour Day
    assert clock.elapsed(berlin(2024, 5, 2), berlin(2024, 5, 3)) == 10 * H


def test_subdivision_holidays() -> None:
    bavaria = calendar(holidays=(HolidaySource("DE", "BY"),))
    berlin_state = calendar(holidays=(HolidaySource("DE", "BE"),))
    epiphany = (berlin(2025, 1, 6), berlin(2025, 1, 7))
    assert bavaria.elapsed(*epiphany) == 0
    assert berlin_state.elapsed(*epiphany) == 10 * H


def test_open_date_restores_regular_hours_on_a_holiday() -> None:
    clock = calendar(holidays=(HolidaySource("DE"),), open=(OpenDate(date(2024, 5, 1)),))
    assert clock.elapsed(berlin(2024, 5, 1), berlin(2024, 5, 2)) == 10 * H


def test_open_date_with_hours_replaces_that_day() -> None:
    extra = OpenDate(date(2024, 5, 4), (hours(10, 12), hours(22, 2)))  # a Saturday
    clock = calendar(open=(extra,))
    assert clock.elapsed(berlin(2024, 5, 4), berlin(2024, 5, 6)) == 6 * H


def test_open_date_wins_over_a_closed_date() -> None:
    day = date(2024, 5, 6)
    clock = calendar(closed=frozenset({day}), open=(OpenDate(day, (hours(9, 10),)),))
    assert clock.elapsed(berlin(2024, 5, 6), berlin(2024, 5, 7)) == H


def test_always_open() -> None:
    clock = calendar({}, always_open=True)
    start = berlin(2024, 3, 30, 12)
    assert clock.due(start, 24 * H) == start.astimezone(UTC) + timedelta(hours=24)
    assert clock.due(start, 24 * H) == berlin(2024, 3, 31, 13)  # 24 real hours, 23 h of wall
    assert clock.elapsed(berlin(2024, 1, 1), berlin(2025, 1, 1)) == 366 * DAY


def test_always_open_with_a_closed_date() -> None:
    clock = calendar({}, always_open=True, closed=frozenset({date(2024, 12, 25)}))
    assert clock.due(berlin(2024, 12, 24, 23), 2 * H) == berlin(2024, 12, 26, 1)


def test_injected_holiday_lookup() -> None:
    def lookup(source: HolidaySource, year: int) -> list[date]:
        return [date(year, 5, 6)] if source.country == "XX" else []

    spec = CalendarSpec(
        name="x",
        timezone="UTC",
        weekly={d: (hours(8, 18),) for d in WORKDAYS},
        holidays=(HolidaySource("XX"),),
    )
    clock = Clock(spec, holiday_lookup=lookup)
    day = datetime(2031, 5, 6, tzinfo=UTC)
    assert clock.elapsed(day, day + timedelta(days=1)) == 0


def test_a_calendar_that_is_never_open_again_is_a_clear_error() -> None:
    clock = calendar({}, open=(OpenDate(date(2024, 5, 6), (hours(9, 10),)),))
    assert clock.due(berlin(2024, 5, 1), H) == berlin(2024, 5, 6, 10)
    with pytest.raises(NeverOpenError, match="no open time"):
        clock.due(berlin(2024, 5, 1), 2 * H)


# -- daylight saving time ----------------------------------------------------------------


def test_night_shift_is_seven_hours_on_spring_forward_and_nine_on_fall_back() -> None:
    clock = calendar(NIGHTS)
    assert clock.elapsed(berlin(2024, 3, 30, 12), berlin(2024, 3, 31, 12)) == 7 * H
    assert clock.elapsed(berlin(2024, 10, 26, 12), berlin(2024, 10, 27, 12)) == 9 * H
    assert clock.elapsed(berlin(2024, 6, 1, 12), berlin(2024, 6, 2, 12)) == 8 * H


def test_lord_howe_half_hour_shift() -> None:
    zone = ZoneInfo("Australia/Lord_Howe")
    clock = calendar(NIGHTS, zone="Australia/Lord_Howe")
    back = datetime(2024, 4, 6, 12, tzinfo=zone)  # clocks go back 02:00 -> 01:30
    forward = datetime(2024, 10, 5, 12, tzinfo=zone)  # 02:00 -> 02:30
    assert clock.elapsed(back, back + timedelta(days=1)) == 8 * H + 1800
    assert clock.elapsed(forward, forward + timedelta(days=1)) == 7 * H + 1800


def test_nonexistent_boundary_maps_to_the_transition_instant() -> None:
    clock = calendar({Weekday.SUN: (hours(2.5, 5),)})
    assert clock.breach_at(berlin(2024, 3, 31), 0) == datetime(2024, 3, 31, 1, tzinfo=UTC)
    assert clock.elapsed(berlin(2024, 3, 31), berlin(2024, 4, 1)) == 2 * H


def test_repeated_hour_counts_twice_where_the_wall_clock_is_inside_the_interval() -> None:
    """02:30-05:00 on the fall-back night: 02:30-03:00 twice, 03:00-05:00 once.

    The repeated 02:00-02:30 reads outside the interval, so it stays closed.
    """
    clock = calendar({Weekday.SUN: (hours(2.5, 5),)})
    assert clock.elapsed(berlin(2024, 10, 27), berlin(2024, 10, 28)) == 3 * H
    assert not clock.is_open(berlin(2024, 10, 27, 2, 15, fold=1))
    assert clock.is_open(berlin(2024, 10, 27, 2, 45, fold=0))
    assert clock.is_open(berlin(2024, 10, 27, 2, 45, fold=1))


def test_days_are_whole_local_days_across_dst() -> None:
    clock = calendar()
    friday = berlin(2024, 3, 29, 16)  # Good Friday is not a holiday here
    assert clock.due(friday, 4 * H) == berlin(2024, 4, 1, 10)


# -- pauses ------------------------------------------------------------------------------


def test_pause_is_taken_out_of_open_time() -> None:
    clock = calendar()
    start = berlin(2024, 5, 6, 9)
    pause = [(berlin(2024, 5, 6, 10), berlin(2024, 5, 6, 12))]
    assert clock.elapsed(start, berlin(2024, 5, 6, 13), pause) == 2 * H
    assert clock.due(start, 2 * H, pause) == berlin(2024, 5, 6, 13)
    assert clock.breach_at(start, H, pause) == berlin(2024, 5, 6, 12)  # paused from 10:00
    assert clock.due(start, H, pause) == berlin(2024, 5, 6, 10)


def test_pause_ending_in_closed_time() -> None:
    clock = calendar()
    start = berlin(2024, 5, 6, 15)
    pause = [(berlin(2024, 5, 6, 16), berlin(2024, 5, 6, 21))]
    assert clock.due(start, 2 * H, pause) == berlin(2024, 5, 7, 9)
    assert clock.breach_at(start, H, pause) == berlin(2024, 5, 7, 8)


def test_overlapping_and_earlier_pauses() -> None:
    clock = calendar()
    start = berlin(2024, 5, 6, 9)
    pauses = [
        (berlin(2024, 5, 6, 11), berlin(2024, 5, 6, 13)),
        (berlin(2024, 5, 6, 10), berlin(2024, 5, 6, 12)),
        (berlin(2024, 5, 6, 7), berlin(2024, 5, 6, 9, 30)),
    ]
    assert clock.elapsed(start, berlin(2024, 5, 6, 14), pauses) == H + 1800
    assert clock.due(start, H, pauses) == berlin(2024, 5, 6, 13, 30)


def test_a_pause_that_ends_before_it_starts_is_an_error() -> None:
    with pytest.raises(ClockError, match="ends before it starts"):
        calendar().elapsed(
            berlin(2024, 5, 6), berlin(2024, 5, 7), [(berlin(2024, 5, 6, 12), berlin(2024, 5, 6))]
        )


# -- the horizon ---------------------------------------------------------------------------


def test_queries_decades_away_in_both_directions() -> None:
    clock = calendar(holidays=(HolidaySource("DE"),))
    assert clock.due(berlin(2024, 5, 6, 9), H) == berlin(2024, 5, 6, 10)
    assert clock.due(berlin(2071, 12, 24, 18), H) == berlin(2071, 12, 28, 9)  # 25./26. holidays
    assert clock.due(berlin(1991, 10, 2, 18), H) == berlin(1991, 10, 4, 9)  # Unity Day
    assert clock.elapsed(berlin(1990, 1, 1), berlin(2090, 1, 1)) == sum(
        calendar(holidays=(HolidaySource("DE"),)).elapsed(berlin(y, 1, 1), berlin(y + 1, 1, 1))
        for y in range(1990, 2090)
    )


def test_due_far_beyond_the_compiled_years() -> None:
    clock = calendar({}, always_open=True)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    assert clock.due(start, 100 * 365 * DAY) == start + timedelta(days=100 * 365)


def test_positions_keep_their_origin_as_the_table_grows() -> None:
    clock = calendar()
    here = to_epoch(berlin(2024, 5, 6, 9))
    before = clock.position(here)
    clock.elapsed(berlin(1980, 1, 1), berlin(2060, 1, 1))
    assert clock.position(here) == before


# -- the batch form ------------------------------------------------------------------------


def test_batch_matches_scalar_answers() -> None:
    clock = calendar(NIGHTS | {Weekday.MON: (hours(8, 12), hours(13, 17), hours(22, 6))})
    rng = np.random.default_rng(1)
    starts = rng.integers(to_epoch(berlin(2024, 1, 1)), to_epoch(berlin(2026, 1, 1)), 500)
    seconds = rng.integers(0, 200 * H, 500)
    due = clock.due_many(starts, seconds)
    breach = clock.breach_at_many(starts, seconds)
    elapsed = clock.elapsed_many(starts, due)
    for k, (s, n) in enumerate(zip(starts.tolist(), seconds.tolist(), strict=True)):
        assert due[k] == clock.due_epoch(s, n)
        assert breach[k] == clock.breach_at_epoch(s, n)
        assert elapsed[k] == n


def test_batch_with_pauses_matches_scalar_answers() -> None:
    clock = calendar()
    starts = [to_epoch(berlin(2024, 5, 6, 9)), to_epoch(berlin(2024, 5, 6, 15))]
    owner = [0, 0, 1]
    pause_from = [to_epoch(berlin(2024, 5, 6, h)) for h in (10, 11, 16)]
    pause_to = [to_epoch(berlin(2024, 5, 6, h)) for h in (12, 13, 21)]
    table = PauseTable(owner, pause_from, pause_to)
    assert table.deepest == 1  # the two pauses of ticket 0 merged
    due = clock.due_many(starts, 2 * H, table)
    assert [from_epoch(int(t)) for t in due] == [berlin(2024, 5, 6, 14), berlin(2024, 5, 7, 9)]
    breach = clock.breach_at_many(starts, [H, H], table)
    assert [from_epoch(int(t)) for t in breach] == [berlin(2024, 5, 6, 13), berlin(2024, 5, 7, 8)]
    ends = [to_epoch(berlin(2024, 5, 6, 14)), to_epoch(berlin(2024, 5, 6, 17))]
    assert clock.elapsed_many(starts, ends, table).tolist() == [2 * H, H]


def test_batch_of_nothing() -> None:
    clock = calendar()
    assert clock.due_many([], 3600).tolist() == []
    assert clock.elapsed_many([], []).tolist() == []
    assert PauseTable([], [], []).deepest == 0


def test_batch_rejects_backward_spans_and_negative_durations() -> None:
    with pytest.raises(ClockError, match="before its start"):
        calendar().elapsed_many([10], [5])
    with pytest.raises(ClockError, match="negative"):
        calendar().due_many([10, 20], [5, -1])


def test_instants_out_of_range_are_clear_errors() -> None:
    with pytest.raises(ClockError, match="out of the clock's range"):
        calendar().due(datetime(9999, 12, 31, tzinfo=UTC), 60)
    with pytest.raises(ClockError, match="out of the clock's range"):
        calendar().elapsed(datetime(1, 1, 2, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC))
