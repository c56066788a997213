"""The `remit` command line: a thin adapter that parses, calls one function, renders."""

from __future__ import annotations

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


def main() -> None:
    app()
