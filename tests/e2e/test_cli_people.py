"""`remit people` from the shell on SQLite and PostgreSQL: people from the contract, an
administrator, a token shown once that signs its person in, revocation, passwords."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from audit_key import TEST_KEY
from remit.bootstrap import desk_for_engine
from remit.cli import app
from remit.services.people import authenticate_token, verify_password
from remit.store.engine import make_engine
from remit.store.tables import AuditRow

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
        "provider.oncall (On-call engineer): no usable e-mail address, cannot sign in"
        in ok("people", "list", *db).stdout
    )

    added = ok("people", "add", "Ops@Desk.example", "--name", "Desk Ops", "--admin", *db)
    assert added.stdout.startswith("added: ops@desk.example (Desk Ops) [admin]")
    issued = ok("people", "token", "j.weber@example.com", "--name", "monitoring", *db)
    secret = issued.stdout.strip()
    assert "Authorization: Bearer" in issued.stderr
    assert secret not in issued.stderr
    assert secret not in ok("people", "list", *db).stdout

    desk = desk_for_engine(make_engine(desk_url), TEST_KEY)
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


def _revocations(desk_url: str) -> list[tuple[str, str, str, str]]:
    engine = make_engine(desk_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(AuditRow).where(AuditRow.action == "token_revoked").order_by(AuditRow.seq)
            ).scalars()
            return [(r.actor, r.detail["email"], r.detail["token"], r.detail["via"]) for r in rows]
    finally:
        engine.dispose()


def test_an_administrator_revokes_someone_elses_token_and_another_person_may_not(
    desk_url: str, tmp_path: Path
) -> None:
    db = load_starter(desk_url, tmp_path)
    ok("people", "add", "ops@desk.example", "--name", "Desk Ops", "--admin", *db)
    ok("people", "token", "j.weber@example.com", "--name", "ci", *db)
    ok("people", "token", "m.keller@example.com", "--name", "ci", *db)
    denied = refused(
        "people", "revoke", "m.keller@example.com", "ci", "--by", "j.weber@example.com", *db
    )
    assert denied == (
        "remit: j.weber@example.com may not revoke the tokens of others: only a desk administrator "
        "may (`remit people add --admin`)\n"
    )
    assert "may not add people" in refused(
        "people", "add", "x@desk.example", "--name", "X", "--by", "j.weber@example.com", *db
    )
    ok("people", "revoke", "m.keller@example.com", "ci", "--by", "ops@desk.example", *db)
    ok("people", "revoke", "j.weber@example.com", "ci", "--by", "J.Weber@example.com", *db)
    assert _revocations(desk_url) == [
        ("ops@desk.example", "m.keller@example.com", "ci", "cli"),
        ("j.weber@example.com", "j.weber@example.com", "ci", "cli"),
    ]
