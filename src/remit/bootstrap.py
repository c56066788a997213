"""The one place that wires concrete classes: settings -> engine -> units of work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine

from remit.domain.audit import AuditKey
from remit.domain.lines import EVERY_LINE, LineScope
from remit.settings import Settings, load_audit_key
from remit.store.engine import make_engine, make_session_factory
from remit.store.uow import UnitOfWork, system_clock


class UowFactory(Protocol):
    def __call__(self, scope: LineScope = EVERY_LINE, *, via: str | None = None) -> UnitOfWork: ...


@dataclass(frozen=True, slots=True)
class Desk:
    """A running desk's store: the engine, a factory of fresh units of work (each seeing
    every contract line unless given the scope of the caller's lines, and marking its
    audit entries with the channel `via` when given one), and the key that
    seals the audit log (None when none is configured: nothing can be recorded)."""

    engine: Engine
    new_uow: UowFactory
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

    def new_uow(scope: LineScope = EVERY_LINE, *, via: str | None = None) -> UnitOfWork:
        return UnitOfWork(sessions, audit_key, clock, scope=scope, via=via)

    return Desk(engine, new_uow, audit_key)


def open_desk(settings: Settings) -> Desk:
    """The desk of `settings`; `InvalidInput` when a configured audit key cannot be read."""
    audit_key = load_audit_key(settings)
    return desk_for_engine(make_engine(settings.database_url), audit_key)
