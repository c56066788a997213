"""Faults found by fuzzing the command line, each refused in one line (exit 2) or bounded.

Every test here is one case of issue 9's list; the names say which. They run the
real command line in-process against real SQLite and PostgreSQL databases.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner, Result

from remit.cli import app
from remit.store.engine import make_engine
from remit.store.migrate import head_revision

HEAD = head_revision()

AT = "2026-03-08T02:10:00+01:00"
OPEN = [
    "ticket", "open", "--requester", "client.it", "--title", "ERP down", "--symptoms", "no login",
    "--who", "everyone", "--scope", "organization", "--category", "outage", "--object", "erp",
    "--at", AT,
]  # fmt: skip


def cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def refused(result: Result, message: str) -> None:
    """Exit 2 with exactly one line on stderr that carries `message`."""
    assert (result.exit_code, type(result.exception)) == (2, SystemExit), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("remit: ")
    assert message in result.stderr, result.stderr


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "contract.yaml"
    assert cli("init", str(path)).exit_code == 0
    return path


@pytest.fixture
def loaded(desk_url: str, contract: Path) -> str:
    """The migrated desk of `desk_url` with the starter contract loaded."""
    assert cli("contract", "load", str(contract), "--db", desk_url).exit_code == 0
    return desk_url


def execute(url: str, statement: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


# --- instants and durations have bounds ------------------------------------------------


def test_an_instant_past_the_range_is_refused_not_an_overflow(loaded: str) -> None:
    result = cli(*OPEN[:-2], "--at", "9999-12-31T23:59:59-14:00", "--db", loaded)
    refused(result, "--at 9999-12-31T23:59:59-14:00 is out of range: instants lie from 1970-01-01")


@pytest.mark.parametrize("at", ["1969-12-31T23:59:59Z", "9000-01-01T00:00:00Z"])
def test_instants_outside_1970_to_8999_are_refused(loaded: str, at: str) -> None:
    refused(cli(*OPEN[:-2], "--at", at, "--db", loaded), "is out of range")


def test_a_later_instant_given_as_a_huge_duration_is_refused(loaded: str) -> None:
    assert cli(*OPEN, "--db", loaded).exit_code == 0
    update = ["ticket", "update", "1", "--by", "provider.desk", "--known", "k", "--checking", "c"]
    result = cli(*update, "--next-action", "n", "--next-update", "999999999d", "--db", loaded)
    refused(result, "--next-update '999999999d' is neither a duration")


def test_clock_due_on_a_huge_duration_returns_at_once(contract: Path) -> None:
    result = cli(
        "clock", str(contract), "--calendar", "office", "due", "2026-03-02T09:00Z", "999999999d"
    )
    refused(result, '"999999999d" is too long: a duration is at most 1000d (24000h)')


def test_clock_due_on_the_longest_duration_answers(contract: Path) -> None:
    result = cli(
        "clock", str(contract), "--calendar", "office", "due", "2026-03-02T09:00Z", "1000d"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("20")


def test_a_contract_duration_past_the_bound_is_refused_with_its_place(contract: Path) -> None:
    original = contract.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(original.splitlines(), 1) if "response: 15m" in t)
    contract.write_text(original.replace("response: 15m", "response: 1001d", 1), encoding="utf-8")
    result = cli("check", str(contract))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{contract}:{line}:"), first
    assert first.endswith('"1001d" is too long: a duration is at most 1000d (24000h)'), first


# --- contract files: load reads them as check does ------------------------------------


def test_contract_load_of_a_utf16_file_is_refused_like_check(desk_url: str, contract: Path) -> None:
    wide = contract.with_name("wide.yaml")
    wide.write_bytes(codecs.BOM_UTF16_LE + contract.read_text(encoding="utf-8").encode("utf-16-le"))
    expected = f"{wide}:1:1: the file is UTF-16 text; save it as UTF-8"
    for args in (["check", str(wide)], ["contract", "load", str(wide), "--db", desk_url]):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.splitlines()[0] == expected


def test_a_nul_escape_in_a_contract_string_is_refused_by_check_and_load(
    desk_url: str, contract: Path
) -> None:
    original = contract.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(original.splitlines(), 1) if "name: Example Ltd" in t)
    contract.write_text(original.replace("name: Example Ltd", 'name: "Example\\0 Ltd"', 1))
    expected = f"{contract}:{line}:11: text cannot hold the character U+0000"
    for args in (["check", str(contract)], ["contract", "load", str(contract), "--db", desk_url]):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(expected), result.stderr
    assert cli("contract", "versions", "--json", "--db", desk_url).stdout == "[]\n"


# --- the database: audit head, vendor cases, schema, missing files ---------------------


def test_a_missing_audit_head_is_a_broken_chain_not_a_crash(loaded: str) -> None:
    execute(loaded, "DELETE FROM audit_head")
    result = cli("audit", "verify", "--db", loaded)
    assert result.exit_code == 1, result.stderr
    assert result.stdout.splitlines() == [
        "deleted: the chain head is missing (deleted)",
        "1 records: 1 problem(s)",
    ]
    refused(cli(*OPEN, "--db", loaded), "the audit log's chain head is missing")


def test_the_same_vendor_case_on_a_second_ticket_is_refused(loaded: str) -> None:
    for ticket in ("1", "2"):
        assert cli(*OPEN, "--db", loaded).exit_code == 0
        assert cli("ticket", "take", ticket, "--by", "provider.desk", "--db", loaded).exit_code == 0
    case = ["--by", "provider.desk", "--vendor", "developer", "--case", "ES-4711", "--db", loaded]
    assert cli("ticket", "vendor", "1", *case).exit_code == 0
    refused(
        cli("ticket", "vendor", "2", *case),
        "developer's case ES-4711 is already tracked on ticket 1; a vendor case belongs to one",
    )
    assert cli("ticket", "vendor", "1", *case, "--status", "resolved").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        [*OPEN],
        ["ticket", "list"],
        ["audit", "verify"],
        ["outbox", "list"],
        ["contract", "versions"],
        ["worker", "--once"],
        ["db", "upgrade"],
        ["db", "downgrade", "0002"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_database_migrated_by_a_newer_remit_is_refused(loaded: str, args: list[str]) -> None:
    execute(loaded, "UPDATE alembic_version SET version_num = '0999'")
    refused(
        cli(*args, "--db", loaded),
        f"the database schema is at 0999, which this remit does not know (its newest is {HEAD})",
    )


def test_db_current_names_a_newer_schema(loaded: str) -> None:
    execute(loaded, "UPDATE alembic_version SET version_num = '0999'")
    result = cli("db", "current", "--db", loaded)
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"database: 0999 (unknown here: migrated by a newer remit); newest: {HEAD}\n"
    )


def test_an_older_schema_is_refused_until_upgraded(loaded: str) -> None:
    assert cli("db", "downgrade", "0002", "--db", loaded).exit_code == 0
    refused(
        cli("ticket", "list", "--db", loaded),
        f"the database schema is at 0002, this remit needs {HEAD}; run `remit db upgrade` first",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["ticket", "list"],
        ["ticket", "show", "1"],
        ["audit", "verify"],
        ["outbox", "list"],
        ["contract", "versions"],
        ["db", "current"],
        ["worker", "--once"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_database_file_that_does_not_exist_is_refused_not_created(
    tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "typo.db"
    refused(cli(*args, "--db", f"sqlite:///{missing}"), f"no database file {missing}; check --db")
    assert not missing.exists()


def test_db_upgrade_creates_a_database_file(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    assert cli("db", "upgrade", "--db", f"sqlite:///{fresh}").exit_code == 0
    assert fresh.exists()
