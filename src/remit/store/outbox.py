"""The outbox: every notice the desk sends, once per idempotency key.

Delivery adapters (e-mail, webhooks) read pending rows and record each attempt:
a failed attempt stays visible with its error, attempt count and next retry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from remit.domain.events import Notice
from remit.store.bulk import insert_rows
from remit.store.tables import Base, OutboxRow

RETRY_BASE = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=6)
MAX_ATTEMPTS = 10


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # will be retried at next_attempt_at
    DEAD = "dead"  # gave up after MAX_ATTEMPTS


def insert_ignoring_duplicates(session: Session, table: type[Base]) -> Insert:
    """An INSERT that skips rows violating a unique constraint, on either engine."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()


def enqueue(session: Session, notices: Sequence[tuple[Notice, datetime]]) -> None:
    """Queue each notice unless its key is already in the outbox."""
    rows = [_row(notice, at) for notice, at in notices]
    insert_rows(session, OutboxRow, COLUMNS, rows, skip_duplicates=True)


COLUMNS = (
    "key",
    "kind",
    "ticket_id",
    "recipient",
    "address",
    "subject",
    "body",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "created_at",
    "sent_at",
)


def _row(notice: Notice, at: datetime) -> tuple[object, ...]:
    body = notice.body if isinstance(notice.body, dict) else dict(notice.body)
    pending = Status.PENDING.value
    return (
        notice.key,
        notice.kind.value,
        notice.ticket_id,
        notice.recipient,
        notice.address,
        notice.subject,
        body,
        pending,
        0,
        None,
        at,
        at,
        None,
    )


def listing(
    session: Session, *, status: str | None = None, ticket_id: int | None = None, limit: int = 100
) -> list[OutboxRow]:
    stmt = select(OutboxRow).order_by(OutboxRow.id).limit(limit)
    if status is not None:
        stmt = stmt.where(OutboxRow.status == status)
    if ticket_id is not None:
        stmt = stmt.where(OutboxRow.ticket_id == ticket_id)
    return list(session.execute(stmt).scalars())


def get(session: Session, key: str) -> OutboxRow | None:
    return session.execute(select(OutboxRow).where(OutboxRow.key == key)).scalar_one_or_none()


def mark_sent(row: OutboxRow, now: datetime) -> None:
    row.status = Status.SENT.value
    row.attempts += 1
    row.sent_at = now
    row.last_error = None
    row.next_attempt_at = None


def mark_failed(row: OutboxRow, error: str, now: datetime) -> None:
    row.attempts += 1
    row.last_error = error
    if row.attempts >= MAX_ATTEMPTS:
        row.status = Status.DEAD.value
        row.next_attempt_at = None
        return
    row.status = Status.FAILED.value
    row.next_attempt_at = now + min(RETRY_BASE * 2 ** (row.attempts - 1), RETRY_MAX)
