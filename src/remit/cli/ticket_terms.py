"""`remit ticket scope | vendor-follow-up`: scope decisions and vendor follow-through."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from remit.cli.desk_opener import (
    AtOption,
    ByOption,
    DbOption,
    JsonOption,
    VersionOption,
    acting,
    desk,
    instant,
)
from remit.cli.output import print_json
from remit.cli.ticket import TicketArg, render, when
from remit.domain.audit import json_detail
from remit.domain.terms import Billing
from remit.services import access
from remit.services.follow_through import record_vendor_follow_up
from remit.services.scope import set_scope

app = typer.Typer()  # this module's commands; register() adds them to the ticket group


def register(ticket_app: typer.Typer) -> None:
    """Add this module's commands to `remit ticket`."""
    ticket_app.registered_commands.extend(
        command
        for command in app.registered_commands
        if command not in ticket_app.registered_commands
    )


@app.command("scope")
def scope_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="Why the coordinator decides so.")],
    in_scope: Annotated[
        bool | None,
        typer.Option(
            "--in-scope/--out-of-scope",
            help="Treat the request as covered by the contract, or not (unchanged if omitted).",
            show_default=False,
        ),
    ] = None,
    billing: Annotated[
        Billing | None,
        typer.Option(
            help="Whether the work is included in the fee or billed (unchanged if omitted)."
        ),
    ] = None,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Override the intake's scope and billing marking; only the coordinator decides."""
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "scope")
        render(
            set_scope(
                uow=person.uow(),
                ticket_id=ticket,
                by=person.by,
                reason=reason,
                in_scope=in_scope,
                billing=billing,
                now=now,
                expected_version=expect_version,
            ),
            json,
        )


@app.command("vendor-follow-up")
def vendor_follow_up_cmd(
    ticket: TicketArg,
    by: ByOption,
    case: Annotated[str, typer.Option(help="The vendor's case reference.")],
    note: Annotated[str, typer.Option(help="What the vendor was asked or said.")],
    vendor: Annotated[
        str | None, typer.Option(help="The vendor party, when two vendors share the reference.")
    ] = None,
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Record a follow-up on a vendor case; the next one falls due a follow-up interval later."""
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "vendor-follow-up", share=access.case_share(case))
        done = record_vendor_follow_up(
            uow=person.uow(),
            ticket_id=ticket,
            case_ref=case,
            vendor=vendor,
            note=note,
            by=person.by,
            now=now,
        )
    if json:
        print_json(json_detail(asdict(done)))
        return
    typer.echo(
        f"#{ticket} vendor case {done.vendor} {done.case_ref}: follow-up {done.follow_ups}"
        f"{' (late)' if done.late else ''} by {person.by}; next due {when(done.next_follow_up_due)}, "
        f"followed through by {done.follow_through}"
    )
