"""`Idempotency-Key` on the POSTs of people, tokens and contracts, on both engines: the
same key and body give the same answer and do the thing once; the same key with another
body is refused (422). A token's secret is never stored, so a repeated issue is refused
(409). Two administrators adding the same new person at once get one person and one
refusal, never a server error."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from api_client import ADMIN, EXAMPLES, LINES, REQUESTER, Served, served
from api_client import problem as _problem

from remit.bootstrap import Desk
from remit.domain.errors import InvalidInput
from remit.services import contracts, people
from remit.store.people import People

NEWCOMER = "night.shift@partner.example"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api(committing_desk: Desk) -> Iterator[Served]:
    with served(committing_desk, (REQUESTER, ADMIN)) as found:
        yield found


def _reused(response: Any) -> None:
    assert _problem(response, 422)["type"].endswith("idempotency_key_reused")


def _tokens(api: Served, email: str, name: str) -> list[people.TokenView]:
    with api.desk.new_uow() as uow:
        row = uow.people.by_email(email)
        assert row is not None
        return [
            people.TokenView(t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at)
            for t in uow.tokens.of(row.id)
            if t.name == name
        ]


def test_adding_a_person_twice_under_one_key_adds_once(api: Served) -> None:
    body = {"email": NEWCOMER, "name": "Night Shift"}
    first = api.post(ADMIN, "/api/v1/people", body, Idempotency_Key="add-night")
    again = api.post(ADMIN, "/api/v1/people", body, Idempotency_Key="add-night")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    _reused(
        api.post(ADMIN, "/api/v1/people", {**body, "name": "Other"}, Idempotency_Key="add-night")
    )
    # without the key, a second add is refused: the person exists once
    _problem(api.post(ADMIN, "/api/v1/people", body), 422)
    listed = people.list_people(uow=api.desk.new_uow()).people
    assert [p.name for p in listed if p.email == NEWCOMER] == ["Night Shift"]


def test_a_repeated_token_issue_is_refused_and_the_secret_is_not_shown_again(
    api: Served,
) -> None:
    body = {"name": "laptop"}
    first = api.post(REQUESTER, "/api/v1/people/me/tokens", body, Idempotency_Key="tok-1")
    assert first.status_code == 201, first.text
    secret = first.json()["secret"]
    again = api.post(REQUESTER, "/api/v1/people/me/tokens", body, Idempotency_Key="tok-1")
    refused = _problem(again, 409)
    assert refused["type"].endswith("token_already_issued")
    assert secret not in again.text
    assert len(_tokens(api, REQUESTER, "laptop")) == 1
    _reused(
        api.post(REQUESTER, "/api/v1/people/me/tokens", {"name": "phone"}, Idempotency_Key="tok-1")
    )
    assert _tokens(api, REQUESTER, "phone") == []
    # the token issued works
    mine = api.client.get("/api/v1/people/me", headers={"Authorization": f"Bearer {secret}"})
    assert mine.json()["email"] == REQUESTER


def test_revoking_twice_under_one_key_answers_the_revoked_token(api: Served) -> None:
    assert api.post(REQUESTER, "/api/v1/people/me/tokens", {"name": "old"}).status_code == 201
    path = "/api/v1/people/me/tokens/old/revoke"
    first = api.post(REQUESTER, path, Idempotency_Key="revoke-old")
    again = api.post(REQUESTER, path, Idempotency_Key="revoke-old")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert first.json()["revoked_at"] is not None
    # without the key, there is no live token of that name left to revoke
    _problem(api.post(REQUESTER, path), 404)
    other = "/api/v1/people/me/tokens/tests/revoke"
    _reused(api.post(REQUESTER, other, Idempotency_Key="revoke-old"))
    assert [t.revoked_at for t in _tokens(api, REQUESTER, "tests")] == [None]


def _steppe(comment: str) -> dict[str, Any]:
    text = (EXAMPLES / LINES["steppe"]).read_text(encoding="utf-8")
    return {"text": f"{text}\n# {comment}\n", "source_name": LINES["steppe"]}


def test_loading_a_version_twice_under_one_key_stores_it_once(api: Served) -> None:
    path = "/api/v1/lines/steppe/versions"
    before = contracts.list_contract_versions(uow=api.desk.new_uow(), line="steppe")
    first = api.post(ADMIN, path, _steppe("second"), Idempotency_Key="load-2")
    again = api.post(ADMIN, path, _steppe("second"), Idempotency_Key="load-2")
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert first.json()["new"] is True
    assert (again.json()["version_id"], again.json()["number"]) == (
        first.json()["version_id"],
        first.json()["number"],
    )
    _reused(api.post(ADMIN, path, _steppe("third"), Idempotency_Key="load-2"))
    after = contracts.list_contract_versions(uow=api.desk.new_uow(), line="steppe")
    assert len(after) == len(before) + 1


def test_a_check_under_one_key_answers_the_same_and_another_text_is_refused(
    api: Served,
) -> None:
    path = "/api/v1/contracts/check"
    first = api.post(REQUESTER, path, _steppe("a"), Idempotency_Key="check-1")
    again = api.post(REQUESTER, path, _steppe("a"), Idempotency_Key="check-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    _reused(api.post(REQUESTER, path, _steppe("b"), Idempotency_Key="check-1"))


def test_a_key_is_the_callers_own(api: Served) -> None:
    """Two callers may use the same key for their own requests."""
    mine = api.post(REQUESTER, "/api/v1/people/me/tokens", {"name": "k"}, Idempotency_Key="x")
    theirs = api.post(ADMIN, "/api/v1/people/me/tokens", {"name": "k"}, Idempotency_Key="x")
    assert (mine.status_code, theirs.status_code) == (201, 201)


def test_a_person_added_meanwhile_is_refused_not_a_server_error(
    committing_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second add read before the first committed: its insert meets the first's row."""
    at = datetime(2026, 3, 2, tzinfo=UTC)
    people.add_person(uow=committing_desk.new_uow(), email=NEWCOMER, name="A", by="t", now=at)
    monkeypatch.setattr(People, "by_email", lambda self, email: None)
    with pytest.raises(InvalidInput, match="known to the desk already"):
        people.add_person(uow=committing_desk.new_uow(), email=NEWCOMER, name="B", by="t", now=at)


@pytest.mark.parametrize("committing_url", ["postgres"], indirect=True)
def test_two_administrators_adding_one_new_person_at_once_get_one_person(api: Served) -> None:
    def race(body: dict[str, str]) -> list[Any]:
        start = threading.Barrier(2)
        answers: list[Any] = []

        def add() -> None:
            start.wait()
            answers.append(api.post(ADMIN, "/api/v1/people", body))

        racing = [threading.Thread(target=add) for _ in range(2)]
        for thread in racing:
            thread.start()
        for thread in racing:
            thread.join()
        return answers

    for n in range(10):
        answers = race({"email": f"race-{n}@partner.example", "name": f"Race {n}"})
        assert sorted(a.status_code for a in answers) == [201, 422], [a.text for a in answers]
        refused = next(a for a in answers if a.status_code == 422)
        assert "known to the desk already" in _problem(refused, 422)["detail"]


def test_every_post_documents_the_idempotency_key(api: Served) -> None:
    document = api.client.get("/openapi.json").json()
    posts = [
        (path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method == "post"
    ]
    assert len(posts) > 7
    missing = [
        path
        for path, operation in posts
        if not any(
            p["in"] == "header" and p["name"] == "Idempotency-Key"
            for p in operation.get("parameters", [])
        )
    ]
    assert missing == []
