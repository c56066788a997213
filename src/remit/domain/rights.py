"""Who may do what on a ticket: the one place that says so (DESK.md §2).

Nobody configures roles by hand. A person's roles on a ticket follow from the
contract version the ticket runs under, the ticket's facts and the parties the
person acts for (their contacts in the contracts, matched by e-mail):

- **requester**: the contact (or e-mail address) that opened the ticket, once the
  request is accepted (authorized at intake, or confirmed later);
- **client authority**: the client's primary contact and the persons the contract
  names to confirm, approve or own the budget (see `authority_contacts`);
- **coordinator**: people of the ticket's coordinating party;
- **layer party**: people of a party engaged on the ticket: a layer check, a hand-off
  to it, the work assigned to it, the follow-through of a vendor case, or the client
  updates it owes;
- **vendor contact**: people of a vendor party with a vendor case on the ticket;
- **administrator**: desk staff, with no ticket action of their own.

`may(roles, action)` reads the table `ALLOWED`; a few actions are bound further,
which `allowed` checks with the ticket's facts:

- a layer party acts only on *its own* share (it answers its own check, posts the
  updates it owes, follows up its own vendor case); the coordinator does not answer
  another party's check;
- a held request is confirmed or rejected by a client authority who may request
  that kind of work themselves (`confirms_held`): seed 003's "authorized customer",
  so a client owner authorized for billing only does not confirm a technical request;
- a requester confirms, rejects or reopens only where the contract lets requesters
  confirm (`requester_confirms`).

The coordinator may reopen a ticket it restored (a coordination action: the fault
came back), as the client authority may. Rights are a gate in front of the
contract's own rules: the services still apply the term rules (which approver
answers at night, who confirms completion, whether a transfer needs approval).

`COMMANDS` says which action each ticket command takes (and which on a held
request): the CLI's commands and the API's endpoints both read it. Desk
configuration and people are for administrators (`require_admin`); a person
manages their own tokens (`may_manage_credentials`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from remit.domain import routing
from remit.domain.approvals import completion_confirmers
from remit.domain.contract import Contract
from remit.domain.errors import NotPermitted
from remit.domain.routing import is_authorized
from remit.domain.subaccounts import Grant
from remit.domain.ticket import RequestKind


class Role(StrEnum):
    REQUESTER = "requester"
    CLIENT_AUTHORITY = "client_authority"
    COORDINATOR = "coordinator"
    LAYER_PARTY = "layer_party"
    VENDOR_CONTACT = "vendor_contact"
    ADMINISTRATOR = "administrator"


class TicketAction(StrEnum):
    """Every action the desk takes on a ticket, by the command that takes it."""

    VIEW = "view"  # ticket show, ticket list
    VIEW_VENDOR_CASE = "view_vendor_case"  # the vendor case and what the coordinator shares
    CONFIRM_REQUEST = "confirm_request"  # ticket confirm on a held request
    REJECT_REQUEST = "reject_request"  # ticket reject on a held request
    TAKE = "take"
    PAUSE = "pause"
    RESUME = "resume"
    REQUEST_CHECKS = "request_checks"  # ticket check without --result
    ANSWER_CHECK = "answer_check"  # ticket check --layer --result
    LOCALIZE = "localize"
    POST_UPDATE = "post_update"  # ticket update
    OPEN_VENDOR_CASE = "open_vendor_case"  # ticket vendor
    FOLLOW_UP_VENDOR_CASE = "follow_up_vendor_case"  # ticket vendor-follow-up
    RESTORE = "restore"
    REPORT = "report"
    CONFIRM_WORK = "confirm_work"  # ticket confirm on a reported ticket
    REJECT_WORK = "reject_work"  # ticket reject on a reported ticket
    REOPEN = "reopen"
    APPROVE_EMERGENCY = "approve_emergency"  # ticket approve --by
    RECORD_APPROVAL = "record_approval"  # ticket approve --recorded-by
    REQUEST_TRANSFER = "request_transfer"  # ticket transfer
    DECIDE_TRANSFER = "decide_transfer"  # ticket transfer-approve, transfer-reject
    SET_SCOPE = "set_scope"  # ticket scope
    CORRECT = "correct"
    LINK = "link"
    UNLINK = "unlink"


A = TicketAction

COORDINATION = frozenset(
    {
        A.VIEW,
        A.VIEW_VENDOR_CASE,
        A.TAKE,
        A.PAUSE,
        A.RESUME,
        A.REQUEST_CHECKS,
        A.LOCALIZE,
        A.POST_UPDATE,
        A.OPEN_VENDOR_CASE,
        A.FOLLOW_UP_VENDOR_CASE,
        A.RESTORE,
        A.REPORT,
        A.REOPEN,
        A.RECORD_APPROVAL,
        A.REQUEST_TRANSFER,
        A.SET_SCOPE,
        A.CORRECT,
        A.LINK,
        A.UNLINK,
    }
)

# The table of DESK.md §2, role by role. A requester's confirmation is further bound to
# contracts that let requesters confirm (`requester_confirms`).
ALLOWED: Mapping[Role, frozenset[TicketAction]] = {
    Role.REQUESTER: frozenset(
        {A.VIEW, A.VIEW_VENDOR_CASE, A.CONFIRM_WORK, A.REJECT_WORK, A.REOPEN}
    ),
    Role.CLIENT_AUTHORITY: frozenset(
        {
            A.VIEW,
            A.VIEW_VENDOR_CASE,
            A.CONFIRM_REQUEST,
            A.REJECT_REQUEST,
            A.CONFIRM_WORK,
            A.REJECT_WORK,
            A.REOPEN,
            A.APPROVE_EMERGENCY,
            A.DECIDE_TRANSFER,
        }
    ),
    Role.COORDINATOR: COORDINATION,
    Role.LAYER_PARTY: frozenset(
        {A.VIEW, A.VIEW_VENDOR_CASE, A.ANSWER_CHECK, A.POST_UPDATE, A.FOLLOW_UP_VENDOR_CASE}
    ),
    Role.VENDOR_CONTACT: frozenset({A.VIEW_VENDOR_CASE}),
    Role.ADMINISTRATOR: frozenset(),
}

# What a requester may do only where the contract lets requesters confirm the result.
REQUESTER_CONFIRMS = frozenset({A.CONFIRM_WORK, A.REJECT_WORK, A.REOPEN})

# Actions a layer party takes only on its own share: its check, its vendor case, the
# client updates it owes. The coordinator posts updates and follows up vendor cases on
# the whole ticket; a check is answered by its own party only.
OWN_SHARE = frozenset({A.ANSWER_CHECK, A.POST_UPDATE, A.FOLLOW_UP_VENDOR_CASE})

# Confirming or rejecting a held request: bound to who may request its kind.
ON_HELD_REQUEST = frozenset({A.CONFIRM_REQUEST, A.REJECT_REQUEST})


@dataclass(frozen=True, slots=True)
class CommandRight:
    """The action a ticket command takes, and the one it takes on a held request."""

    action: TicketAction
    when_held: TicketAction | None = None

    def on(self, *, held: bool) -> TicketAction:
        return self.when_held if held and self.when_held is not None else self.action


# Every command that acts on a ticket, by its `remit ticket` name (a variant of a
# command by the option that selects it); the API's endpoints name the same commands.
COMMANDS: Mapping[str, CommandRight] = {
    "take": CommandRight(A.TAKE),
    "pause": CommandRight(A.PAUSE),
    "resume": CommandRight(A.RESUME),
    "restore": CommandRight(A.RESTORE),
    "confirm": CommandRight(A.CONFIRM_WORK, A.CONFIRM_REQUEST),
    "reject": CommandRight(A.REJECT_WORK, A.REJECT_REQUEST),
    "reopen": CommandRight(A.REOPEN),
    "check": CommandRight(A.REQUEST_CHECKS),
    "check --result": CommandRight(A.ANSWER_CHECK),
    "localize": CommandRight(A.LOCALIZE),
    "update": CommandRight(A.POST_UPDATE),
    "vendor": CommandRight(A.OPEN_VENDOR_CASE),
    "vendor-follow-up": CommandRight(A.FOLLOW_UP_VENDOR_CASE),
    "report": CommandRight(A.REPORT),
    "approve": CommandRight(A.APPROVE_EMERGENCY),
    "approve --recorded-by": CommandRight(A.RECORD_APPROVAL),
    "transfer": CommandRight(A.REQUEST_TRANSFER),
    "transfer-approve": CommandRight(A.DECIDE_TRANSFER),
    "transfer-reject": CommandRight(A.DECIDE_TRANSFER),
    "scope": CommandRight(A.SET_SCOPE),
    "correct": CommandRight(A.CORRECT),
    "link": CommandRight(A.LINK),
    "unlink": CommandRight(A.UNLINK),
}


@dataclass(frozen=True, slots=True)
class Membership:
    """A person acting for `party` as the contract's contact `contact` ('party.contact')."""

    party: str
    contact: str


@dataclass(frozen=True, slots=True)
class Actor:
    """A verified person as rights see them: their e-mail, whom they act for, admin or not."""

    email: str
    memberships: frozenset[Membership] = frozenset()
    is_admin: bool = False

    @property
    def parties(self) -> frozenset[str]:
        return frozenset(m.party for m in self.memberships)

    @property
    def contacts(self) -> frozenset[str]:
        return frozenset(m.contact for m in self.memberships)


@dataclass(frozen=True, slots=True)
class TicketFacts:
    """What rights need to know of a ticket, read from its row."""

    requester: str  # a 'party.contact' reference or an e-mail address, as recorded
    requester_contact: str | None
    accepted: bool  # authorized at intake or confirmed later
    coordinator: str
    assignee: str
    check_parties: frozenset[str] = frozenset()
    handoff_parties: frozenset[str] = frozenset()  # parties the work was handed to
    follow_through_parties: frozenset[str] = frozenset()  # of the ticket's vendor cases
    vendors: frozenset[str] = frozenset()  # vendor parties with a case on the ticket
    update_owner: str | None = None  # the party that owes the client updates
    kind: RequestKind = RequestKind.TECHNICAL  # a technical request or a billing change

    @property
    def engaged(self) -> frozenset[str]:
        """The parties with a share of the work: the layer parties of the ticket."""
        owner = {self.update_owner} if self.update_owner else set()
        return (
            self.check_parties
            | self.handoff_parties
            | self.follow_through_parties
            | {self.assignee}
            | owner
        )


class Sight(StrEnum):
    NONE = "none"
    VENDOR_CASE = "vendor_case"  # the vendor case and what the coordinator shares
    TICKET = "ticket"


def authority_contacts(contract: Contract) -> frozenset[str]:
    """The client authority: the primary contact, the client owner, and whom the contract
    names to confirm completion, approve emergencies, changes and transfers, or confirm
    maintenance windows."""
    named: list[str | None] = [
        contract.authorization.primary_contact,
        contract.operating_model.client_owner,
        contract.access.completion_confirmed_by,
        contract.access.emergency_approver,
        contract.sla.after_hours.approved_by if contract.sla.after_hours else None,
        contract.maintenance.change_approver,
        contract.coordination.transfer_approver if contract.coordination else None,
        *contract.closure.confirmed_by,
        *(window.confirmed_by for window in contract.maintenance.windows),
    ]
    return frozenset(ref for ref in named if ref)


def confirms_held(contract: Contract, contact: str, kind: RequestKind) -> bool:
    """Whether `contact` confirms (or rejects) a held request of `kind`: a client authority
    who may request that kind of work themselves. Seed 003: a request from anyone else
    "will not be acted upon until confirmed by an authorized customer"."""
    return contact in authority_contacts(contract) and is_authorized(contract, contact, kind)


def requester_confirms(contract: Contract) -> bool:
    """A contract naming nobody to confirm completion leaves it to the requester."""
    return completion_confirmers(contract) is None


def roles_on(actor: Actor, facts: TicketFacts, contract: Contract) -> frozenset[Role]:
    """Every role `actor` has on the ticket, under the contract version it runs under."""
    parties, contacts = actor.parties & set(contract.parties), actor.contacts
    found: set[Role] = set()
    if facts.accepted and _is_requester(actor, facts):
        found.add(Role.REQUESTER)
    if contacts & authority_contacts(contract):
        found.add(Role.CLIENT_AUTHORITY)
    if facts.coordinator in parties:
        found.add(Role.COORDINATOR)
    if parties & facts.engaged:
        found.add(Role.LAYER_PARTY)
    if parties & facts.vendors:
        found.add(Role.VENDOR_CONTACT)
    if actor.is_admin:
        found.add(Role.ADMINISTRATOR)
    return frozenset(found)


def _is_requester(actor: Actor, facts: TicketFacts) -> bool:
    if facts.requester_contact is not None:
        return facts.requester_contact in actor.contacts
    return requester_email(facts.requester) == actor.email.lower()


def requester_email(requester: str) -> str:
    """A requester recorded by e-mail address (no contact), as a person's e-mail is
    matched against it."""
    return requester.strip().lower()


def may(roles: Iterable[Role], action: TicketAction, *, requester_confirms: bool = False) -> bool:
    """Whether one of `roles` allows `action` by the table (a layer party's own share aside:
    `allowed` checks that)."""
    for role in roles:
        if action not in ALLOWED[role]:
            continue
        if role is Role.REQUESTER and action in REQUESTER_CONFIRMS and not requester_confirms:
            continue
        return True
    return False


def sight(roles: Iterable[Role]) -> Sight:
    """How much of the ticket the roles see: all of it, only the vendor case, or nothing."""
    held = set(roles)
    if any(TicketAction.VIEW in ALLOWED[role] for role in held):
        return Sight.TICKET
    if any(TicketAction.VIEW_VENDOR_CASE in ALLOWED[role] for role in held):
        return Sight.VENDOR_CASE
    return Sight.NONE


def may_see(actor: Actor, facts: TicketFacts, contract: Contract) -> bool:
    """Whether the ticket exists at all for `actor`: a denial must read as "not found"."""
    return sight(roles_on(actor, facts, contract)) is not Sight.NONE


def allowed(
    actor: Actor,
    facts: TicketFacts,
    contract: Contract,
    action: TicketAction,
    *,
    share: str | None = None,
) -> bool:
    """Whether `actor` may take `action` on the ticket. For an action on one share of it
    (a check, a vendor case's follow-through) `share` is the party that share belongs to;
    a layer party acts only on its own; the coordinator posts updates and follows up vendor
    cases on all, and answers only the checks of its own party."""
    roles = roles_on(actor, facts, contract)
    confirms = requester_confirms(contract)
    if action in ON_HELD_REQUEST:
        return may(roles, action) and any(
            confirms_held(contract, contact, facts.kind) for contact in actor.contacts
        )
    if action not in OWN_SHARE:
        return may(roles, action, requester_confirms=confirms)
    if Role.COORDINATOR in roles and may({Role.COORDINATOR}, action):
        return True
    owner = facts.update_owner if action is TicketAction.POST_UPDATE else share
    return Role.LAYER_PARTY in roles and owner is not None and owner in actor.parties


# --- who may request, and who manages sub-accounts ---------------------------------------


def authorized_request(
    contract: Contract,
    contact: str | None,
    kind: RequestKind,
    objects: Iterable[str],
    sub_account: Grant | None = None,
) -> bool:
    """Whether a request is accepted without anyone confirming it: it comes from a contact
    the contract authorizes for its kind, or from a sub-account of the line within its
    effective grant (`remit.domain.subaccounts`). Anyone else's is held or rejected."""
    if routing.is_authorized(contract, contact, kind):
        return True
    return sub_account is not None and sub_account.covers(kind, objects)


def manages_sub_accounts(actor: Actor, contract: Contract) -> bool:
    """Only the client authority adds, changes and removes sub-accounts."""
    return bool(actor.contacts & authority_contacts(contract))


def may_read_contract(actor: Actor) -> bool:
    """Whether `actor` reads a line's contract (its versions, drill and appendix): anyone
    the line's contract names, as a contact of any party. Others, administrators
    included, do not know the line: it reads as "not found"."""
    return bool(actor.memberships)


def may_administer(actor: Actor) -> bool:
    """Desk configuration and people: administrators only (DESK.md §2)."""
    return actor.is_admin


def require_admin(actor: Actor, what: str) -> None:
    """`NotPermitted` unless `actor` is a desk administrator."""
    if not may_administer(actor):
        raise NotPermitted(
            actor.email, what, "only a desk administrator may (`remit people add --admin`)"
        )


def may_manage_credentials(actor: Actor, owner: str) -> bool:
    """A person manages their own tokens and password; an administrator anyone's."""
    return may_administer(actor) or actor.email.lower() == owner.strip().lower()


# The update owner of a ticket by (its priority, whether a vendor is involved): a party,
# or None for the ticket's coordinator. The priority None stands for any priority the
# mapping does not name.
UpdateOwners = Mapping[tuple[str | None, bool], str | None]


@dataclass(frozen=True, slots=True)
class Visibility:
    """Which tickets run under one contract version an actor sees whole, said as tests
    on a ticket's stored facts so that a store can select them: a ticket passes one of
    them exactly when `sight(roles_on(actor, facts, contract))` is `Sight.TICKET`.

    Every test is there only for a role whose actions include `TicketAction.VIEW`.
    """

    everything: bool = False  # a role held on every ticket of the version
    coordinators: frozenset[str] = frozenset()  # the ticket's coordinator is one of them
    layer_parties: frozenset[str] = frozenset()  # one of them is engaged (`TicketFacts.engaged`)
    vendor_parties: frozenset[str] = frozenset()  # one of them has a vendor case on it
    requester_contacts: frozenset[str] = frozenset()  # accepted, opened by one of them
    requester_email: str | None = None  # accepted, opened by this e-mail (no contact)
    update_owners: UpdateOwners = field(default_factory=dict)

    @property
    def nothing(self) -> bool:
        return not (
            self.everything
            or self.coordinators
            or self.layer_parties
            or self.vendor_parties
            or self.requester_contacts
            or self.requester_email is not None
        )


def viewing_roles() -> frozenset[Role]:
    """The roles that see a ticket whole (`sight` is `Sight.TICKET`)."""
    return frozenset(role for role in Role if TicketAction.VIEW in ALLOWED[role])


def visibility(
    actor: Actor, contract: Contract, update_owners: UpdateOwners, *, active: bool = True
) -> Visibility:
    """What `actor` sees of the tickets run under `contract`, as `roles_on` gives roles:
    the same rules, with the ticket's facts left open. An inactive person sees nothing."""
    if not active:
        return Visibility()
    viewing = viewing_roles()
    parties = actor.parties & set(contract.parties)

    def when(role: Role, value: frozenset[str]) -> frozenset[str]:
        return value if role in viewing else frozenset()

    everything = (
        Role.CLIENT_AUTHORITY in viewing and bool(actor.contacts & authority_contacts(contract))
    ) or (Role.ADMINISTRATOR in viewing and actor.is_admin)
    requester = Role.REQUESTER in viewing
    return Visibility(
        everything=everything,
        coordinators=when(Role.COORDINATOR, parties),
        layer_parties=when(Role.LAYER_PARTY, parties),
        vendor_parties=when(Role.VENDOR_CONTACT, parties),
        requester_contacts=when(Role.REQUESTER, actor.contacts),
        requester_email=actor.email.lower() if requester else None,
        update_owners=update_owners,
    )
