"""The governing SLA rule, its due instants and the escalation ladder (starter contract)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain import targets
from remit.domain.calendar import CalendarSpec
from remit.domain.clock import Clock
from remit.domain.contract import Contract
from remit.domain.terms import Measure, Override

TUESDAY_10 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


@pytest.fixture(scope="module")
def contract() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    return load_contract_text(text, "starter.yaml").contract


def clocks(contract: Contract) -> targets.ClockFor:
    built: dict[str, Clock] = {}

    def clock_for(name: str) -> Clock:
        spec: CalendarSpec = contract.calendars[name]
        return built.setdefault(name, Clock(spec))

    return clock_for


def with_overrides(contract: Contract, *overrides: Override) -> Contract:
    return replace(contract, sla=replace(contract.sla, overrides=overrides))


def test_an_object_override_beats_the_general_target_for_that_object_only(
    contract: Contract,
) -> None:
    special = with_overrides(
        contract, Override(objects=("db-main",), calendar="always", response=300, recovery=3600)
    )
    assert [r.path for r in targets.rules_of(special, "db-main", "outage", "P2")] == [
        "sla.overrides[0]"
    ]
    assert [r.path for r in targets.rules_of(special, "erp", "outage", "P2")] == ["sla.targets[1]"]
    assert [r.path for r in targets.rules_of(special, None, "outage", "P2")] == ["sla.targets[1]"]


def test_the_rule_falling_due_first_governs_on_its_own_calendar(contract: Contract) -> None:
    # erp: 8h on office (due 18:00 the same day); db-main: 12h on always (due 22:00).
    slow = Override(objects=("db-main",), calendar="always", response=3600, recovery=12 * 3600)
    special = with_overrides(contract, slow)
    rule = targets.governing_rule(
        special, ("db-main", "erp"), "outage", "P2", TUESDAY_10, clocks(special)
    )
    assert rule is not None
    assert (rule.path, rule.calendar) == ("sla.targets[1]", "office")
    # 6h on always (due 16:00) beats erp's office target.
    fast = replace(slow, recovery=6 * 3600)
    special = with_overrides(contract, fast)
    dues = targets.rule_dues(
        special, ("erp", "db-main"), "outage", "P2", TUESDAY_10, clocks(special)
    )
    lead = targets.governing(dues)
    assert lead is not None
    assert lead.rule.path == "sla.overrides[0]"
    assert lead.recovery is not None
    assert lead.recovery.due == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


def test_a_tie_goes_to_the_object_named_first(contract: Contract) -> None:
    same = Override(objects=("db-main",), calendar="office", response=3600, recovery=8 * 3600)
    special = with_overrides(contract, same)
    first = targets.governing_rule(
        special, ("db-main", "erp"), "outage", "P2", TUESDAY_10, clocks(special)
    )
    second = targets.governing_rule(
        special, ("erp", "db-main"), "outage", "P2", TUESDAY_10, clocks(special)
    )
    assert first is not None
    assert second is not None
    assert (first.path, second.path) == ("sla.overrides[0]", "sla.targets[1]")


def test_the_ladder_rounds_each_trigger_up_to_the_next_second(contract: Contract) -> None:
    clock = clocks(contract)("always")
    rungs = targets.ladder(contract, "P1", {Measure.RECOVERY: 1001}, TUESDAY_10, clock)
    assert [(r.level, r.at) for r in rungs] == [
        ("engineering", datetime(2026, 3, 3, 9, 8, 21, tzinfo=UTC)),  # ceil(500.5) = 501 s
        ("management", datetime(2026, 3, 3, 9, 13, 21, tzinfo=UTC)),  # ceil(800.8) = 801 s
    ]
    first = targets.first_escalation(rungs)
    assert first is not None
    assert first.level == "engineering"
    assert targets.ladder(contract, "P3", {Measure.RECOVERY: 1001}, TUESDAY_10, clock) == []
