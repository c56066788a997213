"""`remit check`: the contract's gaps, as text, JSON or SARIF."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from typing import Annotated

import typer

from remit.checks.registry import UnknownCodeError
from remit.checks.render import render_text, report_data
from remit.checks.runner import run_checks
from remit.checks.sarif import report_sarif
from remit.cli.output import fail, open_contract, print_json


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


def check(
    contract: Annotated[
        str, typer.Argument(help="Path of the contract YAML file.", metavar="CONTRACT")
    ],
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text (grouped), json or sarif (2.1.0).")
    ] = CheckFormat.TEXT,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", help="Only these codes or code prefixes (repeat or comma-separate)."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", help="Skip these codes or code prefixes (repeat or comma-separate)."
        ),
    ] = None,
) -> None:
    """Find the gaps of CONTRACT: each finding with its code, file:line:column and a hint.

    Exit 0 when no error-level finding remains, 1 when one does, 2 when the
    contract cannot be read. Accept a finding on purpose with a `suppress:` entry
    (code, reason, optional `at:` path) in the contract.
    """
    loaded = open_contract(contract)
    try:
        report = run_checks(loaded, select=tuple(select or ()), ignore=tuple(ignore or ()))
    except UnknownCodeError as error:
        fail(str(error))
    if fmt is CheckFormat.JSON:
        print_json(report_data(report))
    elif fmt is CheckFormat.SARIF:
        sys.stdout.write(json.dumps(report_sarif(report), indent=2, ensure_ascii=False) + "\n")
    else:
        typer.echo(render_text(report, color=_color()), nl=False, color=_color())
    raise typer.Exit(report.exit_code)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def register(app: typer.Typer) -> None:
    app.command()(check)
