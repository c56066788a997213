"""The SLA clock side by side with pandas CustomBusinessHour and businesstimedelta.

Calendar: Mon-Fri 09:00-17:00 Europe/Berlin with Germany's public holidays.
All three libraries answer the same random cases in one process; the table shows
calls per second, the ratios, and how many answers disagree with remit and why.
Then the batch form re-plans three targets for 1,000,000 open tickets after a
holiday is added.

    python benchmarks/clock.py [--seconds 1.0] [--tickets 1000000] [--seed 7]

Needs the `bench` extra (pandas, businesstimedelta).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import businesstimedelta as btd
import holidays
import numpy as np
import pandas as pd
import pytz

from remit.domain.calendar import CalendarSpec, DayInterval, HolidaySource, Weekday
from remit.domain.clock import Clock, PauseTable

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = 3600
CHUNK = 32
HOURS = {"due 4 h": 4, "due 40 h": 40, "due 400 h": 400}
YEARS = range(2023, 2031)
SPEC = CalendarSpec(
    name="office",
    timezone="Europe/Berlin",
    weekly={d: (DayInterval(9 * HOUR, 17 * HOUR),) for d in list(Weekday)[:5]},
    holidays=(HolidaySource("DE"),),
)


def random_starts(rng: random.Random, count: int) -> list[datetime]:
    lo = int(datetime(2024, 1, 1, tzinfo=BERLIN).timestamp())
    hi = int(datetime(2026, 1, 1, tzinfo=BERLIN).timestamp())
    return [datetime.fromtimestamp(rng.randrange(lo, hi), BERLIN) for _ in range(count)]


def timed(fn: Callable[[datetime, datetime], object], cases: list, budget: float):
    """Answers for as many cases as fit in `budget` seconds, and the call rate.

    The clock is read once per chunk of cases, so the harness costs almost nothing.
    """
    answers: list[object] = []
    began = time.perf_counter()
    for lo in range(0, len(cases), CHUNK):
        for a, b in cases[lo : lo + CHUNK]:
            try:
                answers.append(fn(a, b))
            except Exception as error:  # a peer that raises is a disagreement, not a crash
                answers.append(error)
        if time.perf_counter() - began > budget:
            break
    return answers, len(answers) / (time.perf_counter() - began)


# -- the three libraries ---------------------------------------------------------------


def remit_ops(clock: Clock) -> dict[str, Callable]:
    def due(hours: int) -> Callable:
        seconds = hours * HOUR
        return lambda start, _: clock.due(start, seconds)

    return {
        "due 4 h": due(4),
        "due 40 h": due(40),
        "due 400 h": due(400),
        "elapsed": lambda a, b: clock.elapsed(a, b),
    }


def pandas_ops(holiday_dates: list[date]) -> dict[str, Callable]:
    def due(hours: int) -> Callable:
        offset = pd.offsets.CustomBusinessHour(
            n=hours, start="09:00", end="17:00", weekmask="Mon Tue Wed Thu Fri",
            holidays=holiday_dates,
        )  # fmt: skip
        return lambda start, _: (pd.Timestamp(start) + offset).to_pydatetime()

    return {"due 4 h": due(4), "due 40 h": due(40), "due 400 h": due(400)}


def btd_ops(holiday_dates: list[date]) -> dict[str, Callable]:
    tz = pytz.timezone("Europe/Berlin")
    workday = btd.WorkDayRule(
        start_time=datetime.min.time().replace(hour=9),
        end_time=datetime.min.time().replace(hour=17),
        working_days=[0, 1, 2, 3, 4],
        tz=tz,
    )
    rules = btd.Rules([workday, btd.HolidayRule(holiday_dates, tz=tz)])

    def due(hours: int) -> Callable:
        delta = btd.BusinessTimeDelta(rules, hours=hours)
        return lambda start, _: start + delta

    def elapsed(a: datetime, b: datetime) -> int:
        return int(rules.difference(a, b).timedelta.total_seconds())

    return {"due 4 h": due(4), "due 40 h": due(40), "due 400 h": due(400), "elapsed": elapsed}


# -- why answers differ ------------------------------------------------------------------


def reason(peer: str, got: object, want: object, breach: datetime | None) -> str:
    if isinstance(got, Exception):
        return f"{peer} raises {type(got).__name__}"
    if isinstance(got, datetime) and isinstance(want, datetime):
        if got == breach:
            return "due falls at a closing time: pandas gives the next opening (remit's breach_at)"
        if got.utcoffset() != got.astimezone(BERLIN).utcoffset():
            return f"{peer} returns a stale UTC offset after a DST change"
        return f"{peer} is off by {_hours(got - want)}"
    return f"{peer} is off by {_hours(timedelta(seconds=int(got) - int(want)))}"  # type: ignore[call-overload]


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / HOUR:+g} h"


# -- the batch re-plan ------------------------------------------------------------------


def replan(tickets: int, seed: int) -> tuple[float, int]:
    """Seconds to re-plan three targets for `tickets` open tickets after a new holiday."""
    rng = np.random.default_rng(seed)
    now = int(datetime(2025, 6, 2, 10, tzinfo=BERLIN).timestamp())
    starts = rng.integers(now - 30 * 86_400, now, size=tickets, dtype=np.int64)
    paused = rng.choice(tickets, size=tickets // 4, replace=False)
    pause_from = starts[paused] + rng.integers(0, 3 * 86_400, size=len(paused))
    pauses = PauseTable(paused, pause_from, pause_from + rng.integers(600, 86_400, len(paused)))
    Clock(SPEC).due_many(starts[:10], 4 * HOUR)  # warm the holiday data import
    began = time.perf_counter()
    clock = Clock(replace(SPEC, closed=SPEC.closed | {date(2025, 6, 3)}))
    for hours in (4, 16, 40):
        clock.due_many(starts, hours * HOUR, pauses)
    return time.perf_counter() - began, len(paused)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time budget per cell")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    starts = random_starts(rng, 200_000)
    cases = [(a, a + timedelta(seconds=rng.randrange(1, 30 * 86_400))) for a in starts]
    holiday_dates = sorted(d for y in YEARS for d in holidays.country_holidays("DE", years=y))
    clock = Clock(SPEC)
    clock.due(starts[0], HOUR)  # compile outside the timed loops, as a running desk has
    libraries = {
        "remit": remit_ops(clock),
        "pandas": pandas_ops(holiday_dates),
        "businesstimedelta": btd_ops(holiday_dates),
    }

    print(__doc__.splitlines()[0])
    print(f"{len(cases):,} random cases, 2024-2025, aware Europe/Berlin datetimes; "
          f"{args.seconds:g} s per cell\n")  # fmt: skip
    header = f"{'operation':<10} {'remit/s':>11} {'pandas/s':>10} {'btd/s':>9}"
    print(header + f" {'x pandas':>9} {'x btd':>9}")
    why: Counter[str] = Counter()
    compared: Counter[str] = Counter()
    for op in libraries["remit"]:
        reference, remit_rate = timed(libraries["remit"][op], cases, args.seconds)
        rates = {}
        for peer in ("pandas", "businesstimedelta"):
            if op not in libraries[peer]:
                continue
            answers, rates[peer] = timed(libraries[peer][op], cases, args.seconds)
            for (a, _), got, want in zip(cases, answers, reference, strict=False):
                compared[f"{peer} {op}"] += 1
                if got != want:
                    breach = clock.breach_at(a, HOURS[op] * HOUR) if op in HOURS else None
                    why[(f"{peer} {op}", reason(peer, got, want, breach))] += 1
        cells = [f"{remit_rate:>11,.0f}"]
        cells += [f"{rates[p]:>{w},.0f}" if p in rates else f"{'n/a':>{w}}" for p, w in
                  (("pandas", 10), ("businesstimedelta", 9))]  # fmt: skip
        cells += [f"{remit_rate / rates[p]:>8,.0f}x" if p in rates else f"{'n/a':>9}"
                  for p in ("pandas", "businesstimedelta")]  # fmt: skip
        print(f"{op:<10} " + " ".join(cells))
    print("\npandas has no business-time-between API: 'elapsed' is n/a for it.\n")
    print("Disagreements with remit (answers compared as instants / seconds):")
    for key in compared:
        wrong = sum(n for (k, _), n in why.items() if k == key)
        print(f"  {key:<28} {wrong:>6} of {compared[key]:>6}")
        for (k, text), n in why.most_common():
            if k == key:
                print(f"      {n:>6}  {text}")

    utc_cases = [(a.astimezone(UTC), b) for a, b in cases[:2000]]
    answers, _ = timed(libraries["pandas"]["due 40 h"], utc_cases, args.seconds)
    right = [(clock.due(a, 40 * HOUR), clock.breach_at(a, 40 * HOUR)) for a, _ in utc_cases]
    off = sum(g not in r for g, r in zip(answers, right, strict=False))
    print(f"\nSame instants given to pandas as UTC datetimes, due 40 h: {off} of "
          f"{len(answers)} wrong even allowing either closing-time convention "
          "(pandas computes in the input's wall clock)")  # fmt: skip

    took, paused = replan(args.tickets, args.seed)
    print(f"\nBatch re-plan after a holiday is added: {args.tickets:,} open tickets "
          f"({paused:,} with a pause) x 3 targets (4 h, 16 h, 40 h): {took:.2f} s, one core")  # fmt: skip


if __name__ == "__main__":
    main()
