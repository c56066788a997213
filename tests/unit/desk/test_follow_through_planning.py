"""Planning the hand-off to engineering and vendor follow-ups with the real clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import pytest

from remit.contract import load_contract_text
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.escalation import ClockTerms, Timeline, WorkKind
from remit.domain.follow_through import CaseClock, follow_through_work
from remit.domain.terms import VendorHandling
from remit.domain.ticket import State

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)  # Sunday 02:10 Berlin
P1 = ClockTerms("P1", "always", 900, 14_400, 1800, "always")
P3 = ClockTerms("P3", "office", 14_400, 259_200, 86_400, "office")


@pytest.fixture(scope="module")
def contract() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    loaded = load_contract_text(text, "starter.yaml").contract
    handling = VendorHandling("PostgreSQL", "developer", follow_up=4 * 3600)
    return replace(loaded, vendors=(handling,))


def _work(
    contract: Contract, timeline: Timeline, terms: ClockTerms, *cases: CaseClock
) -> dict[str, tuple[WorkKind, datetime]]:
    clocks = {name: Clock(spec) for name, spec in contract.calendars.items()}
    found = follow_through_work(timeline, terms, contract, clocks.__getitem__, "provider", cases)
    return {w.key: (w.kind, w.due_at) for w in found}


def _case(opened: datetime, **changes: Any) -> CaseClock:
    case = CaseClock(7, "developer", "ES-1", "developer", opened, open=True)
    return replace(case, **changes)


def test_handoff_after_counts_on_the_clock_calendar_without_pauses(contract: Contract) -> None:
    assert _work(contract, Timeline(State.NEW, T0), P1) == {
        "handoff_due": (WorkKind.HANDOFF_DUE, T0 + timedelta(minutes=15))
    }
    paused = (T0 + timedelta(minutes=5), T0 + timedelta(minutes=35))
    later = _work(contract, Timeline(State.IN_PROGRESS, T0, pauses=(paused,)), P1)
    assert later["handoff_due"][1] == T0 + timedelta(minutes=45)
    # P3 on office hours: 4 h from Monday 08:00 Berlin
    assert _work(contract, Timeline(State.NEW, T0), P3)["handoff_due"][1] == datetime(
        2026, 3, 9, 11, 0, tzinfo=UTC
    )
    assert _work(contract, Timeline(State.IN_PROGRESS, T0, pauses=((T0, None),)), P1) == {}
    assert _work(contract, Timeline(State.RESTORED, T0), P1) == {}


def test_a_follow_up_interval_starts_when_vendor_escalation_does(contract: Contract) -> None:
    timeline = Timeline(State.IN_PROGRESS, T0)
    early = _work(contract, timeline, P1, _case(T0 + timedelta(minutes=30)))
    assert early["vendor_follow_up:7:0"] == (WorkKind.VENDOR_FOLLOW_UP, T0 + timedelta(hours=6))
    late = _work(contract, timeline, P1, _case(T0 + timedelta(hours=3)))
    assert late["vendor_follow_up:7:0"][1] == T0 + timedelta(hours=7)
    followed = _case(T0, follow_ups=2, last_follow_up_at=T0 + timedelta(hours=5))
    assert _work(contract, timeline, P1, followed)["vendor_follow_up:7:2"][1] == T0 + timedelta(
        hours=9
    )
    closed = _work(contract, timeline, P1, _case(T0, open=False))
    assert not any(key.startswith("vendor_follow_up") for key in closed)


def test_a_follow_up_runs_on_the_handling_calendar_when_it_names_one(contract: Contract) -> None:
    office = replace(contract, vendors=(replace(contract.vendors[0], follow_up_calendar="office"),))
    found = _work(office, Timeline(State.IN_PROGRESS, T0), P1, _case(T0))
    # vendor escalation starts 04:10 Sunday; 4 office hours from Monday 08:00 Berlin
    assert found["vendor_follow_up:7:0"][1] == datetime(2026, 3, 9, 11, 0, tzinfo=UTC)
