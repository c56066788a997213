"""Scope and commercial terms at the desk: the intake's marking and the coordinator's override.

Every ticket is marked at intake (see `remit.domain.scope` for the rules). An
out-of-scope ticket is recorded and worked like any other, with its clocks; the
marking is an audit entry (`scope_marked`) and a notice asking the coordinator
to decide. Only the coordinator may change the marking, with a reason
(`scope_set`, old and new marking in the entry).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from remit.domain import scope
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput
from remit.domain.events import Action, NoticeKind
from remit.domain.terms import Billing
from remit.domain.ticket import State
from remit.services.contract_books import ContractBook
from remit.services.ticket_ops import (
    aware,
    load,
    notify,
    ordered,
    record,
    require_coordinator,
    touch,
)
from remit.services.views import TicketSummary, summary, zone_of
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork


def scope_columns(contract: Contract, objects: Sequence[str], category: str) -> dict[str, Any]:
    """The ticket columns of the intake's marking."""
    found = scope.mark(contract, objects, category)
    return {
        "in_scope": found.in_scope,
        "scope_basis": found.basis,
        "scope_clause": found.clause or None,
        "billing": found.billing.value,
        "billing_basis": found.billing_basis,
    }


def announce_scope(uow: UnitOfWork, book: ContractBook, ticket: TicketRow, now: datetime) -> None:
    """At intake: an out-of-scope ticket is audited with its clause and the coordinator asked."""
    if ticket.in_scope is not False or ticket.state == State.REJECTED.value:
        return
    marking = _marking(ticket)
    record(uow, ticket, Action.SCOPE_MARKED, "desk", now, **marking)
    notify(
        uow,
        ticket,
        NoticeKind.SCOPE_DECISION,
        [ticket.coordinator],
        f"out of scope ({ticket.scope_basis}): decide",
        now,
        "scope:intake",
        book,
        title=ticket.title,
        **marking,
    )


def set_scope(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    reason: str,
    now: datetime,
    in_scope: bool | None = None,
    billing: Billing | None = None,
    expected_version: int | None = None,
) -> TicketSummary:
    """The coordinator overrides the marking (in or out of scope, included or billable)."""
    aware(now)
    if in_scope is None and billing is None:
        raise InvalidInput("say --in-scope or --out-of-scope, --billing, or both")
    if not reason.strip():
        raise InvalidInput("a scope decision needs a reason")
    with uow:
        ticket, _ = load(uow, ticket_id, expected_version)
        require_coordinator(ticket, by, "change the scope marking")
        ordered(uow, ticket, now, f"set the scope of ticket {ticket_id}")
        before = _marking(ticket)
        if in_scope is not None:
            ticket.in_scope = in_scope
            ticket.scope_basis, ticket.scope_clause = f"decided by {by}", reason.strip()
        if billing is not None:
            ticket.billing, ticket.billing_basis = billing.value, f"decided by {by}"
        record(
            uow, ticket, Action.SCOPE_SET, by, now, reason=reason, before=before, **_marking(ticket)
        )
        touch(ticket, now)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _marking(ticket: TicketRow) -> dict[str, object]:
    return {
        "in_scope": ticket.in_scope,
        "scope_basis": ticket.scope_basis,
        "clause": ticket.scope_clause,
        "billing": ticket.billing,
        "billing_basis": ticket.billing_basis,
    }
