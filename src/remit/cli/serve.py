"""`remit serve`: the HTTP API under /api/v1/ (uvicorn), on the desk's database."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from remit.cli.desk_opener import DbOption, desk


def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes; more than one needs PostgreSQL (SQLite has one writer).",
            min=1,
            max=64,
        ),
    ] = 1,
    db: DbOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json) until interrupted.

    Callers authenticate with the header `Authorization: Bearer TOKEN`, a token from
    `remit people token`.
    Several processes, here or on other hosts, may serve one PostgreSQL database.
    """
    import uvicorn  # only this command needs the server

    with desk(db) as opened:  # refuses a missing or unmigrated database before listening
        url = opened.engine.url
        if workers > 1 and url.get_backend_name() == "sqlite":
            typer.echo(
                "remit: several server processes need PostgreSQL; SQLite takes one writer",
                err=True,
            )
            raise typer.Exit(2)
        database_url = url.render_as_string(hide_password=False)
    os.environ["REMIT_DATABASE_URL"] = database_url  # the worker processes read it
    uvicorn.run(
        "remit.api.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
    )


def register(app: typer.Typer) -> None:
    app.command()(serve)
