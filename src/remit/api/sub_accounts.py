"""/api/v1/lines/{line}/sub-accounts: the people a line's client authority lets open
requests, through the same service as `remit people sub-account`. Another line's
sub-accounts, and a line the caller does not act in, are "not found"."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field

from remit.api import problems, schemas
from remit.api.context import Api, Caller, api_of, current_caller
from remit.api.idempotency import IdempotencyKey, IdempotentRequest, once
from remit.services import subaccounts
from remit.services.subaccounts import GrantAsked, GrantChange, SubAccountView
from remit.store.idempotency import Answer
from remit.store.uow import UnitOfWork

router = APIRouter(
    prefix="/api/v1/lines/{line}/sub-accounts",
    tags=["people"],
    responses=problems.responses(400, 401, 403, 404, 422),
)
CallerOf = Annotated[Caller, Depends(current_caller)]
ApiOf = Annotated[Api, Depends(api_of)]
LineKey = Annotated[str, Path(min_length=1, max_length=100, description="The contract line.")]
Email = Annotated[
    str, Path(min_length=3, max_length=254, description="The sub-account's e-mail address.")
]
Objects = list[Annotated[str, Field(min_length=1, max_length=100)]]


class SubAccount(BaseModel):
    """A person the line's client authority lets open requests."""

    line: str
    email: str
    name: str
    technical: bool = Field(description="May open technical requests.")
    billing: bool = Field(description="May request billing changes.")
    objects: list[str] | None = Field(
        description="The products (contract objects) its requests may name; null: every one."
    )
    granted_by: str = Field(description="The client authority's contact who granted it.")
    created_at: datetime
    changed_at: datetime
    removed_at: datetime | None


class NewSubAccount(schemas.Body):
    email: str = Field(min_length=3, max_length=254, description="The person's e-mail address.")
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Their full name; needed for someone new to the desk.",
    )
    technical: schemas.Flag = Field(default=True, description="May open technical requests.")
    billing: schemas.Flag = Field(default=False, description="May request billing changes.")
    objects: Objects | None = Field(
        default=None,
        max_length=200,
        description="The products its requests may name; left out or null: every product.",
    )


class SubAccountChange(schemas.Body):
    """What to change; a field left out stays as it is (`objects: null` gives every product)."""

    technical: schemas.Flag | None = Field(default=None, description="May open technical requests.")
    billing: schemas.Flag | None = Field(default=None, description="May request billing changes.")
    objects: Objects | None = Field(
        default=None, max_length=200, description="The products; null: every product."
    )


def _out(view: SubAccountView) -> SubAccount:
    objects = None if view.objects is None else list(view.objects)
    return SubAccount(
        line=view.line,
        email=view.email,
        name=view.name,
        technical=view.technical,
        billing=view.billing,
        objects=objects,
        granted_by=view.granted_by,
        created_at=view.created_at,
        changed_at=view.changed_at,
        removed_at=view.removed_at,
    )


@router.get("", summary="A line's sub-accounts (its client authority)")
def list_sub_accounts(
    line: LineKey,
    api: ApiOf,
    caller: CallerOf,
    removed: Annotated[bool, Query(description="Also the removed ones.")] = False,
) -> list[SubAccount]:
    found = subaccounts.list_sub_accounts(
        uow=api.uow_for(caller),
        line=line,
        by=caller.viewer.person.email,
        now=api.now(),
        removed=removed,
    )
    return [_out(view) for view in found]


@router.post(
    "",
    status_code=201,
    summary="Add a sub-account (the line's client authority)",
    responses={
        201: {
            "headers": {
                "Location": {"description": "The sub-account.", "schema": {"type": "string"}}
            }
        },
    },
)
async def add_sub_account(
    line: LineKey,
    body: NewSubAccount,
    request: Request,
    response: Response,
    api: ApiOf,
    caller: CallerOf,
    idempotency_key: IdempotencyKey = None,
) -> SubAccount:
    """Let a person open the requests the body gives, never more than the caller has."""
    raw = await request.body()
    key = IdempotentRequest.of(caller.key, idempotency_key, "POST", request.url.path, raw)
    view, status = await api.in_thread(_add_once, api, caller, key, line, body)
    response.status_code = status
    response.headers["Location"] = f"/api/v1/lines/{view.line}/sub-accounts/{view.email}"
    return _out(view)


def _add_once(
    api: Api, caller: Caller, key: IdempotentRequest | None, line: str, body: NewSubAccount
) -> tuple[SubAccountView, int]:
    """Add the sub-account once per idempotency key; a repeat gets it as it is now."""
    objects = None if body.objects is None else tuple(body.objects)

    def add(uow: UnitOfWork) -> SubAccountView:
        return subaccounts.add_sub_account(
            uow=uow,
            line=line,
            email=body.email,
            name=body.name,
            grant=GrantAsked(body.technical, body.billing, objects),
            by=caller.viewer.person.email,
            now=api.now(),
        )

    def again(_: Answer) -> SubAccountView:
        return _current(api, caller, line, body.email)

    return once(key, lambda: api.uow_for(caller), api.now(), 201, add, again)


def _current(api: Api, caller: Caller, line: str, email: str) -> SubAccountView:
    return subaccounts.find_sub_account(
        uow=api.uow_for(caller),
        line=line,
        email=email,
        by=caller.viewer.person.email,
        now=api.now(),
    )


@router.patch("/{email}", summary="Change what a sub-account may request")
def change_sub_account(
    line: LineKey, email: Email, body: SubAccountChange, api: ApiOf, caller: CallerOf
) -> SubAccount:
    every = "objects" in body.model_fields_set and body.objects is None
    change = GrantChange(
        body.technical,
        body.billing,
        None if body.objects is None else tuple(body.objects),
        every_object=every,
    )
    changed = subaccounts.change_sub_account(
        uow=api.uow_for(caller),
        line=line,
        email=email,
        change=change,
        by=caller.viewer.person.email,
        now=api.now(),
    )
    return _out(changed)


@router.delete("/{email}", summary="Remove a sub-account")
def remove_sub_account(line: LineKey, email: Email, api: ApiOf, caller: CallerOf) -> SubAccount:
    """It can no longer open or see the line's tickets; its tickets keep their history."""
    removed = subaccounts.remove_sub_account(
        uow=api.uow_for(caller),
        line=line,
        email=email,
        by=caller.viewer.person.email,
        now=api.now(),
    )
    return _out(removed)
