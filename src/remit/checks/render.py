"""Findings as text for people (grouped by contract section, coloured on a terminal)
and as JSON for programs. SARIF is in `remit.checks.sarif`."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

from remit.checks.model import Finding, Severity
from remit.checks.registry import BY_CODE
from remit.checks.runner import Report

_COLORS = {"error": "1;31", "warning": "1;33", "head": "1", "dim": "2", "ok": "32"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color else text


def section_of(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0] or "contract"


def render_text(report: Report, *, color: bool = False) -> str:
    lines: list[str] = []
    ordered = sorted(report.findings, key=lambda f: (section_of(f.path), f.sort_key))
    for section, group in groupby(ordered, key=lambda f: section_of(f.path)):
        lines.append(_paint(section, "head", color))
        for finding in group:
            lines.extend(_finding_lines(finding, color))
        lines.append("")
    lines.append(_summary(report, color))
    return "\n".join(lines) + "\n"


def _finding_lines(f: Finding, color: bool) -> list[str]:
    where = f"{f.file}:{f.line}:{f.column}" if f.line else f"{f.file} (no `{section_of(f.path)}:`)"
    level = _paint(f.severity.value, f.severity.value, color)
    return [
        f"  {where}: {level} {f.code} {f.message}",
        _paint(f"      hint: {f.hint}", "dim", color),
    ]


def _summary(report: Report, color: bool) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    extra = f"{len(report.rules)} rules"
    if report.suppressed:
        extra += f", {len(report.suppressed)} suppressed"
    if not errors and not warnings:
        return _paint(f"{report.file}: no findings ({extra})", "ok", color)
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    return _paint(f"{report.file}: {counts} ({extra})", "error" if errors else "warning", color)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def finding_data(f: Finding) -> dict[str, Any]:
    rule = BY_CODE[f.code]
    return {
        "code": f.code,
        "severity": f.severity.value,
        "title": rule.title,
        "message": f.message,
        "path": f.path,
        "file": f.file,
        "line": f.line or None,  # None: the section is not in the file
        "column": f.column or None,
        "hint": f.hint,
        "seed": rule.seed,
        "source": rule.source,
    }


def report_data(report: Report) -> dict[str, Any]:
    return {
        "file": report.file,
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "suppressed": len(report.suppressed),
            "rules": len(report.rules),
        },
        "findings": [finding_data(f) for f in report.findings],
        "suppressed": [
            {**finding_data(s.finding), "reason": s.reason, "suppression": s.suppression_path}
            for s in report.suppressed
        ],
    }
