"""The ASGI application: `create_app(desk)` builds it; `remit serve` runs it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request

from remit.api import problems, tickets
from remit.api.context import Api, Caller, utc_now
from remit.bootstrap import Desk


def create_app(
    desk: Desk,
    *,
    now: Callable[[], datetime] = utc_now,
    resolve_caller: Callable[[Request], Caller],
) -> FastAPI:
    app = FastAPI(
        title="remit",
        summary="The desk of an IT support contract: tickets, clocks, people, contracts.",
        version="1",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.api = Api(desk, now)
    app.state.resolve_caller = resolve_caller
    problems.install(app)
    app.include_router(tickets.router)
    return app
