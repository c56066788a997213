"""Planning deadlines and due work with the real clock on the starter's calendars."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.escalation import (
    ClockTerms,
    Timeline,
    WorkKind,
    after_business_days,
    plan,
    symptom_escalations,
)
from remit.domain.ticket import State

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)  # Sunday 02:10 Berlin
P1 = ClockTerms("P1", "always", 900, 14_400, 1800, "always")


@pytest.fixture(scope="module")
def contract() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    return load_contract_text(text, "starter.yaml").contract


def clocks(contract: Contract) -> dict[str, Clock]:
    return {name: Clock(spec) for name, spec in contract.calendars.items()}


def test_a_new_p1_plans_response_recovery_update_and_escalations(contract: Contract) -> None:
    result = plan(Timeline(State.NEW, T0), P1, contract, clocks(contract).__getitem__, "provider")
    assert result.response is not None
    assert result.recovery is not None
    assert (result.response.due, result.recovery.due) == (
        T0 + timedelta(minutes=15),
        T0 + timedelta(hours=4),
    )
    work = {w.key: (w.kind, w.due_at) for w in result.work}
    assert work["escalate:recovery:0.5:engineering"] == (WorkKind.ESCALATE, T0 + timedelta(hours=2))
    assert work["escalate:recovery:0.8:management"][1] == T0 + timedelta(minutes=192)
    assert work["breach:response"][1] == T0 + timedelta(minutes=15)
    assert work["update:0"] == (WorkKind.UPDATE_DUE, T0 + timedelta(minutes=30))


def test_a_closed_pause_moves_recovery_and_an_open_one_stops_it(contract: Contract) -> None:
    lookup = clocks(contract).__getitem__
    paused = (T0 + timedelta(minutes=30), T0 + timedelta(minutes=75))
    after = plan(
        Timeline(State.IN_PROGRESS, T0, taken_at=T0, pauses=(paused,)),
        P1,
        contract,
        lookup,
        "provider",
    )
    assert after.recovery is not None
    assert after.recovery.due == T0 + timedelta(hours=4, minutes=45)
    assert "breach:response" not in {w.key for w in after.work}  # taken: no response work
    running = (T0 + timedelta(minutes=30), None)
    during = plan(
        Timeline(State.PAUSED, T0, taken_at=T0, pauses=(running,)), P1, contract, lookup, "provider"
    )
    assert during.recovery is None
    assert not [w for w in during.work if w.key.startswith(("breach", "escalate"))]


def test_held_tickets_have_no_clock(contract: Contract) -> None:
    assert (
        plan(
            Timeline(State.HELD, None), P1, contract, clocks(contract).__getitem__, "provider"
        ).work
        == ()
    )


def test_business_days_skip_weekends_and_berlin_holidays(contract: Contract) -> None:
    office = Clock(contract.calendars["office"])
    friday = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)  # Thursday before Good Friday
    # Good Friday and Easter Monday are closed in Berlin: Tue, Wed, Thu count
    assert after_business_days(office, friday, 3) == datetime(2026, 4, 9, 22, 0, tzinfo=UTC)


def _update_due(contract: Contract, timeline: Timeline) -> tuple[datetime | None, list[datetime]]:
    result = plan(timeline, P1, contract, clocks(contract).__getitem__, "provider")
    return result.next_update, [w.due_at for w in result.work if w.kind is WorkKind.UPDATE_DUE]


def test_a_customer_pause_stops_the_update_clock_and_other_pauses_do_not(
    contract: Contract,
) -> None:
    waiting = (T0 + timedelta(minutes=10), None)
    on_customer = Timeline(
        State.PAUSED, T0, taken_at=T0, pauses=(waiting,), customer_pauses=(waiting,)
    )
    assert _update_due(contract, on_customer) == (None, [])
    on_third_party = Timeline(State.PAUSED, T0, taken_at=T0, pauses=(waiting,))
    assert _update_due(contract, on_third_party) == (
        T0 + timedelta(minutes=30),
        [T0 + timedelta(minutes=30)],
    )
    waited = (T0 + timedelta(minutes=10), T0 + timedelta(minutes=40))
    resumed = Timeline(
        State.IN_PROGRESS, T0, taken_at=T0, pauses=(waited,), customer_pauses=(waited,)
    )
    assert _update_due(contract, resumed)[0] == T0 + timedelta(minutes=60)


def test_a_promised_update_moves_by_the_time_spent_waiting_on_the_customer(
    contract: Contract,
) -> None:
    def promised(waited: tuple[datetime, datetime]) -> datetime | None:
        timeline = Timeline(
            State.IN_PROGRESS,
            T0,
            taken_at=T0,
            pauses=(waited,),
            customer_pauses=(waited,),
            last_update_at=T0 + timedelta(minutes=5),
            promised_update_at=T0 + timedelta(minutes=35),
            updates=1,
        )
        return _update_due(contract, timeline)[0]

    assert promised((T0 + timedelta(minutes=20), T0 + timedelta(minutes=50))) == T0 + timedelta(
        minutes=65
    )
    assert promised((T0, T0 + timedelta(minutes=15))) == T0 + timedelta(minutes=45)  # from 00:05
    assert promised((T0 + timedelta(minutes=40), T0 + timedelta(minutes=50))) == T0 + timedelta(
        minutes=35
    )


def test_a_symptom_trigger_matches_its_text_anywhere_in_the_report_ignoring_case(
    contract: Contract,
) -> None:
    [found] = symptom_escalations(contract, "Suspected Data Loss after the update", "P2", T0)
    assert (found.key, found.kind, found.due_at, found.recipients) == (
        "escalate:symptom:data loss",
        WorkKind.ESCALATE,
        T0,
        ("client.owner",),
    )
    assert found.detail["level"] == "management"
    assert symptom_escalations(contract, "data was lost", "P2", T0) == []
