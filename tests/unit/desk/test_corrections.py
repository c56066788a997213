"""The correction rule: terms derived again, targets counted from the original start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.corrections import (
    Classification,
    Correction,
    Overdue,
    corrected,
    derive_terms,
    overdue,
)
from remit.domain.errors import InvalidInput
from remit.domain.escalation import ClockFor, ClockTerms, Timeline, plan
from remit.domain.terms import Impact, Measure, Urgency
from remit.domain.ticket import State

T0 = datetime(2026, 3, 8, 1, 10, tzinfo=UTC)  # Sunday 02:10 Berlin
P1 = ClockTerms("P1", "always", 900, 14_400, 1800, "always")
P3 = ClockTerms("P3", "office", 14_400, 432_000, 86_400, "office")
DEPARTMENT_SLOW = Classification(Impact.DEPARTMENT, Urgency.DEGRADED, "degradation", ("erp",), "P3")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def clocks(contract: Contract) -> ClockFor:
    return lambda name: Clock(contract.calendars[name])


@pytest.fixture(scope="module")
def contract() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    return load_contract_text(text, "starter.yaml").contract


@pytest.fixture(scope="module")
def always(contract: Contract) -> Clock:
    return Clock(contract.calendars["always"])


def test_a_new_scope_and_category_re_derive_the_priority_and_the_category_urgency(
    contract: Contract,
) -> None:
    change = Correction(category="outage", impact=Impact.ORGANIZATION)
    result = corrected(contract, DEPARTMENT_SLOW, change)
    assert result == Classification(
        Impact.ORGANIZATION, Urgency.WORK_STOPPED, "outage", ("erp",), None
    )
    assert (
        derive_terms(
            contract, result, arrived_after_hours=False, start=T0, clock_for=clocks(contract)
        ).priority
        == "P1"
    )


def test_a_new_scope_keeps_the_urgency_and_a_given_priority_wins(contract: Contract) -> None:
    scoped = corrected(contract, DEPARTMENT_SLOW, Correction(impact=Impact.USER))
    assert scoped.urgency == Urgency.DEGRADED
    # one user, degraded, would be P4; erp's criticality (high) keeps the department floor
    assert (
        derive_terms(
            contract, scoped, arrived_after_hours=False, start=T0, clock_for=clocks(contract)
        ).priority
        == "P3"
    )
    given = corrected(contract, DEPARTMENT_SLOW, Correction(priority="P1", impact=Impact.USER))
    assert given.impact == Impact.USER
    assert (
        derive_terms(
            contract, given, arrived_after_hours=False, start=T0, clock_for=clocks(contract)
        ).priority
        == "P1"
    )


def test_changed_objects_re_derive_the_priority_from_the_matrix(contract: Contract) -> None:
    already_raised = Classification(Impact.DEPARTMENT, Urgency.DEGRADED, "degradation", (), "P1")
    result = corrected(contract, already_raised, Correction(objects=("erp", "db-main")))
    assert result.objects == ("erp", "db-main")
    # department x degraded is P3; db-main is critical, so the organization floor gives P2
    assert (
        derive_terms(
            contract, result, arrived_after_hours=False, start=T0, clock_for=clocks(contract)
        ).priority
        == "P2"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Correction(), "nothing to correct"),
        (Correction(priority="P9"), "unknown priority 'P9'; known: P1, P2, P3, P4"),
        (Correction(objects=("mainframe",)), "objects not in the contract: mainframe"),
        (Correction(category="coffee"), "unknown category 'coffee'"),
    ],
)
def test_a_correction_the_contract_cannot_use_is_refused(
    contract: Contract, change: Correction, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        corrected(contract, DEPARTMENT_SLOW, change)


def test_terms_follow_the_priority_and_after_hours_cover(contract: Contract) -> None:
    outage = Classification(Impact.ORGANIZATION, Urgency.WORK_STOPPED, "outage", (), "P1")
    p1 = derive_terms(
        contract, outage, arrived_after_hours=True, start=T0, clock_for=clocks(contract)
    )
    assert (p1.priority, p1.calendar, p1.response, p1.recovery, p1.cadence, p1.after_hours) == (
        "P1",
        "always",
        900,
        14_400,
        1800,
        True,
    )
    p3 = derive_terms(
        contract, DEPARTMENT_SLOW, arrived_after_hours=True, start=T0, clock_for=clocks(contract)
    )
    assert (p3.calendar, p3.response, p3.recovery, p3.cadence, p3.after_hours) == (
        "office",
        14_400,
        180_000,  # 50h: five office days of 10 hours
        36_000,  # 10h: one office day
        False,
    )


def test_an_upgrade_counts_from_the_original_start(contract: Contract, always: Clock) -> None:
    timeline = Timeline(State.NEW, T0)
    result = plan(timeline, P1, contract, {"always": always}.__getitem__, "provider")
    assert result.response is not None
    assert result.recovery is not None
    assert (result.response.due, result.recovery.due) == (at(15), at(240))
    assert overdue(timeline, P1, always, at(20)) == [Overdue(Measure.RESPONSE, at(15))]
    assert overdue(timeline, P1, always, at(14)) == []


def test_a_completed_measure_is_not_judged_again(always: Clock) -> None:
    taken = Timeline(State.IN_PROGRESS, T0, taken_at=at(5))
    assert overdue(taken, P1, always, at(20)) == []
    restored = Timeline(State.RESTORED, T0, taken_at=at(5), restored_at=at(200))
    assert overdue(restored, P1, always, at(300)) == []
    assert overdue(taken, P1, always, at(240)) == [Overdue(Measure.RECOVERY, at(240))]


def test_a_running_pause_ends_at_the_correction(always: Clock) -> None:
    used_before = Timeline(State.PAUSED, T0, pauses=((at(16), None),))
    assert overdue(used_before, P1, always, at(60)) == [Overdue(Measure.RESPONSE, at(15))]
    paused_in_time = Timeline(State.PAUSED, T0, pauses=((at(5), None),))
    assert overdue(paused_in_time, P1, always, at(60)) == []
    closed = Timeline(State.NEW, T0, pauses=((at(5), at(35)),))
    assert overdue(closed, P1, always, at(60)) == [Overdue(Measure.RESPONSE, at(45))]


def test_no_clock_runs_before_acceptance_or_after_closure(always: Clock) -> None:
    assert overdue(Timeline(State.HELD, None), P1, always, at(600)) == []
    assert overdue(Timeline(State.CLOSED, T0), P1, always, at(600)) == []
