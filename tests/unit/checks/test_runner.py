"""Selecting rules, suppressing findings in the contract, positions of findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from remit.checks.registry import RULES, UnknownCodeError, choose
from remit.checks.runner import Report, run_checks
from remit.contract import load_contract_text

Data = dict[str, Any]


def gaps(d: Data) -> Data:
    """Three findings: no exclusions (RM123), erp without owner and without location."""
    del d["scope"]["exclusions"]
    del d["objects"]["erp"]["owner"]
    del d["objects"]["erp"]["location"]
    return d


def test_select_by_code_and_prefix(starter: Data, check: Callable[..., Report]) -> None:
    assert {f.code for f in check(gaps(starter), select=("RM110",)).findings} == {"RM110"}
    assert {f.code for f in check(starter, select=("RM11",)).findings} == {"RM110", "RM112"}


def test_ignore_by_code_and_comma_list(starter: Data, check: Callable[..., Report]) -> None:
    report = check(gaps(starter), ignore=("RM110,rm112",))
    assert {f.code for f in report.findings} == {"RM123"}


def test_a_selection_matching_no_code_is_an_error() -> None:
    with pytest.raises(UnknownCodeError, match="RM9"):
        choose(("RM9",))


def test_every_rule_runs_by_default() -> None:
    assert choose() == RULES


def test_suppression_at_a_path_accepts_only_that_element(
    starter: Data, check: Callable[..., Report]
) -> None:
    gaps(starter)
    del starter["objects"]["db-main"]["location"]
    starter["suppress"] = [
        {"code": "RM112", "reason": "runs in the customer's cloud", "at": "objects.erp"}
    ]
    report = check(starter)
    assert [f.path for f in report.findings if f.code == "RM112"] == ["objects.db-main"]
    assert [(s.finding.path, s.reason) for s in report.suppressed] == [
        ("objects.erp", "runs in the customer's cloud")
    ]


def test_suppression_at_is_a_path_prefix_not_a_string_prefix(
    starter: Data, check: Callable[..., Report]
) -> None:
    gaps(starter)
    starter["suppress"] = [{"code": "RM112", "reason": "agreed", "at": "objects.er"}]
    report = check(starter)
    assert [f.path for f in report.findings if f.code == "RM112"] == ["objects.erp"]
    assert "RM002" in {f.code for f in report.findings}


def test_suppression_without_at_accepts_every_finding_of_the_code(
    starter: Data, check: Callable[..., Report]
) -> None:
    gaps(starter)
    starter["suppress"] = [{"code": "RM123", "reason": "exclusions are in the master agreement"}]
    report = check(starter)
    assert "RM123" not in {f.code for f in report.findings}
    assert report.exit_code == 1  # RM110 is still an error


def test_a_blank_reason_suppresses_nothing(starter: Data, check: Callable[..., Report]) -> None:
    gaps(starter)
    starter["suppress"] = [{"code": "RM123", "reason": " "}]
    found = {f.code for f in check(starter).findings}
    assert {"RM123", "RM001"} <= found


def test_unused_suppression_is_not_reported_when_its_rule_did_not_run(
    starter: Data, check: Callable[..., Report]
) -> None:
    starter["suppress"] = [{"code": "RM123", "reason": "agreed"}]
    assert [f.code for f in check(starter).findings] == ["RM002"]
    assert check(starter, ignore=("RM123",)).findings == ()


def test_exit_code_is_zero_with_warnings_only(starter: Data, check: Callable[..., Report]) -> None:
    del starter["objects"]["erp"]["location"]
    report = check(starter)
    assert [f.severity.value for f in report.findings] == ["warning"]
    assert report.exit_code == 0


def test_finding_points_at_file_line_and_column(starter_text: str) -> None:
    text = starter_text.replace(
        "dbms: {kind: dbms, primary: provider}",
        "dbms: {kind: dbms, primary: [provider, developer]}",
    )
    line = next(
        i for i, row in enumerate(text.splitlines(), 1) if "primary: [provider, developer]" in row
    )
    column = text.splitlines()[line - 1].index("[provider") + 1
    report = run_checks(load_contract_text(text, "c.yaml"))
    [finding] = report.findings
    assert (finding.code, finding.file, finding.line, finding.column) == (
        "RM102",
        "c.yaml",
        line,
        column,
    )
    assert finding.hint.startswith("keep one primary")
