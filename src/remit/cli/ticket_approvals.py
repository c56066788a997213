"""`remit ticket approve | transfer | transfer-approve | transfer-reject`: approvals on a ticket."""

from __future__ import annotations

from typing import Annotated

import typer

from remit.cli.desk_opener import (
    AtOption,
    ByOption,
    DbOption,
    JsonOption,
    acting,
    desk,
    instant,
)
from remit.cli.output import print_json
from remit.cli.ticket import TicketArg, when
from remit.cli.ticket_acts import Act, acts
from remit.domain.approvals import Moment
from remit.domain.ticket import IntakeChannel
from remit.services import approvals, transfers
from remit.services.approvals import ApprovalView
from remit.services.transfers import TransferView

app = typer.Typer()  # this module's commands; register() adds them to the ticket group


def register(ticket_app: typer.Typer) -> None:
    """Add this module's commands to `remit ticket`."""
    ticket_app.registered_commands.extend(
        command
        for command in app.registered_commands
        if command not in ticket_app.registered_commands
    )


def _render_approval(view: ApprovalView, json: bool) -> None:
    if json:
        print_json(
            {
                "ticket_id": view.ticket_id,
                "action": view.action,
                "approved_by": view.approved_by,
                "term": view.term,
                "moment": view.moment,
                "channel": view.channel,
                "at": view.at.isoformat(),
                "recorded_by": view.recorded_by,
            }
        )
        return
    typer.echo(
        f"#{view.ticket_id} emergency approval: {view.action!r} approved by {view.approved_by} "
        f"({view.term}, {Moment(view.moment).label}) via {view.channel} at {when(view.at)}"
    )


def _render_transfer(view: TransferView, json: bool) -> None:
    if json:
        print_json(
            {
                "ticket_id": view.ticket_id,
                "responsibility": view.responsibility,
                "layer": view.layer,
                "from_party": view.from_party,
                "to_party": view.to_party,
                "reason": view.reason,
                "status": view.status,
                "approver": view.approver,
                "coordinator": view.coordinator,
                "assignee": view.assignee,
                "handoff_count": view.handoff_count,
            }
        )
        return
    what = "coordination" if view.layer is None else f"work on layer {view.layer}"
    waits = f" (approver: {view.approver})" if view.approver else ""
    typer.echo(
        f"#{view.ticket_id} transfer of {what} {view.from_party} -> {view.to_party}: "
        f"{view.status_label}{waits} | coordinator {view.coordinator}, working: {view.assignee} "
        f"| hand-offs {view.handoff_count}"
    )


@app.command("approve")
def approve_cmd(
    ticket: TicketArg,
    action: Annotated[str, typer.Option(help="The emergency action approved, in words.")],
    by: Annotated[
        str,
        typer.Option(
            metavar="WHO",
            help="The approver, a person known to the desk: their e-mail or 'party.contact'.",
        ),
    ],
    channel: Annotated[IntakeChannel, typer.Option(help="How the approval was given.")],
    recorded_by: Annotated[
        str | None,
        typer.Option(
            metavar="WHO",
            help=(
                "Who records it, e.g. the on-call engineer, a person as for --by "
                "(the approver if omitted)."
            ),
        ),
    ] = None,
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Record an emergency approval; only the contract's approver for that moment may give it."""
    now = instant(at)
    with desk(db) as opened:
        approver = acting(opened, ticket, by, "approve")
        recorder = None
        if recorded_by is not None:
            recorder = acting(opened, ticket, recorded_by, "approve --recorded-by").by
        view = approvals.approve_emergency(
            uow=approver.uow(),
            ticket_id=ticket,
            action=action,
            by=approver.by,
            channel=channel,
            recorded_by=recorder,
            now=now,
        )
    _render_approval(view, json)


@acts(app, "transfer")
def transfer_cmd(
    ticket: TicketArg,
    to: Annotated[str, typer.Option(help="The party that takes over the responsibility.")],
    reason: Annotated[str, typer.Option(help="Why the responsibility moves.")],
    by: ByOption,
    layer: Annotated[
        str | None,
        typer.Option(
            help="Move the work on this layer, not the coordination, away from its primary."
        ),
    ] = None,
) -> Act:
    """Transfer the coordination (or a layer's work); it waits for the contract's approver."""
    arguments = {"to": to, "reason": reason, "layer": layer}
    return Act(transfers.request_transfer, arguments, show=_render_transfer)


ApproverOption = Annotated[
    str,
    typer.Option(
        metavar="WHO",
        help=(
            "The approver (the client owner unless the contract names another), a person "
            "known to the desk: their e-mail or 'party.contact'."
        ),
    ),
]


@acts(app, "transfer-approve", versioned=False)
def transfer_approve_cmd(
    ticket: TicketArg,
    by: ApproverOption,
    note: Annotated[str | None, typer.Option(help="A note on the decision.")] = None,
) -> Act:
    """Approve the ticket's pending transfer: it takes effect as a counted hand-off."""
    return Act(transfers.approve_transfer, {"note": note}, show=_render_transfer)


@acts(app, "transfer-reject", versioned=False)
def transfer_reject_cmd(
    ticket: TicketArg,
    by: ApproverOption,
    reason: Annotated[str, typer.Option(help="Why the transfer is refused.")],
) -> Act:
    """Reject the ticket's pending transfer: responsibility stays where it is."""
    return Act(transfers.reject_transfer, {"reason": reason}, show=_render_transfer)
