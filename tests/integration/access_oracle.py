"""The access-matrix oracle: what the API must answer each person on each ticket,
worked out from the contract's own fields and the table of DESK.md §2.

It reads the contract YAML as plain data and never asks `remit.domain.rights` (or any
other part of the desk) who may do what: the test compares the two. Ticket facts that
are the desk's bookkeeping (who opened it, which checks and vendor cases were opened)
come from how the test built each ticket; the parties the contract gives a ticket
(coordinator, intake party, update owner, layer and vendor parties) come from the
contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Actions, by the names DESK.md §2 gives them.
VIEW = "view"
VIEW_VENDOR_CASE = "view_vendor_case"
CONFIRM_REQUEST = "confirm_request"  # a held request
REJECT_REQUEST = "reject_request"
CONFIRM_WORK = "confirm_work"  # the reported result
REJECT_WORK = "reject_work"
REOPEN = "reopen"
TAKE, PAUSE, RESUME, RESTORE = "take", "pause", "resume", "restore"
REQUEST_CHECKS, ANSWER_CHECK, LOCALIZE = "request_checks", "answer_check", "localize"
POST_UPDATE, OPEN_VENDOR_CASE = "post_update", "open_vendor_case"
FOLLOW_UP_VENDOR_CASE, REPORT = "follow_up_vendor_case", "report"
APPROVE_EMERGENCY, REQUEST_TRANSFER, DECIDE_TRANSFER = (
    "approve_emergency",
    "request_transfer",
    "decide_transfer",
)
SET_SCOPE, CORRECT, LINK, UNLINK = "set_scope", "correct", "link", "unlink"
COORDINATION = frozenset(
    {
        TAKE,
        PAUSE,
        RESUME,
        RESTORE,
        REQUEST_CHECKS,
        LOCALIZE,
        POST_UPDATE,
        OPEN_VENDOR_CASE,
        FOLLOW_UP_VENDOR_CASE,
        REPORT,
        REQUEST_TRANSFER,
        SET_SCOPE,
        CORRECT,
        LINK,
        UNLINK,
    }
)
# A layer party takes these on its own share of the ticket only: its check, the
# updates it owes, the vendor case it follows through.
OWN_SHARE = frozenset({ANSWER_CHECK, POST_UPDATE, FOLLOW_UP_VENDOR_CASE})

# DESK.md §2, role by role, for the actions the API offers.
TABLE: Mapping[str, frozenset[str]] = {
    # see it; confirm or reject the work report (and so reopen it) when the contract
    # lets requesters confirm
    "requester": frozenset({VIEW, VIEW_VENDOR_CASE, CONFIRM_WORK, REJECT_WORK, REOPEN}),
    # all tickets of their contract; confirm held requests; confirm completion
    "client_authority": frozenset(
        {
            VIEW,
            VIEW_VENDOR_CASE,
            CONFIRM_REQUEST,
            REJECT_REQUEST,
            CONFIRM_WORK,
            REJECT_WORK,
            REOPEN,
            APPROVE_EMERGENCY,
            DECIDE_TRANSFER,
        }
    ),
    # every coordination action on the tickets they coordinate, reopening what they
    # restored included
    "coordinator": frozenset({VIEW, VIEW_VENDOR_CASE, REOPEN, *COORDINATION}),
    # see that ticket; answer its own checks, post the updates it owes, follow up its
    # own vendor cases; never restore, report, confirm or close
    "layer_party": frozenset({VIEW, VIEW_VENDOR_CASE, *OWN_SHARE}),
    # the vendor case and what the coordinator shares, not the ticket
    "vendor_contact": frozenset({VIEW_VENDOR_CASE}),
    # desk configuration and people; no ticket action without a role above
    "administrator": frozenset(),
}
REQUESTER_CONFIRMS = frozenset({CONFIRM_WORK, REJECT_WORK, REOPEN})
# A held request waits for an authorized customer (seed 003): a client authority who
# may request that kind of work themselves (the matrix's requests are technical).
HELD_REQUEST = frozenset({CONFIRM_REQUEST, REJECT_REQUEST})

# POST /api/v1/tickets/{id}/<name>: the action taken, and the one taken on a held request.
ENDPOINT_ACTIONS: Mapping[str, tuple[str, str]] = {
    "take": (TAKE, TAKE),
    "pause": (PAUSE, PAUSE),
    "resume": (RESUME, RESUME),
    "restore": (RESTORE, RESTORE),
    "confirm": (CONFIRM_WORK, CONFIRM_REQUEST),
    "reject": (REJECT_WORK, REJECT_REQUEST),
    "reopen": (REOPEN, REOPEN),
    "checks": (REQUEST_CHECKS, REQUEST_CHECKS),
    "checks/answer": (ANSWER_CHECK, ANSWER_CHECK),
    "localize": (LOCALIZE, LOCALIZE),
    "updates": (POST_UPDATE, POST_UPDATE),
    "vendor-cases": (OPEN_VENDOR_CASE, OPEN_VENDOR_CASE),
    "vendor-follow-ups": (FOLLOW_UP_VENDOR_CASE, FOLLOW_UP_VENDOR_CASE),
    "report": (REPORT, REPORT),
    "approvals": (APPROVE_EMERGENCY, APPROVE_EMERGENCY),
    "transfers": (REQUEST_TRANSFER, REQUEST_TRANSFER),
    "transfers/approve": (DECIDE_TRANSFER, DECIDE_TRANSFER),
    "transfers/reject": (DECIDE_TRANSFER, DECIDE_TRANSFER),
    "scope": (SET_SCOPE, SET_SCOPE),
    "correct": (CORRECT, CORRECT),
    "link": (LINK, LINK),
    "unlink": (UNLINK, UNLINK),
}


def _get(data: Mapping[str, Any], path: str) -> Any:
    found: Any = data
    for part in path.split("."):
        if not isinstance(found, Mapping):
            return None
        found = found.get(part)
    return found


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@dataclass(frozen=True)
class Terms:
    """What the oracle reads of one contract line."""

    line: str
    data: Mapping[str, Any] = field(repr=False)

    @property
    def client(self) -> str:
        return str(self.data["contract"]["client"])

    @property
    def contacts(self) -> dict[str, str]:
        """'party.contact' -> e-mail (lower case), for every contact with an e-mail."""
        found = {}
        for party, declared in self.data["parties"].items():
            for name, contact in (declared.get("contacts") or {}).items():
                if contact.get("email"):
                    found[f"{party}.{name}"] = str(contact["email"]).lower()
        return found

    def email_of(self, ref: str) -> str:
        return self.contacts[ref]

    def refs_of(self, email: str) -> set[str]:
        return {ref for ref, address in self.contacts.items() if address == email}

    @property
    def authority(self) -> frozenset[str]:
        """The primary contact and whom the contract names to confirm, approve or own."""
        named = [
            _get(self.data, "authorization.primary_contact"),
            _get(self.data, "operating_model.client_owner"),
            _get(self.data, "access.completion_confirmed_by"),
            _get(self.data, "access.emergency_approver"),
            _get(self.data, "sla.after_hours.approved_by"),
            _get(self.data, "maintenance.change_approver"),
            _get(self.data, "coordination.transfer_approver"),
            *_as_list(_get(self.data, "closure.confirmed_by")),
            *(w.get("confirmed_by") for w in _as_list(_get(self.data, "maintenance.windows"))),
        ]
        return frozenset(str(ref) for ref in named if ref)

    @property
    def requester_confirms(self) -> bool:
        """Nobody named to confirm completion: the requester confirms."""
        named = [_get(self.data, "access.completion_confirmed_by")]
        named += _as_list(_get(self.data, "closure.confirmed_by"))
        return not any(named)

    @property
    def primary_contact(self) -> str | None:
        found = _get(self.data, "authorization.primary_contact")
        return str(found) if found else None

    def authorized(self, ref: str) -> bool:
        """May `ref` open a technical request without anyone confirming it?"""
        if ref == self.primary_contact:
            return True
        subs = _as_list(_get(self.data, "authorization.sub_accounts"))
        for sub in subs:
            if sub["contact"] == ref:
                return bool(sub.get("technical"))
        if self.primary_contact is None and not subs:
            return ref.split(".", 1)[0] == self.client
        return False

    def _ownership(self, priority: str) -> Mapping[str, Any]:
        found = _get(self.data, f"priorities.levels.{priority}.ownership")
        return found if isinstance(found, Mapping) else {}

    def coordinator(self, priority: str) -> str:
        return str(
            _get(self.data, "coordination.coordinator")
            or self._ownership(priority).get("intake")
            or _get(self.data, "operating_model.it_provider")
        )

    def intake(self, priority: str) -> str:
        """The party that accepts the ticket (tickets outside after-hours cover)."""
        return str(self._ownership(priority).get("intake") or self.coordinator(priority))

    def update_owner(self, priority: str, *, vendors: bool) -> str:
        comm = self.data.get("communication") or {}
        if vendors and comm.get("owner_with_vendors"):
            return str(comm["owner_with_vendors"])
        return str(
            self._ownership(priority).get("client_updates")
            or comm.get("owner")
            or self.coordinator(priority)
        )

    def priority(self, scope: str, category: str) -> str:
        urgency = self.data["priorities"]["categories"][category].get("urgency") or "degraded"
        return str(self.data["priorities"]["matrix"][scope][urgency])

    def after_hours_covered(self, priority: str, category: str) -> bool:
        cover = _get(self.data, "sla.after_hours")
        if not cover:
            return False
        categories = cover.get("categories") or []
        return priority in (cover.get("priorities") or []) and (
            not categories or category in categories
        )

    def layer_party(self, layer: str) -> str:
        return str(_as_list(self.data["layers"][layer]["primary"])[0])

    def vendor_follow_through(self, vendor: str, coordinator: str) -> str:
        for handling in _as_list(self.data.get("vendors")):
            if handling["vendor"] == vendor:
                opens = handling.get("opens_cases") or coordinator
                return str(handling.get("correspondence") or opens)
        return coordinator


@dataclass(frozen=True)
class Grant:
    """What a sub-account may request (seed 003): kinds, and objects (None: all)."""

    technical: bool = True
    billing: bool = False
    objects: frozenset[str] | None = None

    def covers(self, billing: bool, objects: Iterable[str]) -> bool:
        named = frozenset(objects)
        if not (self.billing if billing else self.technical):
            return False
        return self.objects is None or (bool(named) and named <= self.objects)


@dataclass(frozen=True)
class Person:
    """One e-mail address, per line the ('party', 'party.contact') pairs it acts as, and
    the lines where the client authority made it a sub-account, with its grant."""

    email: str
    memberships: Mapping[str, frozenset[tuple[str, str]]]
    admin: bool = False
    sub_accounts: Mapping[str, Grant] = field(default_factory=dict)

    def on(self, line: str) -> frozenset[tuple[str, str]]:
        return self.memberships.get(line, frozenset())

    @property
    def lines(self) -> frozenset[str]:
        """The lines the person acts in: as a contact, or as a live sub-account."""
        return frozenset(self.memberships) | frozenset(self.sub_accounts)


def people_of(terms: Iterable[Terms], extra: Iterable[tuple[str, bool]] = ()) -> list[Person]:
    """Every person the contracts name, plus `extra` (e-mail, admin) people named in none."""
    found: dict[str, dict[str, set[tuple[str, str]]]] = {}
    for line in terms:
        for ref, email in line.contacts.items():
            party = ref.split(".", 1)[0]
            found.setdefault(email, {}).setdefault(line.line, set()).add((party, ref))
    people = [
        Person(email, {line: frozenset(pairs) for line, pairs in lines.items()})
        for email, lines in sorted(found.items())
    ]
    return people + [Person(email, {}, admin) for email, admin in extra]


@dataclass
class Ticket:
    """A ticket as the test built it: the bookkeeping facts the oracle needs."""

    id: int
    line: str
    recipe: str
    opener: str  # e-mail of the person who opened it
    category: str
    scope: str
    held: bool
    accepted: bool
    check_layers: tuple[str, ...] = ()
    vendor_cases: tuple[str, ...] = ()  # vendor parties with an open case


class Oracle:
    """Expected answers of the API, from the contracts (by line) alone."""

    def __init__(self, terms: Iterable[Terms]) -> None:
        self.terms = {t.line: t for t in terms}
        self.sub_accounts: dict[str, set[str]] = {}  # line -> e-mails of its live sub-accounts

    def opens_held(self, person: Person, line: str) -> bool:
        """A technical request naming no object that the person opens on `line` waits for
        an authorized contact: they are no authorized contact, and no sub-account whose
        grant covers it."""
        terms = self.terms[line]
        if any(terms.authorized(ref) for _, ref in person.on(line)):
            return False
        grant = person.sub_accounts.get(line)
        return grant is None or not grant.covers(False, ())

    def on_sub_accounts(self, person: Person, line: str, method: str, email: str) -> int:
        """/api/v1/lines/{line}/sub-accounts[/{email}] with a body that names an object the
        contract does not have: a line the person does not act in is not found; only its
        client authority gets past the rights gate, up to the unknown object (422); a
        change or removal names a live sub-account of that line (else not found) whose
        grant (technical requests, every object) the authority itself reaches (else 403).
        A removal by whom it is allowed would succeed (200)."""
        if line not in person.lines:
            return 404
        terms = self.terms[line]
        refs = {ref for _, ref in person.on(line)} & terms.authority
        if not refs:
            return 403
        if method == "GET":
            return 200
        if method == "POST":
            return 422
        if email not in self.sub_accounts.get(line, set()):
            return 404
        if not any(terms.authorized(ref) for ref in refs):
            return 403
        return 422 if method == "PATCH" else 200

    def roles(self, person: Person, ticket: Ticket) -> frozenset[str]:
        terms = self.terms[ticket.line]
        pairs = person.on(ticket.line)
        parties = {party for party, _ in pairs}
        refs = {ref for _, ref in pairs}
        priority = terms.priority(ticket.scope, ticket.category)
        coordinator = terms.coordinator(priority)
        engaged = {terms.intake(priority), *(terms.layer_party(x) for x in ticket.check_layers)}
        engaged |= {terms.vendor_follow_through(v, coordinator) for v in ticket.vendor_cases}
        engaged.add(terms.update_owner(priority, vendors=bool(ticket.vendor_cases)))
        found = set()
        if ticket.accepted and person.email == ticket.opener:
            found.add("requester")
        if refs & terms.authority:
            found.add("client_authority")
        if coordinator in parties:
            found.add("coordinator")
        if parties & engaged:
            found.add("layer_party")
        if parties & set(ticket.vendor_cases):
            found.add("vendor_contact")
        if person.admin:
            found.add("administrator")
        return frozenset(found)

    def may(self, person: Person, ticket: Ticket, action: str) -> bool:
        confirms = self.terms[ticket.line].requester_confirms
        for role in self.roles(person, ticket):
            if action not in TABLE[role]:
                continue
            if role == "requester" and action in REQUESTER_CONFIRMS and not confirms:
                continue
            if action in HELD_REQUEST and not self._authorized_authority(person, ticket):
                continue
            return True
        return False

    def _authorized_authority(self, person: Person, ticket: Ticket) -> bool:
        terms = self.terms[ticket.line]
        refs = {ref for _, ref in person.on(ticket.line)}
        return any(terms.authorized(ref) for ref in refs & terms.authority)

    def sees(self, person: Person, ticket: Ticket) -> bool:
        return self.may(person, ticket, VIEW)

    def knows_of(self, person: Person, ticket: Ticket) -> bool:
        """Sees the ticket or at least its vendor case: a refusal may say "forbidden"."""
        return self.may(person, ticket, VIEW_VENDOR_CASE)

    def show(self, person: Person, ticket: Ticket) -> int:
        """GET /api/v1/tickets/{id}."""
        return 200 if self.sees(person, ticket) else 404

    def act(self, person: Person, ticket: Ticket, endpoint: str) -> int:
        """POST /api/v1/tickets/{id}/<endpoint> with a stale If-Match: an allowed action
        gets as far as the version check (412) and changes nothing."""
        usual, when_held = ENDPOINT_ACTIONS[endpoint]
        action = when_held if ticket.held else usual
        if not self.knows_of(person, ticket):
            return 404
        if action in OWN_SHARE:
            return 412 if self._on_own_share(person, ticket, action) else 403
        return 412 if self.may(person, ticket, action) else 403

    def _on_own_share(self, person: Person, ticket: Ticket, action: str) -> bool:
        """The coordinator acts on the shares coordination covers (not a party's check);
        a layer party on its own. The matrix's
        minimal bodies name no existing check or vendor case, so only the updates a
        party owes are a share a layer party holds here."""
        roles = self.roles(person, ticket)
        if "coordinator" in roles and action in TABLE["coordinator"]:
            return True
        if "layer_party" not in roles or action != POST_UPDATE:
            return False
        terms = self.terms[ticket.line]
        priority = terms.priority(ticket.scope, ticket.category)
        owner = terms.update_owner(priority, vendors=bool(ticket.vendor_cases))
        return owner in {party for party, _ in person.on(ticket.line)}

    def visible(self, person: Person, tickets: Iterable[Ticket]) -> set[int]:
        return {t.id for t in tickets if self.sees(person, t)}

    def reads_contract(self, person: Person, line: str) -> int:
        """GET /api/v1/lines/{line}/versions/{version}/drill and /appendix: anyone the
        line's contract names as a contact reads it; to anyone else, the administrator
        included, the line does not exist."""
        return 200 if person.on(line) else 404
