"""A calendar as written (`CalendarDecl`) -> the domain's `CalendarSpec`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import holidays
import yaml

from remit.contract.convert import INVALID, Converter, merged_pairs, path_join
from remit.contract.errors import closest, did_you_mean, show
from remit.contract.names import child
from remit.contract.scalars import parse_time_range
from remit.domain.calendar import (
    DAY,
    CalendarSpec,
    DayInterval,
    HolidaySource,
    OpenDate,
    Weekday,
)
from remit.domain.contract import CalendarDecl

_DAYS = {d.name.lower(): d for d in Weekday}
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORDS = _DAYS | dict(zip(_FULL_NAMES, Weekday, strict=True))
_DAY_GROUPS = dict.fromkeys(("weekdays", "weekday", "workdays", "workday"), "mon-fri") | {
    "weekend": "sat-sun",
    "weekends": "sat-sun",
    "daily": "mon-sun",
    "everyday": "mon-sun",
}
_WEEK = 7 * DAY
_SUBDIVISIONS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class _Slot:
    """One weekly interval placed in the week: seconds from Monday 00:00."""

    start: int
    end: int
    interval: DayInterval
    day: Weekday
    path: str  # where it is written, e.g. calendars.office.hours.mon-fri[0]


def convert_calendar(conv: Converter, node: yaml.Node, path: str) -> Any:
    decl = conv.dataclass(CalendarDecl, node, path)
    days = _day_keys(conv, child(node, "hours"), path_join(path, "hours"))
    if decl is INVALID or days is None:
        return INVALID
    weekly = _weekly(conv, decl, days, path_join(path, "hours"))
    sources = _holidays(conv, decl, path)
    if weekly is None or sources is None:
        return INVALID
    opened = tuple(
        OpenDate(
            o.date, tuple(DayInterval(*parse_time_range(h)) for h in o.hours) if o.hours else None
        )
        for o in decl.open
    )
    return CalendarSpec(
        name=path.rsplit(".", 1)[-1],
        timezone=decl.timezone,
        weekly=weekly,
        holidays=sources,
        closed=frozenset(decl.closed),
        open=opened,
        always_open=decl.always_open,
    )


def _day_keys(
    conv: Converter, hours: yaml.Node | None, path: str
) -> dict[str, list[Weekday]] | None:
    """The weekdays each key of `hours` stands for; None after reporting a key that is none."""
    if not isinstance(hours, yaml.MappingNode):
        return {}  # absent, or not a mapping: the converter reports the latter
    result: dict[str, list[Weekday]] = {}
    ok = True
    for key_node, _ in merged_pairs(hours).pairs:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # reported by the converter
        days = _days(key_node.value)
        if days is None:
            conv.error(key_node, path_join(path, key_node.value), _bad_day_key(key_node.value))
            ok = False
        else:
            result[key_node.value] = days
    return result if ok else None


def _days(key: str) -> list[Weekday] | None:
    first, _, last = key.strip().lower().partition("-")
    if first not in _DAYS or (last and last not in _DAYS):
        return None
    start, end = _DAYS[first], _DAYS[last or first]
    span = (end - start) % 7
    return [Weekday((start + i) % 7) for i in range(span + 1)]


def _bad_day_key(key: str) -> str:
    guess = _DAY_GROUPS.get(key.strip().lower()) or _guess_days(key)
    hint = f' (did you mean "{guess}"?)' if guess else ""
    days = ", ".join(_DAYS)
    return f'expected a weekday ({days}) or a range like "mon-fri", got {show(key)}{hint}'


def _guess_days(key: str) -> str | None:
    """``monday`` -> ``mon``, ``mon-fry`` -> ``mon-fri``; None when a part is like no day."""
    parts = key.split("-")
    guesses = [closest(part, list(_DAY_WORDS), folded=True) for part in parts]
    if len(parts) > 2 or None in guesses:
        return None
    return "-".join(_DAY_WORDS[g].name.lower() for g in guesses if g is not None)


def _weekly(
    conv: Converter, decl: CalendarDecl, days: dict[str, list[Weekday]], path: str
) -> dict[Weekday, tuple[DayInterval, ...]] | None:
    slots = _slots(conv, decl, days, path)
    ok = _report_overlaps(conv, slots)
    weekly: dict[Weekday, list[DayInterval]] = {}
    for slot in sorted(slots, key=lambda s: s.start):
        weekly.setdefault(slot.day, []).append(slot.interval)
    return {d: tuple(v) for d, v in weekly.items()} if ok else None


def _slots(
    conv: Converter, decl: CalendarDecl, days: dict[str, list[Weekday]], path: str
) -> list[_Slot]:
    slots = []
    for key, ranges in decl.hours.items():
        key_path = path_join(path, key)
        for index, text in enumerate(ranges):
            item_path = f"{key_path}[{index}]"
            where = item_path if item_path in conv.marks else key_path
            interval = DayInterval(*parse_time_range(text))
            for day in days[key]:
                offset = day * DAY
                slots.append(
                    _Slot(offset + interval.start, offset + interval.end, interval, day, where)
                )
    return slots


def _report_overlaps(conv: Converter, slots: list[_Slot]) -> bool:
    """Report each pair of written intervals that overlap, once, listing the days."""
    ordered = sorted(slots, key=lambda s: s.start)
    # an overnight interval on Sunday runs into Monday: its tail comes before the week
    tails = [replace(s, start=s.start - _WEEK, end=s.end - _WEEK) for s in ordered if s.end > _WEEK]
    reach = max(tails, key=lambda s: s.end, default=None)  # the latest-ending slot so far
    clashes: dict[tuple[str, str, DayInterval, DayInterval], list[Weekday]] = {}
    for slot in ordered:
        if reach is not None and slot.start < reach.end:
            pair = (slot.path, reach.path, slot.interval, reach.interval)
            clashes.setdefault(pair, []).append(slot.day)
        if reach is None or slot.end > reach.end:
            reach = slot
    for (later, earlier, interval, other), on in clashes.items():
        day_list = ", ".join(d.name.lower() for d in on)
        conv.error_at(
            later, f"{interval.label()} overlaps {other.label()} ({earlier}) on {day_list}"
        )
    return not clashes


def _holidays(conv: Converter, decl: CalendarDecl, path: str) -> tuple[HolidaySource, ...] | None:
    supported = holidays.list_supported_countries()
    ok = True
    for index, rule in enumerate(decl.holidays):
        item_path = f"{path_join(path, 'holidays')}[{index}]"
        if rule.country not in supported:
            conv.error_at(
                f"{item_path}.country",
                f"unknown country {show(rule.country)} for public holidays"
                f"{did_you_mean(rule.country, list(supported), folded=True)}",
            )
            ok = False
        elif rule.subdivision is not None and rule.subdivision not in supported[rule.country]:
            choices = list(supported[rule.country])
            known = ", ".join(choices[:_SUBDIVISIONS_SHOWN])
            more = ", ..." if len(choices) > _SUBDIVISIONS_SHOWN else ""
            conv.error_at(
                f"{item_path}.subdivision",
                f"unknown subdivision {show(rule.subdivision)} of {rule.country}"
                f"{did_you_mean(rule.subdivision, choices, folded=True)}; known: {known}{more}"
                if choices
                else f"{rule.country} has no subdivisions for public holidays; "
                f"remove subdivision {show(rule.subdivision)}",
            )
            ok = False
    return tuple(HolidaySource(r.country, r.subdivision) for r in decl.holidays) if ok else None
