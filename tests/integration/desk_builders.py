"""Deterministic builders for desk tests: the starter contract and a night intake."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from remit.bootstrap import Desk
from remit.domain.terms import Impact
from remit.services.contracts import LoadedVersion, load_contract_version
from remit.services.intake import Intake, open_ticket
from remit.services.views import TicketSummary

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)  # Sunday 02:10 in Berlin
LOADED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


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
