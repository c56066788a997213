"""Markers that describe how a contract field is written and what it refers to.

They are plain classes used inside `typing.Annotated`; the domain stays free of
any parsing library. The contract loader, the JSON Schema generator and the
format reference all read them, so one declaration drives all three.
"""

from __future__ import annotations

from remit.domain.values import frozen


@frozen
class Doc:
    """What a field means, for people (docs/contract.md) and editors (JSON Schema)."""

    text: str


@frozen
class Ref:
    """The field names an entry of another section: parties, layers, objects, ..."""

    section: str


@frozen
class OneOrMany:
    """A list field that also accepts a single value (``primary: itp``)."""


@frozen
class Text:
    """A scalar kept verbatim as written (``version: 15.10`` stays ``"15.10"``)."""


@frozen
class TimeRanges:
    """A list of ``HH:MM-HH:MM`` open intervals."""


@frozen
class Fraction:
    """A share of a target: ``0.5`` or ``50%``."""


@frozen
class Duration:
    """A length of time written like ``30m``, ``4h``, ``1h30m`` or ``2d`` (d = 24 h)."""


@frozen
class TimeZoneName:
    """An IANA time zone such as ``Europe/Berlin``."""


@frozen
class Rrule:
    """An iCalendar recurrence rule such as ``FREQ=WEEKLY;BYDAY=SU;BYHOUR=2``."""
