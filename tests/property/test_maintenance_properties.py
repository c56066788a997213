"""Window occurrences against a brute-force oracle built from zoneinfo alone, in zones with
whole-hour, half-hour and no daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from remit.domain.contract import MaintenanceWindow
from remit.domain.maintenance import Occurrence, Schedule

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Almaty", "UTC")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ANCHOR = date(2025, 1, 1)

windows = st.builds(
    lambda zone, day, hour, minute, hours: MaintenanceWindow(
        name="w",
        rrule=f"FREQ=WEEKLY;BYDAY={DAYS[day]};BYHOUR={hour};BYMINUTE={minute}",
        duration=hours * 1800,
        timezone=zone,
    ),
    st.sampled_from(ZONES),
    st.integers(0, 6),
    st.integers(0, 23),
    st.sampled_from((0, 15, 30, 45)),
    st.integers(1, 12),
)
LO = datetime(2025, 2, 1, tzinfo=UTC).timestamp()
HI = datetime(2027, 12, 31, tzinfo=UTC).timestamp()
instants = st.integers(int(LO), int(HI)).map(lambda s: datetime.fromtimestamp(s, UTC))


def oracle(window: MaintenanceWindow, around: datetime) -> list[Occurrence]:
    """Every occurrence starting from ten days before `around` to three weeks after, day by day: the rule's wall
    time on its weekday, read with fold=0 (the offset before a gap, the first of a repeat)."""
    zone = ZoneInfo(window.timezone)
    parts = dict(p.split("=") for p in window.rrule.split(";"))
    day = DAYS.index(parts["BYDAY"])
    wall = time(int(parts["BYHOUR"]), int(parts["BYMINUTE"]))
    local = around.astimezone(zone).date()
    found = []
    for offset in range(-10, 22):
        d = local + timedelta(days=offset)
        if d.weekday() == day:
            start = datetime.combine(d, wall, tzinfo=zone).astimezone(UTC)
            found.append(Occurrence("w", start, start + timedelta(seconds=window.duration)))
    return found


@given(windows, instants)
def test_the_occurrence_at_an_instant_is_the_oracles(
    window: MaintenanceWindow, at: datetime
) -> None:
    expected = [o for o in oracle(window, at) if o.contains(at)]
    assert Schedule(window, ANCHOR).at(at) == (expected[0] if expected else None)


@given(windows, instants)
def test_the_next_occurrences_are_the_oracles(window: MaintenanceWindow, at: datetime) -> None:
    expected = [o for o in oracle(window, at) if o.end > at][:2]
    assert Schedule(window, ANCHOR).upcoming(at, 2) == expected
