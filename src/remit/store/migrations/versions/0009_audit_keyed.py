"""The audit log is sealed with a key: HMAC-SHA256 seals, key ids, a signed head, ticket facts.

Every existing record is re-sealed once with the configured audit key, and the
re-sealing is itself recorded ("chain re-sealed with key <id>"), together with
what a check of the old SHA-256 chain found, so a break older than the key is
kept in view rather than sealed over. Each existing ticket gets one record of
its facts, from which `remit audit verify` judges its row. Without a key the
migration refuses, changing nothing. The downgrade seals the chain with plain
SHA-256 again.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from remit.domain.audit import Anchor, AuditKey, Entry, json_detail, seal, sign_head
from remit.domain.audit_replay import FACT_FIELDS, ticket_facts
from remit.domain.errors import AuditKeyMissing
from remit.store.types import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ACTOR = "remit db upgrade"

audit_log = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("seq", sa.Integer),
    sa.column("at", UtcDateTime()),
    sa.column("ticket_id", sa.Integer),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("detail", sa.JSON),
    sa.column("facts", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
    sa.column("key_id", sa.String),
)
audit_head = sa.table(
    "audit_head",
    sa.column("id", sa.Integer),
    sa.column("seq", sa.Integer),
    sa.column("hash", sa.String),
    sa.column("anchor_seq", sa.Integer),
    sa.column("anchor_hash", sa.String),
    sa.column("key_id", sa.String),
    sa.column("mac", sa.String),
)
tickets = sa.table(
    "tickets",
    sa.column("id", sa.Integer),
    sa.column("state", sa.String),
    *(sa.column(f, UtcDateTime()) for f in FACT_FIELDS if f != "state"),
)
breaches = sa.table("breaches", sa.column("ticket_id", sa.Integer), sa.column("key", sa.String))


def upgrade() -> None:
    key = context.config.attributes.get("audit_key")
    if not isinstance(key, AuditKey):
        raise AuditKeyMissing("re-seal the audit log (migration 0009)")
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("facts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("key_id", sa.String(16), nullable=True))
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("key_id", sa.String(16), nullable=True))
        batch.add_column(sa.Column("mac", sa.String(64), nullable=True))
    _reseal(op.get_bind(), key)
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("key_id", existing_type=sa.String(16), nullable=False)
    with op.batch_alter_table("audit_head") as batch:
        batch.alter_column("key_id", existing_type=sa.String(16), nullable=False)
        batch.alter_column("mac", existing_type=sa.String(64), nullable=False)


def _reseal(bind: sa.Connection, key: AuditKey) -> None:
    head = bind.execute(sa.select(audit_head).where(audit_head.c.id == 1)).one()
    start = Anchor(head.anchor_seq, head.anchor_hash)
    rows = bind.execute(sa.select(audit_log).order_by(audit_log.c.seq)).all()
    findings = _legacy_findings(rows, start, Anchor(head.seq, head.hash))
    prev, seq = start.hash, start.seq
    for row in rows:
        entry = Entry(_aware(row.at), row.actor, row.action, row.ticket_id, row.detail)
        [record] = seal(Anchor(seq, prev), [entry], key)
        bind.execute(
            sa.update(audit_log)
            .where(audit_log.c.id == row.id)
            .values(prev_hash=prev, hash=record.hash, key_id=key.key_id)
        )
        prev, seq = record.hash, row.seq
    added = _new_entries(bind, key, len(rows), findings) if rows else []
    records = seal(Anchor(seq, prev), added, key)
    if records:
        bind.execute(sa.insert(audit_log), [_values(r) for r in records])
        seq, prev = records[-1].seq, records[-1].hash
    signed = sign_head(Anchor(seq, prev), start, key)
    bind.execute(
        sa.update(audit_head)
        .where(audit_head.c.id == 1)
        .values(seq=seq, hash=prev, key_id=key.key_id, mac=signed.mac)
    )


def _new_entries(
    bind: sa.Connection, key: AuditKey, resealed: int, findings: list[str]
) -> list[Entry]:
    now = datetime.now(UTC)
    detail = {
        "message": f"chain re-sealed with key {key.key_id}",
        "key_id": key.key_id,
        "records": resealed,
        "findings_before": findings,
    }
    entries = [Entry(now, ACTOR, "audit_resealed", None, json_detail(detail))]
    keys: dict[int, list[str]] = {}
    for ticket_id, name in bind.execute(sa.select(breaches.c.ticket_id, breaches.c.key)):
        keys.setdefault(ticket_id, []).append(name)
    for row in bind.execute(sa.select(tickets).order_by(tickets.c.id)):
        facts = ticket_facts(dict(row._mapping), keys.get(row.id, ()))
        entries.append(Entry(now, ACTOR, "facts_sealed", row.id, {}, facts))
    return entries


def _aware(value: Any) -> Any:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _values(record: Any) -> dict[str, object]:
    entry = record.entry
    return {
        "seq": record.seq,
        "at": entry.at,
        "ticket_id": entry.ticket_id,
        "actor": entry.actor,
        "action": entry.action,
        "detail": dict(entry.detail),
        "facts": None if entry.facts is None else dict(entry.facts),
        "prev_hash": record.prev_hash,
        "hash": record.hash,
        "key_id": record.key_id,
    }


# The SHA-256 chain as remit sealed it before this revision.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _legacy_hash(prev: str, row: Any) -> str:
    body = [
        _aware(row.at).astimezone(UTC).isoformat(),
        row.ticket_id,
        row.actor,
        row.action,
        row.detail,
    ]
    return hashlib.sha256(
        prev.encode("ascii") + b"\n" + _CANONICAL.encode(body).encode()
    ).hexdigest()


def _legacy_findings(rows: Sequence[Any], start: Anchor, end: Anchor) -> list[str]:
    """What a check of the old chain finds, in words (empty when it was intact)."""
    found: list[str] = []
    expected, prev = start.seq + 1, start.hash
    for row in rows:
        if row.seq != expected:
            found.append(f"records {expected}-{row.seq - 1} missing")
        if _legacy_hash(row.prev_hash, row) != row.hash:
            found.append(f"record {row.seq} edited")
        elif row.prev_hash != prev and row.seq == expected:
            found.append(f"record {row.seq} does not link to record {row.seq - 1}")
        expected, prev = row.seq + 1, row.hash
    if end.seq >= expected:
        found.append(f"records {expected}-{end.seq} missing")
    elif end.hash != prev:
        found.append("the last record differs from the chain head")
    return found


def downgrade() -> None:
    bind = op.get_bind()
    head = bind.execute(sa.select(audit_head).where(audit_head.c.id == 1)).one()
    prev = head.anchor_hash
    for row in bind.execute(sa.select(audit_log).order_by(audit_log.c.seq)).all():
        digest = _legacy_hash(prev, row)
        bind.execute(
            sa.update(audit_log).where(audit_log.c.id == row.id).values(prev_hash=prev, hash=digest)
        )
        prev = digest
    bind.execute(sa.update(audit_head).where(audit_head.c.id == 1).values(hash=prev))
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("mac")
        batch.drop_column("key_id")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("key_id")
        batch.drop_column("facts")
