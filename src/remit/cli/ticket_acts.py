"""What every `remit ticket` command that acts on a ticket shares: `--at`, `--expect-version`,
`--db` and `--json`, the person `--by` names cleared for the command, one service call as
that person, and the answer rendered.

A command is written as the options of its own and what it asks of the desk:

    @acts(app, "take")
    def take_cmd(ticket: TicketArg, by: ByOption, *, now: datetime) -> Act:
        \"\"\"Take the ticket into work (stops the response clock).\"\"\"
        return Act(tickets.take_ticket)

`acts` adds the shared options after the command's own (in that order in `--help`),
turns `--at` into `now` for a command that asks for it, asks the desk's one gate
(`remit.services.access.acting_as`) whether the person may run the command
(`remit.domain.rights.COMMANDS`), calls `Act.call` with the ticket, the contact the
person acts as, `now` (and the expected version, for a versioned command) plus the
command's own arguments, and renders what it returns.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

import typer

from remit.cli.desk_opener import (
    AtOption,
    DbOption,
    JsonOption,
    VersionOption,
    acting,
    desk,
    instant,
)
from remit.cli.ticket_view import render
from remit.services import access

Show = Callable[[Any, bool], None]  # renders a command's answer, as text or (True) JSON


@dataclass(frozen=True, slots=True)
class Act:
    """One command's service call: `call(uow=, ticket_id=, by=, now=, **arguments)`, with
    `expected_version=` for a versioned command. `command` names another entry of
    `remit.domain.rights.COMMANDS` than the command's own (`check --result`); `share`
    names the party whose share of the ticket the action is on; `show` renders the
    answer when it is not a ticket."""

    call: Callable[..., Any]
    arguments: Mapping[str, Any] = field(default_factory=dict)
    command: str | None = None
    share: access.ShareOf | None = None
    show: Show | None = None


def _option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def acts(
    app: typer.Typer, name: str, *, versioned: bool = True
) -> Callable[[Callable[..., Act]], Callable[..., None]]:
    """Register the command `name` on `app` from a function of its own options that says
    what to ask of the desk; `versioned` commands take `--expect-version`."""

    def register(body: Callable[..., Act]) -> Callable[..., None]:
        own = inspect.signature(body, eval_str=True).parameters
        wants_now = "now" in own
        shared = [_option("at", AtOption, None)]
        if versioned:
            shared.append(_option("expect_version", VersionOption, None))
        shared += [_option("db", DbOption, None), _option("json", JsonOption, False)]
        params = [p for p in own.values() if p.name != "now"] + shared

        @wraps(body)
        def command(**given: Any) -> None:
            at, db, json = given.pop("at"), given.pop("db"), given.pop("json")
            expected = {"expected_version": given.pop("expect_version")} if versioned else {}
            now = instant(at)
            act = body(**given, now=now) if wants_now else body(**given)
            ticket, by = given["ticket"], given["by"]
            with desk(db) as opened:
                person = acting(opened, ticket, by, act.command or name, share=act.share)
                done = act.call(
                    uow=person.uow(),
                    ticket_id=ticket,
                    by=person.by,
                    now=now,
                    **expected,
                    **act.arguments,
                )
            (act.show or render)(done, json)

        command.__signature__ = inspect.Signature(params, return_annotation=None)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
        app.command(name)(command)
        return command

    return register
