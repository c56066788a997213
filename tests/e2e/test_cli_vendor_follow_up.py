"""`remit ticket vendor-follow-up` on both engines: a follow-up before vendor escalation
starts leaves the first one due a follow-up interval after that start."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from remit.cli import app

VENDORS = """vendors:
  - product: Example ERP
    vendor: developer
    opens_cases: provider
    follow_up: 4h

access:
"""


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_recorded_follow_up_names_the_next_due(desk_url: str, tmp_path: Path) -> None:
    contract = tmp_path / "contract.yaml"
    _run("init", str(contract))
    text = contract.read_text(encoding="utf-8")
    assert text.count("\naccess:\n") == 1
    contract.write_text(text.replace("\naccess:\n", "\n" + VENDORS), encoding="utf-8")
    _run("contract", "load", str(contract), "--db", desk_url, "--force")  # RM306 on purpose
    _run(
        "ticket", "open", "--requester", "client.it", "--title", "ERP down", "--symptoms", "500",
        "--who", "everyone", "--scope", "organization", "--category", "outage", "--object", "erp",
        "--at", "2026-03-08T02:10:00+01:00", "--db", desk_url,
    )  # fmt: skip
    _run(
        "ticket", "vendor", "1", "--by", "provider.desk", "--vendor", "developer", "--case", "ES-1",
        "--at", "2026-03-08T02:20:00+01:00", "--db", desk_url,
    )  # fmt: skip
    done = _run(
        "ticket", "vendor-follow-up", "1", "--by", "provider.desk", "--case", "ES-1",
        "--note", "asked for a log review", "--at", "2026-03-08T02:40:00+01:00", "--db", desk_url,
    )  # fmt: skip
    # P1 vendor_after 2h on the 24/7 calendar: escalation starts 03:10 UTC, follow-up 4h later
    assert done == (
        "#1 vendor case developer ES-1: follow-up 1 by provider.desk; "
        "next due 2026-03-08 07:10 UTC, followed through by provider\n"
    )
    shown = _run("ticket", "show", "1", "--db", desk_url)
    assert "key=vendor_follow_up:1:1, kind=vendor_follow_up, due_at=2026-03-08 08:10 CET" in shown
