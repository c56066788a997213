"""How the appendix names people, calendars and weeks: the same words in every section."""

from __future__ import annotations

from remit.domain.calendar import CalendarSpec, Weekday
from remit.domain.contract import Contract

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def person(contract: Contract, ref: str | None) -> str:
    """``Jonas Weber, Internal IT contact, +49 30 5557 1002``; empty when nobody is named."""
    if ref is None:
        return ""
    contact = contract.contact(ref)
    reach = contact.phone or contact.email
    return (
        f"{contact.name}"
        + (f", {contact.role}" if contact.role else "")
        + (f", {reach}" if reach else "")
    )


def hours(contract: Contract, name: str | None) -> str:
    """``Mon-Fri 08:00-18:00 (office)``: a calendar's week and its name."""
    if name is None:
        return "not stated"
    return f"{week_label(contract.calendars[name])} ({name})"


def week_label(spec: CalendarSpec) -> str:
    """``24/7`` or ``Mon-Fri 08:00-18:00, Sat 09:00-13:00``."""
    if spec.always_open:
        return "24/7"
    groups: list[tuple[list[int], str]] = []
    for day in Weekday:
        day_hours = ", ".join(i.label() for i in spec.weekly.get(day, ()))
        if day_hours and groups and groups[-1][1] == day_hours and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        elif day_hours:
            groups.append(([day], day_hours))
    week = ", ".join(
        f"{DAY_NAMES[d[0]]}{'-' + DAY_NAMES[d[-1]] if len(d) > 1 else ''} {h}" for d, h in groups
    )
    return week or "never open"


def calendar_label(spec: CalendarSpec) -> str:
    """The week, the time zone and the holidays that close it."""
    text = f"{week_label(spec)} ({spec.timezone})"
    if spec.holidays and not spec.always_open:
        places = ", ".join(
            f"{h.country}-{h.subdivision}" if h.subdivision else h.country for h in spec.holidays
        )
        text += f"; closed on public holidays {places}"
    if spec.closed and not spec.always_open:
        text += f"; {len(spec.closed)} extra closed date(s)"
    return text
