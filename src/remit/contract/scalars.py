"""Scalar values as people write them: booleans, whole numbers, dates, shares,
time ranges, time zones and recurrence rules. Each parser raises `ValueError`
with a message that says what was expected and what was written."""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml
from dateutil.rrule import rrulestr

from remit.contract.durations import parse_clock_time
from remit.contract.errors import closest, show

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIME_RANGE = re.compile(r"\s*(\S+?)\s*-\s*(\S+)\s*")
_BOOLS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_WHOLE = re.compile(r"[-+]?[0-9][0-9_]*")
_QUOTED = ("'", '"')
RANGE_EXAMPLE = '"09:00-17:00"'
RRULE_EXAMPLE = '"FREQ=WEEKLY;BYDAY=SU;BYHOUR=2"'


def convert_plain(base: Any, node: yaml.ScalarNode) -> Any:
    text: str = node.value
    if base is str:
        return text
    if base is bool:
        if node.tag != _BOOL or text.lower() not in _BOOLS:
            hint = _unquote_hint(node, text.lower() in _BOOLS)
            raise ValueError(f"expected true or false, got {show(text)}{hint}")
        return _BOOLS[text.lower()]
    if base is int:
        if node.tag != _INT or not _WHOLE.fullmatch(text):
            hint = _unquote_hint(node, _WHOLE.fullmatch(text) is not None)
            raise ValueError(f"expected a whole number, got {show(text)}{hint}")
        return int(text.replace("_", ""))
    if base is float:
        return _plain_float(node)
    if base is date:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f'expected a date like "2026-01-31", got {show(text)}') from None
    raise TypeError(f"no conversion for {base!r}")  # a model declaration error, not user input


def _plain_float(node: yaml.ScalarNode) -> float:
    value = _finite(node.value)
    if node.tag not in (_INT, _FLOAT) or value is None:
        hint = _unquote_hint(node, value is not None)
        raise ValueError(f"expected a number, got {show(node.value)}{hint}")
    return value


def _finite(text: str) -> float | None:
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _unquote_hint(node: yaml.ScalarNode, fits: bool) -> str:
    """Advice for a value that would be right without its quotes (``"true"``, ``"5"``)."""
    return " in quotes (remove the quotes)" if fits and node.style in _QUOTED else ""


def parse_fraction(text: str) -> float:
    stripped = text.strip()
    try:
        value = float(stripped[:-1]) / 100 if stripped.endswith("%") else float(stripped)
    except ValueError:
        raise ValueError(f'expected a share like "50%" or 0.5, got {show(text)}') from None
    if not 0 < value <= 1:
        raise ValueError(f"expected a share above 0% and at most 100%, got {show(text)}")
    return value


def parse_time_range(text: str) -> tuple[int, int]:
    """``09:00-17:00`` -> (32400, 61200); an end at or before the start runs overnight."""
    match = _TIME_RANGE.fullmatch(text)
    if match is None:
        raise ValueError(f"expected hours like {RANGE_EXAMPLE}, got {show(text)}")
    try:
        start, end = parse_clock_time(match.group(1)), parse_clock_time(match.group(2))
    except ValueError:
        raise ValueError(
            f"expected hours like {RANGE_EXAMPLE}, got {show(text)}: "
            "write times as HH:MM from 00:00 to 24:00"
        ) from None
    if start == 86_400:
        raise ValueError(
            f"expected hours like {RANGE_EXAMPLE}, got {show(text)}: "
            "an interval cannot start at 24:00"
        )
    return (start, end if end > start else end + 86_400)


def parse_timezone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    else:
        return text
    guess = closest(text, sorted(_zone_names()), folded=True)
    if guess is not None:
        raise ValueError(f'unknown time zone {show(text)} (did you mean "{guess}"?)')
    raise ValueError(f'unknown time zone {show(text)}; use an IANA name like "Europe/Berlin"')


@cache
def _zone_names() -> frozenset[str]:
    """Zones worth suggesting: Region/City names and UTC, not legacy abbreviations like EST."""
    return frozenset(z for z in available_timezones() if "/" in z or z == "UTC")


def parse_rrule(text: str) -> str:
    try:
        rrulestr(text)
    except (ValueError, TypeError, OverflowError) as exc:
        reason = str(exc)
        why = f" ({reason})" if re.match(r"(invalid|unknown|\w+ must be)", reason) else ""
        raise ValueError(
            f"expected a recurrence rule like {RRULE_EXAMPLE}, got {show(text)}{why}"
        ) from None
    return text
