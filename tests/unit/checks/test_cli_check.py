"""`remit check`: exit codes 0 / 1 / 2 and the three formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from remit.cli import app

Data = dict[str, Any]


def write(tmp_path: Path, data: Data) -> str:
    path = tmp_path / "contract.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["check", *args])


def test_clean_contract_exits_zero(tmp_path: Path, starter: Data) -> None:
    result = run(write(tmp_path, starter))
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output


def test_error_finding_exits_one(tmp_path: Path, starter: Data) -> None:
    del starter["layers"]["dbms"]["primary"]
    result = run(write(tmp_path, starter))
    assert result.exit_code == 1
    assert 'error RM101 layer "dbms" has no primary party' in result.output


def test_ignored_error_exits_zero(tmp_path: Path, starter: Data) -> None:
    del starter["layers"]["dbms"]["primary"]
    assert run(write(tmp_path, starter), "--ignore", "RM101").exit_code == 0


def test_unreadable_contract_exits_two(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("contract: [\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2
    assert "broken.yaml" in result.output


def test_unknown_selection_exits_two(tmp_path: Path, starter: Data) -> None:
    result = run(write(tmp_path, starter), "--select", "XX1")
    assert result.exit_code == 2
    assert '"XX1" matches no check code' in result.output


def test_json_format(tmp_path: Path, starter: Data) -> None:
    del starter["scope"]["exclusions"]
    result = run(write(tmp_path, starter), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [f["code"] for f in data["findings"]] == ["RM123"]


def test_sarif_format(tmp_path: Path, starter: Data) -> None:
    del starter["scope"]["exclusions"]
    result = run(write(tmp_path, starter), "--format", "sarif")
    data = json.loads(result.output)
    assert data["version"] == "2.1.0"
    assert [r["ruleId"] for r in data["runs"][0]["results"]] == ["RM123"]
