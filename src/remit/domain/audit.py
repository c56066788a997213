"""The tamper-evident interaction log: a keyed hash chain over append-only records.

Each record's seal is an HMAC-SHA256, under a key kept outside the database,
over the previous record's seal and the record's own content (time, ticket,
actor, action, detail, the ticket facts it carries, and the id of the key).
Without the key nobody can make a seal that verifies, so a rewritten record,
a chain re-sealed with another key or with plain SHA-256, and a forged row
appended at the end all show as edited.

A record's position (`seq`) is *not* sealed, so a record moved to another
position still verifies but no longer links to its neighbour: `verify` tells an
edited record (its seal is wrong), a deleted one (a gap in the positions, or a
missing tail) and a reordered one (a correct record whose link points at
another record) apart.

The chain head (last position and seal, and the anchor a purge leaves) is
signed too, so moving it back needs a signed head that once existed. What a
database writer who kept an old signed head can still do — drop the tail and
put that head back — is caught by an *anchor*: the signed head exported to a
file kept elsewhere (`export_anchor`), against which `check_anchor` proves the
chain still reaches that far and that nothing up to it changed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from remit.domain.errors import InvalidInput

GENESIS = "0" * 64
ANCHOR_FORMAT = "remit-audit-anchor/1"
MIN_KEY_LENGTH = 32

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True, slots=True)
class AuditKey:
    """The secret that seals the chain, and its public id (kept in every record)."""

    key_id: str
    secret: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> AuditKey:
        """The id is derived from the secret, so two desks with one key agree on it."""
        if len(secret) < MIN_KEY_LENGTH:
            raise ValueError(f"an audit key has at least {MIN_KEY_LENGTH} characters")
        digest = hashlib.sha256(b"remit audit key id\n" + secret).hexdigest()
        return cls(digest[:16], secret)

    def mac(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where the chain starts: position 0 and the genesis seal, or the last purged record."""

    seq: int = 0
    hash: str = GENESIS


@dataclass(frozen=True, slots=True)
class Entry:
    """What happened, before it is sealed into the chain; `facts` is the ticket's
    state after it (see `remit.domain.audit_replay`), None for desk-wide entries."""

    at: datetime
    actor: str
    action: str
    ticket_id: int | None
    detail: Mapping[str, JsonValue]
    facts: Mapping[str, JsonValue] | None = None


@dataclass(frozen=True, slots=True)
class Record:
    seq: int
    entry: Entry
    prev_hash: str
    hash: str
    key_id: str


@dataclass(frozen=True, slots=True)
class Head:
    """The stored chain head: its end, the purge anchor, and the signature over both."""

    end: Anchor
    start: Anchor
    key_id: str
    mac: str


class Tampering(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"
    TRUNCATED = "truncated"
    UNKNOWN_KEY = "unknown_key"
    HEAD = "head"
    TICKET = "ticket"


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    problem: Tampering
    message: str


def canonical(entry: Entry, key_id: str) -> bytes:
    body = [
        entry.at.astimezone(UTC).isoformat(),
        entry.ticket_id,
        entry.actor,
        entry.action,
        entry.detail,
        entry.facts,
        key_id,
    ]
    return _CANONICAL.encode(body).encode()


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal_hash(key: AuditKey, prev_hash: str, entry: Entry) -> str:
    return key.mac(prev_hash.encode("ascii") + b"\n" + canonical(entry, key.key_id))


def seal(head: Anchor, entries: Sequence[Entry], key: AuditKey) -> list[Record]:
    """Chain `entries` after `head`; the caller stores them and the new head atomically."""
    records = []
    seq, prev = head.seq, head.hash
    for entry in entries:
        seq += 1
        digest = seal_hash(key, prev, entry)
        records.append(Record(seq, entry, prev, digest, key.key_id))
        prev = digest
    return records


def sign_head(end: Anchor, start: Anchor, key: AuditKey) -> Head:
    return Head(end, start, key.key_id, key.mac(_head_message(end, start, key.key_id)))


def _head_message(end: Anchor, start: Anchor, key_id: str) -> bytes:
    body = ["head", end.seq, end.hash, start.seq, start.hash, key_id]
    return _CANONICAL.encode(body).encode()


def verify(
    records: Iterable[Record], head: Head | None, keys: Mapping[str, AuditKey]
) -> list[ChainBreak]:
    """Every break in the chain; `records` in `seq` order, `head` the stored chain head
    (None when it is gone: the records are then checked from the genesis)."""
    findings = [] if head is None else _check_head(head, keys)
    start = Anchor() if head is None else head.start
    rows = list(records)
    known = {r.hash for r in rows} | {start.hash}
    expected, prev = start.seq + 1, start.hash
    for record in rows:
        if record.seq > expected:
            findings.append(_gap(expected, record.seq - 1))
        findings.extend(_check_record(record, prev, known, keys, gap=record.seq > expected))
        expected, prev = record.seq + 1, record.hash
    if head is not None and head.end.seq >= expected:
        findings.append(_gap(expected, head.end.seq))
    elif head is not None and head.end.hash != prev:
        message = "the last record differs from the chain head"
        findings.append(ChainBreak(expected - 1, Tampering.EDITED, message))
    return findings


def _check_head(head: Head, keys: Mapping[str, AuditKey]) -> list[ChainBreak]:
    key = keys.get(head.key_id)
    if key is None:
        return [_unknown_key(head.end.seq, "the chain head", head.key_id)]
    if hmac.compare_digest(key.mac(_head_message(head.end, head.start, head.key_id)), head.mac):
        return []
    message = "the chain head's signature does not verify: it was moved or rewritten"
    return [ChainBreak(head.end.seq, Tampering.HEAD, message)]


def _unknown_key(seq: int, what: str, key_id: str) -> ChainBreak:
    message = f"{what} is sealed with key {key_id}, which this desk is not configured with"
    return ChainBreak(seq, Tampering.UNKNOWN_KEY, message)


def _gap(first: int, last: int) -> ChainBreak:
    where = f"record {first}" if first == last else f"records {first}-{last}"
    return ChainBreak(first, Tampering.DELETED, f"{where} missing (deleted)")


def _check_record(
    record: Record, prev: str, known: set[str], keys: Mapping[str, AuditKey], *, gap: bool
) -> list[ChainBreak]:
    key = keys.get(record.key_id)
    if key is None:
        return [_unknown_key(record.seq, f"record {record.seq}", record.key_id)]
    if not hmac.compare_digest(seal_hash(key, record.prev_hash, record.entry), record.hash):
        message = f"record {record.seq} was edited (its seal does not verify with the key)"
        return [ChainBreak(record.seq, Tampering.EDITED, message)]
    if record.prev_hash == prev or gap:
        return []
    if record.prev_hash in known:
        message = f"record {record.seq} is out of order: it does not follow record {record.seq - 1}"
        return [ChainBreak(record.seq, Tampering.REORDERED, message)]
    message = f"record {record.seq - 1} was rewritten: record {record.seq} no longer links to it"
    return [ChainBreak(record.seq - 1, Tampering.EDITED, message)]


@dataclass(frozen=True, slots=True)
class ExportedAnchor:
    """The signed head as kept elsewhere: position, seal, when it was exported, key."""

    seq: int
    seal: str
    at: datetime
    key_id: str
    mac: str

    def as_json(self) -> dict[str, JsonValue]:
        return {
            "format": ANCHOR_FORMAT,
            "seq": self.seq,
            "seal": self.seal,
            "at": self.at.astimezone(UTC).isoformat(),
            "key_id": self.key_id,
            "mac": self.mac,
        }


def anchor_from_json(text: str, source: str) -> ExportedAnchor:
    """An anchor as `ExportedAnchor.as_json` wrote it; `InvalidInput` for anything else."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != ANCHOR_FORMAT:
            raise ValueError
        seq, seal_, at = data["seq"], data["seal"], datetime.fromisoformat(data["at"])
        key_id, mac = data["key_id"], data["mac"]
        if not (type(seq) is int and all(isinstance(v, str) for v in (seal_, key_id, mac))):
            raise ValueError
        if at.tzinfo is None or seq < 0:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise InvalidInput(
            f"{source} is not an audit anchor (the JSON `remit audit anchor` writes)"
        ) from None
    return ExportedAnchor(seq, seal_, at, key_id, mac)


def export_anchor(end: Anchor, at: datetime, key: AuditKey) -> ExportedAnchor:
    return ExportedAnchor(end.seq, end.hash, at, key.key_id, key.mac(_anchor_message(end, at)))


def _anchor_message(end: Anchor, at: datetime) -> bytes:
    body = [ANCHOR_FORMAT, end.seq, end.hash, at.astimezone(UTC).isoformat()]
    return _CANONICAL.encode(body).encode()


def anchor_is_signed(anchor: ExportedAnchor, keys: Mapping[str, AuditKey]) -> bool:
    """Whether `anchor` was exported by a desk holding one of `keys` and is unchanged."""
    key = keys.get(anchor.key_id)
    if key is None:
        return False
    expected = key.mac(_anchor_message(Anchor(anchor.seq, anchor.seal), anchor.at))
    return hmac.compare_digest(expected, anchor.mac)


def check_anchor(
    anchor: ExportedAnchor, records: Sequence[Record], head: Head | None
) -> list[ChainBreak]:
    """What the chain no longer holds of `anchor` (a signed one: see `anchor_is_signed`).

    Together with `verify` (every link from the start up to the anchor holds),
    a record at the anchor's position with the anchor's seal proves that nothing
    up to it was rewritten, removed or reordered."""
    if head is not None and anchor.seq <= head.start.seq:
        if anchor.seq == head.start.seq and anchor.seal != head.start.hash:
            return [_differs(anchor.seq)]
        return []
    found = next((r for r in records if r.seq == anchor.seq), None)
    if found is not None:
        return [] if hmac.compare_digest(found.hash, anchor.seal) else [_differs(anchor.seq)]
    last = max((r.seq for r in records), default=0 if head is None else head.start.seq)
    if last < anchor.seq:
        gone = (
            f"record {last + 1}" if last + 1 == anchor.seq else f"records {last + 1}-{anchor.seq}"
        )
        message = (
            f"the chain ends at record {last} but the anchor of {anchor.at:%Y-%m-%d %H:%M} UTC "
            f"reaches record {anchor.seq}: {gone} removed"
        )
        return [ChainBreak(last + 1, Tampering.TRUNCATED, message)]
    message = f"record {anchor.seq}, the anchor's, is missing (deleted)"
    return [ChainBreak(anchor.seq, Tampering.DELETED, message)]


def _differs(seq: int) -> ChainBreak:
    message = f"record {seq} differs from the anchor: the chain up to it was rewritten or reordered"
    return ChainBreak(seq, Tampering.EDITED, message)


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
