"""`remit appendix`: the signable table of a contract, as Markdown, CSV or printable HTML."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from remit.appendix.build import Appendix, build_appendix
from remit.appendix.render import render_csv, render_html, render_markdown
from remit.cli.output import fail, open_contract


class AppendixFormat(StrEnum):
    MD = "md"
    CSV = "csv"
    HTML = "html"


class AppendixTable(StrEnum):
    """The names of `remit.appendix.render.CSV_TABLES` (a unit test keeps them equal)."""

    OBJECTS = "objects"
    WINDOWS = "windows"
    REQUESTERS = "requesters"
    UPDATES = "updates"
    VENDORS = "vendors"
    ACCESS = "access"
    ACCESS_APPROVALS = "access-approvals"
    CHANGES = "changes"
    DUTIES = "duties"
    COMMERCIAL = "commercial"


def _render(appendix: Appendix, fmt: AppendixFormat, table: AppendixTable | None) -> str:
    if fmt is AppendixFormat.CSV:
        return render_csv(appendix, table or AppendixTable.OBJECTS)
    if table is not None:
        fail("--table picks one table for --format csv; md and html print every table")
    return render_markdown(appendix) if fmt is AppendixFormat.MD else render_html(appendix)


def appendix(
    contract: Annotated[
        str, typer.Argument(help="Path of the contract YAML file.", metavar="CONTRACT")
    ],
    fmt: Annotated[
        AppendixFormat,
        typer.Option(
            "--format", "-f", help="md, csv (one table, see --table) or html (printable)."
        ),
    ] = AppendixFormat.MD,
    table: Annotated[
        AppendixTable | None,
        typer.Option(
            "--table",
            "-t",
            help="The one table --format csv writes; objects if omitted.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the appendix of CONTRACT: object, owner, support hours, priority, SLA, comments.

    Markdown and HTML add the responsibility matrix (layer x party), who may open
    requests, calendars, the priority matrix, after-hours coverage, client
    updates, backups, escalation contacts, vendor handling, the access order, the
    change procedure, maintenance windows (with their first occurrences
    in local time), pause rules, customer duties, commercial terms, exclusions
    and signature lines. An object's priority is the one its criticality gives
    through the priority matrix (docs/appendix.md).
    """
    text = _render(build_appendix(open_contract(contract).contract), fmt, table)
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
