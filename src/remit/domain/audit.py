"""The tamper-evident interaction log: a hash chain over append-only records.

Each record's hash covers the previous record's hash and the record's own
content (time, ticket, actor, action, detail). Its position (`seq`) is *not*
hashed, so a record moved to another position still hashes correctly but no
longer links to its neighbour: `verify` tells an edited record (its own hash is
wrong), a deleted one (a gap in the positions, or a missing tail) and a
reordered one (a correct record whose link points at another record) apart.

A purge removes the oldest records and keeps an *anchor*: the position and hash
of the last removed record, from which verification continues.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

GENESIS = "0" * 64

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where the chain starts: position 0 and the genesis hash, or the last purged record."""

    seq: int = 0
    hash: str = GENESIS


@dataclass(frozen=True, slots=True)
class Entry:
    """What happened, before it is sealed into the chain."""

    at: datetime
    actor: str
    action: str
    ticket_id: int | None
    detail: Mapping[str, JsonValue]


@dataclass(frozen=True, slots=True)
class Record:
    seq: int
    entry: Entry
    prev_hash: str
    hash: str


class Tampering(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    problem: Tampering
    message: str


def canonical(entry: Entry) -> bytes:
    body = [
        entry.at.astimezone(UTC).isoformat(),
        entry.ticket_id,
        entry.actor,
        entry.action,
        entry.detail,
    ]
    return _CANONICAL.encode(body).encode()


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal_hash(prev_hash: str, entry: Entry) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(entry)).hexdigest()


def seal(head: Anchor, entries: Sequence[Entry]) -> list[Record]:
    """Chain `entries` after `head`; the caller stores them and the new head atomically."""
    records = []
    seq, prev = head.seq, head.hash
    for entry in entries:
        seq += 1
        digest = seal_hash(prev, entry)
        records.append(Record(seq, entry, prev, digest))
        prev = digest
    return records


def verify(records: Iterable[Record], anchor: Anchor, head: Anchor | None) -> list[ChainBreak]:
    """Every break in the chain; `records` in `seq` order, `head` the stored chain head."""
    rows = list(records)
    known = {r.hash for r in rows} | {anchor.hash}
    findings: list[ChainBreak] = []
    expected, prev = anchor.seq + 1, anchor.hash
    for record in rows:
        if record.seq > expected:
            findings.append(_gap(expected, record.seq - 1))
        findings.extend(_check_record(record, prev, known, gap=record.seq > expected))
        expected, prev = record.seq + 1, record.hash
    if head is not None and head.seq >= expected:
        findings.append(_gap(expected, head.seq))
    elif head is not None and head.hash != prev:
        findings.append(
            ChainBreak(
                expected - 1, Tampering.EDITED, "the last record differs from the chain head"
            )
        )
    return findings


def _gap(first: int, last: int) -> ChainBreak:
    where = f"record {first}" if first == last else f"records {first}-{last}"
    return ChainBreak(first, Tampering.DELETED, f"{where} missing (deleted)")


def _check_record(record: Record, prev: str, known: set[str], *, gap: bool) -> list[ChainBreak]:
    if seal_hash(record.prev_hash, record.entry) != record.hash:
        return [ChainBreak(record.seq, Tampering.EDITED, f"record {record.seq} was edited")]
    if record.prev_hash == prev or gap:
        return []
    if record.prev_hash in known:
        message = f"record {record.seq} is out of order: it does not follow record {record.seq - 1}"
        return [ChainBreak(record.seq, Tampering.REORDERED, message)]
    message = f"record {record.seq - 1} was rewritten: record {record.seq} no longer links to it"
    return [ChainBreak(record.seq - 1, Tampering.EDITED, message)]


def json_detail(values: Mapping[str, object]) -> dict[str, JsonValue]:
    """Detail values as JSON: datetimes become UTC ISO strings, enums their codes."""
    return {key: _json(value) for key, value in values.items()}


def _json(value: object) -> JsonValue:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_json(v) for v in value]
    return str(value)
