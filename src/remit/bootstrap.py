"""The one place that wires concrete classes: settings -> engine -> units of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine

from remit.domain.lines import EVERY_LINE, LineScope
from remit.settings import Settings
from remit.store.engine import make_engine, make_session_factory
from remit.store.uow import UnitOfWork


class UowFactory(Protocol):
    def __call__(self, scope: LineScope = EVERY_LINE) -> UnitOfWork: ...


@dataclass(frozen=True, slots=True)
class Desk:
    """A running desk's store: the engine and a factory of fresh units of work, each
    seeing every contract line unless given the scope of the caller's lines."""

    engine: Engine
    new_uow: UowFactory

    def close(self) -> None:
        self.engine.dispose()


def desk_for_engine(engine: Engine) -> Desk:
    sessions = make_session_factory(engine)

    def new_uow(scope: LineScope = EVERY_LINE) -> UnitOfWork:
        return UnitOfWork(sessions, scope)

    return Desk(engine, new_uow)


def open_desk(settings: Settings) -> Desk:
    return desk_for_engine(make_engine(settings.database_url))
