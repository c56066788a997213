"""The one place that wires concrete classes: settings -> engine -> units of work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from remit.domain.audit import AuditKey
from remit.settings import Settings, load_audit_key
from remit.store.engine import make_engine, make_session_factory
from remit.store.uow import UnitOfWork, system_clock


@dataclass(frozen=True, slots=True)
class Desk:
    """A running desk's store: the engine, a factory of fresh units of work, and the key
    that seals the audit log (None when none is configured: nothing can be recorded)."""

    engine: Engine
    new_uow: Callable[[], UnitOfWork]
    audit_key: AuditKey | None = None

    def close(self) -> None:
        self.engine.dispose()


def desk_for_engine(
    engine: Engine,
    audit_key: AuditKey | None,
    clock: Callable[[], datetime] = system_clock,
) -> Desk:
    """A desk on `engine` that seals its audit with `audit_key`; its units of work read
    `clock` as the server clock (the system clock unless a simulation or a test injects
    another)."""
    sessions = make_session_factory(engine)
    return Desk(engine, lambda: UnitOfWork(sessions, audit_key, clock), audit_key)


def open_desk(settings: Settings) -> Desk:
    """The desk of `settings`; `InvalidInput` when a configured audit key cannot be read."""
    audit_key = load_audit_key(settings)
    return desk_for_engine(make_engine(settings.database_url), audit_key)
