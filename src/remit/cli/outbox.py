"""`remit outbox list`: what is pending, sent and failed."""

from __future__ import annotations

from typing import Annotated

import typer

from remit.cli.desk_opener import BIGGEST, DbOption, JsonOption, desk
from remit.cli.output import print_json
from remit.services.outbox import list_outbox

app = typer.Typer(
    help="The outbox: every notice the desk sends, once per key.", no_args_is_help=True
)


@app.command("list")
def list_cmd(
    status: Annotated[str | None, typer.Option(help="pending, sent, failed or dead.")] = None,
    ticket: Annotated[
        int | None, typer.Option(help="Only this ticket's notices.", min=1, max=BIGGEST)
    ] = None,
    limit: Annotated[
        int, typer.Option(help="At most this many, oldest first.", min=1, max=BIGGEST)
    ] = 100,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List notices with their delivery state, error and next retry."""
    with desk(db) as opened:
        items = list_outbox(uow=opened.new_uow(), status=status, ticket_id=ticket, limit=limit)
    if json:
        print_json([item.to_json() for item in items])
        return
    if not items:
        typer.echo("no notices" + (f" with status {status}" if status else "") + " in the outbox")
    for item in items:
        retry = (
            f", retry at {item.next_attempt_at:%Y-%m-%d %H:%M}"
            if item.status == "failed" and item.next_attempt_at
            else ""
        )
        error = f", error: {item.last_error}" if item.last_error else ""
        typer.echo(
            f"{item.status:<8} {item.kind:<22} to {item.recipient:<20} {item.subject}"
            f" [{item.key}] attempts {item.attempts}{error}{retry}"
        )
