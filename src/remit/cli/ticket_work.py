"""`remit ticket check | localize | update | vendor | report`: the coordinator's work."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

import typer

from remit.cli.desk_opener import ByOption, instant, later
from remit.cli.output import fail, print_json
from remit.cli.ticket import TicketArg
from remit.cli.ticket_acts import Act, acts
from remit.contract.durations import parse_duration
from remit.domain.terms import FaultClass
from remit.domain.ticket import CheckResult, VendorStatus
from remit.services import access, coordination, updates
from remit.services.closure import WorkReport, write_report
from remit.services.coordination import CheckView, VendorCaseView

app = typer.Typer()  # this module's commands; register() adds them to the ticket group


def register(ticket_app: typer.Typer) -> None:
    """Add this module's commands to `remit ticket`."""
    ticket_app.registered_commands.extend(
        command
        for command in app.registered_commands
        if command not in ticket_app.registered_commands
    )


@acts(app, "check", versioned=False)
def check_cmd(
    ticket: TicketArg,
    by: ByOption,
    layer: Annotated[
        list[str] | None,
        typer.Option(help="A layer to check (repeatable); the suspected ones if omitted."),
    ] = None,
    result: Annotated[
        CheckResult | None,
        typer.Option(
            help="Answer the check of --layer: clear, fault_found, needs_vendor, not_ours."
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the check found.")] = None,
) -> Act:
    """Open parallel layer checks, or (with --result) answer one as the layer's party."""
    if result is not None and (not layer or len(layer) != 1):
        fail("answer one check at a time: give exactly one --layer with --result")

    def show(views: list[CheckView], json: bool) -> None:
        if json:
            print_json([{"layer": v.layer, "party": v.party, "result": v.result} for v in views])
            return
        for v in views:
            typer.echo(f"#{ticket} check {v.layer}: {v.party} -> {v.result}")

    if result is None or not layer:
        return Act(coordination.open_checks, {"layers": tuple(layer or ())}, show=show)

    def answer(**arguments: Any) -> list[CheckView]:
        return [coordination.answer_check(**arguments)]

    return Act(
        answer,
        {"layer": layer[0], "result": result, "note": note},
        command="check --result",
        share=access.check_share(layer[0]),
        show=show,
    )


@acts(app, "localize")
def localize_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="What was found.")],
    layer: Annotated[str | None, typer.Option(help="The layer where the fault is.")] = None,
    fault_class: Annotated[
        FaultClass | None, typer.Option(help="The fault class; its contract target takes the work.")
    ] = None,
) -> Act:
    """Localize the fault: the work goes to the responsible party (a counted hand-off)."""
    arguments = {"reason": reason, "layer": layer, "fault_class": fault_class}
    return Act(coordination.localize_fault, arguments)


@acts(app, "update")
def update_cmd(
    ticket: TicketArg,
    by: ByOption,
    known: Annotated[str, typer.Option(help="What is known.")],
    checking: Annotated[str, typer.Option(help="What is being checked.")],
    next_action: Annotated[str, typer.Option(help="The next action.")],
    next_update: Annotated[
        str | None,
        typer.Option(
            help="When the next update comes: ISO 8601 or a duration (30m); the contract cadence if omitted."
        ),
    ] = None,
    *,
    now: datetime,
) -> Act:
    """Send the client an update; a late one is recorded as a cadence breach."""
    promised = later(next_update, now, "--next-update")
    arguments = {"known": known, "checking": checking, "next_action": next_action}
    return Act(updates.post_update, {**arguments, "next_update_at": promised})


@acts(app, "vendor", versioned=False)
def vendor_cmd(
    ticket: TicketArg,
    by: ByOption,
    vendor: Annotated[str, typer.Option(help="The vendor party.")],
    case: Annotated[str, typer.Option(help="The vendor's case reference.")],
    status: Annotated[VendorStatus | None, typer.Option(help="New status of the case.")] = None,
    opened_by: Annotated[
        str | None, typer.Option(help="Who opened the case (contract default).")
    ] = None,
    follow_through: Annotated[
        str | None, typer.Option(help="Who follows it through (contract default).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the vendor said or was asked.")] = None,
) -> Act:
    """Open or update a vendor case; the coordinator stays the client's single point of contact."""

    def show(case_view: VendorCaseView, json: bool) -> None:
        if json:
            print_json(asdict(case_view))
            return
        typer.echo(
            f"#{ticket} vendor case {case_view.vendor} {case_view.case_ref}: "
            f"{case_view.status}, opened by {case_view.opened_by}, "
            f"followed through by {case_view.follow_through}; "
            f"client contact stays {case_view.client_contact_owner}"
        )

    arguments = {"vendor": vendor, "case_ref": case, "status": status, "note": note}
    arguments |= {"opened_by": opened_by, "follow_through": follow_through}
    return Act(coordination.vendor_case, arguments, show=show)


@acts(app, "report")
def report_cmd(
    ticket: TicketArg,
    by: ByOption,
    cause: Annotated[str | None, typer.Option(help="The cause of the incident.")] = None,
    actions: Annotated[str | None, typer.Option(help="The actions performed.")] = None,
    start: Annotated[
        str | None, typer.Option(help="Start, ISO 8601 (acceptance if omitted).")
    ] = None,
    end: Annotated[str | None, typer.Option(help="End, ISO 8601 (restoration if omitted).")] = None,
    provider_participant: Annotated[
        list[str] | None, typer.Option(help="A participant on the provider side (repeatable).")
    ] = None,
    client_participant: Annotated[
        list[str] | None, typer.Option(help="A participant on the client side (repeatable).")
    ] = None,
    downtime: Annotated[
        str | None, typer.Option(help="Downtime as a duration (end minus start if omitted).")
    ] = None,
    recurrence_risk: Annotated[str | None, typer.Option(help="The risk of recurrence.")] = None,
) -> Act:
    """Write the work report; the contract's required fields are checked."""
    try:
        downtime_s = parse_duration(downtime) if downtime else None
    except ValueError as exc:
        fail(f"--downtime: {exc}")
    report = WorkReport(
        cause=cause,
        actions=actions,
        started_at=instant(start, "--start") if start else None,
        ended_at=instant(end, "--end") if end else None,
        provider_participants=tuple(provider_participant or ()),
        client_participants=tuple(client_participant or ()),
        downtime_seconds=downtime_s,
        recurrence_risk=recurrence_risk,
    )
    return Act(write_report, {"report": report})
