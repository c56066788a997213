"""Answered POSTs by caller and `Idempotency-Key` (see `IdempotencyRow`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from remit.store.tables import IdempotencyRow


@dataclass(frozen=True, slots=True)
class Answer:
    """How a request was answered: its caller, key, fingerprint and status; `ticket_id`
    is the ticket it made or changed (filled in when remembered)."""

    caller: str
    key: str
    fingerprint: str
    status_code: int
    at: datetime
    ticket_id: int | None = None


class AnsweredMeanwhile(Exception):
    """Another attempt with the same idempotency key committed first; nothing was saved."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the request with Idempotency-Key {key!r} was answered meanwhile")
        self.key = key


def find(session: Session, caller: str, key: str) -> Answer | None:
    stmt = select(IdempotencyRow).where(IdempotencyRow.caller == caller, IdempotencyRow.key == key)
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        return None
    return Answer(
        row.caller, row.key, row.fingerprint, row.status_code, row.created_at, row.ticket_id
    )


def remember(session: Session, answer: Answer, ticket_id: int | None) -> None:
    session.add(
        IdempotencyRow(
            caller=answer.caller,
            key=answer.key,
            fingerprint=answer.fingerprint,
            status_code=answer.status_code,
            ticket_id=ticket_id,
            created_at=answer.at,
        )
    )
