"""Maintenance windows: when each occurrence starts and ends, and who it covers.

A window's `rrule` is an iCalendar recurrence rule of the window's *local*
start time in its `timezone`, anchored at local midnight of the contract's
effective date (so ``INTERVAL`` and ``COUNT`` count from that day, and a rule
without ``BYMINUTE`` starts on the hour). Each occurrence lasts `duration` of
real elapsed time. Results are aware UTC instants.

Local times that a time-zone change skips or repeats follow RFC 5545 (as
zoneinfo's ``fold=0`` does):

* a start that does not exist (02:30 on the night Europe/Berlin springs
  forward) is read with the offset before the gap, so it happens one hour
  later on the wall clock (03:30 CEST, 01:30 UTC), with its full duration;
* a start that happens twice (02:30 on the night it falls back) is the first
  of the two (02:30 CEST, 00:30 UTC).

A window covers the objects it lists, or every object when it lists none. A
ticket is inside an occurrence when it names at least one object and the
occurrence covers every object it names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr

from remit.domain.contract import Contract, MaintenanceWindow

_MARGIN = timedelta(days=1)  # more than any offset change between local and UTC time


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a window: `[start, end)` in aware UTC."""

    window: str
    start: datetime
    end: datetime

    def contains(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


@dataclass(frozen=True, slots=True)
class Schedule:
    """A window read against its contract's effective date."""

    window: MaintenanceWindow
    anchor: date

    def between(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Occurrences that overlap `[start, end)`, in order."""
        zone = ZoneInfo(self.window.timezone)
        lo = _local(start - timedelta(seconds=self.window.duration), zone) - _MARGIN
        hi = _local(end, zone) + _MARGIN
        found = (
            self._occurrence(s, zone)
            for s in _rule(self.window.rrule, self.anchor).between(lo, hi, inc=True)
        )
        return [o for o in found if o.start < end and o.end > start]

    def at(self, instant: datetime) -> Occurrence | None:
        """The occurrence running at `instant`, if any."""
        return next((o for o in self.between(instant, instant + timedelta(seconds=1))), None)

    def upcoming(self, after: datetime, count: int) -> list[Occurrence]:
        """The first `count` occurrences that have not ended at `after` (a running one first)."""
        zone = ZoneInfo(self.window.timezone)
        lo = _local(after - timedelta(seconds=self.window.duration), zone) - _MARGIN
        found: list[Occurrence] = []
        for start in _rule(self.window.rrule, self.anchor).xafter(lo, inc=True):
            occurrence = self._occurrence(start, zone)
            if occurrence.end > after:
                found.append(occurrence)
            if len(found) >= count:
                break
        return found

    def starting_at(self, instant: datetime) -> Occurrence | None:
        """The occurrence that starts exactly at `instant`, if any."""
        return next(
            (
                o
                for o in self.between(instant, instant + timedelta(seconds=1))
                if o.start == instant
            ),
            None,
        )

    def _occurrence(self, local_start: datetime, zone: ZoneInfo) -> Occurrence:
        start = local_start.replace(tzinfo=zone).astimezone(UTC)
        return Occurrence(self.window.name, start, start + timedelta(seconds=self.window.duration))


def schedules(contract: Contract) -> list[Schedule]:
    """Every window of `contract`, in contract order."""
    anchor = contract.contract.effective_from
    return [Schedule(w, anchor) for w in contract.maintenance.windows]


def schedule(contract: Contract, name: str) -> Schedule | None:
    return next((s for s in schedules(contract) if s.window.name == name), None)


def covers(window: MaintenanceWindow, objects: Sequence[str]) -> bool:
    """True when the ticket names objects and the window covers each of them."""
    if not objects:
        return False
    return not window.objects or set(objects) <= set(window.objects)


def covering(
    contract: Contract, objects: Sequence[str], at: datetime
) -> Iterator[tuple[MaintenanceWindow, Occurrence]]:
    """The windows covering `objects` with an occurrence running at `at`, in contract order."""
    for found in schedules(contract):
        if covers(found.window, objects) and (occurrence := found.at(at)) is not None:
            yield found.window, occurrence


def local_span(start: datetime, end: datetime, timezone: str) -> tuple[str, str]:
    """An occurrence's start and end as local wall-clock text with the zone's abbreviation."""
    zone = ZoneInfo(timezone)
    first, last = start.astimezone(zone), end.astimezone(zone)
    same_day = first.date() == last.date()
    return (
        f"{first:%a %Y-%m-%d %H:%M %Z}",
        f"{last:%H:%M %Z}" if same_day else f"{last:%a %Y-%m-%d %H:%M %Z}",
    )


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    """The naive wall-clock reading of an aware instant in `zone`."""
    return instant.astimezone(zone).replace(tzinfo=None)


@cache
def _rule(text: str, anchor: date) -> rrule | rruleset:
    """The compiled rule on naive local times, anchored at local midnight of `anchor`."""
    return rrulestr(text, dtstart=datetime.combine(anchor, time()), cache=True)
