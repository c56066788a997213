"""Requests the schema fuzzing (test_api_schemathesis.py) found mishandled, each pinned
on both engines: the answer is the documented problem, never a 500."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_client import COORDINATOR, OUTAGE, REQUESTER, Served, seed_of, served_copy
from api_client import problem as _problem

from fresh_databases import Templates

PROBLEM = "application/problem+json"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _one_ticket(api: Served) -> None:
    assert api.post(REQUESTER, "/api/v1/tickets", OUTAGE).status_code == 201


SEED = seed_of((REQUESTER, COORDINATOR), _one_ticket)


@pytest.fixture
def api(engine_name: str, templates: Templates, tmp_path: Path) -> Iterator[Served]:
    """A desk of its own with one ticket (a copy of one built once per session)."""
    with served_copy(templates, engine_name, tmp_path / "desk.db", "fuzz", SEED) as found:
        yield found


def test_a_ticket_id_out_of_range_is_an_invalid_request(api: Served) -> None:
    for ticket_id in (2**31, 2**63, 0, -1):
        body = _problem(api.get(COORDINATOR, f"/api/v1/tickets/{ticket_id}"), 422)
        assert body["errors"][0]["at"] == "path.ticket_id"
        _problem(api.post(COORDINATOR, f"/api/v1/tickets/{ticket_id}/restore", {}), 422)
    assert api.get(COORDINATOR, f"/api/v1/tickets/{2**31 - 1}").status_code == 404


def test_due_before_must_be_an_instant_with_its_offset(api: Served) -> None:
    for instant in ("0.5", "1700000000", "2026-03-08T02:10:00", "2026-03-08"):
        body = _problem(api.get(COORDINATOR, "/api/v1/tickets", due_before=instant), 422)
        assert body["errors"][0]["at"] == "query.due_before", instant


def test_due_before_with_an_offset_filters(api: Served) -> None:
    far = api.get(COORDINATOR, "/api/v1/tickets", due_before="2999-01-01T00:00:00+05:00")
    assert far.json()["total"] == 1
    past = api.get(COORDINATOR, "/api/v1/tickets", due_before="2000-01-01T00:00:00Z")
    assert past.json()["total"] == 0


def test_a_cursor_with_numbers_no_page_has_is_refused(api: Served) -> None:
    for position in ("[Infinity, 0, 1]", "[0, 1e400, 1]", "[0, NaN, 1]", "[0, 0, 1e400]"):
        cursor = base64.urlsafe_b64encode(position.encode()).decode()
        body = _problem(api.get(COORDINATOR, "/api/v1/tickets", cursor=cursor), 422)
        assert body["type"].endswith("invalid_cursor"), position


def test_a_method_the_path_lacks_is_refused_with_every_allowed_method(api: Served) -> None:
    refused = api.client.options("/api/v1/tickets", headers=api.as_(COORDINATOR))
    _problem(refused, 405)
    assert {m.strip() for m in refused.headers["Allow"].split(",")} == {"GET", "POST"}
    on_ticket = api.client.delete("/api/v1/tickets/1", headers=api.as_(COORDINATOR))
    _problem(on_ticket, 405)
    assert {m.strip() for m in on_ticket.headers["Allow"].split(",")} == {"GET"}


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_schema_the_openapi_document_refers_to_is_in_it(api: Served) -> None:
    """The bodies of ticket actions once referred to `#/$defs/...`, which the document
    does not have, so no client (nor the fuzzer) could build a valid pause."""
    document = api.client.get("/openapi.json").json()
    named = document["components"]["schemas"]
    refs = set(_refs(document))
    assert {"#/components/schemas/Pause", "#/components/schemas/Side"} <= refs
    assert {ref.removeprefix("#/components/schemas/") for ref in refs} <= set(named)


def test_every_error_the_document_lists_is_a_problem(api: Served) -> None:
    document = api.client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
            assert {"401", "422"} <= set(errors), (method, path)
            for answer in errors.values():
                assert answer["content"] == {
                    PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}
                }
            assert operation["security"] == [{"bearer": []}]
