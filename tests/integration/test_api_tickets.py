"""The HTTP API on both engines: real tokens, rights from the contract, one desk for two
clients, problem+json, idempotency keys, ETags and pages."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from api_client import (
    ADMIN,
    APPS,
    COORDINATOR,
    DUTY_ADMIN,
    OTHER_CLIENT,
    OUTAGE,
    REQUESTER,
    Served,
    seed_of,
    served_copy,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from fresh_databases import Templates
from remit.cli.ticket_view import detail_json
from remit.services.tickets import show_ticket
from remit.store.tables import AuditRow

PROBLEM = "application/problem+json"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api(engine_name: str, templates: Templates, tmp_path: Path) -> Iterator[Served]:
    """A desk of its own (a copy of one built once per session: `fresh_databases`)."""
    with served_copy(templates, engine_name, tmp_path / "desk.db", "api", SEED) as found:
        yield found


SEED = seed_of()


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


def _open(api: Served, email: str = REQUESTER, **headers: str) -> dict[str, Any]:
    response = api.post(email, "/api/v1/tickets", OUTAGE, **headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_request_is_opened_by_the_caller_and_seen_by_its_people_only(api: Served) -> None:
    response = api.post(REQUESTER, "/api/v1/tickets", OUTAGE)
    assert response.status_code == 201
    ticket = response.json()
    assert response.headers["Location"] == f"/api/v1/tickets/{ticket['id']}"
    assert response.headers["ETag"] == f'"{ticket["id"]}.{ticket["version"]}"'
    assert (ticket["state"], ticket["requester"], ticket["line"]) == (
        "new",
        "client.it_head",
        "steppe",
    )
    assert ticket["opened_at_local"].endswith("+05:00") or ticket["opened_at_local"].endswith(
        "+06:00"
    )
    path = f"/api/v1/tickets/{ticket['id']}"
    for email in (REQUESTER, COORDINATOR):
        assert api.get(email, path).status_code == 200
    # another client's people, a party not engaged on it and an administrator: not found
    for email in (OTHER_CLIENT, APPS, ADMIN):
        body = _problem(api.get(email, path), 404)
        assert body["detail"] == f"no ticket {ticket['id']}"
        assert api.get(email, "/api/v1/tickets").json()["total"] == 0


def test_an_action_is_taken_as_the_contact_whose_role_allows_it(api: Served) -> None:
    ticket = _open(api)
    path = f"/api/v1/tickets/{ticket['id']}/take"
    denied = _problem(api.post(REQUESTER, path), 403)
    assert "take" in denied["detail"]
    taken = api.post(COORDINATOR, path)
    assert taken.status_code == 200, taken.text
    assert taken.json()["state"] == "in_progress"
    audit = show_ticket(uow=api.desk.new_uow(), ticket_id=ticket["id"]).audit
    assert (audit[-1].action, audit[-1].actor) == ("taken", "osdb.duty_engineer")


def test_a_stale_etag_is_refused_with_412_and_nothing_changes(api: Served) -> None:
    ticket = _open(api)
    stale = f'"{ticket["id"]}.{ticket["version"]}"'
    first = api.post(COORDINATOR, f"/api/v1/tickets/{ticket['id']}/take", If_Match=stale)
    assert first.status_code == 200, first.text
    body = _problem(
        api.post(
            COORDINATOR,
            f"/api/v1/tickets/{ticket['id']}/pause",
            {"reason": "no_access"},
            If_Match=stale,
        ),
        412,
    )
    assert "changed" in body["detail"]
    shown = api.get(COORDINATOR, f"/api/v1/tickets/{ticket['id']}")
    assert shown.json()["summary"]["state"] == "in_progress"


def test_the_same_idempotency_key_opens_one_ticket_and_another_body_is_refused(
    api: Served,
) -> None:
    first = _open(api, Idempotency_Key="night-1")
    again = _open(api, Idempotency_Key="night-1")
    assert again["id"] == first["id"]
    other = api.post(
        REQUESTER, "/api/v1/tickets", {**OUTAGE, "title": "another"}, Idempotency_Key="night-1"
    )
    assert _problem(other, 422)["type"].endswith("idempotency_key_reused")
    listing = api.get(REQUESTER, "/api/v1/tickets").json()
    assert listing["total"] == 1


def test_retried_creations_after_dropped_answers_make_each_ticket_once(api: Served) -> None:
    """Each creation is sent, its answer dropped, and sent again (twice, from two threads
    racing): as many tickets as keys."""
    keys = [f"retry-{n}" for n in range(60)]

    def send(key: str) -> None:
        api.post(DUTY_ADMIN, "/api/v1/tickets", OUTAGE, Idempotency_Key=key)

    for key in keys:
        send(key)  # the answer is dropped
        racing = [threading.Thread(target=send, args=(key,)) for _ in range(2)]
        for thread in racing:
            thread.start()
        for thread in racing:
            thread.join()
    assert api.get(DUTY_ADMIN, "/api/v1/tickets", limit=1).json()["total"] == len(keys)


@pytest.mark.parametrize("engine_name", ["postgres"], indirect=True)
def test_a_thousand_creations_retried_after_dropped_answers_make_a_thousand_tickets(
    api: Served,
) -> None:
    """Every creation is sent twice, in shuffled order from eight threads, as a client
    does that lost the first answer: exactly one ticket per key."""
    keys = [f"thousand-{n}" for n in range(1000)]
    attempts = keys + keys
    random.Random(7).shuffle(attempts)

    def send(key: str) -> int:
        response = api.post(DUTY_ADMIN, "/api/v1/tickets", OUTAGE, Idempotency_Key=key)
        return int(response.json()["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        answered = list(pool.map(send, attempts))
    by_key: dict[str, set[int]] = {}
    for key, ticket in zip(attempts, answered, strict=True):
        by_key.setdefault(key, set()).add(ticket)
    assert all(len(tickets) == 1 for tickets in by_key.values())
    assert api.get(DUTY_ADMIN, "/api/v1/tickets", limit=1).json()["total"] == len(keys)


def test_errors_are_problem_json(api: Served) -> None:
    _problem(api.client.get("/api/v1/tickets"), 401)
    _problem(api.client.get("/api/v1/tickets", headers={"Authorization": "Bearer remit_nope"}), 401)
    _problem(api.get(REQUESTER, "/api/v1/tickets/999999"), 404)
    _problem(api.client.delete("/api/v1/tickets/1", headers=api.as_(REQUESTER)), 405)
    invalid = _problem(api.post(REQUESTER, "/api/v1/tickets", {**OUTAGE, "scope": "planet"}), 422)
    assert invalid["detail"].startswith("body.scope")
    unknown = _problem(api.post(REQUESTER, "/api/v1/tickets", {**OUTAGE, "category": "nope"}), 422)
    assert "nope" in unknown["detail"]


@settings(
    max_examples=5,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    page_size=st.integers(min_value=1, max_value=6),
    opened_first=st.integers(min_value=0, max_value=6),
    between=st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=6),
)
def test_pages_neither_skip_nor_repeat_while_others_open_tickets(
    api: Served, page_size: int, opened_first: int, between: list[int]
) -> None:
    """Whatever the page size and however many tickets others open between two pages,
    every ticket there at the start is listed once, and none twice."""
    for _ in range(opened_first):
        _open(api, DUTY_ADMIN)
    everything = api.get(COORDINATOR, "/api/v1/tickets", limit=500).json()
    before = {item["id"] for item in everything["items"]}
    seen: list[int] = []
    cursor: str | None = None
    for turn in range(10_000):
        params: dict[str, Any] = {"limit": page_size}
        if cursor:
            params["cursor"] = cursor
        page = api.get(COORDINATOR, "/api/v1/tickets", **params)
        assert page.status_code == 200, page.text
        body = page.json()
        seen += [item["id"] for item in body["items"]]
        for _ in range(between[turn % len(between)]):
            _open(api, DUTY_ADMIN)  # someone opens tickets between two pages
        cursor = body["next"]
        if cursor is None:
            break
        assert 'rel="next"' in page.headers["Link"]
    assert len(seen) == len(set(seen))
    assert before <= set(seen)


def test_lines_versions_checks_people_and_the_outbox_within_the_callers_lines(
    api: Served,
) -> None:
    lines = api.get(REQUESTER, "/api/v1/lines").json()
    assert [line["key"] for line in lines] == ["steppe"]
    assert [line["key"] for line in api.get(OTHER_CLIENT, "/api/v1/lines").json()] == ["thameside"]
    versions = api.get(REQUESTER, "/api/v1/lines/steppe/versions").json()
    assert [v["number"] for v in versions] == [1]
    elsewhere = _problem(api.get(REQUESTER, "/api/v1/lines/thameside/versions"), 404)
    nowhere = _problem(api.get(REQUESTER, "/api/v1/lines/no-such-line/versions"), 404)
    assert elsewhere["detail"].replace("thameside", "no-such-line") == nowhere["detail"]
    me = api.get(COORDINATOR, "/api/v1/people/me").json()
    assert me["email"] == COORDINATOR
    issued = api.post(COORDINATOR, "/api/v1/people/me/tokens", {"name": "script"})
    assert issued.status_code == 201
    assert issued.json()["secret"].startswith("remit_")
    _problem(api.get(REQUESTER, "/api/v1/audit/verify"), 403)
    assert api.get(ADMIN, "/api/v1/audit/verify").json()["intact"] is True
    checked = api.post(REQUESTER, "/api/v1/contracts/check", {"text": "contract: {}\n"})
    assert checked.status_code == 422
    ticket = _open(api)
    assert isinstance(api.get(REQUESTER, f"/api/v1/tickets/{ticket['id']}/outbox").json(), list)
    _problem(api.get(OTHER_CLIENT, f"/api/v1/tickets/{ticket['id']}/outbox"), 404)


def test_a_person_whose_role_does_not_allow_resume_is_refused(api: Served) -> None:
    ticket = _open(api)
    path = f"/api/v1/tickets/{ticket['id']}"
    assert api.post(COORDINATOR, f"{path}/take").status_code == 200
    assert api.post(COORDINATOR, f"{path}/pause", {"reason": "no_access"}).status_code == 200
    _problem(api.post(REQUESTER, f"{path}/resume"), 403)
    _problem(api.post(OTHER_CLIENT, f"{path}/resume"), 404)
    _problem(api.client.post(f"{path}/resume"), 401)
    assert api.post(COORDINATOR, f"{path}/resume").json()["state"] == "in_progress"


def test_a_tickets_record_reads_the_same_through_the_api_as_ticket_show_json(
    api: Served,
) -> None:
    ticket = _open(api)
    path = f"/api/v1/tickets/{ticket['id']}"
    assert api.post(COORDINATOR, f"{path}/take").status_code == 200
    assert api.post(COORDINATOR, f"{path}/checks").status_code == 200
    assert api.post(COORDINATOR, f"{path}/pause", {"reason": "no_access"}).status_code == 200
    assert api.post(COORDINATOR, f"{path}/resume").status_code == 200
    shown = api.get(REQUESTER, path).json()
    printed = json.loads(
        json.dumps(detail_json(show_ticket(uow=api.desk.new_uow(), ticket_id=ticket["id"])))
    )
    assert shown == printed
    pause = shown["pauses"][0]
    assert (pause["reason"], pause["side"]) == ("no_access", "customer")
    assert pause["ended_at_local"].startswith(pause["ended_at"][:4])
    assert "closed_at_local" not in shown["clocks"]  # an instant not set has no local form
    assert shown["checks"]
    assert {check["result"] for check in shown["checks"]} == {"pending"}
    assert {"opened", "taken", "paused", "resumed"} <= {e["action"] for e in shown["audit"]}


def _audit(api: Served, action: str) -> list[AuditRow]:
    with Session(api.desk.engine) as session:
        found = session.execute(
            select(AuditRow).where(AuditRow.action == action).order_by(AuditRow.seq)
        )
        return list(found.scalars())


def test_an_administrator_revokes_anothers_token_and_anyone_else_finds_none(api: Served) -> None:
    issued = api.post(COORDINATOR, "/api/v1/people/me/tokens", {"name": "script"})
    assert issued.status_code == 201, issued.text
    secret = issued.json()["secret"]
    path = f"/api/v1/people/{COORDINATOR}/tokens/script"
    refused = _problem(api.client.delete(path, headers=api.as_(REQUESTER)), 404)
    missing = _problem(
        api.client.delete(f"/api/v1/people/{COORDINATOR}/tokens/nothing", headers=api.as_(ADMIN)),
        404,
    )
    assert refused["detail"] == missing["detail"].replace("'nothing'", "'script'")
    signed_in = {"Authorization": f"Bearer {secret}"}
    assert api.client.get("/api/v1/people/me", headers=signed_in).status_code == 200
    revoked = api.client.delete(path, headers=api.as_(ADMIN))
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["name"] == "script"
    _problem(api.client.get("/api/v1/people/me", headers=signed_in), 401)
    [record] = _audit(api, "token_revoked")
    assert (record.actor, record.detail["email"], record.detail["token"]) == (
        ADMIN,
        COORDINATOR,
        "script",
    )
    assert record.detail["via"] == "api"
    own = api.client.delete("/api/v1/people/me/tokens/tests", headers=api.as_(REQUESTER))
    assert own.status_code == 200, own.text
    assert [r.actor for r in _audit(api, "token_revoked")] == [ADMIN, REQUESTER]


def test_every_action_through_the_api_is_marked_via_api_in_the_audit(api: Served) -> None:
    ticket = _open(api)
    path = f"/api/v1/tickets/{ticket['id']}"
    assert api.post(COORDINATOR, f"{path}/take").status_code == 200
    assert api.post(COORDINATOR, f"{path}/pause", {"reason": "no_access"}).status_code == 200
    assert api.post(COORDINATOR, f"{path}/resume").status_code == 200
    api.post(COORDINATOR, "/api/v1/people/me/tokens", {"name": "script"})
    with Session(api.desk.engine) as session:
        rows = session.execute(select(AuditRow).order_by(AuditRow.seq)).scalars().all()
        through_api = [r for r in rows if r.ticket_id == ticket["id"] or r.actor == COORDINATOR]
        assert [r.action for r in through_api if r.ticket_id] == [
            "opened", "taken", "paused", "resumed"
        ]  # fmt: skip
        assert {r.detail.get("via") for r in through_api} == {"api"}
    entries = show_ticket(uow=api.desk.new_uow(), ticket_id=ticket["id"]).audit
    assert {e.detail["via"] for e in entries} == {"api"}
