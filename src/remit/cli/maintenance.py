"""`remit maintenance`: confirm a window's occurrence, list the next occurrences."""

from __future__ import annotations

from typing import Annotated

import typer

from remit.cli.desk_opener import (
    AtOption,
    DbOption,
    JsonOption,
    LineOption,
    ReadAtOption,
    desk,
    instant,
)
from remit.cli.output import print_json
from remit.contract.durations import format_duration
from remit.services.maintenance import (
    AGREED_BY_CONTRACT,
    OccurrenceView,
    WindowView,
    confirm_occurrence,
    list_windows,
)

app = typer.Typer(
    help="Maintenance windows: confirm occurrences, see the next ones.", no_args_is_help=True
)


@app.command("confirm")
def confirm_cmd(
    window: Annotated[
        str, typer.Argument(help="The window's name as the contract writes it.", metavar="WINDOW")
    ],
    start: Annotated[
        str,
        typer.Option(
            "--start", help="The occurrence's start, ISO 8601 with an offset (as `list` shows it)."
        ),
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by", help="Who confirms: the window's `confirmed_by` person ('party.contact')."
        ),
    ],
    line: LineOption = None,
    at: AtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Confirm one occurrence of WINDOW; only the person the contract names may."""
    with desk(db) as opened:
        found = confirm_occurrence(
            uow=opened.new_uow(),
            window=window,
            start=instant(start, "--start"),
            by=by,
            now=instant(at),
            line=line,
        )
    if json:
        print_json(found.to_json())
        return
    typer.echo(f"confirmed: {window} {_span(found)} by {found.confirmed_by}")


@app.command("list")
def list_cmd(
    count: Annotated[
        int, typer.Option(help="How many occurrences to show per window.", min=1, max=100)
    ] = 3,
    line: LineOption = None,
    at: ReadAtOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List the windows of the line's contract in force with their next occurrences, in
    local time."""
    with desk(db) as opened:
        found = list_windows(uow=opened.new_uow(), now=instant(at), count=count, line=line)
    if json:
        print_json([w.to_json() for w in found])
        return
    if not found:
        typer.echo("the contract in force has no maintenance windows")
    for window in found:
        _show(window)


def _show(window: WindowView) -> None:
    objects = ", ".join(window.objects) or "all objects"
    clocks = "SLA clocks run" if window.clocks_run else "SLA clocks stopped"
    escalations = "escalations fire" if window.escalations_fire else "escalations held to the end"
    typer.echo(
        f"{window.name}: {window.rrule}, {format_duration(window.duration)} ({window.timezone});"
        f" {objects}; {clocks}, {escalations}"
    )
    for occurrence in window.upcoming:
        typer.echo(f"  {_span(occurrence)}  {_state(occurrence)}")


def _span(occurrence: OccurrenceView) -> str:
    start, end = occurrence.local(occurrence.start), occurrence.local(occurrence.end)
    return f"{start:%a %Y-%m-%d %H:%M %Z} - {end:%H:%M %Z} (start {start.isoformat()})"


def _state(occurrence: OccurrenceView) -> str:
    if occurrence.confirm_by is None:
        return f"agreed by {AGREED_BY_CONTRACT}"
    if occurrence.confirmed_by is None:
        return f"not confirmed (to be confirmed by {occurrence.confirm_by})"
    return f"confirmed by {occurrence.confirmed_by} at {occurrence.confirmed_at:%Y-%m-%d %H:%M %Z}"
