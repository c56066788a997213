"""The access matrix of the HTTP API, generated from the contracts.

One desk holds every example contract as its own line, and a second client of the
managed-hosting provider (tests/data/shared-hosting-second-client.yaml) whose provider
people are the same persons as in the example. Every person the contracts name gets a
real API token; tickets are built in every state the API reaches (held, new, in
progress, paused with layer checks and a vendor case, restored, reported). Then every
person calls every endpoint of the app (every operation of its OpenAPI document, so a
new endpoint without an expected answer fails the test) on every ticket, and the answer
must be the one `access_oracle` works out from the contract: allowed -> the request
gets past the rights gate, may not see -> 404, sees but may not -> 403. Every person
also opens requests on their lines and on a line not theirs, lists their tickets, and
asks every line's contract for its drill and appendix (404 unless the line is theirs).

Each line's primary contact adds a sub-account through the API (a person named in no
contract, who may open technical requests for every product): it is in the matrix like
everyone else, and every person calls the sub-account endpoints of every line, naming
that line's sub-account and another line's. At the end each primary contact removes
its sub-account, who then neither sees nor opens anything.

Actions are sent with a stale `If-Match`: an allowed action reaches the ticket's
version check and is refused there (412), so checking thousands of them changes
nothing. The actions that build the tickets are real, each taken by a person the
oracle says may take it. Finally, a contract with one authorization flipped is served
and the matrix of the original contract must no longer hold.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import yaml
from access_oracle import ENDPOINT_ACTIONS, Grant, Oracle, Person, Terms, Ticket, people_of
from fastapi import FastAPI
from fastapi.testclient import TestClient

from remit.api.app import create_app
from remit.api.server import bearer_caller
from remit.bootstrap import Desk
from remit.services.closure import WorkReport, write_report
from remit.services.contracts import load_contract_version
from remit.services.coordination import open_checks, vendor_case
from remit.services.people import add_person, issue_token

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).parents[2]
SOURCES = {
    "steppe": ROOT / "examples" / "mixed-environment.yaml",
    "havel-hosts": ROOT / "examples" / "hosted-app-it-provider-hosts.yaml",
    "havel-separate": ROOT / "examples" / "hosted-app-separate-hosting.yaml",
    "thameside": ROOT / "examples" / "managed-hosting-authorization.yaml",
    "riverbend": ROOT / "tests" / "data" / "shared-hosting-second-client.yaml",
}
ADMIN, OUTSIDER = "desk-admin@example.org", "walk-in@example.org"
TICKETS = "/api/v1/tickets"
NO_LINE = "no-such-line"
T = TypeVar("T")


def contract_data(line: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SOURCES[line].read_text(encoding="utf-8"))
    return data


# --- the app's endpoints ----------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    kind: str  # open, list, show, action, contract (a line's contract) or desk
    name: str = ""  # the action: the last path segment
    body: dict[str, Any] | None = None  # a minimal valid body of an action


def endpoints(app: FastAPI) -> tuple[list[Endpoint], list[str]]:
    """Every operation the app publishes in its OpenAPI document, and those the oracle has
    no answer for. (The document, not `app.routes`: FastAPI keeps the routes of an
    included router behind a private wrapper there.)"""
    document = app.openapi()
    found: list[Endpoint] = []
    unknown: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            endpoint = _classify(method.upper(), path, operation, document)
            if endpoint is None:
                unknown.append(f"{method.upper()} {path}")
            else:
                found.append(endpoint)
    return found, unknown


def _classify(
    method: str, path: str, operation: dict[str, Any], document: dict[str, Any]
) -> Endpoint | None:
    if path == TICKETS and method in ("POST", "GET"):
        return Endpoint(method, path, {"POST": "open", "GET": "list"}[method])
    if path == f"{TICKETS}/{{ticket_id}}" and method == "GET":
        return Endpoint(method, path, "show")
    action = path.removeprefix(f"{TICKETS}/{{ticket_id}}/")
    if method == "POST" and action in ENDPOINT_ACTIONS:
        return Endpoint(method, path, "action", action, minimal_body(operation, document))
    if path == f"{TICKETS}/{{ticket_id}}/outbox" and method == "GET":
        return Endpoint(method, path, "show")  # seen by whoever sees the ticket
    if path.startswith(SUB_ACCOUNTS):
        return Endpoint(method, path, "line", method, SUB_ACCOUNT_BODIES.get(method))
    if path in CONTRACT_READS and method == "GET":
        return Endpoint(method, path, "contract")  # a line's contract, not one ticket
    if path in DESK_WIDE:
        return Endpoint(method, path, "desk")  # not about one ticket: tests of its own
    return None


SUB_ACCOUNTS = "/api/v1/lines/{line}/sub-accounts"
# Bodies past the schema that the contract refuses (an object it does not have): an
# allowed call reaches that check (422) and changes nothing.
SUB_ACCOUNT_BODIES = {
    "POST": {"email": "new@matrix.example", "name": "New", "objects": ["no-such-object"]},
    "PATCH": {"objects": ["no-such-object"]},
}


# Readings of a line's contract: every person asks them on every line.
CONTRACT_READS = {
    "/api/v1/lines/{line}/versions/{version}/drill",
    "/api/v1/lines/{line}/versions/{version}/appendix",
}

# Endpoints about the caller or the desk rather than one ticket; test_api_tickets.py
# checks who may use them.
DESK_WIDE = {
    "/api/v1/lines",
    "/api/v1/lines/{line}/versions",
    "/api/v1/contracts/check",
    "/api/v1/people",
    "/api/v1/people/me",
    "/api/v1/people/me/tokens",
    "/api/v1/people/me/tokens/{name}/revoke",
    "/api/v1/people/{email}/tokens/{name}",
    "/api/v1/audit/verify",
}


def minimal_body(operation: dict[str, Any], document: dict[str, Any]) -> dict[str, Any] | None:
    """The smallest body the operation's request schema accepts: its required fields only."""
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    schema = _resolved(content["application/json"]["schema"], document, {})
    definitions = {**schema.get("$defs", {})}
    return {
        name: _minimal(schema["properties"][name], document, definitions)
        for name in schema.get("required", [])
    }


def _resolved(
    prop: dict[str, Any], document: dict[str, Any], definitions: dict[str, Any]
) -> dict[str, Any]:
    if "$ref" not in prop:
        return prop
    name = prop["$ref"].rsplit("/", 1)[1]
    found: dict[str, Any] = definitions.get(name) or document["components"]["schemas"][name]
    return found


def _minimal(prop: dict[str, Any], document: dict[str, Any], definitions: dict[str, Any]) -> Any:
    prop = _resolved(prop, document, definitions)
    if "enum" in prop:
        return prop["enum"][0]
    if "anyOf" in prop:
        chosen = next(p for p in prop["anyOf"] if p.get("type") != "null")
        return _minimal(chosen, document, definitions)
    kind = prop.get("type")
    if kind == "string":
        return "x" * max(1, prop.get("minLength", 1))
    if kind == "integer":
        return prop.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    raise AssertionError(f"no minimal value for {prop}")


# --- a desk served through the API, with a token for every person -----------------------


@dataclass
class Matrix:
    """The served desk, its people and tickets, and what the oracle expects of them."""

    desk: Desk
    app: FastAPI
    client: TestClient
    oracle: Oracle
    people: list[Person]
    tokens: dict[str, str] = field(default_factory=dict)
    tickets: list[Ticket] = field(default_factory=list)

    def headers(self, email: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[email]}", **extra}

    def person(self, email: str) -> Person:
        return next(p for p in self.people if p.email == email)

    def now(self) -> datetime:
        return self.desk.new_uow().clock()


@contextmanager
def serving(desk: Desk, texts: dict[str, str]) -> Iterator[Matrix]:
    """`desk` with one line per contract text, a token for every person, behind the API."""
    terms = [Terms(line, yaml.safe_load(text)) for line, text in texts.items()]
    now = desk.new_uow().clock()
    for line, text in texts.items():
        load_contract_version(
            uow=desk.new_uow(),
            text=text,
            source_name=f"{line}.yaml",
            actor="test",
            now=now,
            line=line,
        )
    add_person(
        uow=desk.new_uow(), email=ADMIN, name="Desk admin", is_admin=True, by="test", now=now
    )
    add_person(uow=desk.new_uow(), email=OUTSIDER, name="Walk-in", by="test", now=now)
    people = people_of(terms, [(ADMIN, True), (OUTSIDER, False)])
    app = create_app(desk, resolve_caller=bearer_caller)
    with TestClient(app) as client:
        matrix = Matrix(desk, app, client, Oracle(terms), people)
        for person in people:
            issued = issue_token(
                uow=desk.new_uow(), email=person.email, name="matrix", by="test", now=now
            )
            matrix.tokens[person.email] = issued.secret
        for line in terms:
            add_sub_account(matrix, line)
        yield matrix


def sub_account_of(line: str) -> str:
    return f"sub-account@{line}.example"


def add_sub_account(matrix: Matrix, terms: Terms) -> None:
    """The line's primary contact lets a new person open technical requests for every
    product, through the API; the person gets a token and joins the matrix."""
    assert terms.primary_contact is not None
    email, primary = sub_account_of(terms.line), terms.email_of(terms.primary_contact)
    body = {"email": email, "name": f"Sub-account of {terms.line}"}
    path = SUB_ACCOUNTS.replace("{line}", terms.line)
    answer = matrix.client.post(path, json=body, headers=matrix.headers(primary))
    assert answer.status_code == 201, answer.text
    now = matrix.now()
    issued = issue_token(uow=matrix.desk.new_uow(), email=email, name="m", by="test", now=now)
    matrix.tokens[email] = issued.secret
    matrix.people.append(Person(email, {}, sub_accounts={terms.line: Grant()}))
    matrix.oracle.sub_accounts.setdefault(terms.line, set()).add(email)


# --- tickets in every state the API reaches, built by people allowed to -----------------


@dataclass(frozen=True)
class Cast:
    """Who opens the requests of one line, chosen from its contract."""

    primary: str  # the primary contact's person
    unauthorized: str  # a person of the line whose requests are held
    sub_account: str  # an authorized requester who is no client authority
    category: str  # a category whose tickets the after-hours cover leaves alone


def cast_of(matrix: Matrix, line: str) -> Cast:
    terms = matrix.oracle.terms[line]
    assert terms.primary_contact is not None
    in_line = [p for p in matrix.people if p.on(line)]
    held = [p for p in in_line if matrix.oracle.opens_held(p, line)]
    client_held = [p for p in held if any(party == terms.client for party, _ in p.on(line))]
    subs = [
        p
        for p in in_line
        if not matrix.oracle.opens_held(p, line)
        and not {ref for _, ref in p.on(line)} & terms.authority
    ]
    category = next(
        name
        for name in terms.data["priorities"]["categories"]
        if not terms.after_hours_covered(terms.priority("user", name), name)
    )
    primary = terms.email_of(terms.primary_contact)
    return Cast(
        primary,
        (client_held or held)[0].email,
        (subs or [matrix.person(primary)])[0].email,
        category,
    )


def request_body(email: str, line: str, category: str, recipe: str) -> dict[str, str]:
    return {
        "title": f"{recipe} request of {email}",
        "symptoms": "the service answers with errors",
        "who_cannot_work": "one user",
        "scope": "user",
        "category": category,
        "line": line,
    }


def open_request(matrix: Matrix, line: str, email: str, category: str, recipe: str) -> Ticket:
    body = request_body(email, line, category, recipe)
    answer = matrix.client.post(TICKETS, json=body, headers=matrix.headers(email))
    return record_opened(matrix, line, email, category, recipe, answer.status_code, answer.json())


def record_opened(
    matrix: Matrix,
    line: str,
    email: str,
    category: str,
    recipe: str,
    status: int,
    answer: dict[str, Any],
) -> Ticket:
    """The ticket the API answered an opening with, as the oracle expects it."""
    assert status == 201, answer
    held = matrix.oracle.opens_held(matrix.person(email), line)
    assert answer["state"] == ("held" if held else "new")
    assert answer["version"] > 0  # "{id}.0" is a stale If-Match
    ticket = Ticket(answer["id"], line, recipe, email, category, "user", held, not held)
    matrix.tickets.append(ticket)
    return ticket


def act(
    matrix: Matrix, ticket: Ticket, name: str, actor: str, body: dict[str, Any] | None = None
) -> None:
    """Take the action for real as `actor`, whom the oracle must let take it."""
    assert matrix.oracle.act(matrix.person(actor), ticket, name) == 412, (actor, name)
    path = f"{TICKETS}/{ticket.id}/{name}"
    answer = matrix.client.post(path, json=body, headers=matrix.headers(actor))
    assert answer.status_code == 200, f"{actor} {name}: {answer.text}"


def coordinating(matrix: Matrix, ticket: Ticket) -> str:
    """The person of the ticket's coordinating party who takes its coordination actions."""
    terms = matrix.oracle.terms[ticket.line]
    return terms.email_of(coordinator_ref(matrix, ticket))


def coordinator_ref(matrix: Matrix, ticket: Ticket) -> str:
    terms = matrix.oracle.terms[ticket.line]
    party = terms.coordinator(terms.priority(ticket.scope, ticket.category))
    return sorted(ref for ref in terms.contacts if ref.startswith(f"{party}."))[0]


def engage(matrix: Matrix, ticket: Ticket) -> None:
    """Layer checks to every other party with a layer, and a case with the first vendor."""
    terms, by = matrix.oracle.terms[ticket.line], coordinator_ref(matrix, ticket)
    owners: dict[str, str] = {}
    for layer in terms.data["layers"]:
        owners.setdefault(terms.layer_party(layer), layer)
    coordinator = by.split(".", 1)[0]
    layers = tuple(layer for party, layer in owners.items() if party != coordinator)
    now = matrix.now()
    open_checks(uow=matrix.desk.new_uow(), ticket_id=ticket.id, by=by, now=now, layers=layers)
    vendor = terms.data["vendors"][0]["vendor"]
    vendor_case(
        uow=matrix.desk.new_uow(),
        ticket_id=ticket.id,
        vendor=vendor,
        case_ref=f"M-{ticket.id}",
        by=by,
        now=now,
    )
    ticket.check_layers, ticket.vendor_cases = layers, (vendor,)


def pause_reason(matrix: Matrix, ticket: Ticket) -> str | None:
    terms, coordinator = matrix.oracle.terms[ticket.line], coordinator_ref(matrix, ticket)
    party = coordinator.split(".", 1)[0]
    for rule in terms.data["pauses"]:
        if rule.get("attributed_to") and (not rule.get("set_by") or party in rule["set_by"]):
            return str(rule["reason"])
    return None


def report(matrix: Matrix, ticket: Ticket) -> None:
    by = coordinator_ref(matrix, ticket)
    client = sorted(matrix.oracle.terms[ticket.line].refs_of(ticket.opener))[0]
    work = WorkReport(
        cause="a worn-out disk",
        actions="replaced the disk",
        provider_participants=(by,),
        client_participants=(client,),
        recurrence_risk="low",
    )
    write_report(
        uow=matrix.desk.new_uow(), ticket_id=ticket.id, by=by, report=work, now=matrix.now()
    )


def held(matrix: Matrix, line: str, cast: Cast) -> None:
    open_request(matrix, line, cast.unauthorized, cast.category, "held")


def new(matrix: Matrix, line: str, cast: Cast) -> None:
    open_request(matrix, line, cast.primary, cast.category, "new")


def in_progress(matrix: Matrix, line: str, cast: Cast) -> None:
    """A held request an authority confirms, then taken into work."""
    ticket = open_request(matrix, line, cast.unauthorized, cast.category, "in_progress")
    act(matrix, ticket, "confirm", cast.primary)
    ticket.held, ticket.accepted = False, True
    act(matrix, ticket, "take", coordinating(matrix, ticket))


def paused(matrix: Matrix, line: str, cast: Cast) -> None:
    """Layer checks and a vendor case open, then paused for a reason of the contract."""
    ticket = open_request(matrix, line, cast.sub_account, cast.category, "paused")
    coordinator = coordinating(matrix, ticket)
    act(matrix, ticket, "take", coordinator)
    engage(matrix, ticket)
    reason = pause_reason(matrix, ticket)
    if reason is not None:
        act(matrix, ticket, "pause", coordinator, {"reason": reason})


def restored(matrix: Matrix, line: str, cast: Cast) -> None:
    ticket = open_request(matrix, line, cast.primary, cast.category, "restored")
    coordinator = coordinating(matrix, ticket)
    act(matrix, ticket, "take", coordinator)
    act(matrix, ticket, "restore", coordinator, {})


def reported(matrix: Matrix, line: str, cast: Cast) -> None:
    """Restored and reported; its requester is a sub-account, not a client authority."""
    ticket = open_request(matrix, line, cast.sub_account, cast.category, "reported")
    coordinator = coordinating(matrix, ticket)
    act(matrix, ticket, "take", coordinator)
    act(matrix, ticket, "restore", coordinator, {})
    report(matrix, ticket)


def by_sub_account(matrix: Matrix, line: str, cast: Cast) -> None:
    """A request of the sub-account the primary contact added, taken into work."""
    ticket = open_request(matrix, line, sub_account_of(line), cast.category, "sub_account")
    act(matrix, ticket, "take", coordinating(matrix, ticket))


Recipe = Callable[[Matrix, str, Cast], None]
EVERY_STATE: tuple[Recipe, ...] = (
    held,
    new,
    in_progress,
    paused,
    restored,
    reported,
    by_sub_account,
)


def build(matrix: Matrix, line: str, recipes: tuple[Recipe, ...] = EVERY_STATE) -> None:
    cast = cast_of(matrix, line)
    for recipe in recipes:
        recipe(matrix, line, cast)


# --- asking the API ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    email: str
    endpoint: Endpoint
    ticket: Ticket

    def __str__(self) -> str:
        where = self.endpoint.path.replace("{ticket_id}", str(self.ticket.id))
        return f"{self.email} {self.endpoint.method} {where} ({self.ticket.line}, {self.ticket.recipe})"


KNOWN_SHARE = 6  # endpoints each person who knows of a ticket calls on it, in turn


def cases(matrix: Matrix, on_ticket: list[Endpoint], tickets: list[Ticket]) -> Iterator[Case]:
    """Each person who may know of a ticket calls `KNOWN_SHARE` of its endpoints, taken in
    turn so that, across the ticket's people, every endpoint is called on it (a ticket
    has a dozen people who know of it). Anyone else calls one, in turn, so each endpoint
    meets every tenant's tickets: any answer but 404 shows a ticket they should not know
    of, whichever endpoint asks."""
    turn = itertools.cycle(on_ticket)
    for ticket in tickets:
        known = itertools.cycle(on_ticket)
        for person in matrix.people:
            if matrix.oracle.knows_of(person, ticket):
                share = [next(known) for _ in range(KNOWN_SHARE)]
                yield from (Case(person.email, e, ticket) for e in share)
            else:
                yield Case(person.email, next(turn), ticket)


def ask(matrix: Matrix, every: list[Case]) -> list[tuple[Case, int]]:
    """The API's answer to every case."""

    async def one(client: httpx.AsyncClient, case: Case) -> tuple[Case, int]:
        return case, await _send(client, matrix, case)

    return run_all(matrix, [partial(one, case=case) for case in every])


def run_all(matrix: Matrix, calls: list[Callable[[httpx.AsyncClient], Awaitable[T]]]) -> list[T]:
    """Each call's result, in order, through one in-process client on one event loop.
    PostgreSQL answers several requests at once; SQLite takes one writer at a time and
    each transaction of the desk begins as a writer, so there they go one by one."""
    at_once = 8 if matrix.desk.engine.dialect.name == "postgresql" else 1
    return asyncio.run(_run_all(matrix.app, calls, at_once))


async def _run_all(
    app: FastAPI, calls: list[Callable[[httpx.AsyncClient], Awaitable[T]]], at_once: int
) -> list[T]:
    gate = asyncio.Semaphore(at_once)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:

        async def one(call: Callable[[httpx.AsyncClient], Awaitable[T]]) -> T:
            async with gate:
                return await call(client)

        return list(await asyncio.gather(*(one(call) for call in calls)))


async def _send(client: httpx.AsyncClient, matrix: Matrix, case: Case) -> int:
    path = case.endpoint.path.replace("{ticket_id}", str(case.ticket.id))
    if case.endpoint.kind == "show":
        answer = await client.get(path, headers=matrix.headers(case.email))
    else:
        stale = {"If-Match": f'"{case.ticket.id}.0"'}  # an allowed action stops at 412
        headers = matrix.headers(case.email, **stale)
        answer = await client.post(path, json=case.endpoint.body, headers=headers)
    return answer.status_code


def disagreements(matrix: Matrix, observed: list[tuple[Case, int]], oracle: Oracle) -> list[str]:
    """The answers that are not what `oracle` expects."""
    wrong = []
    for case, got in observed:
        person = matrix.person(case.email)
        expected = (
            oracle.show(person, case.ticket)
            if case.endpoint.kind == "show"
            else oracle.act(person, case.ticket, case.endpoint.name)
        )
        if got != expected:
            wrong.append(f"{case}: expected {expected}, got {got}")
    return wrong


def opening(matrix: Matrix, category: dict[str, str]) -> list[str]:
    """Every person opens a request on each line they act in, and names a line they do
    not: that reads as a line that does not exist. Someone in no line may open nothing.
    The requests go out together, as `ask` sends its cases."""
    own = [(p, line) for p in matrix.people for line in sorted(p.lines)]
    foreign = [
        (p, line)
        for p in matrix.people
        if (line := next((x for x in sorted(category) if x not in p.lines), None)) is not None
    ]
    calls = [
        partial(_open_on, matrix=matrix, email=p.email, line=line, category=category[line])
        for p, line in own
    ]
    for person, line in foreign:
        for named in (line, NO_LINE):
            calls.append(
                partial(
                    _open_on, matrix=matrix, email=person.email, line=named, category=category[line]
                )
            )
    answers = run_all(matrix, calls)
    for (person, line), (status, body) in zip(own, answers, strict=False):
        record_opened(matrix, line, person.email, category[line], "opened", status, body)
    wrong = []
    for index, (person, line) in enumerate(foreign):
        (status, theirs), nowhere = answers[len(own) + 2 * index : len(own) + 2 * index + 2]
        detail = str(theirs.get("detail"))
        if not person.lines:
            if status != 403:
                wrong.append(f"{person.email}, in no line, opens on {line}: got {status}")
            continue
        expected = (nowhere[0], str(nowhere[1].get("detail")))
        if (status, detail.replace(line, NO_LINE)) != expected or status != 422:
            wrong.append(f"{person.email} opens on {line}: {detail}, unlike {expected}")
    return wrong


async def _open_on(
    client: httpx.AsyncClient, *, matrix: Matrix, email: str, line: str, category: str
) -> tuple[int, dict[str, Any]]:
    body = request_body(email, line, category, "opened")
    answer = await client.post(TICKETS, json=body, headers=matrix.headers(email))
    found: dict[str, Any] = answer.json()
    return answer.status_code, found


def listing(matrix: Matrix) -> list[str]:
    """Each person's list holds exactly the tickets the oracle lets them see."""

    async def one(client: httpx.AsyncClient, person: Person) -> str | None:
        params = {"limit": 500}
        answer = await client.get(TICKETS, params=params, headers=matrix.headers(person.email))
        assert answer.status_code == 200, answer.text
        got = {item["id"] for item in answer.json()["items"]}
        expected = matrix.oracle.visible(person, matrix.tickets)
        if got == expected and answer.json()["total"] == len(expected):
            return None
        return (
            f"{person.email} lists {sorted(got)} (total {answer.json()['total']}), "
            f"expected {sorted(expected)}"
        )

    found = run_all(matrix, [partial(one, person=person) for person in matrix.people])
    return [wrong for wrong in found if wrong is not None]


@dataclass(frozen=True)
class LineCase:
    """A person calling a sub-account endpoint of a line, naming the sub-account `target`."""

    email: str
    endpoint: Endpoint
    line: str
    target: str = ""

    @property
    def path(self) -> str:
        return self.endpoint.path.replace("{line}", self.line).replace("{email}", self.target)

    def __str__(self) -> str:
        return f"{self.email} {self.endpoint.method} {self.path}"


def line_cases(matrix: Matrix, on_line: list[Endpoint]) -> Iterator[LineCase]:
    """Who acts in a line calls each of its sub-account endpoints, naming that line's
    sub-account and the next line's; anyone else calls one, in turn. A removal that
    would succeed is left to `removals`."""
    lines = sorted(matrix.oracle.terms)
    turn = itertools.cycle(on_line)
    for person in matrix.people:
        for at, line in enumerate(lines):
            if line not in person.lines:
                endpoint = next(turn)
                yield LineCase(person.email, endpoint, line, sub_account_of(line))
                continue
            others = (sub_account_of(line), sub_account_of(lines[(at + 1) % len(lines)]))
            for endpoint in on_line:
                for target in others if "{email}" in endpoint.path else ("",):
                    case = LineCase(person.email, endpoint, line, target)
                    if endpoint.method == "DELETE" and _expected(matrix, case) == 200:
                        continue
                    yield case


def _expected(matrix: Matrix, case: LineCase) -> int:
    person = matrix.person(case.email)
    return matrix.oracle.on_sub_accounts(person, case.line, case.endpoint.method, case.target)


def ask_lines(matrix: Matrix, every: list[LineCase]) -> list[str]:
    """The sub-account answers that are not what the oracle expects."""

    async def one(client: httpx.AsyncClient, case: LineCase) -> str | None:
        answer = await client.request(
            case.endpoint.method,
            case.path,
            json=case.endpoint.body,
            headers=matrix.headers(case.email),
        )
        expected = _expected(matrix, case)
        if answer.status_code == expected:
            return None
        return f"{case}: expected {expected}, got {answer.status_code} {answer.text[:200]}"

    found = run_all(matrix, [partial(one, case=case) for case in every])
    return [wrong for wrong in found if wrong is not None]


def removals(matrix: Matrix, category: dict[str, str]) -> list[str]:
    """Each primary contact removes its sub-account, who then sees none of its tickets
    (the primary contact still does) and may open nothing; nobody else changed."""
    wrong = []
    for line, terms in sorted(matrix.oracle.terms.items()):
        assert terms.primary_contact is not None
        sub, primary = sub_account_of(line), terms.email_of(terms.primary_contact)
        path = f"{SUB_ACCOUNTS.replace('{line}', line)}/{sub}"
        gone = matrix.client.delete(path, headers=matrix.headers(primary))
        if gone.status_code != 200:
            wrong.append(f"{primary} removes {sub}: got {gone.status_code} {gone.text}")
        for ticket in (t for t in matrix.tickets if t.opener == sub):
            where = f"{TICKETS}/{ticket.id}"
            seen = matrix.client.get(where, headers=matrix.headers(sub)).status_code
            kept = matrix.client.get(where, headers=matrix.headers(primary)).status_code
            if (seen, kept) != (404, 200):
                wrong.append(f"removed {sub} GET {where}: {seen}; {primary}: {kept}")
        listed = matrix.client.get(TICKETS, headers=matrix.headers(sub)).json()
        opening = partial(_open_on, matrix=matrix, email=sub, line=line, category=category[line])
        [(status, _)] = run_all(matrix, [opening])
        if (listed["total"], status) != (0, 403):
            wrong.append(f"removed {sub} lists {listed['total']} tickets, opens: {status}")
    return wrong


def reading(matrix: Matrix, readings: list[Endpoint], category: dict[str, str]) -> list[str]:
    """Every person asks each line's contract for its drill (one of the line's objects,
    now) and its appendix: the line's people get it, anyone else finds no such line."""

    async def one(client: httpx.AsyncClient, person: Person, line: str, path: str) -> str | None:
        objects = list(matrix.oracle.terms[line].data["objects"])
        query = {"object": objects[0], "scope": "user", "category": category[line]}
        params = query if path.endswith("/drill") else {"format": "md"}
        url = path.replace("{line}", line).replace("{version}", "1")
        answer = await client.get(url, params=params, headers=matrix.headers(person.email))
        expected = matrix.oracle.reads_contract(person, line)
        if answer.status_code == expected:
            return None
        return f"{person.email} GET {url}: expected {expected}, got {answer.status_code}"

    calls = [
        partial(one, person=person, line=line, path=endpoint.path)
        for person in matrix.people
        for line in matrix.oracle.terms
        for endpoint in readings
    ]
    return [wrong for wrong in run_all(matrix, calls) if wrong is not None]


def report_of(wrong: list[str]) -> str:
    shown = "\n".join(wrong[:40])
    return f"{len(wrong)} answers differ from the contract's matrix:\n{shown}"


# --- the tests --------------------------------------------------------------------------


def test_every_endpoint_of_the_app_has_an_expected_answer(desk: Desk) -> None:
    found, unknown = endpoints(create_app(desk, resolve_caller=bearer_caller))
    assert unknown == [], "add these endpoints to the access-matrix oracle"
    kinds = {"open", "list", "show", "action", "contract", "desk", "line"}
    assert {e.kind for e in found} == kinds
    assert {e.method for e in found if e.kind == "line"} == {"GET", "POST", "PATCH", "DELETE"}
    assert {e.name for e in found if e.kind == "action"} == set(ENDPOINT_ACTIONS)


# The matrix runs against PostgreSQL, which CI always has (CI=true); SQLite answers one
# writer at a time and would only repeat the same answers more slowly.
ON_POSTGRES = pytest.mark.parametrize("committing_url", ["postgres"], indirect=True)


@ON_POSTGRES
def test_every_person_gets_the_answer_the_contracts_give_them(committing_desk: Desk) -> None:
    texts = {line: path.read_text(encoding="utf-8") for line, path in SOURCES.items()}
    with serving(committing_desk, texts) as matrix:
        found, unknown = endpoints(matrix.app)
        assert unknown == [], "add these endpoints to the access-matrix oracle"
        for line in SOURCES:
            build(matrix, line)
        built = list(matrix.tickets)
        categories = {line: cast_of(matrix, line).category for line in SOURCES}
        wrong = opening(matrix, categories)
        on_ticket = [e for e in found if e.kind in ("show", "action")]
        every = list(cases(matrix, on_ticket, built))
        observed = ask(matrix, every)
        wrong += disagreements(matrix, observed, matrix.oracle) + listing(matrix)
        on_line = list(line_cases(matrix, [e for e in found if e.kind == "line"]))
        wrong += ask_lines(matrix, on_line)
        wrong += removals(matrix, categories)
        wrong += reading(matrix, [e for e in found if e.kind == "contract"], categories)
    assert len(every) > 3000
    assert {_expected(matrix, case) for case in on_line} == {200, 403, 404, 422}
    called = {(case.ticket.id, case.endpoint.path) for case in every}
    assert called >= {(t.id, e.path) for t in built for e in on_ticket}  # each, on each
    assert {status for _, status in observed} >= {200, 403, 404, 412}
    assert not wrong, report_of(wrong)


def _flip_coordinator(data: dict[str, Any]) -> None:
    data["coordination"]["coordinator"] = "agency"


def _flip_primary_contact(data: dict[str, Any]) -> None:
    data["authorization"]["primary_contact"] = "client.it"


def _flip_completion_confirmer(data: dict[str, Any]) -> None:
    del data["access"]["completion_confirmed_by"]


FLIPS = {
    "the agency coordinates instead of the provider": _flip_coordinator,
    "client.it is the primary contact instead of client.digital": _flip_primary_contact,
    "nobody is named to confirm completion (the requester does)": _flip_completion_confirmer,
}


@ON_POSTGRES
@pytest.mark.parametrize("flip", list(FLIPS))
def test_the_matrix_of_a_contract_fails_when_one_authorization_in_it_flips(
    committing_desk: Desk, flip: str
) -> None:
    original = contract_data("thameside")
    flipped = copy.deepcopy(original)
    FLIPS[flip](flipped)
    shared = SOURCES["riverbend"].read_text(encoding="utf-8")
    texts = {"thameside": yaml.safe_dump(flipped, sort_keys=False), "riverbend": shared}
    with serving(committing_desk, texts) as matrix:
        build(matrix, "thameside", (held, new, reported))
        on_ticket = [e for e in endpoints(matrix.app)[0] if e.kind in ("show", "action")]
        observed = ask(matrix, list(cases(matrix, on_ticket, matrix.tickets)))
        as_served = disagreements(matrix, observed, matrix.oracle)
        before = Oracle([Terms("thameside", original), Terms("riverbend", yaml.safe_load(shared))])
        as_signed = disagreements(matrix, observed, before)
    assert not as_served, report_of(as_served)
    assert as_signed, "the matrix of the original contract did not notice the change"
