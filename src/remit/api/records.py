"""/api/v1: contract lines and versions, contract checks, people and tokens, the audit
and the outbox — each through the same services as the CLI, within the caller's lines."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import Field

from remit.api import problems, schemas
from remit.api.context import Api, Caller, api_of, current_caller
from remit.api.idempotency import IdempotencyKey, IdempotentRequest, once
from remit.api.problems import Problem
from remit.api.tickets import TicketId
from remit.checks.render import report_data
from remit.checks.runner import run_checks
from remit.contract import load_contract_text
from remit.contract.errors import ContractError
from remit.domain.audit import json_detail
from remit.domain.errors import NotFound
from remit.domain.rights import may_manage_credentials, require_admin
from remit.services import access, audit, contracts, lines, outbox, people
from remit.store.idempotency import Answer
from remit.store.uow import UnitOfWork

router = APIRouter(prefix="/api/v1", responses=problems.responses(400, 401, 403, 404, 409, 422))
CallerOf = Annotated[Caller, Depends(current_caller)]
ApiOf = Annotated[Api, Depends(api_of)]
MAX_CONTRACT = 2 * 1024 * 1024  # characters: the largest example is some 60,000


class ContractText(schemas.Body):
    text: str = Field(min_length=1, max_length=MAX_CONTRACT, description="The contract's YAML.")
    source_name: str = Field(default="contract.yaml", max_length=200)


class LoadContract(ContractText):
    force: bool = Field(default=False, description="Store it despite error-level findings.")


class NewPerson(schemas.Body):
    email: str = Field(min_length=3, max_length=254)
    name: str = Field(min_length=1, max_length=200)
    admin: bool = False


class NewToken(schemas.Body):
    name: str = Field(min_length=1, max_length=100, description="What the token is for.")


async def _key(request: Request, caller: Caller, key: str | None) -> IdempotentRequest | None:
    return IdempotentRequest.of(caller.key, key, "POST", request.url.path, await request.body())


def _admin(caller: Caller, what: str) -> None:
    """Desk configuration and people are for administrators: `remit.domain.rights`."""
    require_admin(caller.viewer.desk_actor, what)


def _contract_problems(error: ContractError) -> Problem:
    found = [
        {"line": p.line, "column": p.column, "at": p.path, "message": p.message}
        for p in error.problems
    ]
    first = error.problems[0]
    return Problem(
        422,
        "contract_unreadable",
        "The contract cannot be read",
        f"{first.line}:{first.column}: {first.path}: {first.message}",
        problems=found,
    )


@router.get("/lines", tags=["contracts"], summary="The contract lines you act in")
def list_my_lines(api: ApiOf, caller: CallerOf) -> list[dict[str, Any]]:
    found = lines.list_lines(uow=api.uow_for(caller), day=api.now().date())
    return [json_detail(asdict(line)) for line in found]


@router.get("/lines/{line}/versions", tags=["contracts"], summary="A line's contract versions")
def list_versions(line: str, api: ApiOf, caller: CallerOf) -> list[dict[str, Any]]:
    """To anyone the line's contract does not name, the line does not exist (404)."""
    access.reads_line(uow=api.uow_for(caller), viewer=caller.viewer, line=line)
    found = contracts.list_contract_versions(uow=api.uow_for(caller), line=line)
    return [json_detail(asdict(version)) for version in found]


@router.post(
    "/lines/{line}/versions",
    tags=["contracts"],
    status_code=201,
    summary="Load a contract version onto a line (administrators)",
)
async def load_version(
    line: str,
    body: LoadContract,
    request: Request,
    response: Response,
    api: ApiOf,
    caller: CallerOf,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """The line is created when new; another client's contract is refused, and so is one
    with error-level findings unless `force`. A version is stored once per content: a
    repeat answers the stored version (`new` false)."""
    _admin(caller, f"load a contract onto line {line}")
    key = await _key(request, caller, idempotency_key)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        try:
            loaded = contracts.load_contract_version(
                uow=uow,
                text=body.text,
                source_name=body.source_name,
                actor=caller.viewer.person.email,
                now=api.now(),
                force=body.force,
                line=line,
            )
        except ContractError as error:
            raise _contract_problems(error) from None
        return json_detail(asdict(loaded))

    done: tuple[dict[str, Any], int] = await api.in_thread(
        once, key, api.new_uow, api.now(), 201, load, lambda _: load(api.new_uow())
    )
    response.status_code = done[1]
    return done[0]


@router.post("/contracts/check", tags=["contracts"], summary="Check a contract: its gaps")
async def check_contract(
    body: ContractText,
    request: Request,
    api: ApiOf,
    caller: CallerOf,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """The findings of `remit check` on the text, as its JSON output gives them."""
    key = await _key(request, caller, idempotency_key)

    def check(_: UnitOfWork | Answer) -> dict[str, Any]:
        try:
            loaded = load_contract_text(body.text, body.source_name)
        except ContractError as error:
            raise _contract_problems(error) from None
        return report_data(run_checks(loaded))

    done: tuple[dict[str, Any], int]
    done = await api.in_thread(once, key, api.new_uow, api.now(), 200, check, check)
    return done[0]


@router.get("/people/me", tags=["people"], summary="Who you are, and whom you act for")
def who_am_i(caller: CallerOf) -> dict[str, Any]:
    person = caller.viewer.person
    return json_detail(asdict(person))


@router.post("/people", tags=["people"], status_code=201, summary="Add a person (administrators)")
async def add_someone(
    body: NewPerson,
    request: Request,
    response: Response,
    api: ApiOf,
    caller: CallerOf,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """A repeat under the same `Idempotency-Key` answers the person as they are now."""
    _admin(caller, "add people")
    key = await _key(request, caller, idempotency_key)

    def add(uow: UnitOfWork) -> people.PersonView:
        return people.add_person(
            uow=uow,
            email=body.email,
            name=body.name,
            is_admin=body.admin,
            by=caller.viewer.person.email,
            now=api.now(),
        )

    def again(_: Answer) -> people.PersonView:
        return people.find_person(uow=api.new_uow(), email=body.email)

    added, response.status_code = await api.in_thread(
        once, key, api.new_uow, api.now(), 201, add, again
    )
    return json_detail(asdict(added))


@router.post(
    "/people/me/tokens",
    tags=["people"],
    status_code=201,
    summary="Issue yourself a token",
    responses=problems.responses(409),
)
async def issue_my_token(
    body: NewToken,
    request: Request,
    api: ApiOf,
    caller: CallerOf,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """The token is in this answer once and never again: its secret is not stored, so a
    repeat under the same `Idempotency-Key` is refused (409) rather than replayed."""
    key = await _key(request, caller, idempotency_key)
    me = caller.viewer.person.email

    def issue(uow: UnitOfWork) -> people.IssuedToken:
        return people.issue_token(uow=uow, email=me, name=body.name, by=me, now=api.now())

    def refuse(_: Answer) -> people.IssuedToken:
        raise Problem(
            409,
            "token_already_issued",
            "The token was issued already",
            f"the token {body.name.strip()!r} was issued under this Idempotency-Key and its "
            "secret is shown once only; revoke it and issue another if the answer was lost",
        )

    issued, _ = await api.in_thread(once, key, api.new_uow, api.now(), 201, issue, refuse)
    return json_detail(asdict(issued))


@router.post(
    "/people/me/tokens/{name}/revoke", tags=["people"], summary="Revoke one of your tokens"
)
async def revoke_my_token(
    name: str,
    request: Request,
    api: ApiOf,
    caller: CallerOf,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """A repeat under the same `Idempotency-Key` answers the token as it is now."""
    key = await _key(request, caller, idempotency_key)
    me = caller.viewer.person.email

    def revoke(uow: UnitOfWork) -> people.TokenView:
        return people.revoke_token(uow=uow, email=me, name=name, by=me, now=api.now())

    def again(_: Answer) -> people.TokenView:
        return people.token_named(uow=api.new_uow(), email=me, name=name)

    revoked, _ = await api.in_thread(once, key, api.new_uow, api.now(), 200, revoke, again)
    return json_detail(asdict(revoked))


@router.delete(
    "/people/{email}/tokens/{name}",
    tags=["people"],
    summary="Revoke a token (your own; administrators anyone's)",
)
def revoke_token(email: str, name: str, api: ApiOf, caller: CallerOf) -> dict[str, Any]:
    """`email` is the token's person, or `me`. A token of someone else's is "not found"
    unless you are an administrator; the audit records who revoked it."""
    me = caller.viewer.desk_actor
    owner = me.email if email == "me" else email
    if not may_manage_credentials(me, owner):
        raise NotFound(f"live token of {owner.strip().lower()} named", repr(name.strip()))
    revoked = people.revoke_token(
        uow=api.new_uow(), email=owner, name=name, by=me.email, now=api.now()
    )
    return json_detail(asdict(revoked))


@router.get("/audit/verify", tags=["audit"], summary="Verify the audit chain (administrators)")
def verify(api: ApiOf, caller: CallerOf) -> dict[str, Any]:
    _admin(caller, "verify the audit chain")
    found = audit.verify_audit(uow=api.new_uow())
    return {
        "records": found.records,
        "intact": found.intact,
        "findings": [
            {"seq": f.seq, "problem": f.problem.value, "message": f.message} for f in found.findings
        ],
    }


@router.get(
    "/tickets/{ticket_id}/outbox",
    tags=["tickets"],
    response_model=list[schemas.Notice],
    summary="What the desk sent about a ticket",
)
def ticket_outbox(
    ticket_id: TicketId,
    response: Response,
    api: ApiOf,
    caller: CallerOf,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[schemas.Notice]:
    access.show_for(uow=api.uow_for(caller), viewer=caller.viewer, ticket_id=ticket_id)
    found = outbox.list_outbox(uow=api.uow_for(caller), ticket_id=ticket_id, limit=limit)
    return [schemas.notice_out(item) for item in found]
