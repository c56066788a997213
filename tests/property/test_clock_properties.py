"""Laws the SLA clock obeys on any calendar, in any zone, with any pauses."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from remit.domain.calendar import CalendarSpec, DayInterval, OpenDate, Weekday
from remit.domain.clock import Clock, PauseTable, from_epoch, to_epoch

H = 3600
LO = to_epoch(datetime(2023, 12, 20, tzinfo=UTC))
HI = to_epoch(datetime(2027, 1, 10, tzinfo=UTC))
ZONES = ("Europe/Berlin", "Australia/Lord_Howe", "America/New_York", "Asia/Kolkata", "UTC")

intervals = st.builds(
    lambda start, length: DayInterval(start * 60, start * 60 + length * 60),
    st.integers(0, 1439),
    st.integers(1, 1440),
)
day_hours = st.lists(intervals, max_size=3).map(lambda found: tuple(sorted(found)))
dates = st.dates(date(2024, 1, 1), date(2026, 12, 31))
specs = st.builds(
    CalendarSpec,
    name=st.just("property"),
    timezone=st.sampled_from(ZONES),
    weekly=st.dictionaries(st.sampled_from(list(Weekday)), day_hours, min_size=1),
    closed=st.frozensets(dates, max_size=6),
    open=st.lists(st.builds(OpenDate, dates, st.none() | day_hours), max_size=2).map(tuple),
    always_open=st.sampled_from((False, False, False, True)),
).filter(lambda spec: spec.always_open or any(spec.weekly.values()))
instants = st.integers(LO, HI)
durations = st.integers(0, 300 * H)
pauses = st.lists(
    st.tuples(instants, st.integers(0, 5 * 24 * H)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=4,
)

laws = settings(max_examples=120, deadline=None)


@laws
@given(specs, instants, durations, pauses)
def test_elapsed_until_due_is_the_duration(
    spec: CalendarSpec, s: int, n: int, paused: list[tuple[int, int]]
) -> None:
    clock = Clock(spec)
    assert clock.elapsed_epoch(s, clock.due_epoch(s, n)) == n
    assert clock.elapsed_epoch(s, clock.due_epoch(s, n, paused), paused) == n


@laws
@given(specs, instants, instants, durations, durations)
def test_due_is_monotonic_in_start_and_duration(
    spec: CalendarSpec, s1: int, s2: int, n1: int, n2: int
) -> None:
    clock = Clock(spec)
    s1, s2 = sorted((s1, s2))
    n1, n2 = sorted((n1, n2))
    assert clock.due_epoch(s1, n1) <= clock.due_epoch(s2, n1)
    assert clock.due_epoch(s1, n1) <= clock.due_epoch(s1, n2)
    assert clock.breach_at_epoch(s1, n1) <= clock.breach_at_epoch(s2, n1)


@laws
@given(specs, instants, durations, durations)
def test_due_composes(spec: CalendarSpec, s: int, a: int, b: int) -> None:
    clock = Clock(spec)
    assert clock.due_epoch(clock.due_epoch(s, a), b) == clock.due_epoch(s, a + b)


@laws
@given(specs, instants, instants, instants, pauses)
def test_elapsed_is_additive(
    spec: CalendarSpec, a: int, b: int, c: int, paused: list[tuple[int, int]]
) -> None:
    clock = Clock(spec)
    a, b, c = sorted((a, b, c))
    assert clock.elapsed_epoch(a, c) == clock.elapsed_epoch(a, b) + clock.elapsed_epoch(b, c)
    assert clock.elapsed_epoch(a, c, paused) == clock.elapsed_epoch(
        a, b, paused
    ) + clock.elapsed_epoch(b, c, paused)


@laws
@given(specs, instants, instants, durations, pauses)
def test_pauses_never_increase_elapsed_time(
    spec: CalendarSpec, a: int, b: int, n: int, paused: list[tuple[int, int]]
) -> None:
    clock = Clock(spec)
    a, b = sorted((a, b))
    assert 0 <= clock.elapsed_epoch(a, b, paused) <= clock.elapsed_epoch(a, b)
    assert clock.due_epoch(a, n, paused) >= clock.due_epoch(a, n)
    assert clock.breach_at_epoch(a, n, paused) >= clock.breach_at_epoch(a, n)


@laws
@given(specs, instants, durations, pauses)
def test_breach_at_is_where_the_target_is_exceeded(
    spec: CalendarSpec, s: int, n: int, paused: list[tuple[int, int]]
) -> None:
    clock = Clock(spec)
    breach = clock.breach_at_epoch(s, n, paused)
    assert breach >= clock.due_epoch(s, n, paused)
    assert clock.elapsed_epoch(s, breach, paused) == n
    assert clock.elapsed_epoch(s, breach + 1, paused) == n + 1


@laws
@given(specs, instants, durations)
def test_aware_datetimes_and_epoch_seconds_agree(spec: CalendarSpec, s: int, n: int) -> None:
    clock = Clock(spec)
    start = from_epoch(s)
    assert to_epoch(clock.due(start, n)) == clock.due_epoch(s, n)
    assert to_epoch(clock.breach_at(start, n)) == clock.breach_at_epoch(s, n)


@settings(max_examples=40, deadline=None)
@given(
    specs,
    st.lists(st.tuples(instants, durations, pauses), min_size=1, max_size=30),
)
def test_batch_form_equals_one_by_one(
    spec: CalendarSpec, tickets: list[tuple[int, int, list[tuple[int, int]]]]
) -> None:
    clock = Clock(spec)
    starts = [s for s, _, _ in tickets]
    seconds = [n for _, n, _ in tickets]
    rows = [(k, f, t) for k, (_, _, paused) in enumerate(tickets) for f, t in paused]
    table = PauseTable(*zip(*rows, strict=True)) if rows else None
    due = clock.due_many(starts, seconds, table).tolist()
    assert due == [clock.due_epoch(s, n, p) for s, n, p in tickets]
    breach = clock.breach_at_many(starts, seconds, table).tolist()
    assert breach == [clock.breach_at_epoch(s, n, p) for s, n, p in tickets]
    assert clock.elapsed_many(starts, due, table).tolist() == seconds
