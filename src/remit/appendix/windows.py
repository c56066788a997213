"""The appendix's maintenance-window table: when, how long, what, who confirms, what happens.

The first occurrences are listed in the window's local time with its zone
named, from the start of the contract's effective date (or from a given
instant), so the printed appendix is the same whenever it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from remit.appendix.labels import person
from remit.contract.durations import format_duration
from remit.domain import maintenance
from remit.domain.contract import Contract, MaintenanceWindow

SHOWN = 3
DAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday"}
DAYS |= {"FR": "Friday", "SA": "Saturday", "SU": "Sunday"}
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}


@dataclass(frozen=True, slots=True)
class WindowRow:
    name: str
    rule: str  # in words when simple, else the RRULE as written
    duration: str
    timezone: str
    objects: str
    confirmed_by: str
    during: str  # what happens to the SLA clocks and escalations
    occurrences: tuple[str, ...]  # local time, zone named


def window_rows(contract: Contract, after: datetime | None = None) -> tuple[WindowRow, ...]:
    """One row per window, its first occurrences from `after` (else the effective date)."""
    return tuple(
        _row(contract, schedule, after or _effective_start(contract, schedule.window))
        for schedule in maintenance.schedules(contract)
    )


def _row(contract: Contract, schedule: maintenance.Schedule, after: datetime) -> WindowRow:
    w = schedule.window
    confirm = (
        f"{person(contract, w.confirmed_by)} (each occurrence, at the desk)"
        if w.confirmed_by
        else "agreed by this contract"
    )
    return WindowRow(
        name=w.name,
        rule=rule_in_words(w.rrule),
        duration=format_duration(w.duration),
        timezone=w.timezone,
        objects=", ".join(w.objects) or "all objects",
        confirmed_by=confirm,
        during=during(w),
        occurrences=tuple(
            " - ".join(maintenance.local_span(o.start, o.end, w.timezone))
            for o in schedule.upcoming(after, SHOWN)
        ),
    )


def during(window: MaintenanceWindow) -> str:
    clocks = (
        "SLA clocks run"
        if window.clocks_run
        else "SLA clocks stop (no breach); they run from the window's end"
    )
    escalations = (
        "escalations fire" if window.escalations_fire else "escalations held until the end"
    )
    return f"{clocks}; {escalations}"


def rule_in_words(rrule: str) -> str:
    """``weekly on Sunday at 02:00`` for simple rules; the rule itself otherwise."""
    parts = dict(p.split("=", 1) for p in rrule.upper().split(";") if "=" in p)
    at = _at(parts.pop("BYHOUR", None), parts.pop("BYMINUTE", "0"))
    days = parts.pop("BYDAY", None)
    freq = parts.pop("FREQ", None)
    if parts.pop("INTERVAL", "1") != "1" or parts or at is None:
        return rrule
    if freq == "DAILY" and days is None:
        return f"daily at {at}"
    if freq == "WEEKLY" and days and all(d in DAYS for d in days.split(",")):
        return f"weekly on {', '.join(DAYS[d] for d in days.split(','))} at {at}"
    if freq == "MONTHLY" and days and days[:-2] in ORDINALS and days[-2:] in DAYS:
        return f"monthly on the {ORDINALS[days[:-2]]} {DAYS[days[-2:]]} at {at}"
    return rrule


def _at(hour: str | None, minute: str) -> str | None:
    if hour is None or not hour.isdigit() or not minute.isdigit():
        return None
    return f"{int(hour):02d}:{int(minute):02d}"


def _effective_start(contract: Contract, window: MaintenanceWindow) -> datetime:
    return datetime.combine(
        contract.contract.effective_from, time(), tzinfo=ZoneInfo(window.timezone)
    )
