"""`remit contract load | versions | lines | replan`: contract lines and their versions."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from remit.cli.desk_opener import AtOption, DbOption, JsonOption, LineOption, desk, instant
from remit.cli.output import print_json, report_contract_error
from remit.contract import ContractError, read_contract_text
from remit.services.contracts import list_contract_versions, load_contract_version
from remit.services.lines import list_lines
from remit.services.replan import ReplanSummary, replan_open_tickets

app = typer.Typer(
    help="Store contract versions for the desk, one line per client relationship.",
    no_args_is_help=True,
)

LoadLineOption = Annotated[
    str | None,
    typer.Option(
        "--line",
        metavar="KEY",
        help="The contract line to store it on (lower-case letters, digits, hyphens); a new key starts a new line. Default: inferred from the contract's reference, else its client's name.",
    ),
]


@app.command("load")
def load_cmd(
    file: Annotated[Path, typer.Argument(help="The contract YAML file.")],
    line: LoadLineOption = None,
    db: DbOption = None,
    by: Annotated[str, typer.Option("--by", help="Who loads it (for the audit log).")] = "cli",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Load it despite error-level `remit check` findings; the audit records "
            "that it was forced and which findings it overrode.",
        ),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Store FILE as a new version of its contract line; tickets of the line opened from
    its effective date use it.

    A contract with error-level `remit check` findings is refused unless --force.

    The line is named with --line or inferred: the contract's reference
    (HL-2026-IT-07 -> hl-2026-it-07), else its client party's name. A line
    whose client is not this contract's client is refused. When the version is
    in force, the line's open tickets whose calendars it defines differently
    run on its calendars from now on and are re-planned.
    """
    try:
        text = read_contract_text(file)  # decoded as `remit check` decodes it
    except ContractError as error:
        report_contract_error(error)
    with desk(db) as opened:
        try:
            loaded = load_contract_version(
                uow=opened.new_uow(),
                text=text,
                source_name=str(file),
                actor=by,
                now=datetime.now(UTC),
                force=force,
                line=line,
            )
        except ContractError as error:
            report_contract_error(error)
    if json:
        print_json(asdict(loaded))
        return
    verb = "stored as" if loaded.new else "already stored as"
    counts = ", ".join(f"{n} {k}" for k, n in loaded.counts.items())
    line_note = "new line" if loaded.line_created else "line"
    typer.echo(
        f"{file}: {verb} version {loaded.number} of {line_note} {loaded.line} "
        f"(id {loaded.version_id}, {loaded.label}, effective {loaded.effective_from}, "
        f"sha256 {loaded.content_hash[:12]}); {counts}"
    )
    if loaded.replanned is not None:
        typer.echo(_replanned(loaded.replanned))


@app.command("replan")
def replan_cmd(
    line: LineOption = None,
    db: DbOption = None,
    by: Annotated[str, typer.Option("--by", help="Who re-plans (for the audit log).")] = "cli",
    at: AtOption = None,
    json: JsonOption = False,
) -> None:
    """Re-plan open tickets on the calendars of their line's version in force.

    Every line, or the one --line names. For a version loaded ahead of its
    effective date: run on or after that date. Safe to repeat; a run that
    stopped part-way finishes the rest.
    """
    with desk(db) as opened:
        summaries = replan_open_tickets(
            uow=opened.new_uow(), by=by, now=instant(at) if at else datetime.now(UTC), line=line
        )
    if json:
        print_json([asdict(s) for s in summaries])
        return
    if not summaries:
        typer.echo("no contract is loaded")
    for summary in summaries:
        typer.echo(_replanned(summary))


def _replanned(summary: ReplanSummary) -> str:
    if summary.version_id is None:
        return f"{summary.line}: no contract version is in force"
    changed = f" (calendars changed: {', '.join(summary.calendars)})" if summary.tickets else ""
    return (
        f"{summary.line}: {summary.tickets} open tickets re-planned on the calendars of "
        f"version {summary.version_id}{changed}"
    )


@app.command("versions")
def versions_cmd(line: LineOption = None, db: DbOption = None, json: JsonOption = False) -> None:
    """List the stored contract versions, of every line or of the one --line names."""
    with desk(db) as opened:
        versions = list_contract_versions(uow=opened.new_uow(), line=line)
    if json:
        print_json([asdict(v) for v in versions])
        return
    for v in versions:
        typer.echo(
            f"{v.version_id:>4}  {v.line:<20} {v.number:>3}  {v.label:<12} "
            f"effective {v.effective_from}  {v.content_hash[:12]}  {v.name}"
        )


@app.command("lines")
def lines_cmd(db: DbOption = None, json: JsonOption = False) -> None:
    """List the contract lines: each client relationship with its version in force and
    how many of its tickets are open."""
    with desk(db) as opened:
        found = list_lines(uow=opened.new_uow(), day=datetime.now(UTC).date())
    if json:
        print_json([asdict(line) for line in found])
        return
    if not found:
        typer.echo("no contract is loaded; load one with `remit contract load`")
    for line in found:
        version = (
            f"version {line.version_number} ({line.version_label}, id {line.version_id})"
            if line.version_id is not None
            else "no version in force"
        )
        typer.echo(
            f"{line.key:<20} {line.client}: {version}, {line.open_tickets} open tickets"
            f"  [{line.name}]"
        )
