"""Business-time mistakes found in widely used libraries, and remit's answer to each.

Each test is named after the behaviour the peer gets wrong; the docstring says who.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from remit.domain.calendar import DAY, CalendarSpec, DayInterval, HolidaySource, Weekday
from remit.domain.clock import Clock, NaiveDatetimeError

BERLIN = ZoneInfo("Europe/Berlin")
H = 3600
WORKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


def hours(start: float, end: float) -> DayInterval:
    a, b = round(start * H), round(end * H)
    return DayInterval(a, b if b > a else b + DAY)


def clock(
    weekly: dict[Weekday, tuple[DayInterval, ...]],
    *,
    holidays: tuple[HolidaySource, ...] = (),
    always_open: bool = False,
) -> Clock:
    spec = CalendarSpec(
        name="peer",
        timezone="Europe/Berlin",
        weekly=weekly,
        holidays=holidays,
        always_open=always_open,
    )
    return Clock(spec)


def berlin(*fields: int, fold: int = 0) -> datetime:
    return datetime(*fields, tzinfo=BERLIN, fold=fold)  # type: ignore[misc]


OFFICE = {d: (hours(8, 18),) for d in WORKDAYS}
NIGHTS = {d: (hours(22, 6),) for d in Weekday}
WEEKDAY_NIGHTS = {d: (hours(22, 6),) for d in WORKDAYS}


# -- Zammad (biz gem) ---------------------------------------------------------------------


def test_overnight_shift_before_holiday_keeps_after_midnight_part() -> None:
    """Zammad/biz drops 00:00-06:00 of the Christmas Eve shift because the 25th is a holiday."""
    nights = clock(NIGHTS, holidays=(HolidaySource("DE"),))
    eve = berlin(2024, 12, 24, 22)
    assert nights.elapsed(eve, berlin(2024, 12, 25, 6)) == 8 * H
    assert nights.due(eve, 8 * H) == berlin(2024, 12, 25, 6)
    assert nights.due(eve, 9 * H) == berlin(2024, 12, 27, 23)  # the 25th and 26th start none


# -- GLPI ---------------------------------------------------------------------------------


def test_days_are_stepped_in_local_time_not_86400_seconds() -> None:
    """GLPI steps days by +86,400 s, so after a DST change every opening is an hour off."""
    office = clock(OFFICE)
    assert office.due(berlin(2024, 3, 29, 17), 2 * H) == datetime(2024, 4, 1, 7, tzinfo=UTC)
    assert office.elapsed(berlin(2024, 3, 25), berlin(2024, 4, 8)) == 10 * 10 * H
    assert office.elapsed(berlin(2024, 10, 21), berlin(2024, 11, 4)) == 10 * 10 * H


# -- Frappe Helpdesk ----------------------------------------------------------------------


def test_exact_to_the_second_in_calendar_zone_not_server_time() -> None:
    """Frappe Helpdesk walks minute by minute on naive server time."""
    office = clock(OFFICE)
    assert office.due(berlin(2024, 5, 6, 9), 59) == berlin(2024, 5, 6, 9, 0, 59)
    assert office.due(berlin(2024, 5, 6, 17, 59, 30), 45) == berlin(2024, 5, 7, 8, 0, 15)
    assert office.elapsed(berlin(2024, 5, 6, 17, 59, 59), berlin(2024, 5, 7, 8, 0, 1)) == 2


# -- businesstimedelta --------------------------------------------------------------------


def test_full_day_rule_00_to_00_is_24h() -> None:
    """businesstimedelta hangs on a 00:00-00:00 rule."""
    mondays = clock({Weekday.MON: (hours(0, 0),)})
    assert mondays.elapsed(berlin(2024, 5, 6), berlin(2024, 5, 8)) == 24 * H
    assert mondays.due(berlin(2024, 5, 6), 24 * H) == berlin(2024, 5, 7)
    assert mondays.due(berlin(2024, 5, 6, 12), 13 * H) == berlin(2024, 5, 13, 1)


def test_overnight_shift_adds_within_the_shift() -> None:
    """businesstimedelta: Tue 03:00 + 1 h on 22:00-06:00 shifts gives Tue 23:00."""
    nights = clock(WEEKDAY_NIGHTS)
    assert nights.due(berlin(2024, 5, 7, 3), H) == berlin(2024, 5, 7, 4)


def test_overnight_two_hour_span_is_two_hours() -> None:
    """businesstimedelta returns 0 for Tue 23:00 -> Wed 01:00 on 22:00-06:00 shifts."""
    nights = clock(WEEKDAY_NIGHTS)
    assert nights.elapsed(berlin(2024, 5, 7, 23), berlin(2024, 5, 8, 1)) == 2 * H


def test_overnight_spans_are_answered_both_ways() -> None:
    """businesstimedelta's subtraction hangs on overnight shifts; elapsed is the inverse of due."""
    nights = clock(WEEKDAY_NIGHTS)
    start, end = berlin(2024, 5, 6, 23), berlin(2024, 5, 8, 1)
    assert nights.elapsed(start, end) == 10 * H  # 7 h of Monday's shift, 3 h of Tuesday's
    assert nights.due(start, 10 * H) == end


def test_partial_time_off_overlap_is_subtracted() -> None:
    """businesstimedelta ignores a time-off rule that only partly overlaps working hours."""
    office = clock({d: (hours(9, 12.5), hours(13, 17)) for d in WORKDAYS})
    day = (berlin(2024, 5, 6, 9), berlin(2024, 5, 6, 17))
    assert office.elapsed(*day) == 7.5 * H
    off = [(berlin(2024, 5, 6, 16), berlin(2024, 5, 6, 18))]  # half inside, half after closing
    assert office.elapsed(*day, off) == 6.5 * H
    lunch_overlap = [(berlin(2024, 5, 6, 12), berlin(2024, 5, 6, 13, 30))]
    assert office.elapsed(*day, lunch_overlap) == 6.5 * H


def test_holiday_list_far_ahead() -> None:
    """businesstimedelta crashes when its holiday list ends; holidays come for any year here."""
    office = clock(OFFICE, holidays=(HolidaySource("DE"),))
    assert office.due(berlin(2099, 12, 24, 18), H) == berlin(2099, 12, 28, 9)
    assert office.elapsed(berlin(2099, 12, 24), berlin(2099, 12, 29)) == 2 * 10 * H


def test_naive_datetime_is_rejected() -> None:
    """businesstimedelta silently reads a naive datetime as UTC."""
    office = clock(OFFICE)
    with pytest.raises(NaiveDatetimeError):
        office.due(datetime(2024, 5, 6, 9), H)  # noqa: DTZ001 - the point of the test
    with pytest.raises(NaiveDatetimeError):
        office.elapsed(berlin(2024, 5, 6, 9), datetime(2024, 5, 6, 12))  # noqa: DTZ001


# -- pandas CustomBusinessHour ------------------------------------------------------------


def test_fractional_hours() -> None:
    """pandas CustomBusinessHour takes whole hours only."""
    office = clock({d: (hours(8.5, 17.75),) for d in WORKDAYS})
    assert office.due(berlin(2024, 5, 6, 17), 90 * 60) == berlin(2024, 5, 7, 9, 15)
    assert office.due(berlin(2024, 5, 6, 8, 30), 4321) == berlin(2024, 5, 6, 9, 42, 1)


def test_different_hours_per_day() -> None:
    """pandas CustomBusinessHour has one set of hours for every day."""
    week = clock({Weekday.MON: (hours(8, 12),), Weekday.TUE: (hours(10, 18),)})
    assert week.due(berlin(2024, 5, 6, 11), 3 * H) == berlin(2024, 5, 7, 12)
    assert week.elapsed(berlin(2024, 5, 6), berlin(2024, 5, 13)) == 12 * H


def test_seven_by_twentyfour() -> None:
    """pandas CustomBusinessHour raises on a 24/7 calendar."""
    always = clock({}, always_open=True)
    start = berlin(2024, 5, 6, 9)
    assert always.due(start, 100 * H) == start + timedelta(hours=100)
    assert always.elapsed(berlin(2024, 3, 25), berlin(2024, 4, 1)) == 167 * H  # spring forward


def test_elapsed_between_two_instants() -> None:
    """pandas has no business-time-between API."""
    office = clock(OFFICE)
    assert office.elapsed(berlin(2024, 5, 10, 16), berlin(2024, 5, 13, 10)) == 4 * H


def test_answers_in_calendar_zone_not_input_zone() -> None:
    """pandas computes in the input's wall clock, not the calendar's zone."""
    office = clock(OFFICE)
    start = berlin(2024, 5, 6, 9)
    want = berlin(2024, 5, 6, 13)
    for zone in ("UTC", "Asia/Tokyo", "America/New_York"):
        assert office.due(start.astimezone(ZoneInfo(zone)), 4 * H) == want


def test_nonexistent_and_ambiguous_local_inputs() -> None:
    """pandas raises on local times that do not exist or exist twice."""
    always = clock({}, always_open=True)
    gap = berlin(2024, 3, 31, 2, 30)  # does not exist: zoneinfo reads it with the old offset
    assert always.due(gap, H) == datetime(2024, 3, 31, 2, 30, tzinfo=UTC)
    first, second = berlin(2024, 10, 27, 2, 30), berlin(2024, 10, 27, 2, 30, fold=1)
    assert always.elapsed(first, second) == H
    # (an ambiguous time never compares equal across zones: compare in UTC)
    assert always.due(first, H) == second.astimezone(UTC)


def test_overnight_shift_on_dst_nights() -> None:
    """pandas is off by one hour inside overnight shifts on DST nights."""
    nights = clock(NIGHTS)
    assert nights.due(berlin(2024, 3, 30, 22), 7 * H) == berlin(2024, 3, 31, 6)
    assert nights.due(berlin(2024, 3, 30, 22), 4 * H) == berlin(2024, 3, 31, 3)
    assert nights.due(berlin(2024, 10, 26, 22), 9 * H) == berlin(2024, 10, 27, 6)
    assert nights.due(berlin(2024, 10, 26, 22), 4 * H) == berlin(2024, 10, 27, 2).astimezone(UTC)
    repeated_two = berlin(2024, 10, 27, 2, fold=1).astimezone(UTC)
    assert nights.due(berlin(2024, 10, 26, 22), 5 * H) == repeated_two


def test_holidays_close_whole_local_days() -> None:
    """Holidays close the calendar's own local day, whatever zone the question comes in."""
    office = clock(OFFICE, holidays=(HolidaySource("DE"),))
    new_year = date(2025, 1, 1)
    start = datetime(2024, 12, 31, 17, tzinfo=UTC)  # 18:00 in Berlin: closed
    assert office.due(start, H) == berlin(2025, 1, 2, 9)
    assert office.due(start, H).astimezone(BERLIN).date() != new_year
