"""The `remit` command line: a thin adapter that parses, calls one function, renders."""

from __future__ import annotations

import os
import sys

import typer

EXIT_INTERNAL = 70  # EX_SOFTWARE: a defect in remit, not in the input

# Commands that are functions of the contract file alone. They start without the
# desk's modules, which pull in SQLAlchemy and Alembic (about 0.4 s of start-up that
# `remit check` in an editor or a CI job would pay on every run for nothing).
CONTRACT_COMMANDS = frozenset({"check", "schema", "init", "drill", "appendix", "clock"})


def build_app(*, desk: bool = True) -> typer.Typer:
    """The command tree; without `desk`, only the contract commands."""
    from remit.cli.appendix import register as register_appendix
    from remit.cli.check import register as register_check
    from remit.cli.clock import clock_app
    from remit.cli.contract_files import register as register_contract_commands
    from remit.cli.drill import register as register_drill

    application = typer.Typer(
        name="remit",
        help="An IT support contract as code: check it, drill it, print its appendix, run the desk.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    register_check(application)
    register_contract_commands(application)
    register_drill(application)
    register_appendix(application)
    application.add_typer(clock_app, name="clock")
    if desk:
        from remit.cli.desk_registration import register as register_desk

        register_desk(application)
    return application


def __getattr__(name: str) -> typer.Typer:
    """`remit.cli.app`: the whole command tree, built on first use."""
    if name == "app":
        globals()["app"] = application = build_app()
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the command line. Every expected failure is mapped to a message and exit code
    by its command; anything else is a defect, reported in one line, not a traceback."""
    args = sys.argv[1:]
    application = build_app(desk=not (args and args[0] in CONTRACT_COMMANDS))
    try:
        application()
    except Exception as exc:
        if os.environ.get("REMIT_DEBUG"):
            raise
        typer.echo(
            f"remit: internal error: {type(exc).__name__}: {exc}\n"
            "this is a defect in remit; run again with REMIT_DEBUG=1 to see where it happened",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
