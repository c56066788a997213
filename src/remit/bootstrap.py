"""The one place that wires concrete classes: settings -> engine -> units of work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from remit.settings import Settings
from remit.store.engine import make_engine, make_session_factory
from remit.store.uow import UnitOfWork, system_clock


@dataclass(frozen=True, slots=True)
class Desk:
    """A running desk's store: the engine and a factory of fresh units of work."""

    engine: Engine
    new_uow: Callable[[], UnitOfWork]

    def close(self) -> None:
        self.engine.dispose()


def desk_for_engine(engine: Engine, clock: Callable[[], datetime] = system_clock) -> Desk:
    """A desk on `engine`; its units of work read `clock` as the server clock (the
    system clock unless a simulation or a test injects another)."""
    sessions = make_session_factory(engine)
    return Desk(engine, lambda: UnitOfWork(sessions, clock))


def open_desk(settings: Settings) -> Desk:
    return desk_for_engine(make_engine(settings.database_url))
