"""The audit log in the database: append under the chain-head lock, read, purge."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from remit.domain.audit import Anchor, AuditKey, Entry, Head, JsonValue, Record, seal, sign_head
from remit.domain.audit_replay import FACT_FIELDS, ticket_facts
from remit.domain.errors import DeskError
from remit.store.bulk import insert_rows
from remit.store.tables import AuditHeadRow, AuditRow, BreachRow, TicketRow

HEAD_ID = 1


def append(session: Session, entries: Sequence[Entry], key: AuditKey) -> None:
    """Seal `entries` after the current head; the head row lock serializes writers.

    The last entry of each ticket in `entries` carries the ticket's facts as they
    are now (the session is flushed), so the chain says what each row must hold."""
    if not entries:
        return
    entries = with_facts(session, entries)  # read before the lock: it is held to the commit
    row = _head_row(session, lock=True)
    records = seal(Anchor(row.seq, row.hash), entries, key)
    insert_rows(session, AuditRow, COLUMNS, [_row(r) for r in records])
    last = records[-1]
    _write_head(session, sign_head(Anchor(last.seq, last.hash), _start(row), key))


def with_facts(session: Session, entries: Sequence[Entry]) -> list[Entry]:
    last = {e.ticket_id: i for i, e in enumerate(entries) if e.ticket_id is not None}
    facts = current_facts(session, list(last))
    chosen = {i: t for t, i in last.items()}
    return [
        replace(e, facts=facts.get(chosen[i])) if i in chosen else e for i, e in enumerate(entries)
    ]


def current_facts(
    session: Session, ticket_ids: list[int] | None
) -> dict[int, dict[str, JsonValue]]:
    """The facts of the given tickets (every ticket when `ticket_ids` is None)."""
    if ticket_ids == []:
        return {}
    columns = [TicketRow.id, *(getattr(TicketRow, name) for name in FACT_FIELDS)]
    tickets = select(*columns)
    breaches = select(BreachRow.ticket_id, BreachRow.key)
    if ticket_ids is not None:
        tickets = tickets.where(TicketRow.id.in_(ticket_ids))
        breaches = breaches.where(BreachRow.ticket_id.in_(ticket_ids))
    keys: dict[int, list[str]] = {}
    for ticket_id, key in session.execute(breaches):
        keys.setdefault(ticket_id, []).append(key)
    return {
        row.id: ticket_facts(dict(row._mapping), keys.get(row.id, ()))
        for row in session.execute(tickets)
    }


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


def _start(row: AuditHeadRow) -> Anchor:
    return Anchor(row.anchor_seq, row.anchor_hash)


def _write_head(session: Session, head: Head) -> None:
    values = {
        "seq": head.end.seq,
        "hash": head.end.hash,
        "anchor_seq": head.start.seq,
        "anchor_hash": head.start.hash,
        "key_id": head.key_id,
        "mac": head.mac,
    }
    session.execute(update(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID).values(**values))


COLUMNS = (
    "seq",
    "at",
    "ticket_id",
    "actor",
    "action",
    "detail",
    "facts",
    "prev_hash",
    "hash",
    "key_id",
)


def _row(record: Record) -> tuple[object, ...]:
    entry = record.entry
    detail = entry.detail if isinstance(entry.detail, dict) else dict(entry.detail)
    facts = None if entry.facts is None else dict(entry.facts)
    return (
        record.seq,
        entry.at,
        entry.ticket_id,
        entry.actor,
        entry.action,
        detail,
        facts,
        record.prev_hash,
        record.hash,
        record.key_id,
    )


def head(session: Session) -> Head | None:
    """The stored chain head; None when the head row itself is gone."""
    row = _find_head(session, lock=False)
    if row is None:
        return None
    return Head(Anchor(row.seq, row.hash), _start(row), row.key_id, row.mac)


def records(session: Session, batch: int = 5000) -> Iterator[Record]:
    stmt = select(AuditRow).order_by(AuditRow.seq).execution_options(yield_per=batch)
    for row in session.execute(stmt).scalars():
        entry = Entry(row.at, row.actor, row.action, row.ticket_id, row.detail, row.facts)
        yield Record(row.seq, entry, row.prev_hash, row.hash, row.key_id)


def for_ticket(session: Session, ticket_id: int) -> list[AuditRow]:
    stmt = select(AuditRow).where(AuditRow.ticket_id == ticket_id).order_by(AuditRow.seq)
    return list(session.execute(stmt).scalars())


def purge_before(session: Session, before: datetime, key: AuditKey) -> int:
    """Remove the oldest records up to the first one at or after `before`; keep an anchor."""
    row = _head_row(session, lock=True)
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
    end = Anchor(row.seq, row.hash)
    _write_head(session, sign_head(end, Anchor(last.seq, last.hash), key))
    return int(gone)
