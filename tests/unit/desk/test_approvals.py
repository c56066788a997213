"""Who confirms completion, approves emergencies and approves transfers, read from the contract."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain import approvals
from remit.domain.approvals import Approver, Moment
from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput
from remit.domain.terms import Coordination


@pytest.fixture(scope="module")
def contract() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    return load_contract_text(text, "starter.yaml").contract


def _without_approvers(contract: Contract) -> Contract:
    assert contract.sla.after_hours is not None
    night = replace(contract.sla.after_hours, approved_by=None)
    return replace(
        contract,
        sla=replace(contract.sla, after_hours=night),
        access=replace(contract.access, emergency_approver=None),
    )


def test_completion_confirmers_join_access_and_closure_without_repeats(contract: Contract) -> None:
    assert approvals.completion_confirmers(contract) == ("client.it",)
    deputies = replace(contract.closure, confirmed_by=("client.owner", "client.it"))
    assert approvals.completion_confirmers(replace(contract, closure=deputies)) == (
        "client.it",
        "client.owner",
    )
    nobody = replace(contract.access, completion_confirmed_by=None)
    assert approvals.completion_confirmers(replace(contract, access=nobody)) is None


def test_business_hours_come_from_the_business_calendar_else_the_clients(
    contract: Contract,
) -> None:
    assert approvals.business_calendar(contract) == "office"
    no_business = replace(contract, sla=replace(contract.sla, business_calendar=None))
    assert approvals.business_calendar(no_business) == contract.parties["client"].calendar


def test_the_emergency_approver_depends_on_the_moment(contract: Contract) -> None:
    split = replace(contract, access=replace(contract.access, emergency_approver="client.it"))
    assert approvals.emergency_approver(split, Moment.AFTER_HOURS) == Approver(
        "client.owner", "sla.after_hours.approved_by"
    )
    assert approvals.emergency_approver(split, Moment.BUSINESS_HOURS) == Approver(
        "client.it", "access.emergency_approver"
    )


def test_without_named_approvers_the_client_owner_approves_else_nobody(
    contract: Contract,
) -> None:
    bare = _without_approvers(contract)
    assert approvals.emergency_approver(bare, Moment.AFTER_HOURS) == Approver(
        "client.owner", "operating_model.client_owner"
    )
    ownerless = replace(bare, operating_model=replace(bare.operating_model, client_owner=None))
    with pytest.raises(InvalidInput, match="names no emergency approver"):
        approvals.emergency_approver(ownerless, Moment.BUSINESS_HOURS)


def test_transfers_wait_for_the_client_owner_unless_the_contract_says_otherwise(
    contract: Contract,
) -> None:
    assert approvals.transfer_approver(contract) == Approver(
        "client.owner", "operating_model.client_owner"
    )
    named = replace(contract, coordination=Coordination("provider", transfer_approver="client.it"))
    assert approvals.transfer_approver(named) == Approver(
        "client.it", "coordination.transfer_approver"
    )
    free = replace(contract, coordination=Coordination("provider", transfer_approval=False))
    assert approvals.transfer_approver(free) is None
    ownerless = replace(
        contract,
        coordination=None,
        operating_model=replace(contract.operating_model, client_owner=None),
    )
    with pytest.raises(InvalidInput, match="names no approver"):
        approvals.transfer_approver(ownerless)
