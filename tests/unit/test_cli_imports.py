"""A command imports only what it uses: help, version and the contract commands start
without the store (SQLAlchemy, Alembic, psycopg) and without numpy (the batch clock)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "mixed-environment.yaml")
HEAVY = ("sqlalchemy", "alembic", "psycopg", "numpy")
ADAPTERS = ("pydantic",)  # Typer's coercion; text arguments and typed defaults skip it

PROBE = """
import json, sys
watched = set(json.loads(sys.argv[2]))
sys.argv = ["remit", *json.loads(sys.argv[1])]
from remit.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & watched)
sys.stderr.write("LOADED " + json.dumps(heavy) + "\\n")
"""


def _loaded(args: list[str], watched: tuple[str, ...] = HEAVY) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(watched)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    [line] = [x for x in done.stderr.splitlines() if x.startswith("LOADED ")]
    return list(json.loads(line.removeprefix("LOADED ")))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["check", EXAMPLE],
        ["drill", EXAMPLE, "--object", "hq-esx-01", "--category", "outage", "--scope", "user"],
        ["appendix", EXAMPLE],
        ["clock", EXAMPLE, "--calendar", "office", "due", "2026-03-02T09:00+01:00", "4h"],
    ],
    ids=lambda a: " ".join(a)[:40],
)
def test_the_command_does_not_import_the_store_or_numpy(args: list[str]) -> None:
    assert _loaded(args) == []


def test_a_desk_command_does_import_the_store() -> None:
    """The probe can fail: a command that uses the store shows it loaded."""
    assert "sqlalchemy" in _loaded(["ticket", "list", "--db", "sqlite:///:memory:"])


@pytest.mark.parametrize("args", [["--help"], ["check", EXAMPLE]], ids=["help", "check"])
def test_text_arguments_skip_typer_s_pydantic_coercion(args: list[str]) -> None:
    assert _loaded(args, ADAPTERS) == []
