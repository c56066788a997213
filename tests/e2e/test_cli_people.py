"""`remit people` from the shell on SQLite and PostgreSQL: people from the contract, an
administrator, a token shown once that signs its person in, revocation, passwords."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from remit.bootstrap import desk_for_engine
from remit.cli import app
from remit.services.people import authenticate_token, verify_password
from remit.store.engine import make_engine

PASSWORD = "correct horse battery staple"


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def ok(*args: str, stdin: str | None = None) -> Result:
    result = invoke(*args, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result


def refused(*args: str, stdin: str | None = None) -> str:
    result = invoke(*args, stdin=stdin)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def listing(db: tuple[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(ok("people", "list", "--json", *db).stdout)
    return found


def load_starter(desk_url: str, tmp_path: Path) -> tuple[str, str]:
    contract = tmp_path / "contract.yaml"
    contract.write_text(resources.files("remit.templates").joinpath("starter.yaml").read_text())
    db = ("--db", desk_url)
    ok("contract", "load", str(contract), *db)
    return db


def test_people_tokens_and_passwords_from_the_shell(desk_url: str, tmp_path: Path) -> None:
    db = load_starter(desk_url, tmp_path)
    found = listing(db)
    weber = next(p for p in found["people"] if p["email"] == "j.weber@example.com")
    assert weber["acts_for"] == [{"party": "client", "contact": "client.it"}]
    assert {"contact": "provider.oncall", "name": "On-call engineer"} in found["without_email"]
    assert (
        "provider.oncall (On-call engineer): no e-mail, cannot sign in"
        in ok("people", "list", *db).stdout
    )

    added = ok("people", "add", "Ops@Desk.example", "--name", "Desk Ops", "--admin", *db)
    assert added.stdout.startswith("added: ops@desk.example (Desk Ops) [admin]")
    issued = ok("people", "token", "j.weber@example.com", "--name", "monitoring", *db)
    secret = issued.stdout.strip()
    assert "Authorization: Bearer" in issued.stderr
    assert secret not in issued.stderr
    assert secret not in ok("people", "list", *db).stdout

    desk = desk_for_engine(make_engine(desk_url))
    try:
        now = datetime.now(UTC)
        person = authenticate_token(uow=desk.new_uow(), token=secret, now=now)
        assert person is not None
        assert person.email == "j.weber@example.com"
        ok("people", "revoke", "J.Weber@example.com", "monitoring", *db)
        assert authenticate_token(uow=desk.new_uow(), token=secret, now=now) is None

        ok("people", "passwd", "ops@desk.example", "--password-stdin", *db, stdin=PASSWORD + "\n")
        assert verify_password(uow=desk.new_uow(), email="ops@desk.example", password=PASSWORD)
        twice = f"{PASSWORD}!\n{PASSWORD}!\n"
        ok("people", "passwd", "ops@desk.example", *db, stdin=twice)
        assert verify_password(
            uow=desk.new_uow(), email="ops@desk.example", password=PASSWORD + "!"
        )
    finally:
        desk.close()

    [ops] = [p for p in listing(db)["people"] if p["email"] == "ops@desk.example"]
    assert (ops["is_admin"], ops["has_password"], ops["acts_for"]) == (True, True, [])


def test_mistakes_are_refused_in_one_line(desk_url: str, tmp_path: Path) -> None:
    db = load_starter(desk_url, tmp_path)
    assert "not an e-mail address" in refused("people", "add", "anna", "--name", "Anna", *db)
    assert "known to the desk already" in refused(
        "people", "add", "j.weber@example.com", "--name", "J", *db
    )
    assert "no person with e-mail nobody@x.example" in refused(
        "people", "token", "nobody@x.example", "--name", "ci", *db
    )
    ok("people", "token", "j.weber@example.com", "--name", "ci", *db)
    assert "revoke it first" in refused(
        "people", "token", "j.weber@example.com", "--name", "ci", *db
    )
    assert "no live token" in refused("people", "revoke", "j.weber@example.com", "other", *db)
    assert "at least 12" in refused(
        "people", "passwd", "j.weber@example.com", "--password-stdin", *db, stdin="short\n"
    )
    assert "standard input is empty" in refused(
        "people", "passwd", "j.weber@example.com", "--password-stdin", *db, stdin=""
    )
    mismatch = f"{PASSWORD}\n{PASSWORD}?\n"
    assert "the two passwords differ" in refused(
        "people", "passwd", "j.weber@example.com", *db, stdin=mismatch
    )
