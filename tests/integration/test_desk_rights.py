"""Rights on stored tickets: each person's roles follow from the starter contract and what
happened on the ticket, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from desk_builders import LOADED_AT, T0, load_starter, minutes, open_a_ticket

from remit.bootstrap import Desk
from remit.domain.errors import NotAuthorized, NotFound, NotPermitted
from remit.domain.rights import Role, Sight
from remit.domain.rights import TicketAction as A
from remit.domain.ticket import CheckResult, RequestKind
from remit.services import coordination, tickets
from remit.services.people import add_person
from remit.services.rights import require_sight, rights_on_ticket

CLIENT_IT = "j.weber@example.com"  # client.it: requester, and named to confirm completion
OWNER = "m.keller@example.com"  # client.owner: the primary contact
DESK = "desk@example-it.com"  # provider.desk: the coordinating party
DEVELOPER = "support@example-software.com"  # developer.support: the application layer


def roles(desk: Desk, ticket: int, email: str) -> set[Role]:
    return set(rights_on_ticket(uow=desk.new_uow(), ticket_id=ticket, email=email).roles)


def test_roles_follow_the_contract_and_the_ticket(desk: Desk) -> None:
    load_starter(desk)
    add_person(
        uow=desk.new_uow(), email="ops@desk.example", name="O", is_admin=True, by="t", now=LOADED_AT
    )
    ticket = open_a_ticket(desk).id
    assert roles(desk, ticket, CLIENT_IT) == {Role.REQUESTER, Role.CLIENT_AUTHORITY}
    assert roles(desk, ticket, OWNER) == {Role.CLIENT_AUTHORITY}
    assert roles(desk, ticket, DESK) == {Role.COORDINATOR, Role.LAYER_PARTY}
    assert roles(desk, ticket, DEVELOPER) == set()
    assert roles(desk, ticket, "ops@desk.example") == {Role.ADMINISTRATOR}
    hidden = rights_on_ticket(uow=desk.new_uow(), ticket_id=ticket, email=DEVELOPER)
    with pytest.raises(NotFound, match=f"no ticket {ticket}"):
        require_sight(hidden)

    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5))
    coordination.open_checks(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(6),
        layers=("application",),
    )  # fmt: skip
    developer = rights_on_ticket(uow=desk.new_uow(), ticket_id=ticket, email=DEVELOPER)
    assert developer.roles == {Role.LAYER_PARTY}
    assert developer.sight is Sight.TICKET
    assert developer.allows(A.ANSWER_CHECK, share="developer")
    assert not developer.allows(A.ANSWER_CHECK, share="provider")
    assert not any(developer.allows(a) for a in (A.RESTORE, A.REPORT, A.CONFIRM_WORK, A.TAKE))


def test_a_vendor_sees_its_case_and_a_held_requester_becomes_one_when_confirmed(
    desk: Desk,
) -> None:
    load_starter(desk)
    held = open_a_ticket(desk, requester="walk.in@example.com").id
    add_person(uow=desk.new_uow(), email="Walk.In@example.com", name="W", by="t", now=LOADED_AT)
    assert roles(desk, held, "walk.in@example.com") == set()
    tickets.confirm_ticket(
        uow=desk.new_uow(), ticket_id=held, by="client.owner", now=T0 + minutes(1)
    )
    assert roles(desk, held, "walk.in@example.com") == {Role.REQUESTER}

    coordination.vendor_case(
        uow=desk.new_uow(), ticket_id=held, vendor="developer", case_ref="ES-1", by="provider",
        now=T0 + minutes(2),
    )  # fmt: skip
    vendor = rights_on_ticket(uow=desk.new_uow(), ticket_id=held, email=DEVELOPER)
    assert Role.VENDOR_CONTACT in vendor.roles


def test_an_unknown_person_has_no_rights_even_as_the_requester_address(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk, requester="walk.in@example.com").id
    tickets.confirm_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="client.owner", now=T0 + minutes(1)
    )
    found = rights_on_ticket(uow=desk.new_uow(), ticket_id=ticket, email="walk.in@example.com")
    assert (found.roles, found.sight) == (frozenset(), Sight.NONE)
    assert not found.allows(A.VIEW)


def _allows(desk: Desk, ticket: int, email: str, action: A, share: str | None = None) -> bool:
    found = rights_on_ticket(uow=desk.new_uow(), ticket_id=ticket, email=email)
    return found.allows(action, share=share)


def test_a_held_billing_change_waits_for_whom_may_request_billing_rights_and_service_agree(
    desk: Desk,
) -> None:
    """client.it is a client authority (it confirms completion) but a technical-only
    sub-account: it confirms no held billing change; the primary contact does."""
    load_starter(desk)
    held = open_a_ticket(desk, kind=RequestKind.BILLING, category="request", objects=()).id
    assert Role.CLIENT_AUTHORITY in roles(desk, held, CLIENT_IT)
    for action in (A.CONFIRM_REQUEST, A.REJECT_REQUEST):
        assert not _allows(desk, held, CLIENT_IT, action)
        assert _allows(desk, held, OWNER, action)
    with pytest.raises(NotAuthorized, match="confirming a held billing request"):
        tickets.confirm_ticket(uow=desk.new_uow(), ticket_id=held, by=CLIENT_IT, now=T0)
    with pytest.raises(NotAuthorized, match="rejecting a held billing request"):
        tickets.reject_ticket(uow=desk.new_uow(), ticket_id=held, by=CLIENT_IT, reason="r", now=T0)
    confirmed = tickets.confirm_ticket(uow=desk.new_uow(), ticket_id=held, by=OWNER, now=T0)
    assert confirmed.state == "new"


def test_the_coordinator_reopens_what_it_restored_and_a_layer_party_does_not(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5))
    coordination.open_checks(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(6),
        layers=("application",),
    )  # fmt: skip
    tickets.restore_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider.desk", now=T0 + minutes(30)
    )
    assert not _allows(desk, ticket, DEVELOPER, A.REOPEN)
    with pytest.raises(NotAuthorized, match="reopening a ticket"):
        tickets.reopen_ticket(
            uow=desk.new_uow(), ticket_id=ticket, by="developer.support", reason="r",
            now=T0 + minutes(31),
        )  # fmt: skip
    assert _allows(desk, ticket, DESK, A.REOPEN)
    reopened = tickets.reopen_ticket(
        uow=desk.new_uow(), ticket_id=ticket, by="provider.desk", reason="down again",
        now=T0 + minutes(32),
    )  # fmt: skip
    assert reopened.state == "in_progress"


def test_the_coordinator_cannot_answer_a_layer_check_sent_to_another_party(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk).id
    tickets.take_ticket(uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(5))
    coordination.open_checks(
        uow=desk.new_uow(), ticket_id=ticket, by="provider", now=T0 + minutes(6),
        layers=("application", "os"),
    )  # fmt: skip
    assert not _allows(desk, ticket, DESK, A.ANSWER_CHECK, share="developer")
    with pytest.raises(NotPermitted, match="the check was sent to developer"):
        coordination.answer_check(
            uow=desk.new_uow(), ticket_id=ticket, layer="application",
            result=CheckResult.CLEAR, by="provider.desk", now=T0 + minutes(7),
        )  # fmt: skip
    assert _allows(desk, ticket, DESK, A.ANSWER_CHECK, share="provider")
    own = coordination.answer_check(
        uow=desk.new_uow(), ticket_id=ticket, layer="os",
        result=CheckResult.CLEAR, by="provider.desk", now=T0 + minutes(8),
    )  # fmt: skip
    assert own.result == "clear"
