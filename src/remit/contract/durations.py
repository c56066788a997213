"""Durations and wall-clock times as people write them in a contract.

``30m``, ``4h``, ``1h30m``, ``2d`` (d = 24 hours of the target's calendar time,
not calendar days), ``45s``; times ``HH:MM`` (``24:00`` allowed as an end).
"""

from __future__ import annotations

import re

_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_UNITS = (86_400, 3_600, 60, 1)
_TIME = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")


def parse_duration(text: str) -> int:
    """Whole seconds of a duration like ``1h30m``; `ValueError` when malformed or zero-length text."""
    cleaned = text.strip().lower()
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or match is None or not any(match.groups()):
        raise ValueError(f'expected a duration like "4h", "30m" or "1h30m", got "{text}"')
    return sum(int(g) * unit for g, unit in zip(match.groups(), _UNITS, strict=True) if g)


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
        raise ValueError(f'expected a time like "09:00", got "{text}"')
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60
