"""`remit appendix`: the signable table of a contract, as Markdown, CSV or printable HTML."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from remit.appendix.build import build_appendix
from remit.appendix.render import render_csv, render_html, render_markdown, render_windows_csv
from remit.cli.output import fail, open_contract


class AppendixFormat(StrEnum):
    MD = "md"
    CSV = "csv"
    HTML = "html"


class CsvTable(StrEnum):
    OBJECTS = "objects"
    WINDOWS = "windows"


RENDER = {
    AppendixFormat.MD: render_markdown,
    AppendixFormat.CSV: render_csv,
    AppendixFormat.HTML: render_html,
}


def appendix(
    contract: Annotated[
        str, typer.Argument(help="Path of the contract YAML file.", metavar="CONTRACT")
    ],
    fmt: Annotated[
        AppendixFormat,
        typer.Option("--format", "-f", help="md, csv (the object table) or html (printable)."),
    ] = AppendixFormat.MD,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    table: Annotated[
        CsvTable,
        typer.Option(help="With --format csv: the objects table or the maintenance windows."),
    ] = CsvTable.OBJECTS,
) -> None:
    """Print the appendix of CONTRACT: object, owner, support hours, priority, SLA, comments.

    Markdown and HTML add the responsibility matrix (layer x party), calendars,
    the priority matrix, after-hours coverage, backups, maintenance windows (with
    their first occurrences in local time), escalation contacts,
    pause rules, exclusions and signature lines. An object's priority is the one
    its criticality gives through the priority matrix (docs/appendix.md).
    """
    built = build_appendix(open_contract(contract).contract)
    csv_windows = fmt is AppendixFormat.CSV and table is CsvTable.WINDOWS
    text = render_windows_csv(built) if csv_windows else RENDER[fmt](built)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    typer.echo(f"wrote {output}")


def register(app: typer.Typer) -> None:
    app.command()(appendix)
