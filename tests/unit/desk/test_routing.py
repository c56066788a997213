"""Routing read from the starter contract: authorization, priority, targets, layers."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain import routing
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput
from remit.domain.terms import FaultClass, Impact, Override, Urgency
from remit.domain.ticket import RequestKind


@pytest.fixture(scope="module")
def contract() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    return load_contract_text(text, "starter.yaml").contract


def test_contacts_resolve_by_reference_or_email(contract: Contract) -> None:
    assert routing.resolve_contact(contract, "M.Keller@example.com") == "client.owner"
    assert routing.resolve_contact(contract, "client.it") == "client.it"
    assert routing.resolve_contact(contract, "stranger@example.org") is None


def test_the_primary_contact_and_sub_accounts_are_authorized_by_kind(contract: Contract) -> None:
    assert routing.is_authorized(contract, "client.owner", RequestKind.BILLING)
    assert routing.is_authorized(contract, "client.it", RequestKind.TECHNICAL)
    assert not routing.is_authorized(contract, "client.it", RequestKind.BILLING)
    assert not routing.is_authorized(contract, "provider.desk", RequestKind.TECHNICAL)
    assert not routing.is_authorized(contract, None, RequestKind.TECHNICAL)


def test_priority_comes_from_the_matrix(contract: Contract) -> None:
    assert routing.priority_for(contract, Impact.ORGANIZATION, Urgency.WORK_STOPPED) == "P1"
    assert routing.priority_for(contract, Impact.USER, Urgency.DEGRADED) == "P4"
    assert routing.default_urgency(contract, "request") is Urgency.CAN_WAIT
    with pytest.raises(InvalidInput):
        routing.default_urgency(contract, "nonsense")


def test_an_override_for_one_of_the_objects_beats_a_general_target(contract: Contract) -> None:
    general = routing.select_terms(contract, "outage", "P1", ("erp",))
    assert general == routing.Terms("always", 900, 14_400, "target")
    override = Override(objects=("db-main",), calendar="always", response=300, recovery=3600)
    special = replace(contract, sla=replace(contract.sla, overrides=(override,)))
    assert routing.select_terms(special, "outage", "P1", ("erp", "db-main")) == routing.Terms(
        "always", 300, 3600, "override"
    )
    assert routing.select_terms(special, "outage", "P1", ("erp",)) == general


def test_after_hours_only_for_covered_priorities(contract: Contract) -> None:
    terms = routing.Terms("always", 900, 14_400, "target")
    assert routing.clock_calendar(contract, terms, "P1", "outage") == "always"
    assert routing.clock_calendar(contract, terms, "P2", "outage") == "office"
    assert not routing.after_hours_covered(contract, "P1", "request")


def test_suspected_layers_follow_dependencies_to_their_primary_parties(contract: Contract) -> None:
    checks = routing.layer_checks(contract, ("erp",), (), "provider")
    assert [(c.layer, c.party) for c in checks] == [
        ("application", "developer"),
        ("dbms", "provider"),
        ("hardware", "provider"),
        ("os", "provider"),
    ]
    assert routing.fault_class_party(contract, FaultClass.APPLICATION_DEFECT) == "developer"
    assert routing.coordinator(contract, "P1") == "provider"
