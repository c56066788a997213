"""The JSON Schema committed for editors is the one `remit schema` prints."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app
from remit.contract.jsonschema import contract_schema

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_matches_the_model() -> None:
    committed = json.loads((ROOT / "remit-contract.schema.json").read_text(encoding="utf-8"))
    assert committed == contract_schema(), "run: remit schema -o remit-contract.schema.json"


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == contract_schema()


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = CliRunner().invoke(app, ["schema", "--output", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == contract_schema()
