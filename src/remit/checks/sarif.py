"""Findings as SARIF 2.1.0, so code-scanning tools can show them next to the contract.

Suppressed findings are included with an ``inSource`` suppression carrying the
contract's reason, which is how SARIF viewers expect accepted results.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any

from remit import __version__
from remit.checks.model import Finding, Rule, Severity
from remit.checks.runner import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def report_sarif(report: Report) -> dict[str, Any]:
    index = {rule.code: i for i, rule in enumerate(report.rules)}
    results = [_result(f, index) for f in report.findings]
    results += [
        {
            **_result(s.finding, index),
            "suppressions": [{"kind": "inSource", "justification": s.reason}],
        }
        for s in report.suppressed
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "remit",
                        "version": __version__,
                        "rules": [_rule(rule) for rule in report.rules],
                    }
                },
                "artifacts": [{"location": {"uri": artifact_uri(report.file)}}],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def artifact_uri(file: str) -> str:
    path = PurePath(file)
    return Path(file).resolve().as_uri() if path.is_absolute() else path.as_posix()


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"Fix: {rule.hint}. Source: {rule.source}; see docs/checks.md."},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"seed": rule.seed, "source": rule.source, "tags": ["contract"]},
    }


def _region(f: Finding) -> dict[str, Any]:
    """The line and column; none for a section the file does not have (the whole file)."""
    if not f.line:
        return {}
    return {"region": {"startLine": f.line, "startColumn": max(f.column, 1)}}


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    return {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": _LEVEL[f.severity],
        "message": {"text": f"{f.message}. Hint: {f.hint}."},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(f.file), "index": 0},
                    **_region(f),
                },
                "logicalLocations": [{"fullyQualifiedName": f.path, "kind": "member"}],
            }
        ],
    }
