"""`remit contract load | versions | replan`: contract versions in the desk's store."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from remit.cli.desk_opener import AtOption, DbOption, JsonOption, desk, instant
from remit.cli.output import print_json, report_contract_error
from remit.contract import ContractError, read_contract_text
from remit.services.contracts import list_contract_versions, load_contract_version
from remit.services.replan import ReplanSummary, replan_open_tickets

app = typer.Typer(help="Store contract versions for the desk.", no_args_is_help=True)


@app.command("load")
def load_cmd(
    file: Annotated[Path, typer.Argument(help="The contract YAML file.")],
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
    """Store FILE as a new contract version; tickets opened from its effective date use it.

    A contract with error-level `remit check` findings is refused unless --force.

    When the version is in force, open tickets whose calendars it defines
    differently run on its calendars from now on and are re-planned.
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
            )
        except ContractError as error:
            report_contract_error(error)
    if json:
        print_json(asdict(loaded))
        return
    verb = "stored as" if loaded.new else "already stored as"
    counts = ", ".join(f"{n} {k}" for k, n in loaded.counts.items())
    typer.echo(
        f"{file}: {verb} version {loaded.version_id} ({loaded.label}, effective "
        f"{loaded.effective_from}, sha256 {loaded.content_hash[:12]}); {counts}"
    )
    if loaded.replanned is not None:
        typer.echo(_replanned(loaded.replanned))


@app.command("replan")
def replan_cmd(
    db: DbOption = None,
    by: Annotated[str, typer.Option("--by", help="Who re-plans (for the audit log).")] = "cli",
    at: AtOption = None,
    json: JsonOption = False,
) -> None:
    """Re-plan open tickets on the calendars of the version in force.

    For a version loaded ahead of its effective date: run on or after that
    date. Safe to repeat; a run that stopped part-way finishes the rest.
    """
    with desk(db) as opened:
        summary = replan_open_tickets(
            uow=opened.new_uow(), by=by, now=instant(at) if at else datetime.now(UTC)
        )
    if json:
        print_json(asdict(summary))
        return
    typer.echo(_replanned(summary))


def _replanned(summary: ReplanSummary) -> str:
    if summary.version_id is None:
        return "no contract version is in force"
    changed = f" (calendars changed: {', '.join(summary.calendars)})" if summary.tickets else ""
    return (
        f"{summary.tickets} open tickets re-planned on the calendars of version "
        f"{summary.version_id}{changed}"
    )


@app.command("versions")
def versions_cmd(db: DbOption = None, json: JsonOption = False) -> None:
    """List the stored contract versions."""
    with desk(db) as opened:
        versions = list_contract_versions(uow=opened.new_uow())
    if json:
        print_json([asdict(v) for v in versions])
        return
    for v in versions:
        typer.echo(
            f"{v.version_id:>4}  {v.label:<12} effective {v.effective_from}  "
            f"{v.content_hash[:12]}  {v.name}"
        )
