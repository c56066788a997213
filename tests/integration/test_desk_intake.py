"""Intake, authorization, priority and coverage on both engines."""

from __future__ import annotations

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket, starter_text

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NoContract, NotAuthorized
from remit.domain.terms import Impact
from remit.domain.ticket import RequestKind
from remit.services import tickets
from remit.services.outbox import list_outbox


def test_no_contract_no_intake(desk: Desk) -> None:
    with pytest.raises(NoContract):
        open_a_ticket(desk)


def test_an_authorized_contact_is_accepted_and_clocks_start(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk)
    assert (ticket.state, ticket.priority, ticket.coordinator) == ("new", "P1", "provider")
    assert ticket.after_hours  # Sunday night, P1 outage: covered
    assert ticket.response_due == T0 + minutes(15)
    assert ticket.recovery_due == T0 + minutes(240)
    assert ticket.next_update_due == T0 + minutes(30)


def test_an_unknown_requester_is_held_without_clocks_until_the_primary_contact_confirms(
    desk: Desk,
) -> None:
    load_starter(desk)
    held = open_a_ticket(desk, requester="someone@elsewhere.example")
    assert held.state == "held"
    assert (held.response_due, held.recovery_due, held.next_update_due) == (None, None, None)
    requests = list_outbox(uow=desk.new_uow(), ticket_id=held.id)
    assert [(n.kind, n.recipient) for n in requests] == [("authorization_request", "client.owner")]
    confirmed = tickets.confirm_ticket(
        uow=desk.new_uow(), ticket_id=held.id, by="m.keller@example.com", now=T0 + minutes(20)
    )
    assert confirmed.state == "new"
    assert confirmed.response_due == T0 + minutes(35)  # the clock starts at confirmation
    audit = tickets.show_ticket(uow=desk.new_uow(), ticket_id=held.id).audit
    assert [e.action for e in audit] == ["opened", "held", "authorized"]
    assert audit[-1].actor == "client.owner"


def test_a_held_request_can_be_rejected_and_not_by_its_own_requester(desk: Desk) -> None:
    load_starter(desk)
    held = open_a_ticket(desk, requester="someone@elsewhere.example")
    with pytest.raises(NotAuthorized):
        tickets.confirm_ticket(
            uow=desk.new_uow(), ticket_id=held.id, by="someone@elsewhere.example", now=T0
        )
    rejected = tickets.reject_ticket(
        uow=desk.new_uow(), ticket_id=held.id, by="client.owner", reason="not ours", now=T0
    )
    assert rejected.state == "rejected"


def test_a_billing_change_from_a_technical_sub_account_is_held(desk: Desk) -> None:
    load_starter(desk)
    billing = open_a_ticket(desk, kind=RequestKind.BILLING, category="request", objects=())
    assert billing.state == "held"
    technical = open_a_ticket(desk)
    assert technical.state == "new"


def test_priority_follows_the_matrix_and_business_hours_apply_when_not_covered(
    desk: Desk,
) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk, scope=Impact.DEPARTMENT, objects=("erp",))
    assert ticket.priority == "P2"
    assert not ticket.after_hours
    # P2 outage: response 1h on office hours; Sunday night -> Monday 08:00 Berlin + 1h
    assert ticket.response_due is not None
    assert ticket.response_due.isoformat() == "2026-03-09T08:00:00+00:00"


def test_unknown_objects_and_categories_are_refused(desk: Desk) -> None:
    load_starter(desk)
    with pytest.raises(InvalidInput, match="not in the contract: mainframe"):
        open_a_ticket(desk, objects=("mainframe",))
    with pytest.raises(InvalidInput, match="unknown category"):
        open_a_ticket(desk, category="outtage")


def test_tickets_stay_pinned_to_the_version_in_force_when_opened(desk: Desk) -> None:
    first = load_starter(desk)
    old = open_a_ticket(desk)
    changed = starter_text().replace("effective_from: 2026-01-01", "effective_from: 2026-03-09")
    changed = changed.replace("P1: 30m", "P1: 20m")
    second = load_starter(desk, changed)
    assert second.version_id != first.version_id
    assert second.new
    again = load_starter(desk, changed)
    assert not again.new
    new = open_a_ticket(desk, now=T0 + minutes(24 * 60))
    assert open_a_ticket(desk).next_update_due == T0 + minutes(30)
    assert new.next_update_due == T0 + minutes(24 * 60 + 20)
    shown_old = tickets.show_ticket(uow=desk.new_uow(), ticket_id=old.id)
    assert shown_old.intake.contract_version_id == first.version_id
