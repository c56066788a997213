"""Durations and wall-clock times as people write them in a contract.

``30m``, ``4h``, ``1h30m``, ``2d`` (d = 24 hours of the target's calendar time,
not calendar days), ``45s``; at most ``1000d`` (see `remit.domain.bounds`);
times ``HH:MM`` (``24:00`` allowed as an end).
"""

from __future__ import annotations

import re

from remit.contract.errors import show
from remit.domain.bounds import DURATION_RANGE, LONGEST_S

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_UNITS = (86_400, 3_600, 60, 1)
_TIME = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")
_WORDY = re.compile(r"(?:\d+(?:\.\d+)?\s*[a-z]+\s*)+")
_WORDY_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_WORD_UNITS = {
    **dict.fromkeys(("d", "day", "days"), 86_400),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3_600),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
}
EXAMPLES = '"4h", "30m" or "1h30m"'


def parse_duration(text: str) -> int:
    """Whole seconds of a duration like ``1h30m``; `ValueError` when malformed or zero-length text."""
    cleaned = text.strip().lower()
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or match is None or not any(match.groups()):
        raise ValueError(f"expected a duration like {EXAMPLES}, got {show(text)}{_hint(cleaned)}")
    seconds = sum(int(g) * unit for g, unit in zip(match.groups(), _UNITS, strict=True) if g)
    if seconds > LONGEST_S:
        raise ValueError(f"{show(text)} is too long: {DURATION_RANGE}")
    return seconds


def _hint(cleaned: str) -> str:
    """What the author probably meant by a duration `parse_duration` cannot read."""
    if cleaned.isdigit():
        return f' (add a unit: d, h, m or s, e.g. "{cleaned}h")'
    words = re.sub(r",|\band\b", " ", cleaned).strip()
    if not _WORDY.fullmatch(words):
        return ""
    parts = _WORDY_PART.findall(words)
    units = [_WORD_UNITS.get(unit, 0) for _, unit in parts]
    if 0 in units or units != sorted(set(units), reverse=True):
        return ""  # an unknown unit, or units repeated or out of order
    seconds = sum(float(number) * unit for (number, _), unit in zip(parts, units, strict=True))
    if seconds <= 0 or seconds != int(seconds):
        return ""
    if units[0] == _UNITS[0]:
        return _days_hint(int(seconds))
    return f' (did you mean "{format_duration(int(seconds))}"?)'


def _days_hint(seconds: int) -> str:
    """Days written out: `d` is not a working day, say what it is and how to write one."""
    written = format_duration(seconds)
    hours = seconds // 3_600
    return (
        f' (d is 24 hours of the calendar\'s open time, so this is "{written}", {hours} open hours;'
        " on a business calendar write working time in hours, e.g. two working days"
        ' of an office calendar open 9 h a day are "18h")'
    )


def format_duration(seconds: int) -> str:
    """The shortest text `parse_duration` reads back as `seconds`: ``5400`` -> ``1h30m``."""
    if seconds == 0:
        return "0m"
    parts = []
    rest = seconds
    for unit, name in zip(_UNITS, "dhms", strict=True):
        if unit == 86_400 and rest % 86_400:
            continue  # 36h reads better than 1d12h in an SLA table
        count, rest = divmod(rest, unit)
        if count:
            parts.append(f"{count}{name}")
    return "".join(parts)


def parse_clock_time(text: str) -> int:
    """Seconds after midnight of ``HH:MM`` (00:00 .. 24:00)."""
    match = _TIME.fullmatch(text.strip())
    if match is None or (match.group(1) == "24" and match.group(2) != "00"):
        raise ValueError(f'expected a time like "09:00", got {show(text)}')
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60
