"""`remit people sub-account` from the shell on SQLite and PostgreSQL (seed 003): the
primary contact adds people who may open technical and/or billing requests for the
products they are given; a client authority limited by the contract grants only within
its limits; nobody else manages them; intake accepts a sub-account's request within its
grant and holds the rest; a removed sub-account's requests are held again while its
earlier tickets keep their history; every change is in the intact audit chain."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner, Result

from audit_key import TEST_KEY
from remit.bootstrap import desk_for_engine
from remit.cli import app
from remit.store.engine import make_engine
from remit.store.tables import AuditRow

ROOT = Path(__file__).parents[2]
HOSTING = ROOT / "examples" / "managed-hosting-authorization.yaml"
OTHER = ROOT / "examples" / "mixed-environment.yaml"
PRIMARY = "p.raman@thameside.example.co.uk"  # client.digital, the primary contact
OPS = "t.gallagher@thameside.example.co.uk"  # client.ops: confirms completion, technical only
IT = "d.mensah@thameside.example.co.uk"  # client.it: a contract sub-account, no authority
OTHER_PRIMARY = "d.ospanov@example.kz"  # the primary contact of the other line
DEV = "dev@agency.example"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _desk(desk_url: str) -> tuple[str, str]:
    db = ("--db", desk_url)
    ok("contract", "load", str(HOSTING), "--line", "thameside", *db)
    ok("contract", "load", str(OTHER), "--line", "steppe", *db)
    return db


def _open(db: tuple[str, str], requester: str, *extra: str) -> dict[str, object]:
    found: dict[str, object] = json.loads(
        ok(
            "ticket", "open", "--line", "thameside", "--requester", requester,
            "--title", "The shop is slow", "--symptoms", "pages take 20 s", "--who", "buyers",
            "--scope", "department", "--category", "degradation", "--json", *extra, *db,
        )
    )  # fmt: skip
    return found


def _sub(db: tuple[str, str], *args: str) -> str:
    return ok("people", "sub-account", *args, "--line", "thameside", *db)


def test_the_primary_contact_grants_products_and_intake_follows_the_grant(desk_url: str) -> None:
    db = _desk(desk_url)
    added = _sub(db, "add", DEV, "--name", "Dev", "--object", "haproxy", "--by", PRIMARY)
    assert "technical requests for haproxy; granted by client.digital" in added
    assert _open(db, DEV, "--object", "haproxy")["state"] == "new"
    assert _open(db, DEV, "--object", "haproxy", "--object", "redis")["state"] == "held"
    assert _open(db, DEV)["state"] == "held"  # names none of its products
    assert _open(db, DEV, "--object", "haproxy", "--billing")["state"] == "held"
    changed = _sub(db, "change", DEV, "--billing", "--every-object", "--by", PRIMARY)
    assert "technical and billing requests for every product" in changed
    assert _open(db, DEV, "--billing")["state"] == "new"
    listed = json.loads(_sub(db, "list", "--by", PRIMARY, "--json"))
    assert [(s["email"], s["billing"], s["objects"]) for s in listed] == [(DEV, True, None)]
    people = ok("people", "list", *db).splitlines()
    assert any(
        line.startswith(f"{DEV} (Dev)")
        and line.endswith(
            "sub-account on line 'thameside': technical and billing requests for every "
            "product, granted by client.digital"
        )
        for line in people
    ), people
    everyone = json.loads(ok("people", "list", "--json", *db))["people"]
    dev = next(p for p in everyone if p["email"] == DEV)
    assert dev["sub_accounts"] == [
        {
            "line": "thameside",
            "technical": True,
            "billing": True,
            "objects": None,
            "granted_by": "client.digital",
        }
    ]


def test_a_limited_authority_grants_within_its_limits_and_nobody_else_manages(
    desk_url: str,
) -> None:
    db = _desk(desk_url)
    wider = ("add", DEV, "--name", "Dev", "--billing", "--line", "thameside", "--by", OPS, *db)
    assert "never gets more than its inviter" in refused("people", "sub-account", *wider)
    assert "granted by client.ops" in _sub(db, "add", DEV, "--name", "Dev", "--by", OPS)
    widened = ("change", DEV, "--billing", "--line", "thameside", "--by", OPS, *db)
    assert "never gets more than its inviter" in refused("people", "sub-account", *widened)
    _sub(db, "change", DEV, "--billing", "--by", PRIMARY)
    removing = ("remove", DEV, "--line", "thameside", "--by", OPS, *db)
    assert "remove a sub-account with technical and billing" in refused(
        "people", "sub-account", *removing
    )
    for who in (IT, OTHER_PRIMARY):  # a contract sub-account; another line's authority
        listing = ("list", "--line", "thameside", "--by", who, *db)
        assert "only the line's client authority" in refused("people", "sub-account", *listing)
    stranger = ("list", "--line", "thameside", "--by", "nobody@example.org", *db)
    assert "not a person known to the desk" in refused("people", "sub-account", *stranger)


def test_a_removed_sub_account_is_held_again_and_its_tickets_keep_their_history(
    desk_url: str,
) -> None:
    db = _desk(desk_url)
    _sub(db, "add", DEV, "--name", "Dev", "--by", PRIMARY)
    earlier = _open(db, DEV, "--object", "haproxy")
    assert earlier["state"] == "new"
    assert "removed: dev@agency.example" in _sub(db, "remove", DEV, "--by", PRIMARY)
    assert _open(db, DEV, "--object", "haproxy")["state"] == "held"
    shown = json.loads(ok("ticket", "show", str(earlier["id"]), "--json", *db))
    assert (shown["summary"]["state"], shown["summary"]["requester"]) == ("new", DEV)
    assert _sub(db, "list", "--by", PRIMARY).strip() == "line 'thameside' has no sub-accounts"
    assert "[removed " in _sub(db, "list", "--by", PRIMARY, "--removed")
    assert "intact" in ok("audit", "verify", *db)
    engine = make_engine(desk_url)
    try:
        with desk_for_engine(engine, TEST_KEY).new_uow() as uow:
            stmt = select(AuditRow.action, AuditRow.actor, AuditRow.detail).order_by(AuditRow.seq)
            logged = [row for row in uow.session.execute(stmt) if "sub_account" in row[0]]
    finally:
        engine.dispose()
    assert [(action, actor) for action, actor, _ in logged] == [
        ("sub_account_added", PRIMARY),
        ("sub_account_removed", PRIMARY),
    ]
    assert all(detail["via"] == "cli" and detail["email"] == DEV for *_, detail in logged)
