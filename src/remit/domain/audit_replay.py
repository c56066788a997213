"""What a ticket's audit records imply about its stored row.

Every audit record about a ticket carries the ticket's *facts* after the
action: its state, its clock deadlines and breach instants, and the keys of the
breaches recorded on it. Those facts are sealed into the chain with the record,
so the newest record of each ticket says what its row must hold; `replay`
compares them with the stored rows and checks that the states the records pass
through follow the ticket's state machine and that no recorded breach is taken
back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from remit.domain.audit import ChainBreak, JsonValue, Record, Tampering
from remit.domain.ticket import TRANSITIONS, State

#: The ticket fields each record's facts carry, besides the breach keys.
FACT_FIELDS = (
    "state",
    "response_due",
    "response_breach_at",
    "recovery_due",
    "recovery_breach_at",
    "next_update_due",
)


def ticket_facts(fields: Mapping[str, object], breaches: Iterable[str]) -> dict[str, JsonValue]:
    """The facts of one ticket: `fields` holds at least FACT_FIELDS."""
    facts: dict[str, JsonValue] = {name: _plain(fields[name]) for name in FACT_FIELDS}
    keys: list[JsonValue] = [*sorted(breaches)]
    facts["breaches"] = keys
    return facts


def _plain(value: object) -> JsonValue:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if value is None or isinstance(value, str):
        return value
    return str(value)


def replay(
    records: Iterable[Record], stored: Mapping[int, Mapping[str, JsonValue]]
) -> list[ChainBreak]:
    """Every ticket whose stored facts differ from its newest record's, or whose records
    jump between states the state machine does not connect. Tickets without facts in
    the log (recorded before facts were kept, or purged) are not judged."""
    findings: list[ChainBreak] = []
    newest: dict[int, Record] = {}
    for record in records:
        ticket = record.entry.ticket_id
        if ticket is None or record.entry.facts is None:
            continue
        before = newest.get(ticket)
        if before is not None:
            findings.extend(_step(ticket, before, record))
        newest[ticket] = record
    for ticket, record in sorted(newest.items()):
        findings.extend(_compare(ticket, record, stored.get(ticket)))
    return findings


def _step(ticket: int, before: Record, after: Record) -> list[ChainBreak]:
    """A state the previous one never leads to, or a breach that disappeared (a recorded
    breach is never taken back)."""
    found = []
    old, new = _state(before), _state(after)
    if old is not None and new is not None and new not in _reachable(old):
        message = (
            f"ticket {ticket}: record {after.seq} has it '{new}' right after '{old}' "
            f"(record {before.seq}), a step its states never take"
        )
        found.append(ChainBreak(after.seq, Tampering.TICKET, message))
    lost = sorted(_breaches(before) - _breaches(after))
    if lost:
        message = (
            f"ticket {ticket}: breach {', '.join(lost)} recorded by record {before.seq} "
            f"is gone from record {after.seq}"
        )
        found.append(ChainBreak(after.seq, Tampering.TICKET, message))
    return found


def _breaches(record: Record) -> set[str]:
    value = (record.entry.facts or {}).get("breaches")
    return {str(v) for v in value} if isinstance(value, list) else set()


def _state(record: Record) -> State | None:
    facts = record.entry.facts or {}
    value = facts.get("state")
    return State(value) if isinstance(value, str) and value in State.__members__.values() else None


def _reachable(start: State) -> set[State]:
    """`start` and every state reachable from it (one transaction may take several steps)."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _compare(ticket: int, record: Record, row: Mapping[str, JsonValue] | None) -> list[ChainBreak]:
    if row is None:
        message = f"ticket {ticket} is gone from the database, but record {record.seq} recorded it"
        return [ChainBreak(record.seq, Tampering.TICKET, message)]
    implied = record.entry.facts or {}
    differences = [
        f"stored {name} is {_shown(row.get(name))}, its records imply {_shown(implied.get(name))}"
        for name in (*FACT_FIELDS, "breaches")
        if row.get(name) != implied.get(name)
    ]
    if not differences:
        return []
    message = f"ticket {ticket} was edited: " + "; ".join(differences) + f" (record {record.seq})"
    return [ChainBreak(record.seq, Tampering.TICKET, message)]


def _shown(value: JsonValue) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return "none" if value is None else repr(value)
