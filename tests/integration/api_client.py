"""A desk served through the HTTP API, and people with real API tokens, for API tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from audit_key import TEST_KEY
from fresh_databases import Templates, drop_postgres
from remit.api.app import create_app
from remit.api.server import bearer_caller
from remit.bootstrap import Desk, desk_for_engine
from remit.services.contracts import load_contract_version
from remit.services.people import add_person, issue_token
from remit.store.engine import make_engine

EXAMPLES = Path(__file__).parents[2] / "examples"
LINES = {
    "steppe": "mixed-environment.yaml",
    "thameside": "managed-hosting-authorization.yaml",
}
# who is who in the two example contracts
REQUESTER = "d.ospanov@example.kz"  # client.it_head, the primary contact (authority)
DUTY_ADMIN = "s.pak@example.kz"  # client.duty_admin, an authorized requester
COORDINATOR = "duty@tengri.example.kz"  # osdb.duty_engineer: osdb coordinates
APPS = "oncall@qazaqsoft.example.kz"  # apps.oncall: a layer party when engaged
OTHER_CLIENT = "p.raman@thameside.example.co.uk"  # the other line's primary contact
ADMIN = "desk-admin@example.org"  # an administrator named in no contract


@dataclass
class Served:
    desk: Desk
    client: TestClient
    tokens: dict[str, str]

    def as_(self, email: str, **headers: str) -> dict[str, str]:
        """The headers of a request by `email`; `If_Match="..."` is sent as `If-Match`."""
        named = {name.replace("_", "-"): value for name, value in headers.items()}
        return {"Authorization": f"Bearer {self.tokens[email]}", **named}

    def post(self, email: str, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(path, json=body, headers=self.as_(email, **headers))

    def get(self, email: str, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.as_(email))


def load_lines(desk: Desk) -> None:
    for key, name in LINES.items():
        load_contract_version(
            uow=desk.new_uow(),
            text=(EXAMPLES / name).read_text(encoding="utf-8"),
            source_name=name,
            actor="test",
            now=datetime(2026, 3, 1, tzinfo=UTC),
            line=key,
        )


def prepare(desk: Desk, people: tuple[str, ...] = ()) -> dict[str, str]:
    """Both example lines loaded, an administrator, and a token for each person, by e-mail."""
    load_lines(desk)
    now = datetime.now(UTC)
    add_person(
        uow=desk.new_uow(), email=ADMIN, name="Desk admin", is_admin=True, by="test", now=now
    )
    everyone = people or (REQUESTER, DUTY_ADMIN, COORDINATOR, APPS, OTHER_CLIENT, ADMIN)
    return {
        email: issue_token(uow=desk.new_uow(), email=email, name="tests", by="test", now=now).secret
        for email in everyone
    }


@contextmanager
def serving(desk: Desk, tokens: dict[str, str]) -> Iterator[Served]:
    with TestClient(create_app(desk, resolve_caller=bearer_caller)) as client:
        yield Served(desk, client, tokens)


@contextmanager
def served(desk: Desk, people: tuple[str, ...] = ()) -> Iterator[Served]:
    """`desk` with both example lines loaded, behind the API, and a token for each person."""
    with serving(desk, prepare(desk, people)) as found:
        yield found


def seed_of(
    people: tuple[str, ...] = (), then: Callable[[Served], None] | None = None
) -> Callable[[str], dict[str, str]]:
    """What `Templates.seeded` builds once: `prepare` on the database at a URL, then
    `then` through the API; it returns the tokens."""

    def seed(url: str) -> dict[str, str]:
        desk = desk_for_engine(make_engine(url), TEST_KEY)
        try:
            tokens = prepare(desk, people)
            if then is not None:
                with serving(desk, tokens) as api:
                    then(api)
            return tokens
        finally:
            desk.close()

    return seed


@contextmanager
def served_copy(
    templates: Templates, engine: str, target: Path, name: str, seed: Callable[[str], Any]
) -> Iterator[Served]:
    """A desk of its own, copied from the one `seed` built once under `name`, served."""
    url, tokens = templates.seeded(name, engine, seed, target)
    desk = desk_for_engine(make_engine(url), TEST_KEY)
    try:
        with serving(desk, tokens) as found:
            yield found
    finally:
        desk.close()
        if engine == "postgres":
            drop_postgres(url)


OUTAGE = {
    "title": "Checkout is down in every shop",
    "symptoms": "the POS cannot reach the database",
    "who_cannot_work": "all cashiers",
    "scope": "organization",
    "category": "outage",
    "objects": ["retail-db"],
}


def problem(response: Any, status: int) -> dict[str, Any]:
    """The problem+json body of `response`, which must have answered `status`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body
