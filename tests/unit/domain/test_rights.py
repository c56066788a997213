"""Rights on a ticket follow DESK.md §2, restated here as the table the product promises.

The table below is written out by hand from DESK.md, not read from the module: a
change to `remit.domain.rights.ALLOWED` that the table does not allow fails here.
The properties run over every shipped contract with tickets and people drawn at
random, and judge each allowed action against the table and against roles derived
here from the contract's own fields.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from remit.contract import load_contract
from remit.domain.contract import Contract
from remit.domain.rights import (
    Actor,
    Membership,
    Role,
    Sight,
    TicketAction,
    TicketFacts,
    allowed,
    authority_contacts,
    may,
    may_see,
    requester_confirms,
    roles_on,
    sight,
)

ROOT = Path(__file__).resolve().parents[3]
CONTRACTS = [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "src/remit/templates/starter.yaml"]

# DESK.md §2, as the desk implements it (docs/desk.md, "Rights").
TABLE: dict[Role, set[str]] = {
    Role.REQUESTER: {"view", "view_vendor_case", "confirm_work", "reject_work", "reopen"},
    Role.CLIENT_AUTHORITY: {
        *("view", "view_vendor_case", "confirm_request", "reject_request"),
        *("confirm_work", "reject_work", "reopen", "approve_emergency", "decide_transfer"),
    },
    Role.COORDINATOR: {
        *("view", "view_vendor_case", "take", "pause", "resume", "request_checks"),
        *("localize", "post_update", "open_vendor_case", "follow_up_vendor_case"),
        *("restore", "report", "record_approval", "request_transfer", "set_scope"),
        *("correct", "link", "unlink"),
    },
    Role.LAYER_PARTY: {
        *("view", "view_vendor_case", "answer_check", "post_update", "follow_up_vendor_case")
    },
    Role.VENDOR_CONTACT: {"view_vendor_case"},
    Role.ADMINISTRATOR: set(),
}
REQUESTER_ONLY_WHEN_CONTRACT_LETS = {"confirm_work", "reject_work", "reopen"}
NEVER_A_LAYER_PARTY = {"restore", "report", "confirm_work", "reopen", "reject_work", "take"}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(TicketAction))
def test_each_role_may_exactly_what_the_table_says(role: Role, action: TicketAction) -> None:
    assert may({role}, action, requester_confirms=True) is (action.value in TABLE[role])


@pytest.mark.parametrize("action", sorted(REQUESTER_ONLY_WHEN_CONTRACT_LETS))
def test_a_requester_confirms_only_where_the_contract_lets_them(action: str) -> None:
    assert not may({Role.REQUESTER}, TicketAction(action), requester_confirms=False)
    assert may({Role.REQUESTER, Role.CLIENT_AUTHORITY}, TicketAction(action))


def test_sight_is_the_whole_ticket_the_vendor_case_or_nothing() -> None:
    assert sight({Role.LAYER_PARTY}) is Sight.TICKET
    assert sight({Role.VENDOR_CONTACT}) is Sight.VENDOR_CASE
    assert sight({Role.ADMINISTRATOR}) is Sight.NONE
    assert sight(set()) is Sight.NONE


@cache
def _contract(path: Path) -> Contract:
    return load_contract(path).contract


def _memberships(contract: Contract) -> list[Membership]:
    return [
        Membership(party, f"{party}.{contact}")
        for party, declared in contract.parties.items()
        for contact in declared.contacts
    ]


@st.composite
def situations(draw: st.DrawFn) -> tuple[Contract, TicketFacts, Actor]:
    contract = _contract(draw(st.sampled_from(CONTRACTS)))
    parties = sorted(contract.parties)
    members = _memberships(contract)
    some = st.frozensets(st.sampled_from(parties), max_size=3)
    requester = draw(st.sampled_from([*(m.contact for m in members), None]))
    facts = TicketFacts(
        requester=requester or "walk-in@client.example",
        requester_contact=requester,
        accepted=draw(st.booleans()),
        coordinator=draw(st.sampled_from(parties)),
        assignee=draw(st.sampled_from(parties)),
        check_parties=draw(some),
        handoff_parties=draw(some),
        follow_through_parties=draw(some),
        vendors=draw(some),
        update_owner=draw(st.sampled_from([*parties, None])),
    )
    email = draw(st.sampled_from(["walk-in@client.example", "someone@elsewhere.example"]))
    actor = Actor(
        email, draw(st.frozensets(st.sampled_from(members), max_size=4)), draw(st.booleans())
    )
    return contract, facts, actor


def _oracle_roles(contract: Contract, facts: TicketFacts, actor: Actor) -> set[Role]:
    """Roles derived afresh from the contract's fields, as DESK.md §2 words them."""
    parties = {m.party for m in actor.memberships}
    contacts = {m.contact for m in actor.memberships}
    named = {
        contract.authorization.primary_contact,
        contract.operating_model.client_owner,
        contract.access.completion_confirmed_by,
        contract.access.emergency_approver,
        contract.maintenance.change_approver,
        *contract.closure.confirmed_by,
        *(w.confirmed_by for w in contract.maintenance.windows),
    }
    if contract.sla.after_hours is not None:
        named.add(contract.sla.after_hours.approved_by)
    if contract.coordination is not None:
        named.add(contract.coordination.transfer_approver)
    engaged = facts.check_parties | facts.handoff_parties | facts.follow_through_parties
    engaged |= {facts.assignee, facts.update_owner} - {None}  # type: ignore[arg-type]
    opened_it = (
        facts.requester_contact in contacts
        if facts.requester_contact
        else facts.requester == actor.email
    )
    checks = {
        Role.REQUESTER: facts.accepted and opened_it,
        Role.CLIENT_AUTHORITY: bool(contacts & (named - {None})),
        Role.COORDINATOR: facts.coordinator in parties,
        Role.LAYER_PARTY: bool(parties & engaged),
        Role.VENDOR_CONTACT: bool(parties & facts.vendors),
        Role.ADMINISTRATOR: actor.is_admin,
    }
    return {role for role, holds in checks.items() if holds}


@given(situations())
def test_roles_are_derived_from_the_contract_and_the_ticket(
    situation: tuple[Contract, TicketFacts, Actor],
) -> None:
    contract, facts, actor = situation
    assert roles_on(actor, facts, contract) == _oracle_roles(contract, facts, actor)


@given(situations(), st.sampled_from(list(TicketAction)))
def test_every_allowed_action_is_allowed_only_to_a_role_of_the_table(
    situation: tuple[Contract, TicketFacts, Actor], action: TicketAction
) -> None:
    contract, facts, actor = situation
    roles = _oracle_roles(contract, facts, actor)
    holders = {role for role in roles if action.value in TABLE[role]}
    if not requester_confirms(contract) and action.value in REQUESTER_ONLY_WHEN_CONTRACT_LETS:
        holders.discard(Role.REQUESTER)
    share = next(iter(sorted(actor.parties)), None)
    if allowed(actor, facts, contract, action, share=share):
        assert holders, f"{action} allowed to {sorted(roles)}"
    elif action.value not in {"answer_check", "post_update", "follow_up_vendor_case"}:
        assert not holders, f"{action} refused to {sorted(roles)}"


@given(situations(), st.sampled_from(sorted(NEVER_A_LAYER_PARTY)))
def test_a_layer_party_never_restores_reports_confirms_or_closes(
    situation: tuple[Contract, TicketFacts, Actor], action: str
) -> None:
    contract, facts, actor = situation
    roles = roles_on(actor, facts, contract)
    if roles <= {Role.LAYER_PARTY, Role.VENDOR_CONTACT, Role.ADMINISTRATOR}:
        assert not allowed(actor, facts, contract, TicketAction(action))


@given(situations(), st.sampled_from(list(TicketAction)))
def test_an_administrator_alone_has_no_ticket_action(
    situation: tuple[Contract, TicketFacts, Actor], action: TicketAction
) -> None:
    contract, facts, _ = situation
    admin = Actor("admin@desk.example", frozenset(), is_admin=True)
    assert not allowed(admin, facts, contract, action, share=facts.coordinator)
    assert not may_see(admin, facts, contract)


@given(situations())
def test_a_layer_party_acts_on_its_own_share_only(
    situation: tuple[Contract, TicketFacts, Actor],
) -> None:
    contract, facts, actor = situation
    roles = roles_on(actor, facts, contract)
    if Role.COORDINATOR in roles or Role.LAYER_PARTY not in roles:
        return
    others = sorted(set(contract.parties) - actor.parties)
    for other in others:
        assert not allowed(actor, facts, contract, TicketAction.ANSWER_CHECK, share=other)
    for own in sorted(actor.parties):
        assert allowed(actor, facts, contract, TicketAction.ANSWER_CHECK, share=own)
    may_update = allowed(actor, facts, contract, TicketAction.POST_UPDATE)
    assert may_update is (facts.update_owner in actor.parties)


@given(situations())
def test_nobody_engaged_sees_nothing(situation: tuple[Contract, TicketFacts, Actor]) -> None:
    contract, facts, actor = situation
    if roles_on(actor, facts, contract) - {Role.ADMINISTRATOR}:
        return
    assert not may_see(actor, facts, contract)
    assert not any(allowed(actor, facts, contract, a) for a in TicketAction)


def test_the_client_authority_of_the_starter_is_whom_it_names() -> None:
    contract = _contract(CONTRACTS[-1])
    named = authority_contacts(contract)
    assert contract.authorization.primary_contact in named
    assert set(contract.closure.confirmed_by) <= named
    assert all(ref.partition(".")[0] in contract.parties for ref in named)
