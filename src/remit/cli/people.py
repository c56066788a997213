"""`remit people list | add | token | revoke | passwd | sub-account`: the people the desk knows."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from remit.bootstrap import Desk
from remit.cli import sub_accounts
from remit.cli.desk_opener import DbOption, JsonOption, desk
from remit.cli.output import fail, print_json
from remit.domain.rights import Actor, may_manage_credentials, require_admin
from remit.services.operator import CLI
from remit.services.people import (
    PeopleListing,
    PersonView,
    SubAccountOf,
    add_person,
    find_person,
    issue_token,
    list_people,
    revoke_token,
    set_password,
)

app = typer.Typer(
    help="People: who may sign in, the parties they act for, passwords and API tokens.",
    no_args_is_help=True,
)
app.add_typer(sub_accounts.app, name="sub-account")

EmailArgument = Annotated[str, typer.Argument(metavar="EMAIL", help="The person's e-mail address.")]
ByOption = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="WHO",
        help=(
            "Who makes the change, for the audit log: the operator of this host (the default), "
            "or a person by e-mail, who must be a desk administrator (or, for their own tokens "
            "and password, that person)."
        ),
    ),
]
OPERATOR = "cli"  # the operator at the desk's host, who administers it


@app.command("list")
def list_cmd(db: DbOption = None, json: JsonOption = False) -> None:
    """List every person with the parties they act for, and contacts who cannot sign in."""
    with desk(db) as opened:
        found = list_people(uow=opened.new_uow())
    if json:
        print_json(_listing_json(found))
        return
    if not found.people:
        typer.echo("no people yet: load a contract or run `remit people add`")
    for person in found.people:
        typer.echo(_line(person))
    for contact in found.without_email:
        typer.echo(f"{contact.ref} ({contact.name}): no usable e-mail address, cannot sign in")


@app.command("add")
def add_cmd(
    email: EmailArgument,
    name: Annotated[str, typer.Option("--name", help="The person's full name.")],
    admin: Annotated[
        bool, typer.Option("--admin", help="A desk administrator (people and configuration).")
    ] = False,
    by: ByOption = OPERATOR,
    db: DbOption = None,
) -> None:
    """Add a person by e-mail; with --admin an administrator (also one known already)."""
    with desk(db) as opened:
        person = add_person(
            uow=opened.new_uow(via=CLI),
            email=email,
            name=name,
            is_admin=admin,
            by=_cleared(opened, by, "add people"),
            now=_now(),
        )
    typer.echo(f"added: {_line(person)}")


@app.command("token")
def token_cmd(
    email: EmailArgument,
    name: Annotated[
        str, typer.Option("--name", help="What the token is for, e.g. 'monitoring'; unique.")
    ],
    by: ByOption = OPERATOR,
    db: DbOption = None,
) -> None:
    """Issue a named API token for EMAIL and print it once: it cannot be shown again."""
    with desk(db) as opened:
        who = _cleared(opened, by, "issue tokens to others", owner=email)
        issued = issue_token(
            uow=opened.new_uow(via=CLI), email=email, name=name, by=who, now=_now()
        )
    typer.echo(issued.secret)
    typer.echo(
        f"token {issued.name!r} for {issued.email}, shown this once: keep it secret; "
        "programs send it in the header `Authorization: Bearer <the token above>`",
        err=True,
    )


@app.command("revoke")
def revoke_cmd(
    email: EmailArgument,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The token's name.")],
    by: ByOption = OPERATOR,
    db: DbOption = None,
) -> None:
    """Revoke EMAIL's token NAME: it no longer signs anyone in."""
    with desk(db) as opened:
        who = _cleared(opened, by, "revoke the tokens of others", owner=email)
        token = revoke_token(
            uow=opened.new_uow(via=CLI), email=email, name=name, by=who, now=_now()
        )
    typer.echo(f"revoked: token {token.name!r} of {email.strip().lower()}")


@app.command("passwd")
def passwd_cmd(
    email: EmailArgument,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from the first line of standard input."
        ),
    ] = False,
    by: ByOption = OPERATOR,
    db: DbOption = None,
) -> None:
    """Set EMAIL's password for the web desk (asked twice, not echoed)."""
    password = _read_password(password_stdin)
    with desk(db) as opened:
        who = _cleared(opened, by, "set the passwords of others", owner=email)
        person = set_password(
            uow=opened.new_uow(via=CLI), email=email, password=password, by=who, now=_now()
        )
    typer.echo(f"password set for {person.email}")


def _cleared(opened: Desk, by: str, what: str, *, owner: str | None = None) -> str:
    """`--by` as the audit records it, once `remit.domain.rights` allows the change: the
    operator of this host administers the desk; a person named by e-mail must be an
    administrator, or the `owner` of the tokens or password being changed."""
    if by == OPERATOR:
        return by
    person = find_person(uow=opened.new_uow(), email=by)
    actor = Actor(person.email, frozenset(), person.is_admin)
    if owner is None or not may_manage_credentials(actor, owner):
        require_admin(actor, what)
    return person.email


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            fail("--password-stdin: standard input is empty")
        return line.rstrip("\r\n")
    try:
        entered: str = typer.prompt("Password", hide_input=True)
        repeated: str = typer.prompt("Repeat the password", hide_input=True)
    except typer.Abort:
        fail("no password given")
    if entered != repeated:
        fail("the two passwords differ; nothing was changed")
    return entered


def _now() -> datetime:
    return datetime.now(UTC)


def _line(person: PersonView) -> str:
    flags = [f for f, on in (("admin", person.is_admin), ("inactive", not person.active)) if on]
    acts = ", ".join(m.contact for m in person.acts_for) or "no party"
    signs_in = "password" if person.has_password else "no password"
    live = [t.name for t in person.tokens if t.revoked_at is None]
    tokens = f"tokens: {', '.join(live)}" if live else "no tokens"
    extra = f" [{', '.join(flags)}]" if flags else ""
    subs = "".join(f"; {_sub_account(sub)}" for sub in person.sub_accounts)
    return f"{person.email} ({person.name}){extra}: acts for {acts}; {signs_in}; {tokens}{subs}"


def _sub_account(sub: SubAccountOf) -> str:
    kinds = " and ".join(
        k for k, on in (("technical", sub.technical), ("billing", sub.billing)) if on
    )
    where = "every product" if sub.objects is None else ", ".join(sub.objects)
    return (
        f"sub-account on line '{sub.line}': {kinds} requests for {where}, "
        f"granted by {sub.granted_by}"
    )


def _listing_json(found: PeopleListing) -> dict[str, object]:
    return {
        "people": [
            {
                "email": p.email,
                "name": p.name,
                "is_admin": p.is_admin,
                "active": p.active,
                "has_password": p.has_password,
                "acts_for": [{"party": m.party, "contact": m.contact} for m in p.acts_for],
                "tokens": [
                    {
                        "name": t.name,
                        "prefix": t.prefix,
                        "created_at": t.created_at.isoformat(),
                        "last_used_at": t.last_used_at and t.last_used_at.isoformat(),
                        "revoked_at": t.revoked_at and t.revoked_at.isoformat(),
                    }
                    for t in p.tokens
                ],
                "sub_accounts": [
                    {
                        "line": sub.line,
                        "technical": sub.technical,
                        "billing": sub.billing,
                        "objects": None if sub.objects is None else list(sub.objects),
                        "granted_by": sub.granted_by,
                    }
                    for sub in p.sub_accounts
                ],
            }
            for p in found.people
        ],
        "without_email": [{"contact": c.ref, "name": c.name} for c in found.without_email],
    }
