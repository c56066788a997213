"""The SLA clock: business time on a calendar, exact to the second.

`Clock` compiles a `CalendarSpec` into a sorted table of open intervals in UTC
epoch seconds with running totals of open time. Each instant then has a
*business position* (open seconds since a fixed origin), and every question
is a binary search on that table:

* ``elapsed(a, b)``: business seconds in ``[a, b)``.
* ``due(start, n)``: the earliest instant at which ``n`` business seconds have
  elapsed since ``start``; ``due(start, 0)`` is ``start``. When it falls at a
  closing time, it is that closing instant.
* ``breach_at(start, n)``: the first instant after which more than ``n`` business
  seconds have elapsed; the next opening when ``due`` falls at a closing time.
  A target is met iff ``elapsed(start, done) <= n``.

Pauses are ``[from, to)`` intervals taken out of open time in every operation.

Semantics pinned here:

* Business time is real elapsed time while the local wall clock shows open
  hours. An open interval of a local day is the set of instants whose wall-clock
  reading lies inside it: a boundary that does not exist locally maps to the
  transition instant, and a repeated hour counts twice (a 22:00-06:00 shift in
  Europe/Berlin is 7 h on the spring-forward night and 9 h on the fall-back one).
* The clock counts whole seconds: an instant's sub-second part is dropped before
  any arithmetic, and results are whole-second aware UTC datetimes.
* Only timezone-aware instants are accepted.
* The table is compiled per local calendar year, lazily and in both directions,
  so a query years away is answered exactly.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from remit.domain.calendar import (
    DAY,
    CalendarSpec,
    HolidayLookup,
    naive_epoch,
    open_intervals,
    public_holidays,
)
from remit.domain.errors import DeskError

if TYPE_CHECKING:  # numpy is imported where the batch form runs, not to answer one question
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

    IntArray = NDArray[np.int64]

Pause = tuple[datetime, datetime]
EpochPause = tuple[int, int]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_bisect_left, _bisect_right = bisect.bisect_left, bisect.bisect_right
_fromtimestamp = datetime.fromtimestamp
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SECOND = timedelta(seconds=1)
_MIN_YEAR, _MAX_YEAR = 2, 9998


class ClockError(DeskError, ValueError):
    """A question the clock cannot answer as asked."""

    code = "clock_error"
    title = "The clock cannot answer this"


class NaiveDatetimeError(ClockError):
    """An instant without a time zone: the clock cannot know which moment it means."""

    def __init__(self, value: datetime) -> None:
        super().__init__(f"{value.isoformat()} has no time zone; give an offset such as +00:00")


class NeverOpenError(ClockError):
    """The calendar has no more open time, so a due time can never be reached."""


def to_epoch(instant: datetime) -> int:
    """Whole UTC epoch seconds of an aware instant (the sub-second part is dropped)."""
    offset = instant.utcoffset()
    if offset is None:
        raise NaiveDatetimeError(instant)
    if offset.microseconds:
        return (instant - _EPOCH) // _SECOND
    # From the fields: about twice as fast as datetime arithmetic, and this is the hot path.
    return (
        (instant.toordinal() - _EPOCH_ORDINAL) * DAY
        + instant.hour * 3600
        + instant.minute * 60
        + instant.second
        - offset.days * DAY
        - offset.seconds
    )


def from_epoch(seconds: int) -> datetime:
    """The aware UTC datetime of whole epoch seconds."""
    return datetime.fromtimestamp(seconds, UTC)


class Clock:
    """Business-time arithmetic on one calendar; build one per `CalendarSpec`."""

    def __init__(self, spec: CalendarSpec, *, holiday_lookup: HolidayLookup = public_holidays):
        self.spec = spec
        self._lookup = holiday_lookup
        self._years: dict[int, list[tuple[int, int]]] = {}
        self._starts: list[int] = []
        self._cum: list[int] = []
        self._cumend: list[int] = []
        self._arrays: tuple[IntArray, IntArray, IntArray] | None = None
        self._safe_lo = self._safe_hi = 0  # nothing compiled yet: the first query compiles
        self._origin: int | None = None  # the instant at business position 0

    # -- scalar operations on aware datetimes ------------------------------------------

    def due(self, start: datetime, seconds: int, pauses: Sequence[Pause] = ()) -> datetime:
        """The earliest instant at which `seconds` business seconds have elapsed."""
        if pauses:
            return from_epoch(self.due_epoch(to_epoch(start), seconds, _epoch_pauses(pauses)))
        return _fromtimestamp(self.due_epoch(to_epoch(start), seconds), UTC)  # the hot path

    def breach_at(self, start: datetime, seconds: int, pauses: Sequence[Pause] = ()) -> datetime:
        """The first instant after which more than `seconds` business seconds have elapsed."""
        epoch_pauses = _epoch_pauses(pauses) if pauses else ()
        return from_epoch(self.breach_at_epoch(to_epoch(start), seconds, epoch_pauses))

    def elapsed(self, start: datetime, end: datetime, pauses: Sequence[Pause] = ()) -> int:
        """Business seconds in ``[start, end)``, pauses taken out."""
        epoch_pauses = _epoch_pauses(pauses) if pauses else ()
        return self.elapsed_epoch(to_epoch(start), to_epoch(end), epoch_pauses)

    def is_open(self, instant: datetime) -> bool:
        """True when business time runs at `instant`."""
        t = to_epoch(instant)
        return self.elapsed_epoch(t, t + 1) == 1

    # -- scalar operations on epoch seconds --------------------------------------------

    def due_epoch(self, start: int, seconds: int, pauses: Sequence[EpochPause] = ()) -> int:
        # `position` and `instant_at` inlined for the common case: this is the hot path.
        if seconds <= 0 or pauses or not self._safe_lo <= start < self._safe_hi:
            return self._due(start, seconds, pauses)
        starts, cum, cumend = self._starts, self._cum, self._cumend
        i = _bisect_right(starts, start) - 1
        if i < 0:
            return self._due(start, seconds, pauses)
        target = cum[i] + start - starts[i]
        if target > cumend[i]:  # `start` is closed: count from the last closing
            target = cumend[i]
        target += seconds
        j = _bisect_left(cumend, target, i)
        if j == len(cumend):
            return self._due(start, seconds, pauses)
        return starts[j] + target - cum[j]

    def _due(self, start: int, seconds: int, pauses: Sequence[EpochPause]) -> int:
        if seconds < 0:
            raise ClockError(f"a duration cannot be negative: {seconds} s")
        if seconds == 0:
            return start
        target = self.position(start) + seconds
        if pauses:
            target = self._skip_pauses(start, target, _merge(pauses), inclusive=False)
        return self.instant_at(target)

    def breach_at_epoch(self, start: int, seconds: int, pauses: Sequence[EpochPause] = ()) -> int:
        if seconds < 0:
            raise ClockError(f"a duration cannot be negative: {seconds} s")
        target = self.position(start) + seconds
        if pauses:
            target = self._skip_pauses(start, target, _merge(pauses), inclusive=True)
        return self.instant_at(target, after=True)

    def elapsed_epoch(self, start: int, end: int, pauses: Sequence[EpochPause] = ()) -> int:
        if end < start:
            raise ClockError("the end of a span comes before its start")
        total = self.position(end) - self.position(start)
        if not pauses:
            return total
        for f, t in _merge(pauses):
            lo, hi = max(f, start), min(t, end)
            if lo < hi:
                total -= self.position(hi) - self.position(lo)
        return total

    def position(self, instant: int) -> int:
        """Open seconds from this clock's origin to `instant` (negative before it)."""
        if not self._safe_lo <= instant < self._safe_hi:
            self._cover(instant)
        i = _bisect_right(self._starts, instant) - 1
        if i < 0:
            return self._cum[0] if self._cum else 0
        return min(self._cum[i] + instant - self._starts[i], self._cumend[i])

    def instant_at(self, position: int, *, after: bool = False) -> int:
        """The earliest instant at `position`; with `after`, the last one before it grows."""
        find = bisect.bisect_right if after else bisect.bisect_left
        j = find(self._cumend, position)
        while j == len(self._cumend):
            self._grow_until(position)
            j = find(self._cumend, position)
        return self._starts[j] + position - self._cum[j]

    def _skip_pauses(
        self, start: int, target: int, pauses: list[EpochPause], *, inclusive: bool
    ) -> int:
        for f, t in pauses:
            if t <= start:
                continue
            pf = self.position(max(f, start))
            if pf > target or (pf == target and not inclusive):
                break
            target += self.position(t) - pf
        return target

    # -- batch operations on arrays of epoch seconds -----------------------------------

    def positions(self, instants: ArrayLike) -> IntArray:
        """Business positions of many instants (see `position`)."""
        import numpy as np

        t = np.asarray(instants, dtype=np.int64)
        if t.size:
            self._cover(int(t.min()))
            self._cover(int(t.max()))
        starts, cum, cumend = self._table_arrays()
        if not len(starts):
            return np.zeros_like(t)
        i = np.searchsorted(starts, t, side="right") - 1
        found: IntArray = np.minimum(cum[i] + t - starts[i], cumend[i])
        found[i < 0] = cum[0]
        return found

    def instants_at(self, positions: ArrayLike, *, after: bool = False) -> IntArray:
        """Many `instant_at` answers at once."""
        import numpy as np

        p = np.asarray(positions, dtype=np.int64)
        if p.size:
            self.instant_at(int(p.max()), after=after)  # grows the table far enough
        starts, cum, cumend = self._table_arrays()
        j = np.searchsorted(cumend, p, side="right" if after else "left")
        return starts[j] + p - cum[j]

    def due_many(
        self, starts: ArrayLike, seconds: ArrayLike, pauses: PauseTable | None = None
    ) -> IntArray:
        """`due_epoch` for many tickets: `seconds` is one duration or one per ticket."""
        import numpy as np

        s, n = _durations(starts, seconds)
        target = self.positions(s) + n
        if pauses is not None:
            target = self._skip_pauses_many(s, target, pauses, inclusive=False)
        return np.where(n == 0, s, self.instants_at(target))

    def breach_at_many(
        self, starts: ArrayLike, seconds: ArrayLike, pauses: PauseTable | None = None
    ) -> IntArray:
        """`breach_at_epoch` for many tickets."""
        s, n = _durations(starts, seconds)
        target = self.positions(s) + n
        if pauses is not None:
            target = self._skip_pauses_many(s, target, pauses, inclusive=True)
        return self.instants_at(target, after=True)

    def elapsed_many(
        self, starts: ArrayLike, ends: ArrayLike, pauses: PauseTable | None = None
    ) -> IntArray:
        """`elapsed_epoch` for many spans."""
        import numpy as np

        s, e = _batch_args(starts, ends)
        if bool((e < s).any()):
            raise ClockError("the end of a span comes before its start")
        total = self.positions(e) - self.positions(s)
        if pauses is not None:
            for k in range(pauses.deepest):
                rows, f, t = pauses.rank(k)
                lo = np.maximum(f, s[rows])
                hi = np.maximum(np.minimum(t, e[rows]), lo)
                total[rows] -= self.positions(hi) - self.positions(lo)
        return total

    def _skip_pauses_many(
        self, s: IntArray, target: IntArray, pauses: PauseTable, *, inclusive: bool
    ) -> IntArray:
        import numpy as np

        target = target.copy()
        for k in range(pauses.deepest):
            rows, f, t = pauses.rank(k)
            pf = self.positions(np.maximum(f, s[rows]))
            pt = self.positions(np.maximum(t, s[rows]))
            reach = pf <= target[rows] if inclusive else pf < target[rows]
            target[rows] += np.where(reach & (t > s[rows]), pt - pf, 0)
        return target

    # -- compiling the table -----------------------------------------------------------

    def _table_arrays(self) -> tuple[IntArray, IntArray, IntArray]:
        import numpy as np

        if self._arrays is None:
            self._arrays = (
                np.array(self._starts, dtype=np.int64),
                np.array(self._cum, dtype=np.int64),
                np.array(self._cumend, dtype=np.int64),
            )
        return self._arrays

    def _cover(self, instant: int) -> None:
        """Compile the years around `instant` (and all between) if not done yet."""
        if self._safe_lo <= instant < self._safe_hi:
            return
        year = _year_of(instant)
        if not _MIN_YEAR < year < _MAX_YEAR:
            shown = (
                from_epoch(instant).isoformat()
                if year
                else f"an instant {'past the year 9999' if instant > 0 else 'before the year 1'}"
            )
            raise ClockError(f"{shown} is out of the clock's range")
        lo, hi = (min(self._years), max(self._years)) if self._years else (year, year)
        self._build(range(min(lo, year - 1), max(hi, year + 1) + 1))

    def _grow_until(self, position: int) -> None:
        """Compile later years until the table holds more than `position` open seconds."""
        last = max(self._years)
        if last >= _MAX_YEAR:
            raise ClockError("a due time past the year 9999 is out of range")
        if not self._can_open_after(last):
            raise NeverOpenError(f"calendar {self.spec.name!r} has no open time after {last}")
        per_year = max(1, sum(b - a for a, b in self._years[last]))
        more = (position - self._cumend[-1]) // per_year + 1 if self._cumend else 1
        if last + more > _MAX_YEAR:  # refuse at once rather than compile every year to it
            raise ClockError("a due time past the year 9999 is out of range")
        self._build(range(min(self._years), min(last + more, _MAX_YEAR) + 1))

    def _can_open_after(self, year: int) -> bool:
        if self.spec.always_open or any(self.spec.weekly.values()):
            return True
        return any(o.day.year > year for o in self.spec.open)

    def _build(self, years: range) -> None:
        if years.start < _MIN_YEAR:
            raise ClockError("an instant before the year 3 is out of range")
        for year in years:
            if year not in self._years:
                self._years[year] = open_intervals(self.spec, year, self._lookup)
        pieces = sorted(p for year in years for p in self._years[year])
        self._starts, self._cum, self._cumend = _running_totals(_union(pieces))
        self._arrays = None
        self._safe_lo = naive_epoch(date(years.start, 1, 1)) + 2 * DAY
        if self._origin is None:
            self._origin = self._safe_lo
        self._keep_origin(self._origin)
        self._safe_hi = naive_epoch(date(years.stop, 1, 1)) - 2 * DAY

    def _keep_origin(self, origin: int) -> None:
        """Shift the running totals so that `origin` stays at business position 0."""
        i = bisect.bisect_right(self._starts, origin) - 1
        shift = min(self._cum[i] + origin - self._starts[i], self._cumend[i]) if i >= 0 else 0
        if not self._cum or shift == 0:
            return
        self._cum = [c - shift for c in self._cum]
        self._cumend = [c - shift for c in self._cumend]


class PauseTable:
    """Pauses of many tickets: ``owner[k]`` is the ticket row of ``[start[k], end[k])``.

    Pauses are sorted and merged per ticket on construction.
    """

    def __init__(self, owner: ArrayLike, start: ArrayLike, end: ArrayLike) -> None:
        import numpy as np

        o, f, t = (np.asarray(a, dtype=np.int64) for a in (owner, start, end))
        keep = f < t
        o, f, t = o[keep], f[keep], t[keep]
        order = np.lexsort((f, o))
        self.owner, self.start, self.end = _merge_sorted_groups(o[order], f[order], t[order])
        first = np.r_[True, self.owner[1:] != self.owner[:-1]] if len(self.owner) else np.array([])
        group_start = np.flatnonzero(first)
        counts = np.diff(np.r_[group_start, len(self.owner)])
        self._group_start, self._group_owner = group_start, self.owner[group_start]
        self._counts = counts
        self.deepest = int(counts.max()) if len(counts) else 0

    def rank(self, k: int) -> tuple[IntArray, IntArray, IntArray]:
        """The k-th pause (in time order) of every ticket that has one: rows, starts, ends."""
        has = self._counts > k
        at = self._group_start[has] + k
        return self._group_owner[has], self.start[at], self.end[at]


def _merge_sorted_groups(
    owner: IntArray, start: IntArray, end: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Merge overlapping pauses of the same owner; input sorted by (owner, start)."""
    import numpy as np

    if not len(owner):
        return owner, start, end
    new_group = np.r_[True, owner[1:] != owner[:-1]]
    group_id = np.cumsum(new_group) - 1
    span = int(end.max() - start.min()) + 1
    if span * (int(group_id[-1]) + 1) >= 2**62:
        raise ClockError("pauses span too wide a range to merge at once")
    reach = np.maximum.accumulate((end - start.min()) + group_id * span)
    reach_before = np.r_[np.int64(-1), reach[:-1]]
    new_run = new_group | ((start - start.min()) + group_id * span > reach_before)
    first = np.flatnonzero(new_run)
    run_end = np.maximum.reduceat(end, first)
    return owner[first], start[first], run_end


def _batch_args(a: ArrayLike, b: ArrayLike) -> tuple[IntArray, IntArray]:
    import numpy as np

    x = np.asarray(a, dtype=np.int64)
    y = np.broadcast_to(np.asarray(b, dtype=np.int64), x.shape)
    return x, y


def _durations(starts: ArrayLike, seconds: ArrayLike) -> tuple[IntArray, IntArray]:
    s, n = _batch_args(starts, seconds)
    if bool((n < 0).any()):
        raise ClockError("a duration cannot be negative")
    return s, n


def _epoch_pauses(pauses: Sequence[Pause]) -> list[EpochPause]:
    out = []
    for f, t in pauses:
        a, b = to_epoch(f), to_epoch(t)
        if b < a:
            raise ClockError(f"a pause ends before it starts: {f.isoformat()}/{t.isoformat()}")
        out.append((a, b))
    return out


def _merge(pauses: Iterable[EpochPause]) -> list[EpochPause]:
    merged: list[EpochPause] = []
    for f, t in sorted(p for p in pauses if p[0] < p[1]):
        if merged and f <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], t))
        else:
            merged.append((f, t))
    return merged


def _union(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of sorted intervals; touching intervals become one."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _running_totals(intervals: list[tuple[int, int]]) -> tuple[list[int], list[int], list[int]]:
    starts, cum, cumend = [], [], []
    total = 0
    for a, b in intervals:
        starts.append(a)
        cum.append(total)
        total += b - a
        cumend.append(total)
    return starts, cum, cumend


def _year_of(instant: int) -> int:
    """The year of `instant`; 0 beyond what a datetime can hold (out of range either way)."""
    try:
        return (_EPOCH + timedelta(seconds=instant)).year
    except OverflowError:
        return 0
