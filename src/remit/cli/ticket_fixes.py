"""`remit ticket correct | link | unlink`: corrections and major incidents."""

from __future__ import annotations

from typing import Annotated

import typer

from remit.cli.desk_opener import (
    BIGGEST,
    AtOption,
    ByOption,
    DbOption,
    JsonOption,
    VersionOption,
    acting,
    desk,
    instant,
)
from remit.cli.ticket import TicketArg, render
from remit.domain.terms import Impact
from remit.services import corrections, incidents

app = typer.Typer()  # this module's commands; register() adds them to the ticket group


def register(ticket_app: typer.Typer) -> None:
    """Add this module's commands to `remit ticket`."""
    ticket_app.registered_commands.extend(
        command
        for command in app.registered_commands
        if command not in ticket_app.registered_commands
    )


ReasonOption = Annotated[str, typer.Option(help="Why: recorded in the audit log.")]


@app.command("correct")
def correct_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: ReasonOption,
    priority: Annotated[
        str | None,
        typer.Option(help="The corrected priority (else re-derived from the matrix on a change)."),
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="The corrected category; its urgency comes with it.")
    ] = None,
    scope: Annotated[
        Impact | None, typer.Option(help="The corrected scope: user, department, organization.")
    ] = None,
    obj: Annotated[
        list[str] | None,
        typer.Option("--object", help="An affected object (repeatable; replaces the list)."),
    ] = None,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Correct priority, category, scope or objects (coordinator only); clocks are re-planned."""
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "correct")
        render(
            corrections.correct_ticket(
                uow=person.uow(),
                ticket_id=ticket,
                by=person.by,
                reason=reason,
                now=now,
                priority=priority,
                category=category,
                scope=scope,
                objects=tuple(obj) if obj else None,
                expected_version=expect_version,
            ),
            json,
        )


@app.command("link")
def link_cmd(
    ticket: TicketArg,
    parent: Annotated[
        int, typer.Option(help="The major incident this ticket duplicates.", min=1, max=BIGGEST)
    ],
    by: ByOption,
    reason: ReasonOption,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Link the ticket as a duplicate of a major incident; it follows the parent's clocks."""
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "link")
        render(
            incidents.link_ticket(
                uow=person.uow(),
                ticket_id=ticket,
                parent_id=parent,
                by=person.by,
                reason=reason,
                now=now,
                expected_version=expect_version,
            ),
            json,
        )


@app.command("unlink")
def unlink_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: ReasonOption,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Unlink a duplicate from its major incident; its own clocks run again from its acceptance."""
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "unlink")
        render(
            incidents.unlink_ticket(
                uow=person.uow(),
                ticket_id=ticket,
                by=person.by,
                reason=reason,
                now=now,
                expected_version=expect_version,
            ),
            json,
        )
