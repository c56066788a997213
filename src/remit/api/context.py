"""What every endpoint gets: the desk, the server clock, and the caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from remit.bootstrap import Desk
from remit.services import tickets as ticket_services
from remit.services.tickets import Position, TicketFilter, TicketPage
from remit.services.views import TicketDetail

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Caller:
    """The verified person behind a request."""

    person_id: int
    email: str
    requester: str  # how the intake names them: their contact ref, else their e-mail
    is_admin: bool = False

    @property
    def key(self) -> str:
        return f"person:{self.person_id}"


@dataclass(frozen=True, slots=True)
class Api:
    """The desk behind the API and its clock: server time, never the caller's."""

    desk: Desk
    now: Callable[[], datetime] = utc_now

    async def in_thread(self, call: Callable[..., T], *args: Any) -> T:
        return await run_in_threadpool(partial(call, *args))

    def visible_ticket(self, caller: Caller, ticket_id: int) -> TicketDetail:
        return ticket_services.show_ticket(uow=self.desk.new_uow(), ticket_id=ticket_id)

    def list_visible(
        self, caller: Caller, where: TicketFilter, *, limit: int, after: Position | None
    ) -> TicketPage:
        return ticket_services.page_tickets(
            uow=self.desk.new_uow(), now=self.now(), where=where, limit=limit, after=after
        )

    def acting_as(self, caller: Caller, ticket_id: int) -> str:
        return caller.requester


def api_of(request: Request) -> Api:
    api: Api = request.app.state.api
    return api


def current_caller(request: Request) -> Caller:
    resolve: Callable[[Request], Caller] = request.app.state.resolve_caller
    return resolve(request)
