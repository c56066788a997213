"""The worker's sweep: claim due work, fire it, write escalations and notices to the outbox.

One sweep is one transaction: the claimed rows move to the fired work, their
effects (breach records, audit entries, outbox notices with idempotency keys,
auto-confirmations) are written, and everything commits together. A worker
killed mid-sweep commits nothing, and the next sweep finds the same rows due.

The writes are set-based: the claim moves the rows (`remit.store.claims`), one
statement records the breaches, and the unit of work writes every notice and
every audit entry of the sweep in bulk, sealing the entries into the hash
chain in one pass under the chain-head lock. Each notice carries the address
of its recipient in the contract version the ticket is pinned to, resolved
when the work was planned, so a sweep reads neither tickets nor contracts
(work planned before addresses were stored is addressed from the ticket's
contract). Two kinds change their ticket and load it: auto-confirmation closes
it, and the hand-off to engineering may reassign it
(`remit.services.follow_through`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from remit.domain.audit import Entry, JsonValue
from remit.domain.escalation import WorkKind
from remit.domain.events import Action, Notice, NoticeKind
from remit.domain.instants import entered_moment, late_detail
from remit.services.closure import auto_confirm
from remit.services.contract_books import ContractBook, book_for_version
from remit.services.follow_through import handoff_due
from remit.services.ticket_ops import aware
from remit.store import claims, due_work
from remit.store.uow import UnitOfWork

WORKER_ACTOR = "remit-worker"
DEFAULT_BATCH = 1000

_NOTICE = {
    WorkKind.ESCALATE: NoticeKind.ESCALATION,
    WorkKind.BREACH: NoticeKind.BREACH,
    WorkKind.UPDATE_DUE: NoticeKind.UPDATE_OVERDUE,
    WorkKind.VENDOR_FOLLOW_UP: NoticeKind.VENDOR_FOLLOW_UP_DUE,
}


@dataclass(frozen=True, slots=True)
class SweepResult:
    claimed: int
    fired: dict[str, int]


def run_sweep(
    *, uow: UnitOfWork, now: datetime, worker: str, limit: int = DEFAULT_BATCH
) -> SweepResult:
    """Fire up to `limit` pieces of due work, oldest first, in one transaction.

    Work is never fired before it is due by the server clock: a `now` beyond it
    (more than `remit.domain.instants.TOLERANCE`) is refused with `FutureInstant`.
    An earlier `now` fires only what was due by then.
    """
    aware(now)
    with uow:
        late = late_detail(entered_moment(now, uow.clock(), "sweep due work"))
        claimed = uow.claims.claim_due(now, limit, worker)
        books = _books_for_unaddressed(uow, claimed)
        breaches: list[due_work.Breach] = []
        for row in claimed:
            _fire(uow, row, books.get(row.ticket_id), now, breaches, late)
        uow.due_work.record_breaches(breaches, now)
        uow.commit()
        return SweepResult(len(claimed), dict(Counter(row.kind for row in claimed)))


def _books_for_unaddressed(
    uow: UnitOfWork, claimed: list[claims.Claimed]
) -> dict[int, ContractBook]:
    """Contract books of the tickets whose work was planned without its recipients'
    addresses (before addresses were planned with the work); usually none."""
    tickets = {c.ticket_id for c in claimed if not set(c.recipients) <= set(c.addresses)}
    if not tickets:
        return {}
    versions = uow.tickets.versions(sorted(tickets))
    return {ticket: book_for_version(uow, *pair) for ticket, pair in versions.items()}


def _fire(
    uow: UnitOfWork,
    row: claims.Claimed,
    book: ContractBook | None,
    now: datetime,
    breaches: list[due_work.Breach],
    late: dict[str, str | bool],
) -> None:
    kind = WorkKind(row.kind)
    detail: dict[str, JsonValue] = {
        **row.detail,
        "key": row.key,
        "due_at": row.due_at.astimezone(UTC).isoformat(),
    }
    if kind is WorkKind.AUTO_CONFIRM:
        auto_confirm(uow, row.ticket_id, now, dict(detail))
        return
    if kind is WorkKind.HANDOFF_DUE:
        handoff_due(uow, row.ticket_id, now, dict(detail))
        return
    if kind is WorkKind.ESCALATE:
        action = Action.ESCALATED
    else:
        measure = str(detail.get("measure", "update"))
        breaches.append(due_work.Breach(row.ticket_id, measure, row.key, row.due_at))
        action = Action.BREACHED
    uow.record(Entry(now, WORKER_ACTOR, action.value, row.ticket_id, {**detail, **late}))
    subject = f"#{row.ticket_id} {_subject(kind, detail)}"
    for recipient in dict.fromkeys(row.recipients):
        notice = Notice(
            key=f"ticket:{row.ticket_id}:{row.key}:{recipient}",
            kind=_NOTICE[kind],
            recipient=recipient,
            subject=subject,
            ticket_id=row.ticket_id,
            address=_address(row, recipient, book),
            body=detail,
        )
        uow.notify(notice, now)


def _address(row: claims.Claimed, recipient: str, book: ContractBook | None) -> str | None:
    if recipient in row.addresses or book is None:
        return row.addresses.get(recipient)
    return book.address(recipient)


def _subject(kind: WorkKind, detail: dict[str, JsonValue]) -> str:
    if kind is WorkKind.ESCALATE:
        return f"escalated to {detail.get('level')}: {detail.get('at')} of {detail.get('measure')} target used"
    if kind is WorkKind.BREACH:
        return f"{detail.get('measure')} target breached"
    if kind is WorkKind.VENDOR_FOLLOW_UP:
        return f"vendor follow-up missed: {detail.get('vendor')} case {detail.get('case_ref')}"
    return "client update overdue"
