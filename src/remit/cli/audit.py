"""`remit audit verify | purge`: the hash-chained interaction log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

import typer

from remit.cli.desk_opener import DbOption, JsonOption, desk, instant
from remit.cli.output import EXIT_FINDINGS, fail, print_json
from remit.services.audit import purge_audit, verify_audit

app = typer.Typer(help="Verify and purge the tamper-evident interaction log.", no_args_is_help=True)


@app.command("verify")
def verify_cmd(db: DbOption = None, json: JsonOption = False) -> None:
    """Check the hash chain; report every edited, deleted or reordered record (exit 1)."""
    with desk(db) as opened:
        result = verify_audit(uow=opened.new_uow())
    if json:
        print_json(
            {
                "records": result.records,
                "intact": result.intact,
                "findings": [
                    {"seq": f.seq, "problem": f.problem.value, "message": f.message}
                    for f in result.findings
                ],
            }
        )
    else:
        for finding in result.findings:
            typer.echo(f"{finding.problem.value}: {finding.message}")
        verdict = "intact" if result.intact else f"{len(result.findings)} problem(s)"
        typer.echo(f"{result.records} records: {verdict}")
    if not result.intact:
        raise typer.Exit(EXIT_FINDINGS)


def _midnight(day: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(day), time(), UTC)
    except ValueError:
        fail(f"--before {day!r} is neither a date (2021-01-31) nor an ISO 8601 instant")


@app.command("purge")
def purge_cmd(
    before: Annotated[
        str, typer.Option(help="Remove records before this date (YYYY-MM-DD) or instant.")
    ],
    by: Annotated[str, typer.Option("--by", help="Who purges (recorded in the log).")] = "cli",
    db: DbOption = None,
) -> None:
    """Remove records older than BEFORE; refuses anything younger than the retention (3 years at least)."""
    cutoff = instant(before, "--before") if "T" in before else _midnight(before)
    with desk(db) as opened:
        removed = purge_audit(uow=opened.new_uow(), before=cutoff, by=by, now=datetime.now(UTC))
    typer.echo(f"removed {removed} records before {cutoff:%Y-%m-%d}")
