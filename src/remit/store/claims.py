"""Claiming due work for a sweep: the oldest due rows, each claimed by exactly one worker.

A sweep takes ``due_at <= now`` in ``due_at`` order, an index range scan on
``ix_due_work_due_at`` (``due_work`` holds only pending work, so the range
never grows with what has fired). Claimed rows are locked ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so several workers share the load and none waits for
or repeats another's rows, and are moved to ``fired_work`` in the claiming
transaction: a worker killed before its commit leaves them due.

On PostgreSQL the claim is one statement: the locked rows are deleted by
their physical address and their values inserted into ``fired_work``, so each
row's page is visited once. On SQLite, whose single writer already serializes
workers, it is a select, an ``INSERT ... SELECT`` and a ``DELETE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, TextualSelect, delete, insert, literal, select, text
from sqlalchemy.orm import Session

from remit.domain.audit import JsonValue
from remit.store.tables import DueWorkRow, FiredWorkRow
from remit.store.types import UtcDateTime

CLAIMED = ("id", "ticket_id", "key", "kind", "due_at", "recipients", "addresses", "detail")
MOVED = ("ticket_id", "key", "kind", "due_at", "recipients", "addresses", "detail")


@dataclass(frozen=True, slots=True)
class Claimed:
    """A due row claimed by a sweep, as plain values."""

    id: int
    ticket_id: int
    key: str
    kind: str
    due_at: datetime
    recipients: list[str]
    addresses: dict[str, str | None]
    detail: dict[str, JsonValue]


def claim_due(session: Session, now: datetime, limit: int, worker: str) -> list[Claimed]:
    """Claim up to `limit` due rows, oldest first, recording them fired by `worker`."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        params = {"now": now, "limit": limit, "worker": worker}
        rows = connection.execute(postgres_claim(), params).all()
        return sorted((Claimed(*row) for row in rows), key=lambda c: (c.due_at, c.id))
    claimed = [Claimed(*row) for row in connection.execute(due_rows(now, limit)).all()]
    if claimed:
        _move_to_fired([c.id for c in claimed], now, worker, session)
    return claimed


def due_rows(now: datetime, limit: int) -> Select[Any]:
    """The oldest `limit` due rows, locked where the engine can, skipping locked ones."""
    columns = (DueWorkRow.__table__.c[name] for name in CLAIMED)
    return (
        select(*columns)
        .where(DueWorkRow.due_at <= now)
        .order_by(DueWorkRow.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def postgres_claim() -> TextualSelect:
    """Lock the due rows, delete them by physical address, record them in fired_work."""
    claimed, moved = ", ".join(CLAIMED), ", ".join(MOVED)
    sql = f"""
        WITH claimed AS (
            DELETE FROM due_work
            WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM due_work WHERE due_at <= :now
                ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED))
            RETURNING {claimed}
        ), fired AS (
            INSERT INTO fired_work ({moved}, fired_at, fired_by)
            SELECT {moved}, :now, :worker FROM claimed
        )
        SELECT {claimed} FROM claimed"""
    table = DueWorkRow.__table__
    return text(sql).columns(*(table.c[name] for name in CLAIMED))


def _move_to_fired(ids: list[int], now: datetime, worker: str, session: Session) -> None:
    source = select(
        *(DueWorkRow.__table__.c[name] for name in MOVED),
        literal(now, UtcDateTime()),
        literal(worker),
    ).where(DueWorkRow.id.in_(ids))
    connection = session.connection()
    connection.execute(insert(FiredWorkRow).from_select([*MOVED, "fired_at", "fired_by"], source))
    connection.execute(delete(DueWorkRow).where(DueWorkRow.id.in_(ids)))
