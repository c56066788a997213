"""The scope and billing marking as a function of the contract and the request."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import pytest

from remit.contract import load_contract_text
from remit.domain.contract import Contract, Environment, ExclusionRule, Scope
from remit.domain.scope import mark
from remit.domain.terms import Billing, BillingModel, Commercial


@pytest.fixture(scope="module")
def starter() -> Contract:
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    return load_contract_text(text, "starter.yaml").contract


def _with(
    contract: Contract, *rules: ExclusionRule, environments: tuple[Environment, ...] = ()
) -> Contract:
    objects = dict(contract.objects)
    objects["erp"] = replace(objects["erp"], environment=Environment.STAGING)
    scope = Scope(environments=environments or (Environment.PRODUCTION,), exclusion_rules=rules)
    return replace(contract, objects=objects, scope=scope)


def test_in_scope_work_is_billed_per_the_commercial_model(starter: Contract) -> None:
    found = mark(starter, ("erp", "db-main"), "outage")
    assert (found.in_scope, found.billing, found.billing_basis) == (
        True, Billing.INCLUDED, "commercial.model: fixed_fee",
    )  # fmt: skip
    for model, billing in (
        (BillingModel.PER_INCIDENT, Billing.BILLABLE),
        (BillingModel.TIME_AND_MATERIALS, Billing.BILLABLE),
        (BillingModel.MIXED, Billing.INCLUDED),
        (None, Billing.INCLUDED),
    ):
        billed = replace(starter, commercial=Commercial(model=model))
        assert mark(billed, ("erp",), "outage").billing is billing


def test_an_object_outside_the_environments_in_scope_is_excluded(starter: Contract) -> None:
    found = mark(_with(starter), ("db-main", "erp"), "outage")
    assert (found.in_scope, found.basis, found.billing) == (
        False, "scope.environments", Billing.BILLABLE,
    )  # fmt: skip
    assert found.clause == "erp runs in staging; environments in scope: production"
    assert found.label == "OUT OF SCOPE, billable"
    widened = _with(starter, environments=(Environment.PRODUCTION, Environment.STAGING))
    assert mark(widened, ("erp",), "outage").in_scope


def test_a_rule_applies_only_when_every_condition_it_names_holds(starter: Contract) -> None:
    rule = ExclusionRule(
        "Staging requests are billed", environments=(Environment.STAGING,),
        categories=("request",), billing=Billing.INCLUDED,
    )  # fmt: skip
    contract = _with(starter, ExclusionRule("names nothing"), rule)
    found = mark(contract, ("erp",), "request")
    assert (found.in_scope, found.basis, found.clause, found.billing) == (
        False, "scope.exclusion_rules[1]", "Staging requests are billed", Billing.INCLUDED,
    )  # fmt: skip
    # an outage on the same object is not a request: the environment rule decides
    assert mark(contract, ("erp",), "outage").basis == "scope.environments"
    by_object = _with(starter, ExclusionRule("No ERP work", objects=("erp",)))
    assert mark(by_object, ("db-main",), "outage").in_scope
    assert mark(by_object, ("erp",), "outage").basis == "scope.exclusion_rules[0]"
