"""The audit key at the command line: refused without one, made for a new SQLite desk,
and `contract load` refusing error-level findings unless forced (and audited)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from remit.bootstrap import Desk
from remit.cli import app
from remit.store import audit_log

NO_KEY = {"REMIT_AUDIT_KEY": None, "REMIT_AUDIT_KEY_FILE": None}


def _starter() -> str:
    return resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")


def _broken_contract(tmp_path: Path) -> Path:
    """The starter with two primaries on one layer: an error-level finding (RM102)."""
    text = _starter().replace(
        "dbms: {kind: dbms, primary: provider}",
        "dbms: {kind: dbms, primary: [provider, developer]}",
    )
    assert text != _starter()
    path = tmp_path / "two-primaries.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_contract_with_error_findings_is_refused_without_force(
    desk_url: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app, ["contract", "load", str(_broken_contract(tmp_path)), "--db", desk_url]
    )
    assert result.exit_code == 2
    assert "RM102" in result.output
    assert "--force" in result.output
    listed = CliRunner().invoke(app, ["contract", "versions", "--db", desk_url, "--json"])
    assert json.loads(listed.stdout) == []


def test_a_forced_contract_load_is_recorded_with_its_findings(
    desk_url: str, e2e_desk: Desk, tmp_path: Path
) -> None:
    contract = _broken_contract(tmp_path)
    result = CliRunner().invoke(
        app, ["contract", "load", str(contract), "--db", desk_url, "--force"]
    )
    assert result.exit_code == 0, result.output
    anchor = CliRunner().invoke(app, ["audit", "anchor", "--db", desk_url])
    assert json.loads(anchor.stdout)["seq"] == 1
    with e2e_desk.new_uow() as uow:
        [record] = list(audit_log.records(uow.session))
    assert record.entry.action == "contract_loaded"
    assert record.entry.detail["forced"] is True
    findings = record.entry.detail["findings"]
    assert isinstance(findings, list)
    assert [f["code"] for f in findings if isinstance(f, dict)] == ["RM102"]


def test_a_desk_command_without_a_key_refuses_in_one_line(desk_url: str, tmp_path: Path) -> None:
    contract = tmp_path / "starter.yaml"
    contract.write_text(_starter(), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["contract", "load", str(contract), "--db", desk_url], env=NO_KEY
    )
    assert result.exit_code == 2
    assert "no audit key is configured" in result.output
    assert "REMIT_AUDIT_KEY" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_db_upgrade_makes_a_key_file_beside_a_new_sqlite_desk(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    upgraded = CliRunner().invoke(app, ["db", "upgrade", "--db", db], env=NO_KEY)
    assert upgraded.exit_code == 0, upgraded.output
    key_file = tmp_path / "desk.db.audit-key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert str(key_file) in upgraded.stderr
    contract = tmp_path / "starter.yaml"
    contract.write_text(_starter(), encoding="utf-8")
    loaded = CliRunner().invoke(app, ["contract", "load", str(contract), "--db", db], env=NO_KEY)
    assert loaded.exit_code == 0, loaded.output
    verified = CliRunner().invoke(app, ["audit", "verify", "--db", db], env=NO_KEY)
    assert verified.exit_code == 0, verified.output
    # Another key cannot vouch for these records.
    other = {"REMIT_AUDIT_KEY": "x" * 40, "REMIT_AUDIT_KEY_FILE": None}
    assert CliRunner().invoke(app, ["audit", "verify", "--db", db], env=other).exit_code == 1


def test_a_database_elsewhere_without_a_key_is_not_migrated() -> None:
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", "sqlite://"], env=NO_KEY)
    assert result.exit_code == 2
    assert "no audit key is configured" in result.output


def test_an_anchor_file_that_was_altered_is_refused(desk_url: str, tmp_path: Path) -> None:
    contract = tmp_path / "starter.yaml"
    contract.write_text(_starter(), encoding="utf-8")
    assert (
        CliRunner().invoke(app, ["contract", "load", str(contract), "--db", desk_url]).exit_code
        == 0
    )
    path = tmp_path / "anchor.json"
    assert (
        CliRunner().invoke(app, ["audit", "anchor", "--db", desk_url, "-o", str(path)]).exit_code
        == 0
    )
    kept = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(kept | {"seq": kept["seq"] + 1}), encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "verify", "--db", desk_url, "--anchor", str(path)])
    assert result.exit_code == 2
    assert "not signed by this desk's audit key" in result.output
    path.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "verify", "--db", desk_url, "--anchor", str(path)])
    assert (result.exit_code, "is not an audit anchor" in result.output) == (2, True)
