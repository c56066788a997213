"""Deterministic builders for desk tests: the starter contract and a night intake."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from remit.bootstrap import Desk
from remit.domain.terms import Impact
from remit.services.contracts import LoadedVersion, load_contract_version
from remit.services.intake import Intake, open_ticket
from remit.services.views import TicketSummary
from remit.store.uow import UnitOfWork

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)  # Sunday 02:10 in Berlin
LOADED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


class SetClock:
    """The desk's server clock in a test that plays a scenario at chosen instants."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def clocked(desk: Desk, clock: Callable[[], datetime]) -> Desk:
    """`desk` whose units of work read `clock` as the server clock (the injection a
    test uses instead of the system clock); same engine, same transaction."""

    def new_uow() -> UnitOfWork:
        uow = desk.new_uow()
        uow.clock = clock
        return uow

    return Desk(desk.engine, new_uow, desk.audit_key)


LATE_ENTRY_KEYS = frozenset({"late_entry", "entered_at"})


def as_happened(detail: Mapping[str, Any]) -> dict[str, Any]:
    """An audit detail without the late-entry mark: the tests play scenarios dated in
    the past, so the desk enters each of their actions late."""
    return {key: value for key, value in detail.items() if key not in LATE_ENTRY_KEYS}


def starter_text() -> str:
    return resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")


def load_starter(desk: Desk, text: str | None = None) -> LoadedVersion:
    """The starter, or a variant of it; a variant may break a `remit check` rule on purpose
    (the test is about what the desk does with it), so it is loaded with `force`."""
    return load_contract_version(
        uow=desk.new_uow(),
        text=text or starter_text(),
        source_name="starter.yaml",
        actor="test",
        now=LOADED_AT,
        force=text is not None,
    )


def an_intake(**overrides: Any) -> Intake:
    values: dict[str, Any] = {
        "requester": "client.it",
        "title": "ERP down",
        "symptoms": "login hangs, then 'database unavailable'",
        "who_cannot_work": "everyone",
        "scope": Impact.ORGANIZATION,
        "category": "outage",
        "objects": ("erp", "db-main"),
    }
    values.update(overrides)
    return Intake(**values)


def open_a_ticket(desk: Desk, now: datetime = T0, **overrides: Any) -> TicketSummary:
    return open_ticket(uow=desk.new_uow(), intake=an_intake(**overrides), now=now)
