"""What every endpoint gets: the desk, the server clock, and the verified caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Annotated, Any, TypeVar

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from remit.bootstrap import Desk
from remit.services import access
from remit.services.access import Viewer
from remit.services.tickets import Position, TicketFilter, TicketPage
from remit.services.views import TicketDetail
from remit.store.uow import UnitOfWork

T = TypeVar("T")

#: How the audit marks an action that came through the HTTP API (the `via` detail of its
#: records, as `remit.services.operator.CLI` marks the operator's command line).
VIA = "api"

# Documents the scheme in OpenAPI; the app's `resolve_caller` does the verifying.
BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An API token from `remit people token`, as `Authorization: Bearer <token>`.",
)


@dataclass(frozen=True, slots=True)
class Caller:
    """The verified person behind a request, with whom they act for in each line."""

    viewer: Viewer

    @property
    def key(self) -> str:
        return f"person:{self.viewer.person.id}"


@dataclass(frozen=True, slots=True)
class Api:
    """The desk behind the API. Its units of work see only the caller's lines, and time
    is the desk's own clock: server time, never the caller's."""

    desk: Desk

    def now(self) -> datetime:
        return self.desk.new_uow().clock()

    def new_uow(self) -> UnitOfWork:
        """A unit of work over every line, its audit entries marked as through the API."""
        return self.desk.new_uow(via=VIA)

    def uow_for(self, caller: Caller) -> UnitOfWork:
        """A unit of work over the caller's lines only, marked as through the API."""
        return self.desk.new_uow(caller.viewer.scope, via=VIA)

    async def in_thread(self, call: Callable[..., T], *args: Any) -> T:
        return await run_in_threadpool(partial(call, *args))

    def visible_ticket(self, caller: Caller, ticket_id: int) -> TicketDetail:
        return access.show_for(uow=self.uow_for(caller), viewer=caller.viewer, ticket_id=ticket_id)

    def list_visible(
        self, caller: Caller, where: TicketFilter, *, limit: int, after: Position | None
    ) -> TicketPage:
        return access.list_for(
            uow=self.uow_for(caller),
            viewer=caller.viewer,
            now=self.now(),
            where=where,
            limit=limit,
            after=after,
        )

    def line_for_request(self, caller: Caller, key: str | None) -> access.OpeningLine:
        return access.line_to_open(
            uow=self.uow_for(caller), viewer=caller.viewer, key=key, now=self.now()
        )

    def acting_as(
        self,
        caller: Caller,
        ticket_id: int,
        command: str,
        share: access.ShareOf | None = None,
        expected_version: int | None = None,
    ) -> str:
        return access.acting_as(
            uow=self.uow_for(caller),
            viewer=caller.viewer,
            ticket_id=ticket_id,
            command=command,
            share=share,
            expected_version=expected_version,
        )


def api_of(request: Request) -> Api:
    api: Api = request.app.state.api
    return api


def current_caller(
    request: Request,
    _token: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
) -> Caller:
    resolve: Callable[[Request], Caller] = request.app.state.resolve_caller
    return resolve(request)
