"""`remit ticket ...`: drive an incident from the shell, one service call per command."""

from __future__ import annotations

from typing import Annotated

import typer

from remit.cli.desk_opener import (
    BIGGEST,
    AtOption,
    ByOption,
    DbOption,
    JsonOption,
    LineOption,
    desk,
    instant,
    later,
)
from remit.cli.output import print_json
from remit.cli.ticket_acts import Act, acts
from remit.cli.ticket_view import detail_json, render, show_text, summary_json, when
from remit.domain.terms import Impact, Side, Urgency
from remit.domain.ticket import IntakeChannel, RequestKind
from remit.services import operator, tickets
from remit.services.intake import Intake, open_ticket

__all__ = ["TicketArg", "app", "render", "when"]

app = typer.Typer(help="Open and work tickets: intake to confirmed closure.", no_args_is_help=True)

TicketArg = Annotated[int, typer.Argument(help="The ticket number.", min=1, max=BIGGEST)]


@app.command("open")
def open_cmd(
    requester: Annotated[
        str, typer.Option(help="Who reports: 'party.contact' or an e-mail address.")
    ],
    title: Annotated[str, typer.Option(help="One line: what is wrong.")],
    symptoms: Annotated[str, typer.Option(help="What the users see.")],
    who: Annotated[str, typer.Option("--who", help="Who cannot work.")],
    scope: Annotated[
        Impact, typer.Option(help="One user, a department or the whole organization.")
    ],
    category: Annotated[str, typer.Option(help="A category of the contract, e.g. outage.")],
    obj: Annotated[
        list[str] | None, typer.Option("--object", help="An affected object (repeatable).")
    ] = None,
    urgency: Annotated[
        Urgency | None, typer.Option(help="Overrides the category's urgency.")
    ] = None,
    error_ref: Annotated[
        list[str] | None, typer.Option("--error-ref", help="An error message or code (repeatable).")
    ] = None,
    action_taken: Annotated[
        list[str] | None,
        typer.Option("--action-taken", help="What was already tried (repeatable)."),
    ] = None,
    channel: Annotated[
        IntakeChannel, typer.Option(help="Where the request came in.")
    ] = IntakeChannel.CLI,
    billing: Annotated[
        bool, typer.Option("--billing", help="A billing change, not a technical request.")
    ] = False,
    line: LineOption = None,
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Record a request on a contract line; an unknown requester's ticket is held until an
    authorized contact confirms."""
    intake = Intake(
        requester=requester,
        title=title,
        symptoms=symptoms,
        who_cannot_work=who,
        scope=scope,
        category=category,
        channel=channel,
        objects=tuple(obj or ()),
        urgency=urgency,
        error_refs=tuple(error_ref or ()),
        actions_taken=tuple(action_taken or ()),
        kind=RequestKind.BILLING if billing else RequestKind.TECHNICAL,
    )
    with desk(db) as opened:
        uow = opened.new_uow(via=operator.CLI)
        render(open_ticket(uow=uow, intake=intake, now=instant(at), line=line), json)


@app.command("list")
def list_cmd(
    state: Annotated[
        list[str] | None, typer.Option(metavar="STATE", help="Only these states (repeatable).")
    ] = None,
    party: Annotated[
        str | None,
        typer.Option(
            metavar="PARTY",
            help="Only tickets this party coordinates, works, or has a pending layer check on.",
        ),
    ] = None,
    priority: Annotated[
        list[str] | None,
        typer.Option(metavar="PRIORITY", help="Only these priorities, e.g. P1 (repeatable)."),
    ] = None,
    late: Annotated[
        bool, typer.Option("--late", help="Only tickets with a clock past its due instant.")
    ] = False,
    due_before: Annotated[
        str | None,
        typer.Option(
            metavar="INSTANT",
            help="Only tickets whose next deadline comes before this instant (ISO 8601, or a "
            "duration from now such as 2h).",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option(metavar="N", help="At most this many.", min=1, max=BIGGEST)
    ] = 50,
    line: Annotated[
        str | None,
        typer.Option("--line", metavar="KEY", help="Only tickets of this contract line."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="INSTANT",
            help="The moment to judge late and breached at (now if omitted).",
        ),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List tickets, the next deadline first; late and breached ones are marked."""
    now = instant(at)
    where = tickets.TicketFilter(
        states=tuple(state or ()),
        party=party,
        priorities=tuple(priority or ()),
        late=late,
        due_before=later(due_before, now, "--due-before"),
        line=line,
    )
    with desk(db) as opened:
        found = tickets.list_tickets(uow=opened.new_uow(), now=now, where=where, limit=limit)
    if json:
        print_json([summary_json(t) for t in found])
        return
    if not found:
        typer.echo("no tickets match")
    for ticket in found:
        render(ticket, False, now)


@app.command("show")
def show_cmd(ticket: TicketArg, db: DbOption = None, json: JsonOption = False) -> None:
    """Show a ticket: its intake, checks, hand-offs, pauses, updates, cases, reports,
    breaches, emergency approvals, transfers and log, in its calendar's time zone."""
    with desk(db) as opened:
        found = tickets.show_ticket(uow=opened.new_uow(), ticket_id=ticket)
    if json:
        print_json(detail_json(found))
        return
    show_text(found)


@acts(app, "take")
def take_cmd(ticket: TicketArg, by: ByOption) -> Act:
    """Take the ticket into work (stops the response clock)."""
    return Act(tickets.take_ticket)


@acts(app, "pause")
def pause_cmd(
    ticket: TicketArg,
    reason: Annotated[str, typer.Option(help="One of the contract's pause reasons.")],
    by: ByOption,
    note: Annotated[str | None, typer.Option(help="Evidence or context for the pause.")] = None,
    side: Annotated[
        Side | None, typer.Option(help="Who caused it, when the contract does not say.")
    ] = None,
) -> Act:
    """Stop the clocks for a contract pause reason."""
    return Act(tickets.pause_ticket, {"reason": reason, "note": note, "side": side})


@acts(app, "resume")
def resume_cmd(ticket: TicketArg, by: ByOption) -> Act:
    """End the running pause; the clocks run again and are re-planned."""
    return Act(tickets.resume_ticket)


@acts(app, "restore")
def restore_cmd(
    ticket: TicketArg,
    by: ByOption,
    note: Annotated[str | None, typer.Option(help="How the service was restored.")] = None,
) -> Act:
    """The service works again (coordinator only; stops the recovery clock)."""
    return Act(tickets.restore_ticket, {"note": note})


@acts(app, "confirm")
def confirm_cmd(
    ticket: TicketArg,
    by: ByOption,
    score: Annotated[int | None, typer.Option(help="Satisfaction 1-5 (closure only).")] = None,
    comment: Annotated[
        str | None, typer.Option(help="The customer's comment (closure only).")
    ] = None,
) -> Act:
    """An authorized contact confirms a held request, or the reported result (closes it)."""
    return Act(tickets.confirm_ticket, {"score": score, "comment": comment})


@acts(app, "reject")
def reject_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="Why.")],
) -> Act:
    """An authorized contact rejects a held request, or the reported fix (back into work)."""
    return Act(tickets.reject_ticket, {"reason": reason})


@acts(app, "reopen")
def reopen_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="Why the service is not restored after all.")],
) -> Act:
    """Reopen a restored, reported or closed ticket; its history stays."""
    return Act(tickets.reopen_ticket, {"reason": reason})
