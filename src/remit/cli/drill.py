"""`remit drill`: walk a scenario through the contract and print the route."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from remit.cli.output import fail, open_contract, print_json
from remit.domain.clock import ClockError
from remit.domain.terms import Impact
from remit.drill.plan import drill as run_drill
from remit.drill.render import render_markdown, render_text, route_data
from remit.drill.scenario import DrillError, Scenario, Symptom, parse_instant


class DrillFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"


def drill(
    contract: Annotated[
        str, typer.Argument(help="Path of the contract YAML file.", metavar="CONTRACT")
    ],
    objects: Annotated[
        list[str], typer.Option("--object", "-o", help="An affected object (repeat for several).")
    ],
    scope: Annotated[
        Impact,
        typer.Option("--scope", help="Who cannot work: one user, a department, the organization."),
    ],
    at: Annotated[
        str, typer.Option("--at", help="When, ISO 8601 with offset: 2026-03-07T23:00+01:00.")
    ],
    symptom: Annotated[
        Symptom | None,
        typer.Option("--symptom", help="What is observed; mapped to the contract's category."),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", help="A ticket category of the contract, named directly."),
    ] = None,
    fmt: Annotated[
        DrillFormat, typer.Option("--format", "-f", help="text, json or md.")
    ] = DrillFormat.TEXT,
) -> None:
    """Who does what by when for a scenario, and every question CONTRACT leaves open.

    Name what is observed with --symptom (mapped to the contract's category of that
    name) or the category itself with --category. Prints the intake party and channel, the coordinator, priority and category,
    after-hours handling, parallel layer checks with how to reach each party at
    that moment, due instants on the right calendars, the escalation timeline,
    approvers, affected objects and business units, and the open questions.
    Exit 2 when the contract or the scenario cannot be used.
    """
    loaded = open_contract(contract)
    try:
        route = run_drill(
            loaded.contract,
            Scenario(tuple(objects), symptom, scope, parse_instant(at), category),
        )
    except (DrillError, ClockError) as error:
        fail(str(error))
    if fmt is DrillFormat.JSON:
        print_json(route_data(route))
    elif fmt is DrillFormat.MD:
        typer.echo(render_markdown(route), nl=False)
    else:
        typer.echo(render_text(route), nl=False)


def register(app: typer.Typer) -> None:
    app.command()(drill)
