"""Scope and commercial terms at intake, and the coordinator's override, on both engines."""

from __future__ import annotations

from typing import Any

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket
from terms_contract import terms_text

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.terms import Billing, Impact
from remit.services import tickets
from remit.services.outbox import list_outbox
from remit.services.scope import set_scope


def _audit(desk: Desk, ticket: int, action: str) -> list[dict[str, Any]]:
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
    return [e for e in shown.audit if e.action == action]


def _marking(desk: Desk, ticket: int) -> tuple[Any, ...]:
    intake = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).intake
    names = ("in_scope", "scope_basis", "scope_clause", "billing", "billing_basis")
    return tuple(getattr(intake, name) for name in names)


def test_a_ticket_on_an_excluded_environment_is_out_of_scope_with_its_clause_and_billable(
    desk: Desk,
) -> None:
    load_starter(desk, terms_text())
    opened = open_a_ticket(desk, objects=("erp-test",))
    assert (opened.in_scope, opened.billing, opened.state) == (False, "billable", "new")
    assert _marking(desk, opened.id) == (
        False,
        "scope.environments",
        "erp-test runs in test; environments in scope: production",
        "billable",
        "out of scope",
    )
    [marked] = _audit(desk, opened.id, "scope_marked")
    assert (marked.actor, marked.at) == ("desk", T0)
    assert marked.detail["scope_basis"] == "scope.environments"
    assert marked.detail["billing"] == "billable"
    asked = list_outbox(uow=desk.new_uow(), ticket_id=opened.id)
    decisions = [(n.recipient, n.address) for n in asked if n.kind == "scope_decision"]
    assert decisions == [("provider", "+49 30 5558 2999")]
    # still worked like any ticket: its clocks run
    assert opened.response_due == T0 + minutes(15)


def test_an_exclusion_rule_quotes_its_clause_and_in_scope_work_follows_the_fee(
    desk: Desk,
) -> None:
    load_starter(desk, terms_text())
    training = open_a_ticket(
        desk, category="request", scope=Impact.USER, objects=("erp",), title="ERP training"
    )
    assert _marking(desk, training.id) == (
        False,
        "scope.exclusion_rules[0]",
        "Training users on the ERP is not part of this contract",
        "billable",
        "scope.exclusion_rules[0].billing",
    )
    outage = open_a_ticket(desk, objects=("erp", "db-main"))
    assert _marking(desk, outage.id) == (
        True,
        "scope",
        None,
        "included",
        "commercial.model: fixed_fee",
    )
    assert _audit(desk, outage.id, "scope_marked") == []
    assert "scope_decision" not in {
        n.kind for n in list_outbox(uow=desk.new_uow(), ticket_id=outage.id)
    }


def test_a_per_incident_contract_bills_in_scope_work(desk: Desk) -> None:
    load_starter(desk, terms_text().replace("model: fixed_fee", "model: per_incident"))
    opened = open_a_ticket(desk)
    assert (opened.in_scope, opened.billing) == (True, "billable")


def test_only_the_coordinator_overrides_the_marking_and_it_is_audited(desk: Desk) -> None:
    load_starter(desk, terms_text())
    ticket = open_a_ticket(desk, objects=("erp-test",)).id
    for outsider in ("client.owner", "developer", "dbops.dba"):
        with pytest.raises(NotPermitted, match="may not change the scope marking"):
            set_scope(
                uow=desk.new_uow(),
                ticket_id=ticket,
                by=outsider,
                reason="we want it fixed",
                in_scope=True,
                now=T0 + minutes(5),
            )
    with pytest.raises(InvalidInput, match="needs a reason"):
        set_scope(
            uow=desk.new_uow(), ticket_id=ticket, by="provider", reason=" ", in_scope=True, now=T0
        )
    decided = set_scope(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider.desk",
        reason="the test system blocks the month-end run",
        in_scope=True,
        billing=Billing.INCLUDED,
        now=T0 + minutes(6),
    )
    assert (decided.in_scope, decided.billing) == (True, "included")
    assert _marking(desk, ticket) == (
        True,
        "decided by provider.desk",
        "the test system blocks the month-end run",
        "included",
        "decided by provider.desk",
    )
    [entry] = _audit(desk, ticket, "scope_set")
    assert (entry.actor, entry.at) == ("provider.desk", T0 + minutes(6))
    assert entry.detail["reason"] == "the test system blocks the month-end run"
    assert entry.detail["before"]["in_scope"] is False
    assert entry.detail["before"]["scope_basis"] == "scope.environments"
    assert (entry.detail["in_scope"], entry.detail["billing"]) == (True, "included")
    billed = set_scope(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="provider",
        reason="agreed with the owner: billed after all",
        billing=Billing.BILLABLE,
        now=T0 + minutes(7),
    )
    assert (billed.in_scope, billed.billing) == (True, "billable")
    assert len(_audit(desk, ticket, "scope_set")) == 2
