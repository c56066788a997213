"""`remit ticket ...`: drive an incident from the shell, one service call per command."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from remit.cli.desk_opener import (
    BIGGEST,
    AtOption,
    ByOption,
    DbOption,
    JsonOption,
    VersionOption,
    desk,
    instant,
)
from remit.cli.output import print_json
from remit.domain.terms import Impact, Side, Urgency
from remit.domain.ticket import IntakeChannel, RequestKind
from remit.services import tickets
from remit.services.intake import Intake, open_ticket
from remit.services.views import TicketDetail, TicketSummary

app = typer.Typer(help="Open and work tickets: intake to confirmed closure.", no_args_is_help=True)

TicketArg = Annotated[int, typer.Argument(help="The ticket number.", min=1, max=BIGGEST)]


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def render(ticket: TicketSummary, json: bool) -> None:
    if json:
        print_json(ticket.to_json())
        return
    typer.echo(
        f"#{ticket.id} {ticket.state_label} | {ticket.priority} {ticket.category} | "
        f"coordinator {ticket.coordinator}, working: {ticket.assignee} | "
        f"response due {when(ticket.response_due)} | recovery due {when(ticket.recovery_due)} | "
        f"next update {when(ticket.next_update_due)} | hand-offs {ticket.handoff_count} | "
        f"{ticket.scope_label} | {_incident(ticket)}version {ticket.version}"
        + (f" | transfer pending: {ticket.pending_transfer}" if ticket.pending_transfer else "")
        + (f" | planned work: window '{ticket.planned_window}'" if ticket.planned_window else "")
    )


def _incident(ticket: TicketSummary) -> str:
    """Where the ticket stands in a major incident, as a part of its one-line render."""
    if ticket.parent_id is not None:
        return f"duplicate of #{ticket.parent_id} (follows its clocks) | "
    if ticket.duplicates:
        return f"major incident of {ticket.duplicates} duplicate(s) | "
    return ""


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
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Record a request; an unknown requester's ticket is held until an authorized contact confirms."""
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
        render(open_ticket(uow=opened.new_uow(), intake=intake, now=instant(at)), json)


@app.command("list")
def list_cmd(
    state: Annotated[list[str] | None, typer.Option(help="Only these states (repeatable).")] = None,
    party: Annotated[
        str | None, typer.Option(help="Only tickets this party coordinates or works.")
    ] = None,
    limit: Annotated[
        int, typer.Option(help="At most this many, newest first.", min=1, max=BIGGEST)
    ] = 50,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List tickets, newest first."""
    with desk(db) as opened:
        found = tickets.list_tickets(
            uow=opened.new_uow(), states=tuple(state or ()), party=party, limit=limit
        )
    if json:
        print_json([t.to_json() for t in found])
        return
    for ticket in found:
        render(ticket, False)


@app.command("show")
def show_cmd(ticket: TicketArg, db: DbOption = None, json: JsonOption = False) -> None:
    """Show a ticket with its checks, hand-offs, pauses, updates, cases, reports, breaches,
    emergency approvals, transfers and log."""
    with desk(db) as opened:
        found = tickets.show_ticket(uow=opened.new_uow(), ticket_id=ticket)
    if json:
        print_json(found.to_json())
        return
    _show_text(found)


def _show_text(found: TicketDetail) -> None:
    render(found.summary, False)
    typer.echo(f"  {found.summary.title} (requested by {found.summary.requester})")
    _show_scope(found)
    sections = (
        ("checks", found.checks),
        ("hand-offs", found.handoffs),
        ("pauses", found.pauses),
        ("updates", found.updates),
        ("vendor cases", found.vendor_cases),
        ("reports", found.reports),
        ("duplicates", found.duplicates),
        ("breaches", found.breaches),
        ("emergency approvals", found.approvals),
        ("transfers", found.transfers),
        ("due work", found.due_work),
    )
    for name, rows in sections:
        if rows:
            typer.echo(f"  {name}:")
            for row in rows:
                typer.echo(
                    "    "
                    + ", ".join(f"{k}={v}" for k, v in row.items() if v not in (None, [], ""))
                )
    typer.echo("  log:")
    for entry in found.audit:
        typer.echo(f"    {entry['seq']:>5} {entry['at']} {entry['actor']}: {entry['action']}")


def _show_scope(found: TicketDetail) -> None:
    marked = found.intake
    if marked.get("in_scope") is None:
        return
    clause = f": {marked['scope_clause']}" if marked.get("scope_clause") else ""
    typer.echo(
        f"  scope: {'in scope' if marked['in_scope'] else 'OUT OF SCOPE'} "
        f"({marked['scope_basis']}{clause}); {marked['billing']} ({marked['billing_basis']})"
    )


@app.command("take")
def take_cmd(
    ticket: TicketArg,
    by: ByOption,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Take the ticket into work (stops the response clock)."""
    with desk(db) as opened:
        render(
            tickets.take_ticket(
                uow=opened.new_uow(),
                ticket_id=ticket,
                by=by,
                now=instant(at),
                expected_version=expect_version,
            ),
            json,
        )


@app.command("pause")
def pause_cmd(
    ticket: TicketArg,
    reason: Annotated[str, typer.Option(help="One of the contract's pause reasons.")],
    by: ByOption,
    note: Annotated[str | None, typer.Option(help="Evidence or context for the pause.")] = None,
    side: Annotated[
        Side | None, typer.Option(help="Who caused it, when the contract does not say.")
    ] = None,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Stop the clocks for a contract pause reason."""
    with desk(db) as opened:
        render(
            tickets.pause_ticket(
                uow=opened.new_uow(),
                ticket_id=ticket,
                reason=reason,
                by=by,
                note=note,
                side=side,
                now=instant(at),
                expected_version=expect_version,
            ),
            json,
        )


@app.command("resume")
def resume_cmd(
    ticket: TicketArg,
    by: ByOption,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """End the running pause; the clocks run again and are re-planned."""
    with desk(db) as opened:
        render(
            tickets.resume_ticket(
                uow=opened.new_uow(),
                ticket_id=ticket,
                by=by,
                now=instant(at),
                expected_version=expect_version,
            ),
            json,
        )


@app.command("restore")
def restore_cmd(
    ticket: TicketArg,
    by: ByOption,
    note: Annotated[str | None, typer.Option(help="How the service was restored.")] = None,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The service works again (coordinator only; stops the recovery clock)."""
    with desk(db) as opened:
        render(
            tickets.restore_ticket(
                uow=opened.new_uow(),
                ticket_id=ticket,
                by=by,
                note=note,
                now=instant(at),
                expected_version=expect_version,
            ),
            json,
        )


@app.command("confirm")
def confirm_cmd(
    ticket: TicketArg,
    by: ByOption,
    score: Annotated[int | None, typer.Option(help="Satisfaction 1-5 (closure only).")] = None,
    comment: Annotated[
        str | None, typer.Option(help="The customer's comment (closure only).")
    ] = None,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """An authorized contact confirms a held request, or the reported result (closes it)."""
    with desk(db) as opened:
        render(
            tickets.confirm_ticket(
                uow=opened.new_uow(),
                ticket_id=ticket,
                by=by,
                score=score,
                comment=comment,
                now=instant(at),
                expected_version=expect_version,
            ),
            json,
        )


@app.command("reject")
def reject_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="Why.")],
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """An authorized contact rejects a held request, or the reported fix (back into work)."""
    with desk(db) as opened:
        render(
            tickets.reject_ticket(
                uow=opened.new_uow(),
                ticket_id=ticket,
                by=by,
                reason=reason,
                now=instant(at),
                expected_version=expect_version,
            ),
            json,
        )


@app.command("reopen")
def reopen_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="Why the service is not restored after all.")],
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Reopen a restored, reported or closed ticket; its history stays."""
    with desk(db) as opened:
        render(
            tickets.reopen_ticket(
                uow=opened.new_uow(),
                ticket_id=ticket,
                by=by,
                reason=reason,
                now=instant(at),
                expected_version=expect_version,
            ),
            json,
        )
