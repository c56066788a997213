"""`remit audit verify | anchor | purge`: the keyed, anchored interaction log."""

from __future__ import annotations

import json as jsonlib
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated

import typer

from remit.cli.desk_opener import DbOption, JsonOption, desk, instant
from remit.cli.output import EXIT_FINDINGS, fail, print_json
from remit.domain.audit import ExportedAnchor, anchor_from_json
from remit.domain.errors import InvalidInput
from remit.services.audit import anchor_audit, purge_audit, verify_audit

app = typer.Typer(
    help="Verify, anchor and purge the tamper-evident interaction log.", no_args_is_help=True
)


def _read_anchor(path: Path) -> ExportedAnchor:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read the anchor file {path}: {getattr(error, 'strerror', None) or error}")
    try:
        return anchor_from_json(text, str(path))
    except InvalidInput as error:
        fail(str(error))


@app.command("verify")
def verify_cmd(
    anchor: Annotated[
        Path | None,
        typer.Option(
            "--anchor",
            metavar="FILE",
            help="An anchor from `remit audit anchor`: also prove the chain still reaches it "
            "and nothing up to it was rewritten, truncated or reordered.",
        ),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Check the keyed chain and every ticket against its records; report each problem (exit 1)."""
    kept = None if anchor is None else _read_anchor(anchor)
    with desk(db) as opened:
        result = verify_audit(uow=opened.new_uow(), anchor=kept)
    if json:
        print_json(
            {
                "records": result.records,
                "intact": result.intact,
                "anchor": None if kept is None else kept.seq,
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
        reach = "" if kept is None else f", anchor at record {kept.seq}"
        typer.echo(f"{result.records} records{reach}: {verdict}")
    if not result.intact:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("anchor")
def anchor_cmd(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the anchor to FILE (default: stdout)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the signed chain head (position, seal, time, key id) as JSON to keep elsewhere."""
    with desk(db) as opened:
        exported = anchor_audit(uow=opened.new_uow(), now=datetime.now(UTC))
    text = jsonlib.dumps(exported.as_json(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write the anchor file {output}: {error.strerror}")
    typer.echo(f"anchored record {exported.seq} in {output}", err=True)


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
