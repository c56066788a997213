"""`remit ticket correct | link | unlink`: corrections and major incidents."""

from __future__ import annotations

from typing import Annotated

import typer

from remit.cli.desk_opener import BIGGEST, ByOption
from remit.cli.ticket import TicketArg
from remit.cli.ticket_acts import Act, acts
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


@acts(app, "correct")
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
) -> Act:
    """Correct priority, category, scope or objects (coordinator only); clocks are re-planned."""
    objects = tuple(obj) if obj else None
    arguments = {"reason": reason, "priority": priority, "category": category, "scope": scope}
    return Act(corrections.correct_ticket, {**arguments, "objects": objects})


@acts(app, "link")
def link_cmd(
    ticket: TicketArg,
    parent: Annotated[
        int, typer.Option(help="The major incident this ticket duplicates.", min=1, max=BIGGEST)
    ],
    by: ByOption,
    reason: ReasonOption,
) -> Act:
    """Link the ticket as a duplicate of a major incident; it follows the parent's clocks."""
    return Act(incidents.link_ticket, {"parent_id": parent, "reason": reason})


@acts(app, "unlink")
def unlink_cmd(ticket: TicketArg, by: ByOption, reason: ReasonOption) -> Act:
    """Unlink a duplicate from its major incident; its own clocks run again from its acceptance."""
    return Act(incidents.unlink_ticket, {"reason": reason})
