"""`remit drill` output: text, Markdown and JSON, and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app

CONTRACT = str(Path(__file__).parent / "contracts" / "mixed.yaml")
NIGHT = [
    "--object",
    "acc-exchange",
    "--symptom",
    "integration",
    "--scope",
    "organization",
    "--at",
    "2026-03-03T01:30+01:00",
]


def drill(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["drill", CONTRACT, *args])
    return result.exit_code, result.output


def test_text_route_names_everything_in_order() -> None:
    code, out = drill(*NIGHT)
    assert code == 0
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings == [
        "Drill: integration on acc-exchange, the whole organization, Tue 2026-03-03 01:30 +0100",
        "Ticket",
        "Who takes it",
        "Parallel layer checks",
        "Due",
        "Escalation timeline",
        "Approvals",
        "Vendors",
        "Escalation by fault class",
        "Affected",
        "Open questions",
    ]
    assert "apps: NOT REACHABLE now" in out
    assert "recovery (4h on always)                    Tue 2026-03-03 05:30 +0100" in out


def test_markdown_route_has_tables_and_numbered_questions() -> None:
    code, out = drill(*NIGHT, "--format", "md")
    assert code == 0
    assert out.startswith("# Drill: integration on acc-exchange")
    assert "| Layer | Primary, reachable now | Secondary | Objects |" in out
    assert (
        '\n1. Nobody is named to open cases, collect logs and correspond with "msft" (acc-db).'
        in out
    )


def test_json_route_is_plain_data() -> None:
    code, out = drill(*NIGHT, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["priority"] == "P1"
    assert data["scenario"]["at"] == "2026-03-03T01:30:00+01:00"
    assert data["targets"][0]["recovery"]["at"] == "2026-03-03T05:30:00+01:00"
    assert len(data["questions"]) == 4


def test_naive_instant_exits_two_with_a_clear_message() -> None:
    code, out = drill(
        "--object", "acc-db", "--symptom", "outage", "--scope", "user", "--at", "2026-03-03T01:30"
    )
    assert code == 2
    assert "has no UTC offset" in out


def test_unknown_object_exits_two() -> None:
    code, out = drill(
        "--object", "nope", "--symptom", "outage", "--scope", "user", "--at", "2026-03-03T01:30Z"
    )
    assert code == 2
    assert 'unknown object "nope"' in out


def test_a_category_can_be_named_directly() -> None:
    at = ["--scope", "user", "--at", "2026-03-03T10:00+01:00", "--format", "json"]
    code, out = drill("--object", "acc-exchange", "--category", "degradation", *at)
    assert code == 0
    data = json.loads(out)
    assert (data["category"], data["urgency"], data["impact"]) == (
        "degradation",
        "degraded",
        "department",  # acc-exchange is of high criticality: the department floor
    )
    assert data["title"].startswith("Drill: degradation on acc-exchange")


def test_an_unknown_category_or_neither_symptom_nor_category_exits_two() -> None:
    at = ["--scope", "user", "--at", "2026-03-03T10:00+01:00"]
    code, out = drill("--object", "acc-db", "--category", "outages", *at)
    assert code == 2
    assert 'unknown category "outages" (did you mean "outage"?)' in out
    code, out = drill("--object", "acc-db", *at)
    assert code == 2
    assert "--symptom" in out
