"""Sub-accounts through the HTTP API on both engines: the primary contact adds, changes
and removes them; a sub-account opens requests within its grant (the rest are held) and
sees its own; another line's sub-accounts are "not found"; a removed sub-account can
neither open nor see tickets, which keep their history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from api_client import ADMIN, COORDINATOR, OTHER_CLIENT, OUTAGE, REQUESTER, Served, served
from api_client import problem as _problem

from remit.bootstrap import Desk
from remit.services.people import issue_token

SUBS = "/api/v1/lines/steppe/sub-accounts"
SUB = "kassa.lead@partner.example"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api(committing_desk: Desk) -> Iterator[Served]:
    with served(committing_desk, (REQUESTER, COORDINATOR, OTHER_CLIENT, ADMIN)) as found:
        yield found


def _add(api: Served, **grant: Any) -> dict[str, Any]:
    """The primary contact of steppe adds `SUB`, who gets a token."""
    body = {"email": SUB, "name": "Kassa Lead", **grant}
    response = api.post(REQUESTER, SUBS, body)
    assert response.status_code == 201, response.text
    now = datetime.now(UTC)
    issued = issue_token(uow=api.desk.new_uow(), email=SUB, name="t", by="test", now=now)
    api.tokens[SUB] = issued.secret
    added: dict[str, Any] = response.json()
    return added


def _open(api: Served, email: str, **changes: Any) -> Any:
    return api.post(email, "/api/v1/tickets", {**OUTAGE, **changes})


def test_a_sub_account_opens_within_its_grant_and_sees_its_own_requests(api: Served) -> None:
    added = _add(api, objects=["retail-db"])
    assert (added["technical"], added["billing"], added["objects"]) == (True, False, ["retail-db"])
    assert added["granted_by"] == "client.it_head"
    mine = _open(api, SUB)
    assert (mine.status_code, mine.json()["state"]) == (201, "new")
    assert _open(api, SUB, billing=True).json()["state"] == "held"
    assert _open(api, SUB, objects=["acc-db"]).json()["state"] == "held"
    others = _open(api, REQUESTER).json()
    assert api.get(SUB, f"/api/v1/tickets/{mine.json()['id']}").status_code == 200
    _problem(api.get(SUB, f"/api/v1/tickets/{others['id']}"), 404)
    listed = api.get(SUB, "/api/v1/tickets").json()
    assert [t["id"] for t in listed["items"]] == [mine.json()["id"]]


def test_adding_twice_with_one_idempotency_key_adds_once(api: Served) -> None:
    body = {"email": SUB, "name": "Kassa Lead"}
    first = api.post(REQUESTER, SUBS, body, Idempotency_Key="add-kassa")
    again = api.post(REQUESTER, SUBS, body, Idempotency_Key="add-kassa")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert first.headers["Location"] == f"{SUBS}/{SUB}"
    other = {**body, "billing": True}
    _problem(api.post(REQUESTER, SUBS, other, Idempotency_Key="add-kassa"), 422)
    assert "already" in _problem(api.post(REQUESTER, SUBS, body), 422)["detail"]
    assert [s["email"] for s in api.get(REQUESTER, SUBS).json()] == [SUB]


def test_a_change_keeps_what_it_does_not_name(api: Served) -> None:
    _add(api, objects=["retail-db"])
    path = f"{SUBS}/{SUB}"
    changed = api.client.patch(path, json={"billing": True}, headers=api.as_(REQUESTER)).json()
    assert (changed["technical"], changed["billing"], changed["objects"]) == (
        True,
        True,
        ["retail-db"],
    )
    every = api.client.patch(path, json={"objects": None}, headers=api.as_(REQUESTER)).json()
    assert (every["billing"], every["objects"]) == (True, None)
    assert _open(api, SUB, billing=True, objects=[]).json()["state"] == "new"
    none = api.client.patch(
        path, json={"technical": False, "billing": False}, headers=api.as_(REQUESTER)
    )
    assert "technical or billing" in _problem(none, 422)["detail"]


def test_only_the_lines_client_authority_manages_and_another_line_finds_nothing(
    api: Served,
) -> None:
    _add(api)
    item = f"{SUBS}/{SUB}"
    detail = _problem(api.get(COORDINATOR, SUBS), 403)["detail"]  # in the line, no authority
    assert "only the line's client authority" in detail
    _problem(api.client.delete(item, headers=api.as_(COORDINATOR)), 403)
    for who in (OTHER_CLIENT, ADMIN):  # another client's authority; the desk's administrator
        _problem(api.get(who, SUBS), 404)
        _problem(api.post(who, SUBS, {"email": "x@y.example", "name": "X"}), 404)
        _problem(api.client.patch(item, json={}, headers=api.as_(who)), 404)
        _problem(api.client.delete(item, headers=api.as_(who)), 404)
    thameside = "/api/v1/lines/thameside/sub-accounts"
    _problem(api.client.delete(f"{thameside}/{SUB}", headers=api.as_(OTHER_CLIENT)), 404)
    assert api.get(OTHER_CLIENT, thameside).json() == []


def test_a_removed_sub_account_neither_opens_nor_sees_and_its_tickets_stay(api: Served) -> None:
    _add(api)
    mine = _open(api, SUB).json()
    removed = api.client.delete(f"{SUBS}/{SUB}", headers=api.as_(REQUESTER))
    assert removed.status_code == 200
    assert removed.json()["removed_at"] is not None
    _problem(api.get(SUB, f"/api/v1/tickets/{mine['id']}"), 404)
    assert api.get(SUB, "/api/v1/tickets").json()["total"] == 0
    _problem(_open(api, SUB), 403)  # acts in no line any more
    kept = api.get(REQUESTER, f"/api/v1/tickets/{mine['id']}").json()
    assert (kept["summary"]["requester"], kept["summary"]["state"]) == (SUB, "new")
    assert api.get(REQUESTER, SUBS).json() == []
    assert [s["email"] for s in api.get(REQUESTER, SUBS, removed=True).json()] == [SUB]
    _problem(api.client.delete(f"{SUBS}/{SUB}", headers=api.as_(REQUESTER)), 404)
    again = api.post(REQUESTER, SUBS, {"email": SUB})  # known to the desk: no name needed
    assert again.status_code == 201, again.text
    assert api.get(SUB, f"/api/v1/tickets/{mine['id']}").status_code == 200
