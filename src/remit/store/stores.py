"""The store's statement modules as a unit of work hands them to services: each
function bound to the unit's session, so that a service never holds a session."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from remit.store import audit_log, claims, due_work, outbox, windows

P = ParamSpec("P")
R = TypeVar("R")


def bound(function: Callable[Concatenate[Session, P], R], session: Session) -> Callable[P, R]:
    return partial(function, session)


class DueWorkStore:
    """Planned and fired work, and recorded breaches (`remit.store.due_work`)."""

    def __init__(self, session: Session) -> None:
        self.replan = bound(due_work.replan, session)
        self.record_fired = bound(due_work.record_fired, session)
        self.for_ticket = bound(due_work.for_ticket, session)
        self.record_breach = bound(due_work.record_breach, session)
        self.breach_recorded = bound(due_work.breach_recorded, session)
        self.record_breaches = bound(due_work.record_breaches, session)


class ClaimsStore:
    """The worker's claims on due work (`remit.store.claims`)."""

    def __init__(self, session: Session) -> None:
        self.claim_due = bound(claims.claim_due, session)


class WindowsStore:
    """Confirmed maintenance-window occurrences (`remit.store.windows`)."""

    def __init__(self, session: Session) -> None:
        self.confirmation = bound(windows.confirmation, session)
        self.confirmations = bound(windows.confirmations, session)
        self.add = bound(windows.add, session)


class AuditStore:
    """The sealed audit log (`remit.store.audit_log`)."""

    def __init__(self, session: Session) -> None:
        self.head = bound(audit_log.head, session)
        self.records = bound(audit_log.records, session)
        self.current_facts = bound(audit_log.current_facts, session)
        self.for_ticket = bound(audit_log.for_ticket, session)
        self.purge_before = bound(audit_log.purge_before, session)


class OutboxStore:
    """The outbox (`remit.store.outbox`)."""

    def __init__(self, session: Session) -> None:
        self.listing = bound(outbox.listing, session)
        self.get = bound(outbox.get, session)
