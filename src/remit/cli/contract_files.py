"""`remit schema`, `remit init`: the contract file itself."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from remit.cli.output import fail
from remit.contract.jsonschema import contract_schema


def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the contract format (for yaml-language-server and other editors)."""
    text = json.dumps(contract_schema(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    typer.echo(f"wrote {output}")


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter contract.")] = Path(
        "contract.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter contract that passes `remit check`."""
    if path.exists() and not force:
        fail(f"{path} already exists; use --force to overwrite it")
    text = resources.files("remit.templates").joinpath("starter.yaml").read_text(encoding="utf-8")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")
    typer.echo(f"wrote {path}; next: remit check {path}")


def register(app: typer.Typer) -> None:
    app.command()(schema)
    app.command()(init)
