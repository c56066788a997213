"""The audit log in the database: append under the chain-head lock, read, purge."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from remit.domain.audit import Anchor, Entry, Record, seal
from remit.domain.errors import DeskError
from remit.store.bulk import insert_rows
from remit.store.tables import AuditHeadRow, AuditRow

HEAD_ID = 1


def append(session: Session, entries: Sequence[Entry]) -> None:
    """Seal `entries` after the current head; the head row lock serializes writers."""
    if not entries:
        return
    head = _head_row(session, lock=True)
    records = seal(Anchor(head.seq, head.hash), entries)
    insert_rows(session, AuditRow, COLUMNS, [_row(r) for r in records])
    last = records[-1]
    session.execute(
        update(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID).values(seq=last.seq, hash=last.hash)
    )


MISSING_HEAD = (
    "the audit log's chain head is missing from the database, so nothing can be recorded; "
    "`remit audit verify` reports the chain"
)


def _head_row(session: Session, *, lock: bool) -> AuditHeadRow:
    row = _find_head(session, lock=lock)
    if row is None:
        raise DeskError(MISSING_HEAD)
    return row


def _find_head(session: Session, *, lock: bool) -> AuditHeadRow | None:
    stmt = select(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID)
    if lock:
        stmt = stmt.with_for_update()
    return session.execute(stmt).scalar_one_or_none()


COLUMNS = ("seq", "at", "ticket_id", "actor", "action", "detail", "prev_hash", "hash")


def _row(record: Record) -> tuple[object, ...]:
    entry = record.entry
    detail = entry.detail if isinstance(entry.detail, dict) else dict(entry.detail)
    return (
        record.seq,
        entry.at,
        entry.ticket_id,
        entry.actor,
        entry.action,
        detail,
        record.prev_hash,
        record.hash,
    )


def head(session: Session) -> tuple[Anchor, Anchor] | None:
    """The anchor (where verification starts) and the head (where the chain ends);
    None when the head row itself is gone."""
    row = _find_head(session, lock=False)
    if row is None:
        return None
    return Anchor(row.anchor_seq, row.anchor_hash), Anchor(row.seq, row.hash)


def records(session: Session, batch: int = 5000) -> Iterator[Record]:
    stmt = select(AuditRow).order_by(AuditRow.seq).execution_options(yield_per=batch)
    for row in session.execute(stmt).scalars():
        entry = Entry(row.at, row.actor, row.action, row.ticket_id, row.detail)
        yield Record(row.seq, entry, row.prev_hash, row.hash)


def for_ticket(session: Session, ticket_id: int) -> list[AuditRow]:
    stmt = select(AuditRow).where(AuditRow.ticket_id == ticket_id).order_by(AuditRow.seq)
    return list(session.execute(stmt).scalars())


def purge_before(session: Session, before: datetime) -> int:
    """Remove the oldest records up to the first one at or after `before`; keep an anchor."""
    _head_row(session, lock=True)
    first_kept = session.execute(select(func.min(AuditRow.seq)).where(AuditRow.at >= before))
    limit = first_kept.scalar()
    stmt = select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)
    if limit is not None:
        stmt = stmt.where(AuditRow.seq < limit)
    last = session.execute(stmt).scalar_one_or_none()
    if last is None:
        return 0
    doomed = AuditRow.seq <= last.seq
    gone = session.execute(select(func.count()).select_from(AuditRow).where(doomed)).scalar_one()
    session.execute(delete(AuditRow).where(doomed))
    session.execute(
        update(AuditHeadRow)
        .where(AuditHeadRow.id == HEAD_ID)
        .values(anchor_seq=last.seq, anchor_hash=last.hash)
    )
    return int(gone)
