"""Due work in the database: re-planning a ticket's pending work, reading it, breaches.

``due_work`` holds only work that has not fired; firing moves a row to
``fired_work`` (see `remit.store.claims`), and a (ticket, key) that is in
``fired_work`` is never planned again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    delete,
    insert,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from remit.domain.escalation import DueWork
from remit.store.outbox import insert_ignoring_duplicates
from remit.store.tables import BreachRow, DueWorkRow, FiredWorkRow
from remit.store.types import UtcDateTime


def replan(
    session: Session, ticket_id: int, work: Sequence[DueWork], address: Callable[[str], str | None]
) -> None:
    """Make the ticket's pending work equal `work`; fired work is never touched or redone.

    Each recipient's address (`address(recipient)`) is stored with the work, so
    firing it needs neither the ticket nor its contract.
    """
    keys = [w.key for w in work]
    session.execute(
        delete(DueWorkRow).where(DueWorkRow.ticket_id == ticket_id, DueWorkRow.key.not_in(keys))
    )
    pending = {
        row.key: (row.due_at, row.recipients, row.detail)
        for row in session.execute(
            select(
                DueWorkRow.key, DueWorkRow.due_at, DueWorkRow.recipients, DueWorkRow.detail
            ).where(DueWorkRow.ticket_id == ticket_id)
        )
    }
    fired = set(
        session.execute(
            select(FiredWorkRow.key).where(FiredWorkRow.ticket_id == ticket_id)
        ).scalars()
    )
    rows = [_row(ticket_id, w, address) for w in work if w.key not in fired]
    fresh = [row for row in rows if row["key"] not in pending]
    if fresh:
        session.execute(insert(DueWorkRow), fresh)
    for row in rows:
        known = pending.get(row["key"])
        planned = {name: row[name] for name in _PLANNED}
        if known is not None and tuple(known) != tuple(planned.values()):
            session.execute(
                update(DueWorkRow)
                .where(DueWorkRow.ticket_id == ticket_id, DueWorkRow.key == row["key"])
                .values(**planned)
            )


_PLANNED = ("due_at", "recipients", "addresses", "detail")


def record_fired(
    session: Session,
    ticket_id: int,
    work: Sequence[DueWork],
    address: Callable[[str], str | None],
    now: datetime,
    by: str,
) -> list[DueWork]:
    """Record `work` as fired now by `by`, without a pending row; returns the pieces not
    already fired for this ticket (those already fired are left alone)."""
    fired = set(
        session.execute(
            select(FiredWorkRow.key).where(FiredWorkRow.ticket_id == ticket_id)
        ).scalars()
    )
    fresh = [w for w in work if w.key not in fired]
    if fresh:
        rows = [{**_row(ticket_id, w, address), "fired_at": now, "fired_by": by} for w in fresh]
        session.execute(insert(FiredWorkRow), rows)
    return fresh


def _row(ticket_id: int, work: DueWork, address: Callable[[str], str | None]) -> dict[str, Any]:
    return {
        "ticket_id": ticket_id,
        "key": work.key,
        "kind": work.kind.value,
        "due_at": work.due_at,
        "recipients": list(work.recipients),
        "addresses": {recipient: address(recipient) for recipient in work.recipients},
        "detail": dict(work.detail),
    }


@dataclass(frozen=True, slots=True)
class WorkItem:
    """A ticket's piece of work as the views show it; `fired_at` is None while pending."""

    key: str
    kind: str
    due_at: datetime
    fired_at: datetime | None
    recipients: list[str]


def for_ticket(session: Session, ticket_id: int) -> list[WorkItem]:
    """Pending and fired work of a ticket, in due order."""
    pending = select(
        DueWorkRow.key,
        DueWorkRow.kind,
        DueWorkRow.due_at,
        literal(None, UtcDateTime()).label("fired_at"),
        DueWorkRow.recipients,
    ).where(DueWorkRow.ticket_id == ticket_id)
    fired = select(
        FiredWorkRow.key,
        FiredWorkRow.kind,
        FiredWorkRow.due_at,
        FiredWorkRow.fired_at,
        FiredWorkRow.recipients,
    ).where(FiredWorkRow.ticket_id == ticket_id)
    both = union_all(pending, fired).subquery()
    stmt = select(both).order_by(both.c.due_at, both.c.key)
    return [WorkItem(*row) for row in session.execute(stmt)]


def record_breach(
    session: Session, ticket_id: int, measure: str, key: str, due_at: datetime, now: datetime
) -> None:
    """Record a breach once per (ticket, key), whoever notices it first."""
    record_breaches(session, [Breach(ticket_id, measure, key, due_at)], now)


def breach_recorded(session: Session, ticket_id: int, key: str) -> bool:
    """True when the ticket's breach under `key` is on record."""
    stmt = select(BreachRow.id).where(BreachRow.ticket_id == ticket_id, BreachRow.key == key)
    return session.execute(stmt.limit(1)).first() is not None


@dataclass(frozen=True, slots=True)
class Breach:
    ticket_id: int
    measure: str
    key: str
    due_at: datetime


def record_breaches(session: Session, breaches: Sequence[Breach], now: datetime) -> None:
    """Record each breach once per (ticket, key) in one statement; known ones are skipped."""
    if not breaches:
        return
    rows = [
        {
            "ticket_id": b.ticket_id,
            "measure": b.measure,
            "key": b.key,
            "due_at": b.due_at,
            "recorded_at": now,
        }
        for b in breaches
    ]
    session.connection().execute(insert_ignoring_duplicates(session, BreachRow), rows)
