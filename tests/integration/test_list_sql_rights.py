"""The list's SQL answers as the rights do, on SQLite and PostgreSQL.

Random tickets (pinned to one of two contract versions that name different update
owners, with random coordinators, assignees, requesters, checks, hand-offs and
vendor cases, states and clocks) and random people (random contacts, e-mail, active
or not): the tickets `access.list_for` lists for a person are exactly those
`remit.domain.rights` lets them see whole, ticket by ticket, in the order of their next
deadline, and the late and due-before filters keep exactly the tickets the ticket's
own running clocks say.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import yaml
from desk_builders import T0, load_starter, open_a_ticket, starter_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remit.bootstrap import Desk
from remit.domain.rights import Membership, Sight, roles_on, sight
from remit.services import access
from remit.services.contract_books import book_for_version
from remit.services.people import PersonView
from remit.services.rights import ticket_facts
from remit.services.ticket_ops import update_owner
from remit.services.tickets import TicketFilter
from remit.services.views import summary
from remit.store.tables import HandoffRow, LayerCheckRow, TicketRow, VendorCaseRow

PARTIES = ("client", "provider", "developer", "ghost")  # ghost: no party of the contract
CONTACTS = (
    "client.owner",
    "client.it",
    "provider.desk",
    "provider.oncall",
    "developer.support",
    "ghost.x",
)
EMAILS = ("walk.in@example.com", "m.keller@example.com", "j.weber@example.com")
STATES = ("held", "new", "in_progress", "paused", "restored", "reported", "closed", "rejected")
PRIORITIES = ("P1", "P2", "P3", "P4", "P9")  # P9: no level of the contract
CASE_STATES = ("open", "waiting", "resolved", "closed")


def _variant(owners: dict[str, str | None], with_vendors: str | None, confirmer: str) -> str:
    """The starter with other update owners (None: the coordinator) and confirmer."""
    data: dict[str, Any] = yaml.safe_load(starter_text())
    for level, owner in owners.items():
        ownership = data["priorities"]["levels"][level]["ownership"]
        ownership.pop("client_updates", None)
        if owner is not None:
            ownership["client_updates"] = owner
    data["communication"].pop("owner", None)
    data["communication"].pop("owner_with_vendors", None)
    if with_vendors is not None:
        data["communication"]["owner_with_vendors"] = with_vendors
    data["access"]["completion_confirmed_by"] = confirmer
    data["contract"]["effective_from"] = "2025-06-01"
    return yaml.safe_dump(data, sort_keys=False)


VARIANTS = (
    _variant(
        {"P1": "provider", "P2": "developer", "P3": None, "P4": None}, "developer", "client.it"
    ),
    _variant({"P1": None, "P2": None, "P3": "developer", "P4": "client"}, None, "client.owner"),
)

instants = st.integers(min_value=-3000, max_value=3000).map(lambda m: T0 + timedelta(minutes=m))
maybe_instant = st.none() | instants

tickets = st.fixed_dictionaries(
    {
        "version": st.integers(min_value=0, max_value=1),
        "state": st.sampled_from(STATES),
        "priority": st.sampled_from(PRIORITIES),
        "coordinator": st.sampled_from(PARTIES),
        "assignee": st.sampled_from(PARTIES),
        "requester": st.sampled_from(CONTACTS)
        | st.sampled_from(EMAILS).map(lambda e: f"  {e.upper()} ")
        | st.sampled_from(EMAILS),
        "by_contact": st.booleans(),
        "accepted": st.booleans(),
        "taken_at": maybe_instant,
        "restored_at": maybe_instant,
        "response_due": maybe_instant,
        "recovery_due": maybe_instant,
        "next_update_due": maybe_instant,
        "checks": st.lists(st.sampled_from(PARTIES), max_size=2),
        "handoffs": st.lists(st.sampled_from(PARTIES), max_size=2),
        "cases": st.lists(
            st.tuples(
                st.sampled_from(PARTIES), st.sampled_from(PARTIES), st.sampled_from(CASE_STATES)
            ),
            max_size=2,
        ),
    }
)

people = st.fixed_dictionaries(
    {
        "email": st.sampled_from(EMAILS),
        "contacts": st.frozensets(st.sampled_from(CONTACTS), max_size=3),
        "active": st.booleans(),
        "admin": st.booleans(),
    }
)


def _add(desk: Desk, base_id: int, versions: list[int], spec: dict[str, Any]) -> None:
    with desk.new_uow() as uow:
        base = uow.tickets.get(base_id)
        columns = {
            c.key: getattr(base, c.key)
            for c in TicketRow.__table__.columns
            if c.key not in ("id", "row_version", "list_due", "requester_email")
        }
        contact = spec["requester"] if spec["by_contact"] and "@" not in spec["requester"] else None
        columns.update(
            contract_version_id=versions[spec["version"]],
            calendar_version_id=versions[spec["version"]],
            state=spec["state"],
            priority=spec["priority"],
            coordinator=spec["coordinator"],
            assignee=spec["assignee"],
            requester=spec["requester"],
            requester_contact=contact,
            accepted_at=T0 if spec["accepted"] else None,
            taken_at=spec["taken_at"],
            restored_at=spec["restored_at"],
            response_due=spec["response_due"],
            recovery_due=spec["recovery_due"],
            next_update_due=spec["next_update_due"],
            parent_id=None,
        )
        ticket = uow.tickets.add(TicketRow(**columns))
        for party in spec["checks"]:
            uow.session.add(
                LayerCheckRow(
                    ticket_id=ticket.id, layer="app", party=party, result="pending", opened_at=T0
                )
            )
        for party in spec["handoffs"]:
            uow.session.add(
                HandoffRow(
                    ticket_id=ticket.id, from_party="x", to_party=party, reason="r", at=T0, by="x"
                )
            )
        for n, (vendor, follow, status) in enumerate(spec["cases"]):
            uow.session.add(
                VendorCaseRow(
                    line_id=ticket.line_id,
                    ticket_id=ticket.id,
                    vendor=vendor,
                    case_ref=f"{ticket.id}-{n}",
                    opened_by="x",
                    follow_through=follow,
                    status=status,
                    opened_at=T0,
                    updated_at=T0,
                )
            )
        uow.commit()


def _viewer(line_id: int, spec: dict[str, Any]) -> access.Viewer:
    person = PersonView(1, spec["email"], "P", spec["admin"], spec["active"], False, ())
    memberships = frozenset(Membership(c.split(".")[0], c) for c in spec["contacts"])
    return access.Viewer(person, {line_id: memberships})


def _by_rights(desk: Desk, viewer: access.Viewer) -> list[Any]:
    """Every ticket the viewer sees whole, judged one by one by the rights."""
    seen = []
    with desk.new_uow() as uow:
        for ticket_id in uow.tickets.open_ids(STATES):
            ticket = uow.tickets.get(ticket_id)
            book = book_for_version(uow, ticket.contract_version_id)
            facts = ticket_facts(ticket, book.contract, update_owner(ticket, book))
            actor = viewer.actor_on(ticket.line_id)
            roles = roles_on(actor, facts, book.contract) if viewer.person.active else frozenset()
            if sight(roles) is Sight.TICKET:
                seen.append(summary(ticket))
    return seen


_LOADED: dict[Desk, tuple[list[int], int]] = {}


def _order(view: Any) -> tuple[int, float, int]:
    deadline = view.next_deadline
    return (1, 0.0, -view.id) if deadline is None else (0, deadline.timestamp(), -view.id)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.lists(tickets, min_size=1, max_size=8),
    persons=st.lists(people, min_size=1, max_size=4),
    now=instants,
    due_before=instants,
)
def test_the_list_shows_exactly_what_the_rights_let_each_person_see(
    desk: Desk,
    specs: list[dict[str, Any]],
    persons: list[dict[str, Any]],
    now: Any,
    due_before: Any,
) -> None:
    if desk not in _LOADED:  # once per desk: the examples share its database
        load_starter(desk)
        loaded = [load_starter(desk, text).version_id for text in VARIANTS]
        _LOADED[desk] = (loaded, open_a_ticket(desk).id)
    versions, base = _LOADED[desk]
    for spec in specs:
        _add(desk, base, versions, spec)
    with desk.new_uow() as uow:
        line_id = uow.tickets.get(base).line_id
    for spec in persons:
        viewer = _viewer(line_id, spec)
        expected = sorted(_by_rights(desk, viewer), key=_order)
        listed = access.list_for(
            uow=desk.new_uow(), viewer=viewer, now=now, where=TicketFilter(), limit=500, after=None
        )
        assert [v.id for v in listed.items] == [v.id for v in expected]
        assert listed.total == len(expected)
        late = access.list_for(
            uow=desk.new_uow(),
            viewer=viewer,
            now=now,
            where=TicketFilter(late=True),
            limit=500,
            after=None,
        )
        assert [v.id for v in late.items] == [v.id for v in expected if v.late(now)]
        due = access.list_for(
            uow=desk.new_uow(),
            viewer=viewer,
            now=now,
            where=TicketFilter(due_before=due_before, states=("new", "in_progress", "held")),
            limit=500,
            after=None,
        )
        wanted = [
            v.id
            for v in expected
            if v.state in ("new", "in_progress", "held")
            and v.next_deadline is not None
            and v.next_deadline < due_before
        ]
        assert [v.id for v in due.items] == wanted
