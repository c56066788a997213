"""Durations, clock times and time ranges as people write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from remit.contract.durations import format_duration, parse_clock_time, parse_duration
from remit.contract.scalars import parse_time_range

DAY = 86_400


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30m", 1_800),
        ("4h", 14_400),
        ("1h30m", 5_400),
        ("2d", 172_800),
        ("45s", 45),
        ("1d2h3m4s", 93_784),
        ("90m", 5_400),
        ("0m", 0),
        ("  4h  ", 14_400),
        ("\t30m\n", 1_800),
        ("4H", 14_400),
        ("1H30M", 5_400),
    ],
)
def test_parse_duration_reads(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "got"),
    [
        ("", '""'),
        ("   ", '"   "'),
        ("4", '"4" (add a unit: d, h, m or s, e.g. "4h")'),
        ("4x", '"4x"'),
        ("h", '"h"'),
        ("30m1h", '"30m1h"'),
        ("1h 30m", '"1h 30m" (did you mean "1h30m"?)'),
        ("4 hours", '"4 hours" (did you mean "4h"?)'),
        ("90 min", '"90 min" (did you mean "1h30m"?)'),
        ("1.5h", '"1.5h" (did you mean "1h30m"?)'),
        ("4h 4h", '"4h 4h"'),
        ("1.25 s", '"1.25 s"'),
        ("-4h", '"-4h"'),
        ("4 parsecs", '"4 parsecs"'),
        ("P1D", '"P1D"'),
    ],
)
def test_parse_duration_rejects(text: str, got: str) -> None:
    with pytest.raises(ValueError, match=r".") as caught:
        parse_duration(text)
    assert str(caught.value) == f'expected a duration like "4h", "30m" or "1h30m", got {got}'


def test_days_written_out_explain_d_and_suggest_working_hours() -> None:
    with pytest.raises(ValueError, match=r".") as caught:
        parse_duration("2 days")
    message = str(caught.value)
    assert message.startswith('expected a duration like "4h", "30m" or "1h30m", got "2 days" (')
    assert "d is 24 hours of the calendar's open time" in message
    assert '"2d", 48 open hours' in message
    assert 'two working days of an office calendar open 9 h a day are "18h"' in message


def test_durations_are_bounded_at_1000_days() -> None:
    assert parse_duration("1000d") == parse_duration("24000h") == 1000 * DAY
    for text in ("1001d", "24001h", "999999999d", "99999999999999999999s"):
        with pytest.raises(ValueError, match=r".") as caught:
            parse_duration(text)
        assert str(caught.value) == f'"{text}" is too long: a duration is at most 1000d (24000h)'


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0m"), (45, "45s"), (1_800, "30m"), (5_400, "1h30m"), (DAY, "1d"), (129_600, "36h")],
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@given(st.integers(min_value=0, max_value=400 * DAY))
def test_format_duration_reads_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(0, 30), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_every_written_duration_reads_as_its_parts(d: int, h: int, m: int, s: int) -> None:
    text = "".join(f"{n}{unit}" for n, unit in zip((d, h, m, s), "dhms", strict=True) if n)
    if text:
        assert parse_duration(text) == d * DAY + h * 3_600 + m * 60 + s


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:00", 0), ("09:30", 34_200), ("23:59", 86_340), ("24:00", DAY), (" 08:00 ", 28_800)],
)
def test_parse_clock_time(text: str, seconds: int) -> None:
    assert parse_clock_time(text) == seconds


@pytest.mark.parametrize("text", ["24:01", "25:00", "9:00", "09:60", "0900", "09.00", "", "noon"])
def test_parse_clock_time_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r".") as caught:
        parse_clock_time(text)
    assert str(caught.value) == f'expected a time like "09:00", got "{text}"'


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("09:00-17:00", (32_400, 61_200)),
        ("22:00-06:00", (79_200, 108_000)),
        ("00:00-24:00", (0, DAY)),
        ("00:00-00:00", (0, DAY)),
        ("08:00-08:00", (28_800, 28_800 + DAY)),
        ("23:00-24:00", (82_800, DAY)),
        (" 09:00 - 17:00 ", (32_400, 61_200)),
    ],
)
def test_parse_time_range(text: str, interval: tuple[int, int]) -> None:
    assert parse_time_range(text) == interval


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("24:00-06:00", ": an interval cannot start at 24:00"),
        ("9-17", ": write times as HH:MM from 00:00 to 24:00"),
        ("09:00-24:30", ": write times as HH:MM from 00:00 to 24:00"),
        ("09:00", ""),
        ("09:00-12:00-13:00", ": write times as HH:MM from 00:00 to 24:00"),
    ],
)
def test_parse_time_range_rejects(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=r".") as caught:
        parse_time_range(text)
    assert str(caught.value) == f'expected hours like "09:00-17:00", got "{text}"{why}'


@given(st.integers(0, 24 * 60 - 1), st.integers(0, 24 * 60))
def test_every_time_range_is_a_valid_day_interval(start: int, end: int) -> None:
    text = f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    first, last = parse_time_range(text)
    assert first == start * 60
    assert first < last <= first + DAY
    assert last % DAY == (end * 60) % DAY
