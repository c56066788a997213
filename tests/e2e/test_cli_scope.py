"""`remit ticket list | show | scope` on a contract with an exclusion rule, on both engines:
the intake's marking is shown with its clause, and the coordinator's decision replaces it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app

LAST = "    - Third-party services not on the approved list\n"
RULE = (
    LAST
    + """  exclusion_rules:
    - clause: Configuration requests on the ERP are billed as projects
      objects: erp
      categories: request
"""
)


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_marking_shows_in_list_and_show_and_the_coordinator_changes_it(
    desk_url: str, tmp_path: Path
) -> None:
    contract = tmp_path / "contract.yaml"
    _run("init", str(contract))
    text = contract.read_text(encoding="utf-8")
    assert text.count(LAST) == 1
    contract.write_text(text.replace(LAST, RULE), encoding="utf-8")
    _run("contract", "load", str(contract), "--db", desk_url)
    _run(
        "ticket", "open", "--requester", "client.it", "--title", "New invoice layout",
        "--symptoms", "wants a new layout", "--who", "accounting", "--scope", "department",
        "--category", "request", "--object", "erp", "--at", "2026-03-09T10:00:00+01:00",
        "--db", desk_url,
    )  # fmt: skip
    assert "| OUT OF SCOPE, billable |" in _run("ticket", "list", "--db", desk_url)
    shown = _run("ticket", "show", "1", "--db", desk_url)
    assert (
        "  scope: OUT OF SCOPE (scope.exclusion_rules[0]: Configuration requests on the ERP "
        "are billed as projects); billable (scope.exclusion_rules[0].billing)\n"
    ) in shown
    _run(
        "ticket", "scope", "1", "--by", "provider.desk", "--in-scope", "--billing", "included",
        "--reason", "a layout fix under warranty", "--at", "2026-03-09T10:05:00+01:00",
        "--db", desk_url,
    )  # fmt: skip
    assert "| in scope, included |" in _run("ticket", "list", "--db", desk_url)
    shown = _run("ticket", "show", "1", "--db", desk_url)
    assert "  scope: in scope (decided by provider.desk: a layout fix under warranty)" in shown
    assert (
        " provider.desk: scope_set (reason=a layout fix under warranty, before={in_scope=False, "
        in shown
    )
