"""Reading the outbox and recording delivery attempts (for delivery adapters)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from remit.domain.audit import JsonValue, json_detail
from remit.domain.errors import InvalidInput, NotFound
from remit.services.ticket_ops import aware
from remit.store import outbox
from remit.store.tables import OutboxRow
from remit.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class OutboxItem:
    key: str
    kind: str
    ticket_id: int | None
    recipient: str
    address: str | None
    subject: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    sent_at: datetime | None

    def to_json(self) -> dict[str, JsonValue]:
        return json_detail(asdict(self))


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        row.key,
        row.kind,
        row.ticket_id,
        row.recipient,
        row.address,
        row.subject,
        row.status,
        row.attempts,
        row.last_error,
        row.next_attempt_at,
        row.created_at,
        row.sent_at,
    )


def list_outbox(
    *, uow: UnitOfWork, status: str | None = None, ticket_id: int | None = None, limit: int = 100
) -> list[OutboxItem]:
    known = [s.value for s in outbox.Status]
    if status is not None and status not in known:
        raise InvalidInput(f"unknown outbox status {status!r}; known: {', '.join(known)}")
    with uow:
        rows = uow.outbox.listing(status=status, ticket_id=ticket_id, limit=limit)
        return [_item(row) for row in rows]


def record_delivery(
    *, uow: UnitOfWork, key: str, now: datetime, error: str | None = None
) -> OutboxItem:
    """Record one delivery attempt: sent, or failed with its error and next retry."""
    aware(now)
    with uow:
        row = uow.outbox.get(key)
        if row is None:
            raise NotFound("outbox message", key)
        if error is None:
            outbox.mark_sent(row, now)
        else:
            outbox.mark_failed(row, error, now)
        uow.commit()
        return _item(row)
