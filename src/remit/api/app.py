"""The ASGI application: `create_app(desk)` builds it; `remit serve` runs it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request

from remit.api import contract_reads, openapi, problems, records, schemas, sub_accounts, tickets
from remit.api.context import Api, Caller
from remit.bootstrap import Desk


def create_app(desk: Desk, *, resolve_caller: Callable[[Request], Caller]) -> FastAPI:
    """The API on `desk`; `resolve_caller` verifies who calls (a bearer token in
    `remit serve`)."""
    app = FastAPI(
        title="remit",
        summary="The desk of an IT support contract: tickets, clocks, people, contracts.",
        version="1",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.api = Api(desk)
    app.state.resolve_caller = resolve_caller
    problems.install(app)
    app.include_router(tickets.router)
    app.include_router(records.router)
    app.include_router(sub_accounts.router)
    app.include_router(contract_reads.router)
    openapi.with_components(app, [schemas.Problem, *tickets.BODIES])
    return app
