"""The desk routes by the rules of docs/contract.md ("How a ticket is routed"), on both
engines: the criticality floor, the governing rule on its own calendar, an empty
after-hours list, the coordinator's fallbacks and the client-update owner."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from desk_builders import T0, load_starter, minutes, open_a_ticket, starter_text

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.terms import Impact
from remit.services import tickets, updates
from remit.services.coordination import vendor_case

P1_UPDATES = (
    "handoff_after: 15m, vendor_after: 2h, client_updates: provider}",
    "handoff_after: 15m, vendor_after: 2h, client_updates: developer}",
)
ERP_ON_ALWAYS = (
    "  after_hours:\n",
    "  overrides:\n"
    "    - {objects: [erp], categories: outage, priorities: P2, response: 1h, recovery: 6h,"
    " calendar: always}\n"
    "  after_hours:\n",
)


def edited(*changes: tuple[str, str]) -> str:
    text = starter_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


def actions(desk: Desk, ticket: int) -> list[tuple[str, str]]:
    audit = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).audit
    return [(e.action, e.actor) for e in audit]


def update_owner(desk: Desk, ticket: int) -> list[str]:
    work = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket).due_work
    return [r for w in work if w.kind == "update_due" for r in w.recipients]


def test_a_critical_object_raises_one_users_outage_to_p1(desk: Desk) -> None:
    load_starter(desk)
    ticket = open_a_ticket(desk, scope=Impact.USER, objects=("db-main",))
    assert (ticket.priority, ticket.after_hours) == ("P1", True)  # Sunday night, covered
    assert (ticket.response_due, ticket.recovery_due) == (T0 + minutes(15), T0 + minutes(240))
    opened = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket.id)
    assert opened.intake.scope == "user"  # what the requester said is kept
    assert opened.audit[0].detail["priority"] == "P1"
    assert opened.audit[0].detail["intake"] == "provider"  # after_hours.answered_by


def test_the_rule_due_first_governs_on_its_own_calendar_at_night(desk: Desk) -> None:
    load_starter(desk, edited(ERP_ON_ALWAYS))
    # bank-export: P2 on office (due Monday); erp's override: 6 h on always (due Sunday).
    ticket = open_a_ticket(desk, scope=Impact.DEPARTMENT, objects=("bank-export", "erp"))
    assert (ticket.priority, ticket.after_hours) == ("P2", False)  # P2 is not covered at night
    assert (ticket.response_due, ticket.recovery_due) == (T0 + minutes(60), T0 + minutes(360))
    shown = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket.id)
    assert shown.clocks.calendar == "always"
    assert ("opened", "client.it") in actions(desk, ticket.id)
    alone = open_a_ticket(desk, scope=Impact.DEPARTMENT, objects=("bank-export",))
    monday_0800 = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    assert alone.response_due == monday_0800 + minutes(60)


def test_an_empty_after_hours_list_covers_no_priority(desk: Desk) -> None:
    load_starter(
        desk, edited(("    priorities: [P1]\n    categories", "    priorities: []\n    categories"))
    )
    ticket = open_a_ticket(desk)
    assert (ticket.priority, ticket.after_hours) == ("P1", False)
    assert ticket.response_due == T0 + minutes(15)  # the P1 target's own 24/7 calendar


def test_the_coordinator_falls_back_to_the_priority_intake_then_refuses(desk: Desk) -> None:
    no_coordination = ("coordination: {coordinator: provider, until: closure}\n", "")
    intake = (
        "ownership: {intake: provider, engineering: provider, handoff_after: 15m",
        "ownership: {intake: developer, engineering: provider, handoff_after: 15m",
    )
    load_starter(desk, edited(no_coordination, intake))
    ticket = open_a_ticket(desk)
    assert (ticket.coordinator, ticket.assignee) == ("developer", "developer")
    audit = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket.id).audit
    assert audit[0].detail["intake"] == "provider"  # the night answerer of a covered P1
    monday_1000 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    day = open_a_ticket(desk, now=monday_1000)
    audit = tickets.show_ticket(uow=desk.new_uow(), ticket_id=day.id).audit
    assert (day.after_hours, audit[0].detail["intake"]) == (False, "developer")


def test_a_contract_naming_no_coordinator_refuses_the_ticket(desk: Desk) -> None:
    load_starter(
        desk,
        edited(
            ("coordination: {coordinator: provider, until: closure}\n", ""),
            ("{intake: provider, engineering", "{engineering"),
            ("  it_provider: provider\n", ""),
        ),
    )
    with pytest.raises(InvalidInput, match="names no coordinator"):
        open_a_ticket(desk)


def test_client_updates_are_owed_by_the_priority_owner_until_a_vendor_works(desk: Desk) -> None:
    load_starter(desk, edited(P1_UPDATES))
    ticket = open_a_ticket(desk).id
    assert update_owner(desk, ticket) == ["developer"]
    sent = updates.post_update(
        uow=desk.new_uow(),
        ticket_id=ticket,
        by="developer",
        known="db down",
        checking="disk",
        next_action="restart",
        now=T0 + minutes(10),
    )
    assert sent.next_update_due == T0 + minutes(40)
    vendor_case(
        uow=desk.new_uow(),
        ticket_id=ticket,
        vendor="developer",
        case_ref="ES-1",
        by="provider",
        now=T0 + minutes(20),
    )
    assert update_owner(desk, ticket) == ["provider"]  # communication.owner_with_vendors
    with pytest.raises(NotPermitted):
        updates.post_update(
            uow=desk.new_uow(),
            ticket_id=ticket,
            by="developer",
            known="db down",
            checking="vendor case",
            next_action="wait for the fix",
            now=T0 + minutes(30),
        )
    assert [
        a for a in actions(desk, ticket) if a[0] in ("client_update", "vendor_case_opened")
    ] == [
        ("client_update", "developer"),
        ("vendor_case_opened", "provider"),
    ]
