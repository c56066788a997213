"""`remit clock CONTRACT --calendar NAME due|breach-at|elapsed`."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remit.cli import app

BACKWARDS = "2026-03-02T12:00Z/2026-03-02T11:00Z"


@pytest.fixture
def contract(tmp_path: Path) -> str:
    """The starter contract: `office` is Mon-Fri 08:00-18:00 Europe/Berlin, `always` is 24/7."""
    path = tmp_path / "contract.yaml"
    starter = resources.files("remit.templates").joinpath("starter.yaml")
    path.write_text(starter.read_text(encoding="utf-8"), encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["clock", *args])
    return result.exit_code, result.stdout, result.stderr


def test_due(contract: str) -> None:
    code, out, _ = run(contract, "--calendar", "office", "due", "2026-03-02T17:00+01:00", "4h")
    assert (code, out) == (0, "2026-03-03T11:00:00+01:00 Europe/Berlin\n")


def test_breach_at_as_json(contract: str) -> None:
    code, out, _ = run(
        contract, "--calendar=office", "breach-at", "2026-03-02T14:00+01:00", "4h", "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "calendar": "office",
        "timezone": "Europe/Berlin",
        "start": "2026-03-02T13:00:00+00:00",
        "duration_seconds": 14400,
        "pauses": [],
        "breach_at": "2026-03-03T07:00:00+00:00",
        "breach_at_local": "2026-03-03T08:00:00+01:00",
    }


def test_due_with_pauses(contract: str) -> None:
    code, out, _ = run(
        contract,
        "--calendar",
        "office",
        "due",
        "2026-03-02T09:00+01:00",
        "1h30m",
        "--pause",
        "2026-03-02T09:30+01:00/2026-03-02T10:00+01:00",
        "--pause",
        "2026-03-02T09:45Z/2026-03-02T10:30Z",
    )
    assert (code, out) == (0, "2026-03-02T11:45:00+01:00 Europe/Berlin\n")


def test_elapsed(contract: str) -> None:
    code, out, _ = run(
        contract,
        "--calendar",
        "office",
        "elapsed",
        "2026-03-02T14:00Z",
        "2026-03-04T14:00Z",
        "--pause",
        "2026-03-03T08:00Z/2026-03-03T10:00Z",
    )
    assert (code, out) == (0, "18h (64800 s)\n")


def test_elapsed_as_json(contract: str) -> None:
    code, out, _ = run(
        contract, "--calendar", "always", "elapsed", "2026-03-28T12:00+01:00",
        "2026-03-29T12:00+02:00", "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["elapsed_seconds"] == 23 * 3600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--calendar", "nope", "due", "2026-03-02T09:00Z", "4h"), "no calendar 'nope'"),
        (("--calendar", "office", "due", "2026-03-02T09:00", "4h"), "has no offset"),
        (("--calendar", "office", "due", "yesterday", "4h"), "not an ISO 8601 instant"),
        (("--calendar", "office", "due", "2026-03-02T09:00Z", "4 parsecs"), "DURATION"),
        (("--calendar", "office", "elapsed", "2026-03-03T09:00Z", "2026-03-02T09:00Z"), "before"),
        (
            ("--calendar", "office", "due", "2026-03-02T09:00Z", "4h", "--pause", "2026-03-02"),
            "is not FROM/TO",
        ),
        (
            ("--calendar", "office", "due", "2026-03-02T09:00Z", "4h", "--pause", "a/b"),
            "--pause FROM",
        ),
        (
            ("--calendar", "office", "due", "2026-03-02T09:00Z", "4h", "--pause", BACKWARDS),
            "ends before it starts",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    contract: str, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(contract, *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_contract_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "missing.yaml"), "--calendar", "office", "due",
                       "2026-03-02T09:00Z", "4h")  # fmt: skip
    assert code == 2
    assert "cannot be used" in err


def test_calendar_is_required(contract: str) -> None:
    code, _, err = run(contract, "due", "2026-03-02T09:00Z", "4h")
    assert code == 2
    assert "--calendar" in err


def test_help_of_a_command_needs_no_contract() -> None:
    result = CliRunner().invoke(app, ["clock", "breach-at", "--help"])
    assert result.exit_code == 0
    assert "more than DURATION" in result.stdout
