"""A database that fails or cannot be written: the worker gives up, readers still read.

No mocks: the worker runs against a desk whose due-work table was dropped (every
sweep fails as on a full disk), once in-process and once as a real process stopped
with SIGTERM; the read-only desk is a SQLite file and directory this process may
not write (as root, where permissions do not bind, they are made immutable).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner, Result

from remit.cli import app
from remit.store.engine import make_engine
from remit.store.migrate import head_revision

OPEN = [
    "ticket", "open", "--requester", "client.it", "--title", "ERP down", "--symptoms", "no login",
    "--who", "everyone", "--scope", "organization", "--category", "outage", "--object", "erp",
    "--at", "2026-03-08T02:10:00+01:00",
]  # fmt: skip


def cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def failing(desk_url: str) -> str:
    """A migrated desk on which every sweep fails: its due-work table is gone."""
    engine = make_engine(desk_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE due_work"))
    engine.dispose()
    return desk_url


def events(stderr: str) -> list[str]:
    return [json.loads(line)["event"] for line in stderr.splitlines() if line.startswith("{")]


def test_worker_once_gives_up_after_the_failed_sweeps_allowed(failing: str) -> None:
    result = cli("worker", "--once", "--interval", "0", "--give-up-after", "3", "--db", failing)
    assert result.exit_code == 75, result.stderr
    assert events(result.stderr) == ["sweep_failed"] * 3 + ["stopped"]
    last = result.stderr.splitlines()[-1]
    assert last.startswith(
        "remit: the worker stopped after 3 failed sweep(s) in a row; last error: "
    )
    assert "due_work" in last


def test_worker_gives_up_after_ten_failed_sweeps_by_default(failing: str) -> None:
    result = cli("worker", "--interval", "0", "--db", failing)
    assert result.exit_code == 75, result.stderr
    assert events(result.stderr) == ["sweep_failed"] * 10 + ["stopped"]


def test_worker_stopped_while_failing_exits_non_zero(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert cli("db", "upgrade", "--db", url).exit_code == 0
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE due_work"))
    engine.dispose()
    command = [sys.executable, "-m", "remit", "worker", "--db", url, "--interval", "1"]
    with subprocess.Popen(
        [*command, "--give-up-after", "100000"], stderr=subprocess.PIPE, text=True
    ) as worker:
        assert worker.stderr is not None
        try:
            first = worker.stderr.readline()
            assert json.loads(first)["event"] == "sweep_failed", first
            worker.send_signal(signal.SIGTERM)
            rest = worker.stderr.read()
            assert worker.wait(timeout=60) == 75, rest
        finally:
            worker.kill()
    assert events(rest)[-1] == "stopped"
    assert rest.splitlines()[-1].startswith("remit: the worker stopped after ")


# --- a read-only SQLite desk ------------------------------------------------------------


def _lock(paths: list[Path]) -> None:
    for path in paths:
        path.chmod(0o444 if path.is_file() else 0o555)
    if os.geteuid() == 0:  # root writes whatever the mode says; an immutable file it cannot
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, check=False)
        if done.returncode != 0:
            _unlock(paths)
            pytest.skip(f"running as root and chattr +i failed: {done.stderr.strip()}")


def _unlock(paths: list[Path]) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True, check=False)
    for path in paths:
        path.chmod(0o644 if path.is_file() else 0o755)


@pytest.fixture
def read_only_desk(tmp_path: Path) -> Iterator[str]:
    """A desk with one ticket, its file and directory then made read-only."""
    folder = tmp_path / "desk"
    folder.mkdir()
    url = f"sqlite:///{folder / 'remit.db'}"
    contract = tmp_path / "contract.yaml"
    for args in (["init", str(contract)], ["db", "upgrade"], ["contract", "load", str(contract)]):
        assert cli(*args, *(["--db", url] if args[0] != "init" else [])).exit_code == 0
    assert cli(*OPEN, "--db", url).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["remit.db"]  # no WAL files left
    paths = [folder / "remit.db", folder]
    _lock(paths)
    yield url
    _unlock(paths)


@pytest.mark.parametrize(
    ("args", "shows"),
    [
        (["ticket", "list"], "#1 "),
        (["ticket", "show", "1"], "#1 "),
        (["audit", "verify"], "records: intact"),
        (["outbox", "list"], ""),
        (["contract", "versions"], "2026.1"),
        (["db", "current"], f"database: {head_revision()}"),
    ],
    ids=lambda value: " ".join(value[:2]) if isinstance(value, list) else None,
)
def test_reading_commands_work_on_a_read_only_database(
    read_only_desk: str, args: list[str], shows: str
) -> None:
    result = cli(*args, "--db", read_only_desk)
    assert result.exit_code == 0, result.stderr
    assert shows in result.stdout


def test_a_write_to_a_read_only_database_is_one_line(read_only_desk: str) -> None:
    result = cli("ticket", "take", "1", "--by", "provider.desk", "--db", read_only_desk)
    assert (result.exit_code, type(result.exception)) == (2, SystemExit), result.stderr
    assert result.stderr.count("\n") == 1
    assert "the file or its directory is read-only here" in result.stderr
