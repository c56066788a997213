"""The clock against a brute-force oracle that knows nothing of its table.

The oracle steps through UTC one minute at a time, reads the local wall clock
with zoneinfo and asks: is this reading inside an open interval of its own day,
or inside an overnight interval that started the day before, on a day that is
open, outside every pause? Case boundaries are whole minutes, so minute steps
are exact. Windows sit on DST nights, holidays and year ends of four zones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import pytest

from remit.domain.calendar import (
    DAY,
    CalendarSpec,
    DayInterval,
    HolidaySource,
    OpenDate,
    Weekday,
)
from remit.domain.clock import Clock, PauseTable

MINUTE = 60
CASES_PER_CALENDAR = 400  # six calendars: 2,400 cases
WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * 60


def iv(start: str, end: str) -> DayInterval:
    a, b = hm(start), hm(end)
    return DayInterval(a, b if b > a else b + DAY)


BERLIN_SPLIT = CalendarSpec(
    name="berlin-split",
    timezone="Europe/Berlin",
    weekly={
        **{d: (iv("08:00", "12:00"), iv("13:00", "17:30")) for d in WEEKDAYS},
        Weekday.SAT: (iv("02:30", "03:30"),),
        Weekday.SUN: (iv("01:30", "02:30"), iv("02:45", "04:00")),  # boundaries in the DST hour
    },
    holidays=(HolidaySource("DE", "BY"),),
    closed=frozenset({date(2024, 10, 28), date(2025, 3, 31)}),
    open=(OpenDate(date(2024, 11, 1)), OpenDate(date(2025, 3, 29), (iv("10:00", "11:15"),))),
)

BERLIN_NIGHTS = CalendarSpec(
    name="berlin-nights",
    timezone="Europe/Berlin",
    weekly={
        **{d: (iv("22:00", "06:00"),) for d in (*WEEKDAYS, Weekday.SAT)},
        Weekday.SUN: (iv("12:00", "00:00"),),
    },
    holidays=(HolidaySource("DE"),),
    closed=frozenset({date(2024, 10, 24)}),
)

LORD_HOWE = CalendarSpec(
    name="lord-howe",
    timezone="Australia/Lord_Howe",
    weekly={
        **{d: (iv("09:00", "17:30"), iv("22:00", "01:45")) for d in WEEKDAYS},
        Weekday.SAT: (iv("01:00", "02:15"), iv("23:45", "02:10")),
        Weekday.SUN: (iv("01:50", "02:40"), iv("06:00", "09:30")),
    },
    holidays=(HolidaySource("AU", "NSW"),),
    closed=frozenset({date(2024, 10, 5)}),
)

NEW_YORK_ALWAYS = CalendarSpec(
    name="ny-247",
    timezone="America/New_York",
    always_open=True,
    closed=frozenset({date(2024, 3, 10), date(2024, 11, 2), date(2031, 12, 25)}),
    open=(OpenDate(date(2024, 11, 3), (iv("01:30", "01:45"), iv("20:00", "02:00"))),),
)

NEW_YORK_EVENINGS = CalendarSpec(
    name="ny-evenings",
    timezone="America/New_York",
    weekly={d: (iv("07:00", "09:00"), iv("20:00", "02:00")) for d in Weekday},
    holidays=(HolidaySource("US"),),
)

KOLKATA = CalendarSpec(
    name="kolkata",
    timezone="Asia/Kolkata",
    weekly={
        **{d: (iv("09:30", "13:00"), iv("14:00", "18:30")) for d in WEEKDAYS},
        Weekday.SAT: (iv("00:00", "00:00"),),
    },
    holidays=(HolidaySource("IN"),),
    closed=frozenset({date(2025, 1, 2)}),
)


@dataclass(frozen=True)
class Window:
    calendar: str
    first: date
    days: int


def windows(spec: CalendarSpec, firsts: list[date], days: int = 6) -> list[Window]:
    return [Window(spec.name, first, days) for first in firsts]


WINDOWS = {
    BERLIN_SPLIT.name: windows(
        BERLIN_SPLIT, [date(2024, 3, 28), date(2024, 10, 25), date(2025, 3, 27), date(2024, 12, 22)]
    ),
    BERLIN_NIGHTS.name: windows(
        BERLIN_NIGHTS,
        [date(2024, 3, 27), date(2024, 10, 24), date(2024, 12, 29), date(2031, 10, 23)],
    ),
    LORD_HOWE.name: windows(
        LORD_HOWE, [date(2024, 4, 3), date(2024, 10, 2), date(2025, 4, 3), date(2024, 12, 23)]
    ),
    NEW_YORK_ALWAYS.name: windows(
        NEW_YORK_ALWAYS,
        [date(2024, 3, 8), date(2024, 10, 31), date(2031, 12, 23)],
    ),
    NEW_YORK_EVENINGS.name: windows(
        NEW_YORK_EVENINGS, [date(2024, 3, 7), date(2024, 10, 30), date(2024, 11, 26)]
    ),
    KOLKATA.name: windows(KOLKATA, [date(2024, 12, 29), date(2025, 1, 24), date(2025, 8, 13)]),
}
SPECS = {
    s.name: s
    for s in (BERLIN_SPLIT, BERLIN_NIGHTS, LORD_HOWE, NEW_YORK_ALWAYS, NEW_YORK_EVENINGS, KOLKATA)
}


# -- the oracle ----------------------------------------------------------------------------


@cache
def holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def hours_of(spec: CalendarSpec, day: date) -> tuple[DayInterval, ...]:
    regular = (DayInterval(0, DAY),) if spec.always_open else spec.weekly.get(day.weekday(), ())
    for extra in spec.open:
        if extra.day == day:
            return regular if extra.hours is None else extra.hours
    if day in spec.closed:
        return ()
    if any(day in holiday_dates(h.country, h.subdivision, day.year) for h in spec.holidays):
        return ()
    return regular


def wall_clock_open(spec: CalendarSpec, utc_seconds: int) -> bool:
    local = datetime.fromtimestamp(utc_seconds, UTC).astimezone(ZoneInfo(spec.timezone))
    of_day = local.hour * 3600 + local.minute * 60 + local.second
    today, yesterday = local.date(), local.date() - timedelta(days=1)
    if any(i.start <= of_day < i.end for i in hours_of(spec, today)):
        return True
    return any(i.start <= of_day + DAY < i.end for i in hours_of(spec, yesterday))


@dataclass
class Minutes:
    """Open minutes of a window: minute k is [origin + 60 k, origin + 60 k + 60)."""

    origin: int
    open: list[bool]

    def at(self, k: int) -> int:
        return self.origin + k * MINUTE


@cache
def window_minutes(window: Window) -> Minutes:
    spec = SPECS[window.calendar]
    zone = ZoneInfo(spec.timezone)
    local_midnight = datetime.combine(window.first, datetime.min.time(), zone)
    origin = int(local_midnight.timestamp())
    count = window.days * DAY // MINUTE
    return Minutes(origin, [wall_clock_open(spec, origin + k * MINUTE) for k in range(count)])


def runs(minutes: Minutes, lo: int, pauses: list[tuple[int, int]]) -> list[bool]:
    """Open-and-not-paused flags of the minutes from index `lo` to the window's end."""
    flags = minutes.open[lo:]
    for f, t in pauses:
        for k in range(max(f - lo, 0), max(min(t - lo, len(flags)), 0)):
            flags[k] = False
    return flags


def oracle_due(flags: list[bool], n: int) -> int | None:
    if n == 0:
        return 0
    count = 0
    for k, is_open in enumerate(flags):
        count += is_open
        if count == n:
            return k + 1
    return None


def oracle_breach(flags: list[bool], n: int) -> int | None:
    count = 0
    for k, is_open in enumerate(flags):
        if is_open and count == n:
            return k
        count += is_open
    return None


# -- the comparison -----------------------------------------------------------------------


def random_pauses(rng: random.Random, lo: int, hi: int) -> list[tuple[int, int]]:
    pauses = []
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        f = rng.randint(lo - 120, hi)
        pauses.append((f, f + rng.choice((1, 15, 60, 300, 900, rng.randint(1, 2000)))))
    return pauses


@pytest.mark.parametrize("name", sorted(SPECS))
def test_clock_agrees_with_minute_stepping_oracle(name: str) -> None:
    spec = SPECS[name]
    clock = Clock(spec)
    rng = random.Random(f"oracle-{name}")
    cases: list[Case] = []
    for _ in range(CASES_PER_CALENDAR):
        window = rng.choice(WINDOWS[name])
        minutes = window_minutes(window)
        total = len(minutes.open)
        a = rng.randrange(total - 10)
        b = rng.randint(a, min(total, a + rng.choice((30, 600, 3000, 6000))))
        pauses = random_pauses(rng, a, b)
        flags = runs(minutes, a, pauses)
        at = minutes.at
        epoch_pauses = [(at(f), at(t)) for f, t in pauses]
        aware_pauses = [(_aware(at(f)), _aware(at(t))) for f, t in pauses]
        start = _aware(at(a), spec.timezone)

        want = sum(flags[: b - a])
        assert clock.elapsed(start, _aware(at(b)), aware_pauses) == want * MINUTE, (a, b, pauses)

        n = rng.choice((want, rng.randint(0, want), 0, rng.randint(0, 30)))
        due, breach = oracle_due(flags, n), oracle_breach(flags, n)
        if due is not None:
            got = clock.due_epoch(at(a), n * MINUTE, epoch_pauses)
            assert got == at(a + due), (a, n, pauses)
            assert clock.due(start, n * MINUTE, aware_pauses) == _aware(at(a + due))
        if breach is not None:
            got = clock.breach_at_epoch(at(a), n * MINUTE, epoch_pauses)
            assert got == at(a + breach), (a, n, pauses)
        cases.append(
            Case(
                at(a),
                at(b),
                n * MINUTE,
                epoch_pauses,
                want * MINUTE,
                None if due is None else at(a + due),
                None if breach is None else at(a + breach),
            )
        )
    assert len(cases) == CASES_PER_CALENDAR
    assert_batch_agrees(Clock(spec), cases)


@dataclass
class Case:
    start: int
    end: int
    seconds: int
    pauses: list[tuple[int, int]]
    elapsed: int
    due: int | None
    breach: int | None


def assert_batch_agrees(clock: Clock, cases: list[Case]) -> None:
    """The batch form gives every oracle answer at once, pauses included."""
    rows = [(k, f, t) for k, c in enumerate(cases) for f, t in c.pauses]
    pauses = PauseTable(*zip(*rows, strict=True)) if rows else None
    starts = [c.start for c in cases]
    seconds = [c.seconds for c in cases]
    elapsed = clock.elapsed_many(starts, [c.end for c in cases], pauses)
    assert elapsed.tolist() == [c.elapsed for c in cases]
    due = clock.due_many(starts, seconds, pauses).tolist()
    assert [d for d, c in zip(due, cases, strict=True) if c.due is not None] == [
        c.due for c in cases if c.due is not None
    ]
    breach = clock.breach_at_many(starts, seconds, pauses).tolist()
    assert [d for d, c in zip(breach, cases, strict=True) if c.breach is not None] == [
        c.breach for c in cases if c.breach is not None
    ]


def _aware(seconds: int, zone: str = "UTC") -> datetime:
    return datetime.fromtimestamp(seconds, UTC).astimezone(ZoneInfo(zone))


def test_the_oracle_sees_the_dst_nights() -> None:
    """The windows really hold the 7 h and 9 h night shifts the clock must reproduce."""
    spring, fall = (window_minutes(w) for w in WINDOWS[BERLIN_NIGHTS.name][:2])
    assert _night_minutes(spring, date(2024, 3, 30)) == 7 * 60
    assert _night_minutes(fall, date(2024, 10, 26)) == 9 * 60
    assert _night_minutes(spring, date(2024, 3, 28)) == 8 * 60  # runs into Good Friday
    assert _night_minutes(spring, date(2024, 3, 29)) == 0  # Good Friday's own shift
    assert _night_minutes(fall, date(2024, 10, 24)) == 0  # a closed date


def _night_minutes(minutes: Minutes, night: date) -> int:
    """Open minutes from 20:00 local on `night` for 13 real hours."""
    zone = ZoneInfo("Europe/Berlin")
    lo = int(datetime.combine(night, datetime.min.time(), zone).timestamp()) + 20 * 3600
    k = (lo - minutes.origin) // MINUTE
    return sum(minutes.open[k : k + 13 * 60])
