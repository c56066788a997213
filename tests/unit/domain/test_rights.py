"""Rights on a ticket follow DESK.md §2, restated here as the table the product promises.

The table below is written out by hand from DESK.md, not read from the module: a
change to `remit.domain.rights.ALLOWED` that the table does not allow fails here.
The properties run over every shipped contract with tickets and people drawn at
random, and judge each allowed action against the table and against roles derived
here from the contract's own fields.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest
import typer.main
from hypothesis import given
from hypothesis import strategies as st

from remit.cli import app
from remit.contract import load_contract
from remit.domain.contract import Contract
from remit.domain.rights import (
    COMMANDS,
    Actor,
    Membership,
    Role,
    Sight,
    TicketAction,
    TicketFacts,
    allowed,
    authority_contacts,
    confirms_held,
    may,
    may_see,
    requester_confirms,
    roles_on,
    sight,
)
from remit.domain.ticket import RequestKind

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
        *("restore", "report", "reopen", "record_approval", "request_transfer", "set_scope"),
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
        kind=draw(st.sampled_from(list(RequestKind))),
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
    if action.value in HELD_REQUEST and not any(
        _may_request(contract, m.contact, facts.kind) for m in actor.memberships
    ):
        holders.discard(Role.CLIENT_AUTHORITY)
    share = next(iter(sorted(actor.parties)), None)
    if allowed(actor, facts, contract, action, share=share):
        assert holders, f"{action} allowed to {sorted(roles)}"
    elif action.value not in {"answer_check", "post_update", "follow_up_vendor_case"}:
        assert not holders, f"{action} refused to {sorted(roles)}"


HELD_REQUEST = {"confirm_request", "reject_request"}


def _may_request(contract: Contract, contact: str, kind: RequestKind) -> bool:
    """Seed 003's authorized customer for `kind`: the primary contact, or a sub-account
    given that kind (any client contact where the contract names neither)."""
    auth = contract.authorization
    if contact == auth.primary_contact:
        return True
    for sub in auth.sub_accounts:
        if sub.contact == contact:
            return sub.billing if kind is RequestKind.BILLING else sub.technical
    return (
        not auth.sub_accounts
        and auth.primary_contact is None
        and (contact.partition(".")[0] == contract.contract.client)
    )


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


AUTHORITY_FIELDS = [
    "authorization.primary_contact",
    "operating_model.client_owner",
    "access.completion_confirmed_by",
    "access.emergency_approver",
    "sla.after_hours.approved_by",
    "maintenance.change_approver",
    "coordination.transfer_approver",
    "closure.confirmed_by",
    "maintenance.windows.0.confirmed_by",
]


def _with(value: object, path: list[str], new: object) -> object:
    """`value` with the field at `path` replaced (a number indexes a tuple)."""
    head, *rest = path
    if head.isdigit():
        items = list(value)  # type: ignore[call-overload]
        items[int(head)] = _with(items[int(head)], rest, new) if rest else new
        return tuple(items)
    inner = getattr(value, head)
    return dataclasses.replace(value, **{head: _with(inner, rest, new) if rest else new})  # type: ignore[type-var]


@pytest.mark.parametrize("field", AUTHORITY_FIELDS)
def test_each_contract_field_that_names_an_approver_makes_a_client_authority(field: str) -> None:
    starter = _contract(CONTRACTS[-1])
    named = ("provider.oncall",) if field == "closure.confirmed_by" else "provider.oncall"
    contract = _with(starter, field.split("."), named)
    assert isinstance(contract, Contract)
    oncall = Actor(
        "oncall@provider.example", frozenset({Membership("provider", "provider.oncall")})
    )
    facts = TicketFacts("client.it", "client.it", True, "developer", "developer")
    assert roles_on(oncall, facts, starter) == set()
    assert roles_on(oncall, facts, contract) == {Role.CLIENT_AUTHORITY}


# Each `remit ticket` command and the actions it takes; `open` is intake, which the
# contract's authorization decides (an authorized contact's request is accepted).
COMMAND_ACTIONS = {
    "open": set(),
    "list": {"view"},
    "show": {"view"},
    "take": {"take"},
    "pause": {"pause"},
    "resume": {"resume"},
    "check": {"request_checks", "answer_check"},
    "localize": {"localize"},
    "update": {"post_update"},
    "vendor": {"open_vendor_case"},
    "vendor-follow-up": {"follow_up_vendor_case"},
    "restore": {"restore"},
    "report": {"report"},
    "confirm": {"confirm_request", "confirm_work"},
    "reject": {"reject_request", "reject_work"},
    "reopen": {"reopen"},
    "approve": {"approve_emergency", "record_approval"},
    "transfer": {"request_transfer"},
    "transfer-approve": {"decide_transfer"},
    "transfer-reject": {"decide_transfer"},
    "scope": {"set_scope"},
    "correct": {"correct"},
    "link": {"link"},
    "unlink": {"unlink"},
}


def test_every_ticket_command_is_a_ticket_action_and_every_action_a_command() -> None:
    root = typer.main.get_command(app)
    ticket = root.load("ticket")  # type: ignore[attr-defined]
    assert set(ticket.commands) == set(COMMAND_ACTIONS)
    covered = set().union(*COMMAND_ACTIONS.values(), {"view_vendor_case"})
    assert covered == {a.value for a in TicketAction}


MIXED = ROOT / "examples/mixed-environment.yaml"


@pytest.mark.parametrize(
    ("kind", "confirms"), [(RequestKind.BILLING, True), (RequestKind.TECHNICAL, False)]
)
def test_a_client_owner_authorized_for_billing_only_confirms_held_billing_requests_only(
    kind: RequestKind, confirms: bool
) -> None:
    """client.ceo owns the contract (a client authority) and is a billing-only sub-account:
    a held technical request waits for someone who may request technical work."""
    contract = _contract(MIXED)
    assert "client.ceo" in authority_contacts(contract)
    ceo = Actor("ceo@client.example", frozenset({Membership("client", "client.ceo")}))
    facts = TicketFacts("walk-in@x.example", None, False, "contractor", "contractor", kind=kind)
    assert Role.CLIENT_AUTHORITY in roles_on(ceo, facts, contract)
    assert confirms_held(contract, "client.ceo", kind) is confirms
    for action in (TicketAction.CONFIRM_REQUEST, TicketAction.REJECT_REQUEST):
        assert allowed(ceo, facts, contract, action) is confirms
    head = Actor("it@client.example", frozenset({Membership("client", "client.it_head")}))
    assert allowed(head, facts, contract, TicketAction.CONFIRM_REQUEST)  # the primary contact


def test_the_coordinator_reopens_and_a_layer_party_does_not() -> None:
    contract = _contract(CONTRACTS[-1])
    facts = TicketFacts("client.it", "client.it", True, "provider", "developer")
    desk = Actor("desk@provider.example", frozenset({Membership("provider", "provider.desk")}))
    developer = Actor("dev@example.com", frozenset({Membership("developer", "developer.support")}))
    assert allowed(desk, facts, contract, TicketAction.REOPEN)
    assert Role.LAYER_PARTY in roles_on(developer, facts, contract)
    assert not allowed(developer, facts, contract, TicketAction.REOPEN)


def test_the_coordinator_answers_no_check_but_its_own_partys() -> None:
    contract = _contract(CONTRACTS[-1])
    facts = TicketFacts(
        "client.it", "client.it", True, "provider", "provider",
        check_parties=frozenset({"developer", "provider"}),
    )  # fmt: skip
    desk = Actor("desk@provider.example", frozenset({Membership("provider", "provider.desk")}))
    assert Role.COORDINATOR in roles_on(desk, facts, contract)
    assert not allowed(desk, facts, contract, TicketAction.ANSWER_CHECK, share="developer")
    assert allowed(desk, facts, contract, TicketAction.ANSWER_CHECK, share="provider")


def test_every_command_right_is_an_action_of_its_command() -> None:
    for name, right in COMMANDS.items():
        command = name.partition(" ")[0]
        taken = {right.action, right.when_held} - {None}
        assert {a.value for a in taken} <= COMMAND_ACTIONS[command], name  # type: ignore[union-attr]
    acting = {name.partition(" ")[0] for name in COMMANDS}
    assert acting == set(COMMAND_ACTIONS) - {"open", "list", "show"}
