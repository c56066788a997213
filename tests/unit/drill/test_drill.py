"""Drill rules beyond the seed scenarios: target choice, after-hours boundary, gaps as questions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from remit.contract import load_contract
from remit.domain.contract import Contract, Layer
from remit.domain.terms import Override, Priorities, Sla
from remit.drill.route import Route
from remit.drill.scenario import DrillError, parse_instant

Run = Callable[..., Route]

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_outside_business_hours_without_coverage_waits_for_the_morning(
    mixed: Contract, run: Run
) -> None:
    route = run(mixed, "acc-exchange", "outage", "department", "2026-03-03T02:00+01:00")
    assert route.priority == "P2"
    assert route.after_hours.outside
    assert not route.after_hours.applies
    [target] = route.targets
    assert target.calendar == "office"
    assert target.response is not None
    assert target.response.at == datetime.fromisoformat("2026-03-03T09:00+01:00")
    assert any(
        "outside business hours (office)" in q and "P2" in q and "before Tue 2026-03-03 08:00" in q
        for q in route.questions
    )


def test_an_override_for_the_object_beats_the_general_target(mixed: Contract, run: Run) -> None:
    override = Override(
        objects=("acc-db",), calendar="always", priorities=("P1",), response=300, recovery=3600
    )
    contract = dataclasses.replace(mixed, sla=dataclasses.replace(mixed.sla, overrides=(override,)))
    route = run(contract, "acc-db,dc-01", "outage", "organization", "2026-03-03T02:00+01:00")
    by_rule = {t.rule: t for t in route.targets}
    assert by_rule["sla.overrides[0]"].objects == ("acc-db",)
    assert by_rule["sla.targets[0]"].objects == ("dc-01",)
    recovery = by_rule["sla.overrides[0]"].recovery
    assert recovery is not None
    assert recovery.at == datetime.fromisoformat("2026-03-03T03:00+01:00")
    escalate = [s for s in route.timeline if s.what.startswith("50%")]
    assert escalate[0].at == datetime.fromisoformat(
        "2026-03-03T02:30+01:00"
    )  # the stricter target governs


def test_a_layer_without_primary_is_an_open_question(mixed: Contract, run: Run) -> None:
    layers = {**mixed.layers, "dbms": Layer(kind=mixed.layers["dbms"].kind)}
    route = run(
        dataclasses.replace(mixed, layers=layers),
        "acc-db",
        "outage",
        "organization",
        "2026-03-02T10:00+01:00",
    )
    assert route.coordinator is not None
    assert (
        f'Layer "dbms" has no primary party: who checks it?; the coordinator "{route.coordinator.party}" is assumed'
        in route.questions
    )
    primary = {c.layer: c.primary for c in route.layer_checks}["dbms"]
    assert primary is not None
    assert primary.party == route.coordinator.party


def test_a_symptom_without_category_is_an_open_question(mixed: Contract, run: Run) -> None:
    assert mixed.priorities is not None
    categories = {k: v for k, v in mixed.priorities.categories.items() if k != "integration"}
    priorities = Priorities(mixed.priorities.levels, mixed.priorities.matrix, categories)
    route = run(
        dataclasses.replace(mixed, priorities=priorities),
        "acc-exchange",
        "integration",
        "organization",
        "2026-03-02T10:00+01:00",
    )
    assert route.category is None
    assert route.targets == ()
    assert route.questions[0].startswith('The contract has no ticket category for "integration"')


def test_no_targets_means_no_due_instants_and_a_question(mixed: Contract, run: Run) -> None:
    contract = dataclasses.replace(mixed, sla=Sla(business_calendar="office"))
    route = run(contract, "acc-db", "outage", "organization", "2026-03-02T10:00+01:00")
    assert route.targets == ()
    assert any(q.startswith("No SLA target covers outage at P1") for q in route.questions)
    assert (
        "Without an SLA target, no escalation time can be computed for this ticket."
        in route.questions
    )


def test_missing_business_calendar_falls_back_to_the_clients_and_asks(
    mixed: Contract, run: Run
) -> None:
    contract = dataclasses.replace(
        mixed, sla=dataclasses.replace(mixed.sla, business_calendar=None)
    )
    route = run(contract, "dc-01", "outage", "organization", "2026-03-02T10:00+01:00")
    assert route.after_hours.business_calendar == "office"
    assert any(q.startswith("sla.business_calendar is not set") for q in route.questions)


def test_unknown_object_is_refused_with_a_suggestion(mixed: Contract, run: Run) -> None:
    with pytest.raises(DrillError, match='unknown object "acc-dbb" \\(did you mean "acc-db"\\?\\)'):
        run(mixed, "acc-dbb", "outage", "organization", "2026-03-02T10:00+01:00")


@pytest.mark.parametrize("text", ["2026-03-02T10:00", "2026-03-02 10:00", "monday"])
def test_an_instant_needs_an_offset(text: str) -> None:
    with pytest.raises(DrillError):
        parse_instant(text)


def test_instants_keep_their_offset() -> None:
    assert parse_instant("2026-03-02T09:10Z").utcoffset() is not None
    assert parse_instant("2026-03-02T09:10+05:00").isoformat() == "2026-03-02T09:10:00+05:00"


def test_each_object_gets_the_handling_of_its_own_vendor_product(run: Run) -> None:
    example = load_contract(EXAMPLES / "mixed-environment.yaml").contract
    route = run(example, "acc-db", "outage", "organization", "2026-03-08T02:10:00+05:00")
    by_object = {name: v for v in route.vendors for name in v.objects}
    assert by_object["acc-db"].product == "Microsoft SQL Server 2019"
    assert by_object["acc-db"].decides_fixes == "client"
    assert by_object["sql-01"].product == "Microsoft Windows Server 2022"


def test_a_fallback_coordinator_answers_and_is_named_in_a_question(
    mixed: Contract, run: Run
) -> None:
    loose = dataclasses.replace(mixed, coordination=None)
    route = run(loose, "acc-exchange", "outage", "department", "2026-03-02T10:00+01:00")
    assert route.coordinator is not None
    assert route.priority is not None
    assert any(
        f'"{route.coordinator.party}" (priorities.levels.{route.priority}.ownership.intake) is assumed'
        in q
        for q in route.questions
    )
