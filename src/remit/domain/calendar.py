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
  would close it) or, with explicit hours, replaces that date's intervals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

DAY = 86_400


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
