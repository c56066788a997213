"""Symptom triggers: a request that names a symptom the contract escalates is escalated at once."""

from __future__ import annotations

from desk_builders import T0, as_happened, load_starter, minutes, open_a_ticket
from sqlalchemy import select

from remit.bootstrap import Desk
from remit.services import tickets
from remit.services.escalations import run_sweep
from remit.services.outbox import list_outbox
from remit.store.tables import FiredWorkRow

KEY = "escalate:symptom:data loss"


def escalations(desk: Desk, ticket: int) -> list[dict[str, object]]:
    audit = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).audit
    return [e for e in audit if e.action == "escalated"]


def test_a_named_symptom_escalates_at_intake_once_with_audit_and_notice(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk, symptoms="Invoices vanished overnight: DATA LOSS in the ERP").id
    [escalated] = escalations(desk, ticket)
    assert (escalated.actor, escalated.at) == ("desk", T0)
    assert as_happened(escalated.detail) == {
        "trigger": "symptom",
        "symptom": "data loss",
        "level": "management",
        "party": "client",
        "priority": "P1",
        "key": KEY,
    }
    notices = [
        n for n in list_outbox(uow=desk.new_uow(), ticket_id=ticket) if n.kind == "escalation"
    ]
    assert [(n.key, n.recipient, n.address) for n in notices] == [
        (f"ticket:{ticket}:{KEY}:client.owner", "client.owner", "m.keller@example.com")
    ]
    run_sweep(uow=desk.new_uow(), now=T0 + minutes(1), worker="w")
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(2))
    assert len(escalations(desk, ticket)) == 1
    with desk.new_uow() as uow:
        fired = select(FiredWorkRow.key, FiredWorkRow.fired_by).where(
            FiredWorkRow.ticket_id == ticket
        )
        assert list(uow.session.execute(fired)) == [(KEY, "desk")]


def test_symptoms_the_contract_does_not_name_escalate_nothing(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk, symptoms="login hangs; data is fine, no loss").id
    assert escalations(desk, ticket) == []


def test_a_held_request_escalates_its_symptom_when_it_is_confirmed(desk: Desk) -> None:
    load_starter(desk)
    held = open_a_ticket(desk, requester="someone@elsewhere.example", symptoms="data loss").id
    assert escalations(desk, held) == []
    tickets.confirm_ticket(
        uow=desk.new_uow(), ticket_id=held, by="client.owner", now=T0 + minutes(20)
    )
    [escalated] = escalations(desk, held)
    assert escalated.at == T0 + minutes(20)
