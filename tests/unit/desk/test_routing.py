"""Routing read from the starter contract: authorization, priority, targets, layers."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain import routing
from remit.domain.contract import Contract, Criticality
from remit.domain.errors import InvalidInput
from remit.domain.terms import FaultClass, Impact, Urgency
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


def test_priority_comes_from_the_matrix_with_the_category_urgency(contract: Contract) -> None:
    found = routing.classify(contract, Impact.ORGANIZATION, "outage", ())
    assert (found.urgency, found.impact, found.priority) == (
        Urgency.WORK_STOPPED,
        Impact.ORGANIZATION,
        "P1",
    )
    assert routing.classify(contract, Impact.USER, "request", ()).priority == "P4"
    given = routing.classify(contract, Impact.USER, "request", (), urgency=Urgency.WORK_STOPPED)
    assert given.priority == "P3"
    with pytest.raises(InvalidInput):
        routing.require_category(contract, "nonsense")


def test_a_category_without_urgency_is_degraded(contract: Contract) -> None:
    assert contract.priorities is not None
    plain = {k: replace(v, urgency=None) for k, v in contract.priorities.categories.items()}
    bare = replace(contract, priorities=replace(contract.priorities, categories=plain))
    assert routing.classify(bare, Impact.ORGANIZATION, "outage", ()).urgency is Urgency.DEGRADED


def test_object_criticality_raises_the_impact_never_lowers_it(contract: Contract) -> None:
    on_db = routing.classify(contract, Impact.USER, "outage", ("db-main",))  # critical
    assert (on_db.impact, on_db.priority) == (Impact.ORGANIZATION, "P1")
    on_erp = routing.classify(contract, Impact.USER, "outage", ("erp",))  # high
    assert (on_erp.impact, on_erp.priority) == (Impact.DEPARTMENT, "P2")
    wide = routing.classify(contract, Impact.ORGANIZATION, "outage", ("erp",))
    assert wide.impact is Impact.ORGANIZATION
    explicit = routing.classify(contract, Impact.USER, "outage", ("db-main",), priority="P3")
    assert explicit.priority == "P3"


def test_the_appendix_priority_is_the_classification_of_a_stopped_object(
    contract: Contract,
) -> None:
    assert routing.criticality_priority(contract, Criticality.CRITICAL) == "P1"
    assert routing.criticality_priority(contract, Criticality.HIGH) == "P2"
    assert routing.criticality_priority(contract, Criticality.MEDIUM) == "P3"
    assert routing.criticality_priority(contract, Criticality.LOW) == "P4"


def test_after_hours_covers_only_listed_priorities(contract: Contract) -> None:
    assert routing.after_hours_covered(contract, "P1", "outage")
    assert not routing.after_hours_covered(contract, "P2", "outage")
    assert not routing.after_hours_covered(contract, "P1", "request")
    cover = contract.sla.after_hours
    assert cover is not None
    every = replace(contract, sla=replace(contract.sla, after_hours=replace(cover, categories=())))
    assert routing.after_hours_covered(every, "P1", "request")
    empty = replace(contract, sla=replace(contract.sla, after_hours=replace(cover, priorities=())))
    assert not routing.after_hours_covered(empty, "P1", "outage")


def test_business_hours_fall_back_to_the_client_calendar(contract: Contract) -> None:
    assert routing.business_calendar(contract) == "office"
    unset = replace(contract, sla=replace(contract.sla, business_calendar=None))
    assert routing.business_calendar(unset) == contract.parties["client"].calendar


def test_the_coordinator_falls_back_to_intake_then_the_it_provider(contract: Contract) -> None:
    assert routing.coordinator_of(contract, "P1") == routing.Assigned(
        "provider", "coordination.coordinator"
    )
    loose = replace(contract, coordination=None)
    assert routing.coordinator_of(loose, "P1").source == "priorities.levels.P1.ownership.intake"
    assert contract.priorities is not None
    levels = {k: replace(v, ownership=None) for k, v in contract.priorities.levels.items()}
    bare = replace(loose, priorities=replace(contract.priorities, levels=levels))
    assert routing.coordinator_of(bare, "P1") == routing.Assigned(
        "provider", "operating_model.it_provider"
    )
    nobody = replace(bare, operating_model=replace(bare.operating_model, it_provider=None))
    with pytest.raises(InvalidInput):
        routing.coordinator(nobody, "P1")


def test_the_intake_party_is_the_night_answerer_only_under_cover(contract: Contract) -> None:
    cover = contract.sla.after_hours
    assert cover is not None
    night = replace(
        contract, sla=replace(contract.sla, after_hours=replace(cover, answered_by="developer"))
    )
    assert routing.intake_party(night, "P1", True).party == "developer"
    assert routing.intake_party(night, "P1", False).party == "provider"


def test_the_update_owner_honours_the_priority_ownership(contract: Contract) -> None:
    assert contract.priorities is not None
    p2 = contract.priorities.levels["P2"]
    assert p2.ownership is not None
    levels = {
        **contract.priorities.levels,
        "P2": replace(p2, ownership=replace(p2.ownership, client_updates="developer")),
    }
    own = replace(contract, priorities=replace(contract.priorities, levels=levels))
    assert routing.update_owner(own, "P2", "provider", vendors=False) == "developer"
    assert routing.update_owner(own, "P1", "provider", vendors=False) == "provider"
    assert routing.update_owner(own, "P2", "provider", vendors=True) == "provider"
    silent = replace(
        own, communication=replace(own.communication, owner=None, owner_with_vendors=None)
    )
    assert routing.update_owner(silent, "P2", "provider", vendors=True) == "developer"


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
