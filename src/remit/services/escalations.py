"""The worker's sweep: claim due work, fire it, write escalations and notices to the outbox.

One sweep is one transaction: the claimed rows are marked fired, their
effects (breach records, audit entries, outbox notices with idempotency keys,
auto-confirmations) are written, and everything commits together. A worker
killed mid-sweep commits nothing, and the next sweep finds the same rows due.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from remit.domain.audit import Entry, JsonValue, json_detail
from remit.domain.escalation import WorkKind
from remit.domain.events import Action, Notice, NoticeKind
from remit.services.closure import auto_confirm
from remit.services.common import aware
from remit.store import work
from remit.store.tables import DueWorkRow
from remit.store.uow import UnitOfWork

WORKER_ACTOR = "remit-worker"

_NOTICE = {
    WorkKind.ESCALATE: NoticeKind.ESCALATION,
    WorkKind.BREACH: NoticeKind.BREACH,
    WorkKind.UPDATE_DUE: NoticeKind.UPDATE_OVERDUE,
}


@dataclass(frozen=True, slots=True)
class SweepResult:
    claimed: int
    fired: dict[str, int]


def run_sweep(*, uow: UnitOfWork, now: datetime, worker: str, limit: int = 500) -> SweepResult:
    """Fire up to `limit` pieces of due work, oldest first, in one transaction."""
    aware(now)
    with uow:
        rows = work.claim_due(uow.session, now, limit)
        work.mark_fired(uow.session, [row.id for row in rows], now, worker)
        fired: Counter[str] = Counter()
        for row in rows:
            _fire(uow, row, now)
            fired[row.kind] += 1
        uow.commit()
        return SweepResult(len(rows), dict(fired))


def _fire(uow: UnitOfWork, row: DueWorkRow, now: datetime) -> None:
    kind = WorkKind(row.kind)
    detail: dict[str, JsonValue] = {
        **row.detail,
        "key": row.key,
        **json_detail({"due_at": row.due_at}),
    }
    if kind is WorkKind.AUTO_CONFIRM:
        auto_confirm(uow, row.ticket_id, now, dict(detail))
        return
    if kind is WorkKind.ESCALATE:
        action = Action.ESCALATED
    else:
        measure = str(detail.get("measure", "update"))
        work.record_breach(uow.session, row.ticket_id, measure, row.key, row.due_at, now)
        action = Action.BREACHED
    uow.record(Entry(now, WORKER_ACTOR, action.value, row.ticket_id, detail))
    subject = _subject(kind, detail)
    for recipient in row.recipients:
        notice = Notice(
            key=f"ticket:{row.ticket_id}:{row.key}:{recipient}",
            kind=_NOTICE[kind],
            recipient=recipient,
            subject=f"#{row.ticket_id} {subject}",
            ticket_id=row.ticket_id,
            body=detail,
        )
        uow.notify(notice, now)


def _subject(kind: WorkKind, detail: dict[str, JsonValue]) -> str:
    if kind is WorkKind.ESCALATE:
        return f"escalated to {detail.get('level')}: {detail.get('at')} of {detail.get('measure')} target used"
    if kind is WorkKind.BREACH:
        return f"{detail.get('measure')} target breached"
    return "client update overdue"
