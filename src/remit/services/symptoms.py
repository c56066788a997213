"""Symptom triggers: a request naming a symptom the contract escalates is escalated at once.

When a request is accepted (at intake from an authorized contact, or when a
held request is confirmed) its reported symptoms are matched against the
contract's `escalation.symptoms`: a trigger whose symptom appears in the text,
ignoring case, fires in the same transaction. It is recorded as fired work
(so nothing plans it again), audited as an escalation and queued as one
notice per recipient, addressed from the ticket's contract version.
"""

from __future__ import annotations

from datetime import datetime

from remit.domain.escalation import holds_escalations, symptom_escalations
from remit.domain.events import Action, NoticeKind
from remit.services.contract_books import ContractBook
from remit.services.ticket_ops import notify, planned_window, record
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork

ACTOR = "desk"


def escalate_symptoms(
    uow: UnitOfWork, book: ContractBook, ticket: TicketRow, now: datetime
) -> list[str]:
    """Fire the ticket's symptom escalations once; returns the symptoms that fired.

    A maintenance window that holds escalations leaves them to the ticket's plan,
    which holds them until the window ends."""
    if holds_escalations(planned_window(ticket), now):
        return []
    found = symptom_escalations(book.contract, ticket.symptoms, ticket.priority, now)
    fresh = uow.due_work.record_fired(ticket.id, found, book.address, now, ACTOR)
    for item in fresh:
        detail = item.detail
        record(uow, ticket, Action.ESCALATED, ACTOR, now, **detail, key=item.key)
        notify(
            uow,
            ticket,
            NoticeKind.ESCALATION,
            item.recipients,
            f"escalated to {detail['level']}: symptom '{detail['symptom']}' reported",
            now,
            item.key,
            book,
            **detail,
        )
    return [str(item.detail["symptom"]) for item in fresh]
