"""The range of instants and durations remit accepts, checked in one place.

An instant lies from 1970-01-01 (UTC, included) to 9000-01-01 (excluded); a duration
is at most 1000d (24,000 hours of the calendar's open time). Both are far beyond any
support contract, and they keep every deadline the clock computes inside what
Python's dates and both databases can hold. The command line checks what it parses,
the services check every `now` they are given, the contract loader every duration.
"""

from __future__ import annotations

from datetime import UTC, datetime

from remit.domain.errors import InvalidInput

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)  # excluded
LONGEST_S = 1000 * 86_400  # 1000d
INSTANT_RANGE = "instants lie from 1970-01-01 to 8999-12-31 (UTC)"
DURATION_RANGE = "a duration is at most 1000d (24000h)"


def instant_problem(value: datetime) -> str | None:
    """Why an aware `value` is out of range, or None when it is in range."""
    try:
        utc = value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-14:00 has no UTC date
        return f"{value.isoformat()} is out of range: {INSTANT_RANGE}"
    if not EARLIEST <= utc < LATEST:
        return f"{value.isoformat()} is out of range: {INSTANT_RANGE}"
    return None


def within_range(value: datetime) -> datetime:
    """`value` in UTC, or `InvalidInput` when it has no offset or is out of range."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{value.isoformat()} has no time zone")
    problem = instant_problem(value)
    if problem is not None:
        raise InvalidInput(problem)
    return value.astimezone(UTC)
