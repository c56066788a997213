"""A calendar as written (`CalendarDecl`) -> the domain's `CalendarSpec`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import holidays
import yaml
from holidays.registry import EntityLoader

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
from remit.domain.contract import CalendarDecl, ExtraOpen
from remit.domain.values import frozen

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
_NULL = "tag:yaml.org,2002:null"


@frozen
class _Slot:
    """One weekly interval placed in the week: seconds from Monday 00:00."""

    start: int
    end: int
    interval: DayInterval
    day: Weekday
    path: str  # where it is written, e.g. calendars.office.hours.mon-fri[0]
    node: yaml.Node


def convert_calendar(conv: Converter, node: yaml.Node, path: str) -> Any:
    """The `CalendarSpec` declared at `node`, or INVALID after reporting every problem.

    Weekday keys, overlaps and holidays are checked on the nodes, so they are
    reported even when some other value of the calendar is wrong.
    """
    decl = conv.dataclass(CalendarDecl, node, path)
    hours_path = path_join(path, "hours")
    hours = child(node, "hours")
    days, weekdays_ok = _day_keys(conv, hours, hours_path)
    slots = _slots(hours, days, hours_path)
    clear = _report_overlaps(conv, slots)
    known = _check_holidays(conv, child(node, "holidays"), path_join(path, "holidays"))
    if decl is INVALID or not (weekdays_ok and clear and known):
        return INVALID
    return CalendarSpec(
        name=path.rsplit(".", 1)[-1],
        timezone=decl.timezone,
        weekly=_weekly(slots),
        holidays=tuple(HolidaySource(r.country, r.subdivision) for r in decl.holidays),
        closed=frozenset(decl.closed),
        open=tuple(_open_date(o) for o in decl.open),
        always_open=decl.always_open,
    )


def _open_date(extra: ExtraOpen) -> OpenDate:
    hours = tuple(DayInterval(*parse_time_range(h)) for h in extra.hours or ())
    return OpenDate(extra.date, hours or None)


def _day_keys(
    conv: Converter, hours: yaml.Node | None, path: str
) -> tuple[dict[str, list[Weekday]], bool]:
    """The weekdays each key of `hours` stands for, and False after reporting a key that is
    no weekday."""
    if not isinstance(hours, yaml.MappingNode):
        return {}, True  # absent, or not a mapping: the converter reports the latter
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
    return result, ok


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


def _weekly(slots: list[_Slot]) -> dict[Weekday, tuple[DayInterval, ...]]:
    weekly: dict[Weekday, list[DayInterval]] = {}
    for slot in sorted(slots, key=lambda s: s.start):
        weekly.setdefault(slot.day, []).append(slot.interval)
    return {d: tuple(v) for d, v in weekly.items()}


def _slots(hours: yaml.Node | None, days: dict[str, list[Weekday]], path: str) -> list[_Slot]:
    """The readable intervals of `hours` placed in the week; the converter reports the rest."""
    if not isinstance(hours, yaml.MappingNode):
        return []
    slots: list[_Slot] = []
    seen: set[str] = set()
    for key_node, value in merged_pairs(hours).pairs:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None or key in seen or key not in days:
            continue  # not a key, a duplicate key or no weekday: reported already
        seen.add(key)
        for where, item in _range_items(value, path_join(path, key)):
            try:
                interval = DayInterval(*parse_time_range(item.value))
            except ValueError:
                continue  # reported by the converter
            slots.extend(
                _Slot(d * DAY + interval.start, d * DAY + interval.end, interval, d, where, item)
                for d in days[key]
            )
    return slots


def _range_items(node: yaml.Node, path: str) -> list[tuple[str, yaml.ScalarNode]]:
    """The written intervals of one weekday key: one (``mon: 08:00-12:00``) or a list."""
    if isinstance(node, yaml.ScalarNode):
        return [] if node.tag == _NULL else [(path, node)]
    if isinstance(node, yaml.SequenceNode):
        return [
            (f"{path}[{i}]", item)
            for i, item in enumerate(node.value)
            if isinstance(item, yaml.ScalarNode)
        ]
    return []


def _report_overlaps(conv: Converter, slots: list[_Slot]) -> bool:
    """Report each pair of written intervals that overlap, once, listing the days."""
    ordered = sorted(slots, key=lambda s: s.start)
    # an overnight interval on Sunday runs into Monday: its tail comes before the week
    tails = [replace(s, start=s.start - _WEEK, end=s.end - _WEEK) for s in ordered if s.end > _WEEK]
    reach = max(tails, key=lambda s: s.end, default=None)  # the latest-ending slot so far
    clashes: dict[tuple[str, str, DayInterval, DayInterval], tuple[_Slot, list[Weekday]]] = {}
    for slot in ordered:
        if reach is not None and slot.start < reach.end:
            pair = (slot.path, reach.path, slot.interval, reach.interval)
            clashes.setdefault(pair, (slot, []))[1].append(slot.day)
        if reach is None or slot.end > reach.end:
            reach = slot
    for (later, earlier, interval, other), (slot, on) in clashes.items():
        day_list = ", ".join(d.name.lower() for d in on)
        message = f"{interval.label()} overlaps {other.label()} ({earlier}) on {day_list}"
        conv.error(slot.node, later, message)
    return not clashes


def _check_holidays(conv: Converter, rules: yaml.Node | None, path: str) -> bool:
    """Report countries and subdivisions the holidays package does not know."""
    if not isinstance(rules, yaml.SequenceNode):
        return True  # absent, or reported by the converter
    ok = True
    for index, rule in enumerate(rules.value):
        country, subdivision = _text(child(rule, "country")), _text(child(rule, "subdivision"))
        problem = _holiday_problem(country, subdivision)
        if problem is not None:
            node, field, message = problem
            conv.error(node, f"{path}[{index}].{field}", message)
            ok = False
    return ok


def _holiday_problem(
    country: yaml.ScalarNode | None, subdivision: yaml.ScalarNode | None
) -> tuple[yaml.ScalarNode, str, str] | None:
    if country is None:
        return None
    # The codes come from the package's registry: the countries' modules (about 250,
    # imported together) are loaded only to check a subdivision.
    supported = list(EntityLoader.get_country_codes())
    if country.value not in supported:
        hint = did_you_mean(country.value, supported, folded=True)
        return (
            country,
            "country",
            f"unknown country {show(country.value)} for public holidays{hint}",
        )
    if subdivision is None:
        return None
    choices = list(getattr(holidays, country.value).subdivisions)
    if subdivision.value in choices:
        return None
    return subdivision, "subdivision", _bad_subdivision(country.value, subdivision.value, choices)


def _bad_subdivision(country: str, subdivision: str, choices: list[str]) -> str:
    if not choices:
        return (
            f"{country} has no subdivisions for public holidays; "
            f"remove subdivision {show(subdivision)}"
        )
    known = ", ".join(choices[:_SUBDIVISIONS_SHOWN])
    more = ", ..." if len(choices) > _SUBDIVISIONS_SHOWN else ""
    hint = did_you_mean(subdivision, choices, folded=True)
    return f"unknown subdivision {show(subdivision)} of {country}{hint}; known: {known}{more}"


def _text(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """`node` when it is a written scalar; the converter reports anything else."""
    if isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
        return node
    return None
