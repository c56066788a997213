"""Text, JSON and SARIF renderings of a report; SARIF is valid against the 2.1.0 schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from remit.checks.render import render_text, report_data
from remit.checks.runner import Report
from remit.checks.sarif import report_sarif

Data = dict[str, Any]
SCHEMA = json.loads(
    (Path(__file__).parents[2] / "data" / "sarif-schema-2.1.0.json").read_text("utf-8")
)


@pytest.fixture
def report(starter: Data, check: Callable[..., Report]) -> Report:
    del starter["scope"]["exclusions"]  # RM123 error
    del starter["objects"]["erp"]["location"]  # RM112 warning
    del starter["objects"]["db-main"]["location"]  # RM112, suppressed below
    starter["suppress"] = [{"code": "RM112", "reason": "cloud service", "at": "objects.db-main"}]
    return check(starter)


def test_sarif_is_valid_against_the_schema(report: Report) -> None:
    errors = sorted(Draft7Validator(SCHEMA).iter_errors(report_sarif(report)), key=str)
    assert errors == []


def test_sarif_of_a_clean_contract_is_valid(starter: Data, check: Callable[..., Report]) -> None:
    sarif = report_sarif(check(starter))
    assert list(Draft7Validator(SCHEMA).iter_errors(sarif)) == []
    assert sarif["runs"][0]["results"] == []


def test_sarif_results_point_at_rules_and_regions(report: Report) -> None:
    run = report_sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["ruleId"]: r for r in run["results"] if "suppressions" not in r}
    assert set(by_id) == {"RM123", "RM112"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] > 1
    assert by_id["RM123"]["level"] == "error"
    assert by_id["RM112"]["level"] == "warning"


def test_sarif_carries_the_suppression_reason(report: Report) -> None:
    results = report_sarif(report)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [s["suppressions"] for s in suppressed] == [
        [{"kind": "inSource", "justification": "cloud service"}]
    ]


def test_json_lists_findings_summary_and_suppressed(report: Report) -> None:
    data = report_data(report)
    assert data["summary"] == {
        "errors": 1,
        "warnings": 1,
        "suppressed": 1,
        "rules": len(report.rules),
    }
    assert {f["code"] for f in data["findings"]} == {"RM123", "RM112"}
    assert data["suppressed"][0]["reason"] == "cloud service"
    first = data["findings"][0]
    assert set(first) >= {"code", "severity", "message", "path", "line", "column", "hint", "seed"}


def test_text_groups_by_section_with_positions_and_hints(report: Report) -> None:
    text = render_text(report)
    lines = text.splitlines()
    assert lines[0] == "objects"
    assert lines[1].startswith("  contract.yaml:")
    assert " warning RM112 " in lines[1]
    assert lines[2].strip().startswith("hint: add `location:`")
    assert "scope" in lines
    assert (
        lines[-1] == f"contract.yaml: 1 error, 1 warning ({len(report.rules)} rules, 1 suppressed)"
    )
    assert "\x1b[" not in text


def test_text_is_coloured_on_request(report: Report) -> None:
    assert "\x1b[1;31merror\x1b[0m" in render_text(report, color=True)


def test_text_of_a_clean_contract(starter: Data, check: Callable[..., Report]) -> None:
    report = check(starter)
    assert render_text(report) == f"contract.yaml: no findings ({len(report.rules)} rules)\n"


def test_the_schema_rejects_a_broken_result(report: Report) -> None:
    sarif = report_sarif(report)
    sarif["runs"][0]["results"][0]["level"] = "fatal"
    assert list(Draft7Validator(SCHEMA).iter_errors(sarif))


def test_new_families_and_a_missing_section_give_valid_sarif(
    starter: Data, check: Callable[..., Report]
) -> None:
    """RM126, RM214 and RM215 findings and a file-level finding (no region) validate."""
    starter["objects"]["bank-export"]["location"] = "db-main"
    starter["objects"]["bank-export"]["depends_on"] = []
    starter["objects"]["srv-app-01"]["support_hours"] = "office"
    target = {"layers": "application", "priorities": "P1", "recovery": "2h"}
    starter["parties"]["developer"]["targets"] = [target]
    del starter["pauses"]
    report = check(starter)
    assert {"RM126", "RM214", "RM215", "RM302"} <= {f.code for f in report.findings}
    sarif = report_sarif(report)
    assert list(Draft7Validator(SCHEMA).iter_errors(sarif)) == []
    [pauses] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "RM302"]
    assert "region" not in pauses["locations"][0]["physicalLocation"]
    assert "(no `pauses:`)" in render_text(report)
    [data] = [f for f in report_data(report)["findings"] if f["code"] == "RM302"]
    assert data["line"] is None
