"""Schemathesis against the API's own /openapi.json, on SQLite and PostgreSQL.

Every operation gets a bounded number of generated requests, valid and invalid, sent
with a real bearer token of a person who can act on it; most of them name tickets that
exist, in several states. Each answer must keep the document's promises: no 5xx, a
documented status, a body and headers that match their schema, authentication
enforced, and every error as `application/problem+json` with `type`, `title`, `status`
and `detail`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_client import COORDINATOR, OUTAGE, REQUESTER, Served, seed_of, served_copy
from hypothesis import HealthCheck, settings
from schemathesis import Case, CheckContext, HookContext, Response
from schemathesis.config import SchemathesisConfig

from audit_key import TEST_KEY
from fresh_databases import Templates
from remit.api.app import create_app
from remit.api.server import bearer_caller
from remit.bootstrap import desk_for_engine
from remit.store.engine import make_engine

EXAMPLES_PER_OPERATION = 20
PROBLEM = "application/problem+json"
# The tickets the fixture opens on a fresh database, and the steps each has been through.
SEEDED = {1: (), 2: ("take",), 3: ("take", "restore"), 4: ("take", "pause")}
PAUSE = {"reason": "no_access", "note": "waiting for the VPN account"}
SUB_ACCOUNT = "kassa.lead@partner.example"  # the primary contact's sub-account

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,  # the same requests on every run: CI fails on the code only
            "database": "none",
            # The token is the caller's own (below), never generated; and, as HTTP APIs
            # do, the API ignores query parameters and headers it does not define.
            "with-security-parameters": False,
            "allow-extra-parameters": False,
        },
        # Values the contract knows, so that many requests get past its checks: the
        # tickets that exist, the contract's categories, objects and pause reasons, its
        # line and version.
        "dictionaries": {
            "tickets": {"values": list(SEEDED)},
            "categories": {"values": ["outage", "degradation", "request", "integration"]},
            "objects": {"values": ["retail-db", "acc-db", "app-1c-01"]},
            "pause_reasons": {"values": ["no_access", "no_approver", "external_provider"]},
            "lines": {"values": ["steppe"]},
            "sub_accounts": {"values": [SUB_ACCOUNT]},
            "versions": {"values": [1]},
            "any_version": {"values": ["*"]},
        },
        "parameters": {
            "path.ticket_id": {"dictionary": "tickets", "probability": 0.8},
            "body.category": {"dictionary": "categories", "probability": 0.8},
            "body.objects[*]": {"dictionary": "objects", "probability": 0.8},
            "body.reason": {"dictionary": "pause_reasons", "probability": 0.5},
            "body.line": {"dictionary": "lines", "probability": 0.5},
            "path.line": {"dictionary": "lines", "probability": 0.8},
            "path.email": {"dictionary": "sub_accounts", "probability": 0.8},
            "path.version": {"dictionary": "versions", "probability": 0.8},
            "query.object[*]": {"dictionary": "objects", "probability": 0.8},
            "query.category": {"dictionary": "categories", "probability": 0.8},
            "header.If-Match": {"dictionary": "any_version", "probability": 0.5},
        },
        "phases": {"stateful": {"enabled": False}},
        # A request can match the schema and still be refused: the category, pause reason
        # and line are the contract's own, the ticket's state decides what may happen, an
        # ETag may be stale. Those refusals are documented (409, 412, 422); the other checks
        # hold every answer to the document.
        "checks": {"positive_data_acceptance": {"enabled": False}},
    }
)


def _document_app() -> object:
    """The app as `remit serve` builds it; serving /openapi.json needs no database."""
    return create_app(
        desk_for_engine(make_engine("sqlite://"), TEST_KEY), resolve_caller=bearer_caller
    )


schema = schemathesis.openapi.from_asgi("/openapi.json", _document_app(), config=CONFIG)


# Query parameters that are lists of text. A query string carries only text, so a
# boolean or number generated as an "invalid" item reaches the API as valid text
# (`priority=false` names a priority called "false"): send it as the text it is.
TEXT_LISTS = ("state", "priority")


@schema.hook
def map_query(_ctx: HookContext, query: dict[str, Any] | None) -> dict[str, Any] | None:
    for name in TEXT_LISTS:
        items = (query or {}).get(name)
        if query is not None and items is not None and not isinstance(items, dict):
            query[name] = [_text(item) for item in (items if isinstance(items, list) else [items])]
    return query


def _text(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int | float) else value


def _seed_tickets(api: Served) -> None:
    assert api.client.get("/openapi.json").json() == schema.raw_schema
    for number, steps in SEEDED.items():
        ticket = api.post(REQUESTER, "/api/v1/tickets", OUTAGE).json()
        assert ticket["id"] == number
        for step in steps:
            path = f"/api/v1/tickets/{number}/{step}"
            assert api.post(COORDINATOR, path, PAUSE if step == "pause" else None).is_success
    added = {"email": SUB_ACCOUNT, "name": "Kassa Lead", "objects": ["retail-db"]}
    assert api.post(REQUESTER, "/api/v1/lines/steppe/sub-accounts", added).is_success


SEED = seed_of((REQUESTER, COORDINATOR), _seed_tickets)


@pytest.fixture
def fuzzed(engine_name: str, templates: Templates, tmp_path: Path) -> Iterator[Served]:
    """A fresh desk behind the API, with tickets in several states to aim at: each
    operation gets a copy of one such desk built once per session."""
    with served_copy(templates, engine_name, tmp_path / "desk.db", "fuzzed", SEED) as api:
        yield api


def _caller(case: Case) -> str:
    """Who sends the request: the client's primary contact opens, confirms, rejects and
    reopens, and manages sub-accounts; the coordinator does the rest."""
    path = case.operation.path
    opens = case.operation.method.upper() == "POST" and path == "/api/v1/tickets"
    by_client = path.endswith(("/confirm", "/reject", "/reopen")) or "/sub-accounts" in path
    return REQUESTER if opens or by_client else COORDINATOR


def problem_details(_ctx: CheckContext, response: Response, case: Case) -> None:
    """Every error is problem+json with type, title, status and detail."""
    if response.status_code < 400:
        return
    kind = response.headers.get("content-type", [""])[0]
    assert kind.startswith(PROBLEM), f"{case.operation.label}: {response.status_code} as {kind}"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body), body
    assert body["status"] == response.status_code, body


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # one desk per operation
def test_every_operation_keeps_the_promises_of_its_openapi_document(
    case: Case, fuzzed: Served
) -> None:
    case.call_and_validate(
        app=fuzzed.client.app,
        headers=fuzzed.as_(_caller(case)),
        additional_checks=[problem_details],
    )
