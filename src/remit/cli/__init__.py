"""The `remit` command line: a thin adapter that parses, calls one function, renders."""

from __future__ import annotations

import os
import sys

import typer

from remit.cli.appendix import register as register_appendix
from remit.cli.check import register as register_check
from remit.cli.clock import clock_app
from remit.cli.contract_cmds import register as register_contract_commands
from remit.cli.desk_commands import register as register_desk
from remit.cli.drill import register as register_drill

app = typer.Typer(
    name="remit",
    help="An IT support contract as code: check it, drill it, print its appendix, run the desk.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
register_check(app)
register_contract_commands(app)
register_drill(app)
register_appendix(app)
app.add_typer(clock_app, name="clock")
register_desk(app)


EXIT_INTERNAL = 70  # EX_SOFTWARE: a defect in remit, not in the input


def main() -> None:
    """Run the command line. Every expected failure is mapped to a message and exit code
    by its command; anything else is a defect, reported in one line, not a traceback."""
    try:
        app()
    except Exception as exc:
        if os.environ.get("REMIT_DEBUG"):
            raise
        typer.echo(
            f"remit: internal error: {type(exc).__name__}: {exc}\n"
            "this is a defect in remit; run again with REMIT_DEBUG=1 to see where it happened",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
