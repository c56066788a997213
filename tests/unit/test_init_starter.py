"""`remit init`'s starter contract: its durations mean what they say on its calendars.

`d` is 24 hours of the calendar the clock runs on, so `10d` on an office calendar
is about 24 working days. The starter writes office durations in hours, each a
whole number of its office days, and stays clean under `remit check`.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app
from remit.contract import load_contract

DAYS = re.compile(r"(?<![\w.-])\d+d(?:\d+[hms])*\b")


def starter(tmp_path: Path) -> Path:
    path = tmp_path / "contract.yaml"
    assert CliRunner().invoke(app, ["init", str(path)]).exit_code == 0
    return path


def test_init_writes_no_duration_in_days(tmp_path: Path) -> None:
    lines = starter(tmp_path).read_text(encoding="utf-8").splitlines()
    written = [line.split("#", 1)[0] for line in lines]
    assert [line for line in written if DAYS.search(line)] == []


def test_office_targets_are_whole_office_days(tmp_path: Path) -> None:
    contract = load_contract(starter(tmp_path)).contract
    office = contract.calendars["office"]
    day = office.weekly_seconds // len(office.weekly)
    assert day == 10 * 3_600  # the comments in the starter count in 10-hour days
    on_office = [t for t in contract.sla.targets if t.calendar == "office"]
    recoveries = [t.recovery for t in on_office if t.recovery is not None]
    assert recoveries
    assert all(r <= day or r % day == 0 for r in recoveries), recoveries
    assert max(recoveries) == 10 * day  # a request: two working weeks, not 24 working days


def test_init_contract_has_no_findings(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(starter(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output
