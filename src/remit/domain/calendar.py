"""Business calendars as data: weekly open hours in a time zone, holidays, exceptions.

This module holds the *specification* of a calendar as the contract states it.
`remit.domain.clock` compiles a `CalendarSpec` into a fast table of open
intervals and answers due / breach / elapsed questions on it.

Conventions pinned here and relied on everywhere:

* A day interval is two offsets in seconds from the local midnight of the day it
  starts on: ``0 <= start < 86_400`` and ``start < end <= start + 86_400``.
  ``22:00-06:00`` is ``(79_200, 108_000)``: an overnight shift belongs to the day
  it starts on. ``00:00-24:00`` (and ``00:00-00:00``) is the whole day.
* A closed date closes every interval that *starts* on it; a shift that started
  the evening before runs to its end.
* An open date either restores the regular hours of that weekday (when a holiday
  would close it) or, with explicit hours, replaces that date's intervals. An open
  date wins over a closed date or a holiday on the same day.
* Business time is real time while the local wall clock reads open hours (see
  `open_intervals`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from zoneinfo import ZoneInfo

import holidays as holiday_data

DAY = 86_400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SECOND = timedelta(seconds=1)
_SCAN_STEP = 6 * 3600  # offset changes are found by sampling this often, then bisection


class Weekday(IntEnum):
    """ISO weekday numbers minus one, as `date.weekday()` returns them."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6


@dataclass(frozen=True, slots=True, order=True)
class DayInterval:
    """Open from `start` to `end` seconds after the local midnight of its day."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < DAY and self.start < self.end <= self.start + DAY):
            raise ValueError(f"invalid day interval {self.start}..{self.end}")

    @property
    def overnight(self) -> bool:
        return self.end > DAY

    @property
    def seconds(self) -> int:
        """Nominal length, as the wall clock reads it (DST may make real time differ)."""
        return self.end - self.start

    def label(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end % DAY if self.end != DAY else DAY)}"


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


_WHOLE_DAY = (DayInterval(0, DAY),)


@dataclass(frozen=True, slots=True)
class HolidaySource:
    """Public holidays of a country (ISO 3166-1 alpha-2) and optional subdivision."""

    country: str
    subdivision: str | None = None


@dataclass(frozen=True, slots=True)
class OpenDate:
    """A date that is open although the weekly hours or a holiday would close it."""

    day: date
    hours: tuple[DayInterval, ...] | None = None  # None: that weekday's regular hours


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """A named business calendar, exactly as the contract states it."""

    name: str
    timezone: str
    weekly: dict[Weekday, tuple[DayInterval, ...]] = field(default_factory=dict)
    holidays: tuple[HolidaySource, ...] = ()
    closed: frozenset[date] = frozenset()
    open: tuple[OpenDate, ...] = ()
    always_open: bool = False

    @property
    def weekly_seconds(self) -> int:
        """Nominal open seconds in a regular week."""
        return sum(i.seconds for day in self.weekly.values() for i in day)

    def covers_night(self) -> bool:
        """True when some regular interval is open between 22:00 and 06:00."""
        if self.always_open:
            return True
        return any(
            i.end > 22 * 3600 or i.start < 6 * 3600 for day in self.weekly.values() for i in day
        )

    def covers_weekend(self) -> bool:
        return self.always_open or bool(
            self.weekly.get(Weekday.SAT) or self.weekly.get(Weekday.SUN)
        )


# -- which instants are open ------------------------------------------------------------

HolidayLookup = Callable[[HolidaySource, int], Iterable[date]]


def public_holidays(source: HolidaySource, year: int) -> frozenset[date]:
    """Public holidays of a country (and subdivision) in a year, from the `holidays` data."""
    found = holiday_data.country_holidays(source.country, subdiv=source.subdivision, years=year)
    return frozenset(found.keys())


def open_intervals(
    spec: CalendarSpec, year: int, holiday_lookup: HolidayLookup = public_holidays
) -> list[tuple[int, int]]:
    """Open UTC epoch-second intervals of the local days of `year`, overnight parts included.

    An interval of a day holds the instants whose wall-clock reading lies inside it,
    so a boundary that does not exist locally falls on the transition instant and a
    repeated hour counts twice. Intervals may overlap or touch; order is by day.
    """
    first = date(year, 1, 1)
    base = naive_epoch(first)
    days = date(year + 1, 1, 1).toordinal() - first.toordinal()
    segments = _offset_segments(ZoneInfo(spec.timezone), base - 2 * DAY, base + (days + 3) * DAY)
    closed = {d for source in spec.holidays for d in holiday_lookup(source, year)}
    closed |= {d for d in spec.closed if d.year == year}
    extra = {o.day: o.hours for o in spec.open if o.day.year == year}
    pieces: list[tuple[int, int]] = []
    for k in range(days):
        day = date.fromordinal(first.toordinal() + k)
        midnight = base + k * DAY
        for interval in _hours_on(spec, day, closed, extra):
            pieces.extend(
                _wall_to_utc(midnight + interval.start, midnight + interval.end, segments)
            )
    return pieces


def _hours_on(
    spec: CalendarSpec,
    day: date,
    closed: set[date],
    extra: dict[date, tuple[DayInterval, ...] | None],
) -> tuple[DayInterval, ...]:
    """An open date wins over a closed date or holiday, which wins over the weekly hours."""
    regular = _WHOLE_DAY if spec.always_open else spec.weekly.get(Weekday(day.weekday()), ())
    if day in extra:
        hours = extra[day]
        return regular if hours is None else hours
    return () if day in closed else regular


def naive_epoch(day: date) -> int:
    """Seconds from 1970-01-01 to the wall-clock midnight of `day`, zone ignored."""
    return (day.toordinal() - _EPOCH_ORDINAL) * DAY


def _offset(zone: ZoneInfo, instant: int) -> int:
    offset = (_EPOCH + timedelta(seconds=instant)).astimezone(zone).utcoffset()
    assert offset is not None
    return offset // _SECOND


def _offset_segments(zone: ZoneInfo, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """``(from, to, utc_offset)`` pieces of constant offset covering ``[lo, hi)``."""
    segments: list[tuple[int, int, int]] = []
    seg_lo, seg_off, t = lo, _offset(zone, lo), lo
    while t < hi:
        nxt = min(t + _SCAN_STEP, hi)
        if _offset(zone, nxt) == seg_off:
            t = nxt
            continue
        a, b = t, nxt  # offset at a is seg_off, at b it is not: find the change
        while b - a > 1:
            mid = (a + b) // 2
            a, b = (mid, b) if _offset(zone, mid) == seg_off else (a, mid)
        segments.append((seg_lo, b, seg_off))
        seg_lo, seg_off, t = b, _offset(zone, b), b
    segments.append((seg_lo, hi, seg_off))
    return segments


def _wall_to_utc(
    wall_lo: int, wall_hi: int, segments: list[tuple[int, int, int]]
) -> Iterable[tuple[int, int]]:
    """UTC instants whose wall-clock reading lies in ``[wall_lo, wall_hi)``."""
    for lo, hi, offset in segments:
        a, b = max(lo, wall_lo - offset), min(hi, wall_hi - offset)
        if a < b:
            yield a, b
