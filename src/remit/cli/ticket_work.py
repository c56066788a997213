"""`remit ticket check | localize | update | vendor | report`: the coordinator's work."""

from __future__ import annotations

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
    later,
)
from remit.cli.output import fail, print_json
from remit.cli.ticket import TicketArg, render
from remit.contract.durations import parse_duration
from remit.domain.terms import FaultClass
from remit.domain.ticket import CheckResult, VendorStatus
from remit.services import access, coordination, updates
from remit.services.closure import WorkReport, write_report

app = typer.Typer()  # this module's commands; register() adds them to the ticket group


def register(ticket_app: typer.Typer) -> None:
    """Add this module's commands to `remit ticket`."""
    ticket_app.registered_commands.extend(
        command
        for command in app.registered_commands
        if command not in ticket_app.registered_commands
    )


@app.command("check")
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
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Open parallel layer checks, or (with --result) answer one as the layer's party."""
    now = instant(at)
    if result is not None and (not layer or len(layer) != 1):
        fail("answer one check at a time: give exactly one --layer with --result")
    with desk(db) as opened:
        if result is None or not layer:
            person = acting(opened, ticket, by, "check")
            views = coordination.open_checks(
                uow=person.uow(), ticket_id=ticket, by=person.by, now=now, layers=tuple(layer or ())
            )
        else:
            share = access.check_share(layer[0])
            person = acting(opened, ticket, by, "check --result", share=share)
            views = [
                coordination.answer_check(
                    uow=person.uow(),
                    ticket_id=ticket,
                    layer=layer[0],
                    result=result,
                    by=person.by,
                    note=note,
                    now=now,
                )
            ]
    if json:
        print_json([{"layer": v.layer, "party": v.party, "result": v.result} for v in views])
        return
    for v in views:
        typer.echo(f"#{ticket} check {v.layer}: {v.party} -> {v.result}")


@app.command("localize")
def localize_cmd(
    ticket: TicketArg,
    by: ByOption,
    reason: Annotated[str, typer.Option(help="What was found.")],
    layer: Annotated[str | None, typer.Option(help="The layer where the fault is.")] = None,
    fault_class: Annotated[
        FaultClass | None, typer.Option(help="The fault class; its contract target takes the work.")
    ] = None,
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Localize the fault: the work goes to the responsible party (a counted hand-off)."""
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "localize")
        render(
            coordination.localize_fault(
                uow=person.uow(),
                ticket_id=ticket,
                by=person.by,
                reason=reason,
                layer=layer,
                fault_class=fault_class,
                now=now,
                expected_version=expect_version,
            ),
            json,
        )


@app.command("update")
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
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Send the client an update; a late one is recorded as a cadence breach."""
    now = instant(at)
    promised = later(next_update, now, "--next-update")
    with desk(db) as opened:
        person = acting(opened, ticket, by, "update")
        render(
            updates.post_update(
                uow=person.uow(),
                ticket_id=ticket,
                by=person.by,
                known=known,
                checking=checking,
                next_action=next_action,
                next_update_at=promised,
                now=now,
                expected_version=expect_version,
            ),
            json,
        )


@app.command("vendor")
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
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Open or update a vendor case; the coordinator stays the client's single point of contact."""
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "vendor")
        case_view = coordination.vendor_case(
            uow=person.uow(),
            ticket_id=ticket,
            vendor=vendor,
            case_ref=case,
            by=person.by,
            status=status,
            opened_by=opened_by,
            follow_through=follow_through,
            note=note,
            now=now,
        )
    if json:
        print_json(case_view)
        return
    typer.echo(
        f"#{ticket} vendor case {case_view['vendor']} {case_view['case_ref']}: "
        f"{case_view['status']}, opened by {case_view['opened_by']}, "
        f"followed through by {case_view['follow_through']}; "
        f"client contact stays {case_view['client_contact_owner']}"
    )


@app.command("report")
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
    at: AtOption = None,
    expect_version: VersionOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
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
    now = instant(at)
    with desk(db) as opened:
        person = acting(opened, ticket, by, "report")
        render(
            write_report(
                uow=person.uow(),
                ticket_id=ticket,
                by=person.by,
                report=report,
                now=now,
                expected_version=expect_version,
            ),
            json,
        )
