"""Who can be reached at one instant, and through which channel.

A party inside its own calendar is reached through its first channel staffed
then (emergency channels first for urgent tickets). Outside it, only an
emergency channel whose own calendar is open then, or a contact marked
``after_hours: true``, reaches it; otherwise nobody can be reached.
"""

from __future__ import annotations

from datetime import datetime

from remit.domain.clock import Clock
from remit.domain.contract import Channel, Contact, Contract, Party
from remit.drill.route import Reach


class Clocks:
    """One compiled `Clock` per calendar name, built on first use."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self._clocks: dict[str, Clock] = {}

    def __getitem__(self, name: str) -> Clock:
        if name not in self._clocks:
            self._clocks[name] = Clock(self.contract.calendars[name])
        return self._clocks[name]

    def is_open(self, name: str, at: datetime) -> bool:
        return self[name].is_open(at)


def reach(
    contract: Contract, clocks: Clocks, party_id: str, at: datetime, *, urgent: bool
) -> Reach:
    party = contract.parties[party_id]
    staffed = [
        ch
        for ch in _channels(party, urgent=urgent)
        if clocks.is_open(ch.calendar or party.calendar, at)
    ]
    if clocks.is_open(party.calendar, at):
        channel = staffed[0] if staffed else None
        return Reach(party_id, "working hours", _label(channel), _first_contact(party))
    emergency = [ch for ch in staffed if ch in party.channels.emergency]
    if emergency:
        return Reach(party_id, "emergency channel", _label(emergency[0]), _on_call(party))
    on_call = _on_call(party)
    if on_call is not None:
        contact = next(c for c in party.contacts.values() if c.after_hours)
        return Reach(party_id, "on-call contact", _contact_channel(contact), on_call)
    return Reach(party_id, None)


def _channels(party: Party, *, urgent: bool) -> list[Channel]:
    first, second = party.channels.emergency, party.channels.routine
    return [*first, *second] if urgent else [*second, *first]


def _label(channel: Channel | None) -> str | None:
    return f"{channel.kind.value} {channel.address}" if channel else None


def _describe(contact: Contact) -> str:
    return f"{contact.name}, {contact.role}" if contact.role else contact.name


def _first_contact(party: Party) -> str | None:
    contact = next(iter(party.contacts.values()), None)
    return _describe(contact) if contact else None


def _on_call(party: Party) -> str | None:
    contact = next((c for c in party.contacts.values() if c.after_hours), None)
    return _describe(contact) if contact else None


def _contact_channel(contact: Contact) -> str | None:
    if contact.phone:
        return f"phone {contact.phone}"
    return f"email {contact.email}" if contact.email else None
