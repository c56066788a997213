"""Whether a request is in the contract's scope, and whether its work is included or billable.

The desk marks every ticket at intake; nothing is dropped for being out of
scope, the coordinator decides (and may override the marking with a reason).

The rules, in order (the first that applies gives the marking and its basis):

1. A rule of `scope.exclusion_rules` excludes the ticket when every condition
   it names holds: one of the ticket's objects is among its `objects`, one of
   the ticket's objects runs in one of its `environments`, the ticket's
   category is among its `categories`. A rule naming no condition excludes
   nothing. The ticket is out of scope with the rule's clause, and billed as
   the rule says (billable unless the rule says included).
2. A ticket object whose `environment` is not among `scope.environments` (when
   the contract lists any) puts the ticket out of scope, billable.
3. Otherwise the ticket is in scope; its work is billable when
   `commercial.model` is per_incident or time_and_materials, included
   otherwise (fixed_fee, mixed, or no model stated).

Free-text `scope.exclusions` are shown in the appendix but cannot be matched
against a request reliably; the desk acts on `exclusion_rules` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from remit.domain.contract import Contract, ExclusionRule
from remit.domain.terms import Billing, BillingModel

BILLED_MODELS = frozenset({BillingModel.PER_INCIDENT, BillingModel.TIME_AND_MATERIALS})


@dataclass(frozen=True, slots=True)
class ScopeMark:
    """The desk's marking: in or out of scope and why (the contract field and its text),
    and included or billable and why."""

    in_scope: bool
    basis: str
    clause: str
    billing: Billing
    billing_basis: str

    @property
    def label(self) -> str:
        return f"{'in scope' if self.in_scope else 'OUT OF SCOPE'}, {self.billing.value}"


def mark(contract: Contract, objects: Sequence[str], category: str) -> ScopeMark:
    """The marking of a request on `objects` in `category` under `contract`."""
    for index, rule in enumerate(contract.scope.exclusion_rules):
        if _excludes(contract, rule, objects, category):
            field = f"scope.exclusion_rules[{index}]"
            return ScopeMark(False, field, rule.clause, rule.billing, f"{field}.billing")
    outside = _outside_environments(contract, objects)
    if outside is not None:
        return ScopeMark(False, "scope.environments", outside, Billing.BILLABLE, "out of scope")
    return in_scope(contract)


def in_scope(contract: Contract) -> ScopeMark:
    """The marking of in-scope work: billed per `commercial.model`."""
    model = contract.commercial.model
    billing = Billing.BILLABLE if model in BILLED_MODELS else Billing.INCLUDED
    stated = model.value if model is not None else "not stated"
    return ScopeMark(True, "scope", "", billing, f"commercial.model: {stated}")


def _excludes(
    contract: Contract, rule: ExclusionRule, objects: Sequence[str], category: str
) -> bool:
    if not (rule.objects or rule.environments or rule.categories):
        return False
    if rule.objects and not set(rule.objects) & set(objects):
        return False
    if rule.categories and category not in rule.categories:
        return False
    environments = {contract.objects[name].environment for name in objects}
    return not rule.environments or bool(set(rule.environments) & environments)


def _outside_environments(contract: Contract, objects: Sequence[str]) -> str | None:
    allowed = contract.scope.environments
    if not allowed:
        return None
    for name in objects:
        environment = contract.objects[name].environment
        if environment is not None and environment not in allowed:
            listed = ", ".join(e.value for e in allowed)
            return f"{name} runs in {environment.value}; environments in scope: {listed}"
    return None
