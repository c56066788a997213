"""The `remit` command line: a thin adapter that parses, calls one function, renders.

Each top-level command lives in a module that is imported only when that command
runs: `remit --help` lists the commands from the table below, `remit check` loads the
contract commands alone, and only a desk command loads the store (SQLAlchemy, Alembic).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

EXIT_INTERNAL = 70  # EX_SOFTWARE: a defect in remit, not in the input


@dataclass(frozen=True, slots=True)
class Entry:
    """A top-level command: the module whose `register(app)` adds it, and its help line."""

    module: str
    help: str


DESK = "remit.cli.desk_registration"
COMMANDS: dict[str, Entry] = {
    "check": Entry(
        "remit.cli.check",
        "Find the gaps of CONTRACT: each finding with its code, file:line:column and a hint.",
    ),
    "schema": Entry(
        "remit.cli.contract_files",
        "Print the JSON Schema of the contract format (for yaml-language-server and other editors).",
    ),
    "init": Entry(
        "remit.cli.contract_files", "Write a commented starter contract that passes `remit check`."
    ),
    "drill": Entry(
        "remit.cli.drill",
        "Who does what by when for a scenario, and every question CONTRACT leaves open.",
    ),
    "appendix": Entry(
        "remit.cli.appendix",
        "Print the appendix of CONTRACT: object, owner, support hours, priority, SLA, comments.",
    ),
    "clock": Entry(
        "remit.cli.clock",
        "Business time on a contract calendar: when a target is due, when it is breached, "
        "how much business time a span holds.",
    ),
    "db": Entry(DESK, "Create and migrate the desk's database."),
    "contract": Entry(
        DESK, "Store contract versions for the desk, one line per client relationship."
    ),
    "ticket": Entry(DESK, "Open and work tickets: intake to confirmed closure."),
    "outbox": Entry(DESK, "The outbox: every notice the desk sends, once per key."),
    "audit": Entry(DESK, "Verify, anchor and purge the tamper-evident interaction log."),
    "maintenance": Entry(DESK, "Maintenance windows: confirm occurrences, see the next ones."),
    "people": Entry(
        DESK, "People: who may sign in, the parties they act for, passwords and API tokens."
    ),
    "worker": Entry(
        DESK,
        "Claim due work and write each escalation and notification to the outbox, exactly once.",
    ),
    "serve": Entry(DESK, "Serve the HTTP API (OpenAPI at /openapi.json) until interrupted."),
    "demo": Entry(
        DESK,
        "Run the night database outage from intake to confirmed closure and print its timeline.",
    ),
}

_loaded: dict[str, dict[str, Any]] = {}  # module -> the commands its `register` adds


def load_module_commands(module: str) -> dict[str, Any]:
    """The commands a module registers, built once per process."""
    if module not in _loaded:
        from remit.cli.helptext import tidy

        register: Callable[[typer.Typer], None] = import_module(module).register
        holder = typer.Typer()
        register(holder)
        _loaded[module] = dict(tidy(typer.main.get_group(holder)).commands)
    return _loaded[module]


class RemitGroup(TyperGroup):
    """The root command: subcommands are listed from `COMMANDS` and imported when run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from remit.cli.helptext import tidy

        super().__init__(*args, **kwargs)
        tidy(self)

    def get_params(self, ctx: Any) -> list[Any]:
        from remit.cli.helptext import tidy_params

        return tidy_params(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        return TyperCommand(cmd_name, help=entry.help)  # its help line only: nothing imported

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in COMMANDS:
            self.load(args[0])
            _startup_done()
        return super().resolve_command(ctx, args)

    def load(self, name: str) -> Any:
        """The real command `name`, its module imported."""
        if name not in self.commands:
            self.commands[name] = load_module_commands(COMMANDS[name].module)[name]
        return self.commands[name]

    def load_all(self) -> dict[str, Any]:
        """Every command, loaded (for tests and documentation that walk the whole tree)."""
        return {name: self.load(name) for name in COMMANDS}


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"remit {version('remit')}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print remit's version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """An IT support contract as code: check it, drill it, print its appendix, run the desk."""


def build_app() -> typer.Typer:
    """The command tree; each command's module is imported when that command runs."""
    application = typer.Typer(
        name="remit",
        cls=RemitGroup,
        no_args_is_help=True,
        add_completion=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    application.callback()(_root)
    return application


app = build_app()


_gc_paused = False


def _pause_gc_for_startup() -> None:
    """Start-up allocates what lives as long as the process: modules, classes, the
    contract's model. The cyclic collector would walk that growing graph again and again
    while nothing in it is garbage, so it waits until the command is loaded."""
    global _gc_paused
    gc.disable()
    _gc_paused = True


def _startup_done() -> None:
    """The command's modules are loaded: keep them out of every later collection (a worker
    runs for days) and collect as usual from here on."""
    global _gc_paused
    if _gc_paused:
        gc.freeze()
        gc.enable()
        _gc_paused = False


def main() -> None:
    """Run the command line. Every expected failure is mapped to a message and exit code
    by its command; anything else is a defect, reported in one line, not a traceback."""
    _pause_gc_for_startup()
    application = build_app()
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
    finally:
        _startup_done()  # also when no command ran (help, a usage error)
        # The process is about to end: the interpreter's last full collection would only
        # walk objects that the exit frees anyway (about a tenth of `remit check`'s time).
        gc.freeze()
