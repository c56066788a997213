"""`remit people sub-account add | change | remove | list`: whom a contract line's client
authority lets open requests, for which products."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from remit.cli.desk_opener import DbOption, JsonOption, desk
from remit.cli.output import print_json
from remit.services.operator import CLI
from remit.services.subaccounts import (
    GrantAsked,
    GrantChange,
    SubAccountView,
    add_sub_account,
    change_sub_account,
    list_sub_accounts,
    remove_sub_account,
)

app = typer.Typer(
    help=(
        "Sub-accounts: people the client authority of a contract line (its primary contact) "
        "lets open technical and/or billing requests for the products they are given; never "
        "more than the client authority has."
    ),
    no_args_is_help=True,
)

EmailArgument = Annotated[
    str, typer.Argument(metavar="EMAIL", help="The sub-account's e-mail address.")
]
LineOption = Annotated[
    str, typer.Option("--line", metavar="LINE", help="The contract line (`remit contract lines`).")
]
ByOption = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="EMAIL",
        help="The client authority making the change: a person known to the desk, by e-mail.",
    ),
]
ObjectOption = Annotated[
    list[str] | None,
    typer.Option(
        "--object",
        metavar="OBJECT",
        help="A product (contract object) the sub-account may name; repeat for several.",
    ),
]


@app.command("add")
def add_cmd(
    email: EmailArgument,
    line: LineOption,
    by: ByOption,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The person's full name (needed for someone new to the desk)."),
    ] = None,
    technical: Annotated[
        bool, typer.Option("--technical/--no-technical", help="May open technical requests.")
    ] = True,
    billing: Annotated[
        bool, typer.Option("--billing/--no-billing", help="May request billing changes.")
    ] = False,
    objects: ObjectOption = None,
    db: DbOption = None,
) -> None:
    """Let EMAIL open requests on LINE (every product, unless --object names some)."""
    grant = GrantAsked(technical, billing, tuple(objects) if objects else None)
    with desk(db) as opened:
        added = add_sub_account(
            uow=opened.new_uow(via=CLI),
            line=line,
            email=email,
            name=name,
            grant=grant,
            by=by,
            now=_now(),
        )
    typer.echo(f"added: {_line(added)}")


@app.command("change")
def change_cmd(
    email: EmailArgument,
    line: LineOption,
    by: ByOption,
    technical: Annotated[
        bool | None,
        typer.Option("--technical/--no-technical", help="May open technical requests."),
    ] = None,
    billing: Annotated[
        bool | None,
        typer.Option("--billing/--no-billing", help="May request billing changes."),
    ] = None,
    objects: ObjectOption = None,
    every_object: Annotated[
        bool, typer.Option("--every-object", help="Give every product of the contract.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Change what the sub-account EMAIL of LINE may request; what is not named stays."""
    change = GrantChange(technical, billing, tuple(objects) if objects else None, every_object)
    with desk(db) as opened:
        changed = change_sub_account(
            uow=opened.new_uow(via=CLI), line=line, email=email, change=change, by=by, now=_now()
        )
    typer.echo(f"changed: {_line(changed)}")


@app.command("remove")
def remove_cmd(email: EmailArgument, line: LineOption, by: ByOption, db: DbOption = None) -> None:
    """Remove the sub-account EMAIL of LINE: it can no longer open or see the line's
    tickets; its earlier tickets keep their history."""
    with desk(db) as opened:
        removed = remove_sub_account(
            uow=opened.new_uow(via=CLI), line=line, email=email, by=by, now=_now()
        )
    typer.echo(f"removed: {removed.email} from line '{removed.line}'")


@app.command("list")
def list_cmd(
    line: LineOption,
    by: ByOption,
    removed: Annotated[
        bool, typer.Option("--removed", help="Also list removed sub-accounts.")
    ] = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List the sub-accounts of LINE and what each may request."""
    with desk(db) as opened:
        found = list_sub_accounts(
            uow=opened.new_uow(via=CLI), line=line, by=by, now=_now(), removed=removed
        )
    if json:
        print_json([_json(view) for view in found])
        return
    if not found:
        typer.echo(f"line '{line}' has no sub-accounts")
    for view in found:
        typer.echo(_line(view))


def _now() -> datetime:
    return datetime.now(UTC)


def _line(view: SubAccountView) -> str:
    kinds = " and ".join(
        k for k, on in (("technical", view.technical), ("billing", view.billing)) if on
    )
    where = "every product" if view.objects is None else ", ".join(view.objects)
    gone = f" [removed {view.removed_at.isoformat()}]" if view.removed_at else ""
    return (
        f"{view.email} ({view.name}) on line '{view.line}'{gone}: {kinds} requests for {where}; "
        f"granted by {view.granted_by}"
    )


def _json(view: SubAccountView) -> dict[str, object]:
    return {
        "line": view.line,
        "email": view.email,
        "name": view.name,
        "technical": view.technical,
        "billing": view.billing,
        "objects": None if view.objects is None else list(view.objects),
        "granted_by": view.granted_by,
        "created_at": view.created_at.isoformat(),
        "changed_at": view.changed_at.isoformat(),
        "removed_at": view.removed_at and view.removed_at.isoformat(),
    }
