"""Bad and odd input on the command line: one clear line on stderr and exit 2, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from remit.cli import app
from remit.store.migrate import head_revision

OPEN = [
    "ticket", "open", "--requester", "client.it", "--title", "ERP down", "--symptoms", "no login",
    "--who", "everyone", "--scope", "organization", "--category", "outage", "--object", "erp",
]  # fmt: skip
UPDATE = [
    "ticket", "update", "1", "--by", "provider.desk", "--known", "k", "--checking", "c",
    "--next-action", "n",
]  # fmt: skip
CONFIRM = ["maintenance", "confirm", "Sunday patching"]
WHEN_BY = ["--start", "2026-03-22T06:00+01:00", "--by", "client.it"]
AT_DB = ["--at", "2026-03-20T00:00Z", "--db", "{db}"]
DRILL = ["drill", "{contract}", "--object", "erp", "--symptom", "outage", "--scope", "user"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A starter contract and a migrated SQLite desk: ticket 1 paused, ticket 2 restored."""
    root = tmp_path_factory.mktemp("bad-input")
    db = f"sqlite:///{root / 'desk.db'}"
    for args in (
        ["init", str(root / "contract.yaml")],
        ["db", "upgrade", "--db", db],
        ["contract", "load", str(root / "contract.yaml"), "--db", db],
        [*OPEN, "--at", "2026-03-08T02:10:00+01:00", "--db", db],
        [
            "ticket",
            "take",
            "1",
            "--by",
            "provider.desk",
            "--at",
            "2026-03-08T02:15:00+01:00",
            "--db",
            db,
        ],
        ["ticket", "pause", "1", "--reason", "no_access", "--by", "provider.desk", "--db", db],
        [*OPEN, "--at", "2026-03-08T02:10:00+01:00", "--db", db],
        [
            "ticket",
            "take",
            "2",
            "--by",
            "provider.desk",
            "--at",
            "2026-03-08T02:15:00+01:00",
            "--db",
            db,
        ],
        [
            "ticket",
            "restore",
            "2",
            "--by",
            "provider.desk",
            "--at",
            "2026-03-08T03:00:00+01:00",
            "--db",
            db,
        ],
    ):
        assert CliRunner().invoke(app, args).exit_code == 0, args
    (root / "empty.db").touch()
    return root


def case_id(value: object) -> str:
    """A readable test id: the command line without placeholders, not the message."""
    return " ".join(v for v in value if "{" not in v)[:60] if isinstance(value, list) else "-"


def run(workspace: Path, args: list[str]) -> Result:
    filled = [
        a.format(
            db=f"sqlite:///{workspace / 'desk.db'}",
            empty=f"sqlite:///{workspace / 'empty.db'}",
            contract=workspace / "contract.yaml",
        )
        for a in args
    ]
    return CliRunner().invoke(app, filled)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # --db: unreadable URLs, unknown schemes, missing drivers and directories
        (
            ["ticket", "list", "--db", "notaurl"],
            "the database URL cannot be read; write sqlite:///",
        ),
        (["ticket", "list", "--db", "foo://bar"], "names a database remit cannot use"),
        (["outbox", "list", "--db", "mysql://u@h/db"], "names a database remit cannot use"),
        (
            ["db", "upgrade", "--db", "sqlite:////nonexistent-dir/remit.db"],
            "no directory /nonexistent-dir for the database file /nonexistent-dir/remit.db",
        ),
        # a worker on a database without the desk's tables would retry for ever
        (
            ["worker", "--once", "--db", "{empty}"],
            f"the worker needs {head_revision()}; run `remit db upgrade`",
        ),
        (["db", "downgrade", "nosuch", "--db", "{db}"], "cannot downgrade to 'nosuch'"),
        # take and resume each start from one state (reopen shares their target)
        (
            ["ticket", "take", "1", "--by", "provider.desk", "--db", "{db}"],
            "ticket 1 is paused; only a new ticket is taken into work",
        ),
        (
            ["ticket", "resume", "2", "--by", "provider.desk", "--db", "{db}"],
            "ticket 2 is service restored; only a paused ticket is resumed",
        ),
        # filters the desk does not know
        (["ticket", "list", "--state", "nosuch", "--db", "{db}"], "unknown state 'nosuch'; known:"),
        (["outbox", "list", "--status", "x", "--db", "{db}"], "unknown outbox status 'x'; known:"),
        # instants outside remit's documented range (1970 to 8999)
        (
            [*OPEN, "--at", "9999-12-31T23:59:59+00:00", "--db", "{db}"],
            "--at 9999-12-31T23:59:59+00:00 is out of range: instants lie from 1970-01-01",
        ),
        ([*DRILL, "--at", "9999-12-31T23:00+01:00"], "is out of range: instants lie from"),
        ([*DRILL, "--at", "0001-01-01T00:00+00:00"], "is out of range: instants lie from"),
        # an instant option is named as given, and reported once
        (
            [*UPDATE, "--next-update", "soon", "--db", "{db}"],
            "--next-update 'soon' is neither a duration (30m) nor an ISO 8601 instant",
        ),
        (
            ["ticket", "report", "1", "--by", "provider.desk", "--start", "bad", "--db", "{db}"],
            "--start 'bad' is not an ISO 8601 instant",
        ),
        (
            ["audit", "purge", "--before", "bad", "--db", "{db}"],
            "--before 'bad' is neither a date (2021-01-31) nor an ISO 8601 instant",
        ),
        (
            [*CONFIRM, "--start", "2026-03-22T06:00+01:00", "--by", "client.owner", *AT_DB],
            "client.owner may not confirm window 'Sunday patching': "
            "the contract names client.it to confirm it",
        ),
        (
            [*CONFIRM[:2], "Nightly", *WHEN_BY, *AT_DB],
            "no maintenance window 'Nightly' in the contract; it has: 'Sunday patching'",
        ),
        (
            [*CONFIRM, "--start", "2026-03-22T06:30+01:00", "--by", "client.it", *AT_DB],
            "window 'Sunday patching' has no occurrence starting at 2026-03-22T05:30:00+00:00",
        ),
        (
            [*CONFIRM, "--start", "2026-03-15T06:00+01:00", "--by", "client.it", *AT_DB],
            "window 'Sunday patching' starting 2026-03-15T06:00:00+01:00 is over",
        ),
        (
            [*CONFIRM, "--start", "soon", "--by", "client.it", *AT_DB],
            "--start 'soon' is not an ISO 8601 instant",
        ),
        # scope decisions are the coordinator's, with a reason and something to decide
        (
            [
                "ticket",
                "scope",
                "1",
                "--by",
                "client.it",
                "--reason",
                "r",
                "--out-of-scope",
                "--db",
                "{db}",
            ],
            "j.weber@example.com may not set scope: no role of yours on this ticket allows it",
        ),
        (
            ["ticket", "scope", "1", "--by", "provider.desk", "--reason", "r", "--db", "{db}"],
            "say --in-scope or --out-of-scope, --billing, or both",
        ),
        (
            [
                "ticket",
                "vendor-follow-up",
                "1",
                "--by",
                "provider.desk",
                "--case",
                "X-1",
                "--note",
                "n",
                "--db",
                "{db}",
            ],
            "no vendor case X-1 on ticket 1",
        ),
    ],
    ids=case_id,
)
def test_bad_input_is_one_line_and_exit_2(workspace: Path, args: list[str], message: str) -> None:
    result = run(workspace, args)
    assert (result.exit_code, result.exception.__class__) == (2, SystemExit), result.exception
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("remit: ")
    assert message in result.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["ticket", "show", "99999999999999999999", "--db", "{db}"], "'TICKET'"),
        (["ticket", "take", "0", "--by", "provider.desk", "--db", "{db}"], "'TICKET'"),
        (["outbox", "list", "--ticket", "99999999999999999999", "--db", "{db}"], "'--ticket'"),
        (["ticket", "list", "--limit", "-1", "--db", "{db}"], "'--limit'"),
        (["worker", "--once", "--batch", "0", "--db", "{db}"], "'--batch'"),
        (
            [
                "ticket",
                "take",
                "1",
                "--by",
                "provider.desk",
                "--expect-version",
                "-5",
                "--db",
                "{db}",
            ],
            "'--expect-version'",
        ),
    ],
    ids=case_id,
)
def test_numbers_out_of_range_are_usage_errors(
    workspace: Path, args: list[str], option: str
) -> None:
    result = run(workspace, args)
    assert (result.exit_code, result.exception.__class__) == (2, SystemExit), result.exception
    assert option.strip("'") in result.stderr  # the option is named (the wording is Click's)
