"""A calendar as written (`CalendarDecl`) -> the domain's `CalendarSpec`."""

from __future__ import annotations

import itertools
from typing import Any

import holidays
import yaml

from remit.contract.convert import INVALID, Converter, did_you_mean, parse_time_range, path_join
from remit.domain.calendar import CalendarSpec, DayInterval, HolidaySource, OpenDate, Weekday
from remit.domain.contract import CalendarDecl

_DAYS = {d.name.lower(): d for d in Weekday}


def convert_calendar(conv: Converter, node: yaml.Node, path: str) -> Any:
    decl = conv.dataclass(CalendarDecl, node, path)
    if decl is INVALID:
        return INVALID
    weekly = _weekly(conv, decl, node, path)
    sources = _holidays(conv, decl, node, path)
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


def _weekly(
    conv: Converter, decl: CalendarDecl, node: yaml.Node, path: str
) -> dict[Weekday, tuple[DayInterval, ...]] | None:
    weekly: dict[Weekday, list[DayInterval]] = {}
    ok = True
    hours_node = _child(node, "hours")
    for key, ranges in decl.hours.items():
        days = _days(key)
        where = _child(hours_node, key) if hours_node is not None else node
        if days is None:
            conv.error(
                where or node,
                path_join(path_join(path, "hours"), key),
                f'"{key}" is not a weekday or range like mon-fri{did_you_mean(key, list(_DAYS))}',
            )
            ok = False
            continue
        for day in days:
            weekly.setdefault(day, []).extend(DayInterval(*parse_time_range(r)) for r in ranges)
    for day, intervals in weekly.items():
        intervals.sort()
        for before, after in itertools.pairwise(intervals):
            if after.start < before.end:
                conv.error(
                    hours_node or node,
                    path_join(path, "hours"),
                    f"{day.name.lower()}: intervals {before.label()} and {after.label()} overlap",
                )
                ok = False
    return {d: tuple(v) for d, v in weekly.items()} if ok else None


def _days(key: str) -> list[Weekday] | None:
    first, _, last = key.strip().lower().partition("-")
    if first not in _DAYS or (last and last not in _DAYS):
        return None
    start, end = _DAYS[first], _DAYS[last or first]
    span = (end - start) % 7
    return [Weekday((start + i) % 7) for i in range(span + 1)]


def _holidays(
    conv: Converter, decl: CalendarDecl, node: yaml.Node, path: str
) -> tuple[HolidaySource, ...] | None:
    supported = holidays.list_supported_countries()
    ok = True
    holidays_node = _child(node, "holidays")
    for index, rule in enumerate(decl.holidays):
        where = _item(holidays_node, index) or node
        item_path = f"{path_join(path, 'holidays')}[{index}]"
        if rule.country not in supported:
            conv.error(
                where,
                f"{item_path}.country",
                f'unknown country "{rule.country}" for public holidays'
                f"{did_you_mean(rule.country, list(supported))}",
            )
            ok = False
        elif rule.subdivision is not None and rule.subdivision not in supported[rule.country]:
            choices = supported[rule.country]
            conv.error(
                where,
                f"{item_path}.subdivision",
                f'unknown subdivision "{rule.subdivision}" of {rule.country}'
                f"{did_you_mean(rule.subdivision, choices)}; known: {', '.join(choices[:20])}",
            )
            ok = False
    return tuple(HolidaySource(r.country, r.subdivision) for r in decl.holidays) if ok else None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v  # type: ignore[no-any-return]
    return None


def _item(node: yaml.Node | None, index: int) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return node.value[index]  # type: ignore[no-any-return]
    return None
