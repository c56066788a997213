"""`remit ticket scope | vendor-follow-up`: scope decisions and vendor follow-through."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

import typer

from remit.cli.desk_opener import ByOption
from remit.cli.output import print_json
from remit.cli.ticket import TicketArg, when
from remit.cli.ticket_acts import Act, acts
from remit.domain.audit import json_detail
from remit.domain.terms import Billing
from remit.services import access
from remit.services.follow_through import FollowUpView, record_vendor_follow_up
from remit.services.scope import set_scope

app = typer.Typer()  # this module's commands; register() adds them to the ticket group


def register(ticket_app: typer.Typer) -> None:
    """Add this module's commands to `remit ticket`."""
    ticket_app.registered_commands.extend(
        command
        for command in app.registered_commands
        if command not in ticket_app.registered_commands
    )


@acts(app, "scope")
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
) -> Act:
    """Override the intake's scope and billing marking; only the coordinator decides."""
    return Act(set_scope, {"reason": reason, "in_scope": in_scope, "billing": billing})


@acts(app, "vendor-follow-up", versioned=False)
def vendor_follow_up_cmd(
    ticket: TicketArg,
    by: ByOption,
    case: Annotated[str, typer.Option(help="The vendor's case reference.")],
    note: Annotated[str, typer.Option(help="What the vendor was asked or said.")],
    vendor: Annotated[
        str | None, typer.Option(help="The vendor party, when two vendors share the reference.")
    ] = None,
) -> Act:
    """Record a follow-up on a vendor case; the next one falls due a follow-up interval later."""

    def show(done: FollowedUp, json: bool) -> None:
        if json:
            print_json(json_detail(asdict(done.view)))
            return
        view = done.view
        typer.echo(
            f"#{ticket} vendor case {view.vendor} {view.case_ref}: follow-up {view.follow_ups}"
            f"{' (late)' if view.late else ''} by {done.by}; "
            f"next due {when(view.next_follow_up_due)}, followed through by {view.follow_through}"
        )

    def follow_up(*, by: str, **arguments: Any) -> FollowedUp:
        return FollowedUp(record_vendor_follow_up(by=by, **arguments), by)

    return Act(
        follow_up,
        {"case_ref": case, "vendor": vendor, "note": note},
        share=access.case_share(case),
        show=show,
    )


@dataclass(frozen=True, slots=True)
class FollowedUp:
    """A follow-up recorded, and the contact who recorded it."""

    view: FollowUpView
    by: str
