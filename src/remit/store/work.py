"""Due work in the database: re-planning a ticket's pending work, claiming due rows.

A sweep selects ``fired_at IS NULL AND due_at <= now`` in ``due_at`` order, which
the partial index ``ix_due_work_pending`` answers with an index range scan. On
PostgreSQL the rows are claimed ``FOR UPDATE SKIP LOCKED``, so several workers
share the load and none waits for or repeats another's rows; on SQLite the
writer lock serializes workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from remit.domain.escalation import DueWork
from remit.store.outbox import insert_ignoring_duplicates
from remit.store.tables import BreachRow, DueWorkRow


def replan(session: Session, ticket_id: int, work: Sequence[DueWork]) -> None:
    """Make the ticket's unfired work equal `work`; fired work is never touched or redone."""
    keys = [w.key for w in work]
    session.execute(
        delete(DueWorkRow).where(
            DueWorkRow.ticket_id == ticket_id,
            DueWorkRow.fired_at.is_(None),
            DueWorkRow.key.not_in(keys),
        )
    )
    stmt = select(DueWorkRow.key, DueWorkRow.fired_at).where(DueWorkRow.ticket_id == ticket_id)
    existing: dict[str, datetime | None] = {row[0]: row[1] for row in session.execute(stmt)}
    fresh = [_row(ticket_id, w) for w in work if w.key not in existing]
    moved = [_row(ticket_id, w) for w in work if w.key in existing and existing[w.key] is None]
    if fresh:
        session.execute(insert(DueWorkRow), fresh)
    for row in moved:
        session.execute(
            update(DueWorkRow)
            .where(
                DueWorkRow.ticket_id == ticket_id,
                DueWorkRow.key == row["key"],
                DueWorkRow.fired_at.is_(None),
            )
            .values(due_at=row["due_at"], recipients=row["recipients"], detail=row["detail"])
        )


def _row(ticket_id: int, work: DueWork) -> dict[str, object]:
    return {
        "ticket_id": ticket_id,
        "key": work.key,
        "kind": work.kind.value,
        "due_at": work.due_at,
        "fired_at": None,
        "fired_by": None,
        "recipients": list(work.recipients),
        "detail": dict(work.detail),
    }


def claim_due(session: Session, now: datetime, limit: int) -> list[DueWorkRow]:
    stmt = (
        select(DueWorkRow)
        .where(DueWorkRow.fired_at.is_(None), DueWorkRow.due_at <= now)
        .order_by(DueWorkRow.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True, of=DueWorkRow)
    )
    return list(session.execute(stmt).scalars())


def mark_fired(session: Session, ids: Sequence[int], now: datetime, worker: str) -> None:
    if not ids:
        return
    stmt = (
        update(DueWorkRow)
        .where(DueWorkRow.id.in_(ids))
        .values(fired_at=now, fired_by=worker)
        .execution_options(synchronize_session=False)
    )
    session.execute(stmt)


def for_ticket(session: Session, ticket_id: int) -> list[DueWorkRow]:
    stmt = select(DueWorkRow).where(DueWorkRow.ticket_id == ticket_id).order_by(DueWorkRow.due_at)
    return list(session.execute(stmt).scalars())


def pending_count(session: Session) -> int:
    stmt = select(func.count()).select_from(DueWorkRow).where(DueWorkRow.fired_at.is_(None))
    return int(session.execute(stmt).scalar_one())


def record_breach(
    session: Session, ticket_id: int, measure: str, key: str, due_at: datetime, now: datetime
) -> None:
    """Record a breach once per (ticket, key), whoever notices it first."""
    stmt = insert_ignoring_duplicates(session, BreachRow)
    row = {
        "ticket_id": ticket_id,
        "measure": measure,
        "key": key,
        "due_at": due_at,
        "recorded_at": now,
    }
    session.execute(stmt, [row])
