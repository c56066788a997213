"""Shared rendering helpers for CLI commands: errors go to stderr, exit codes are fixed.

Exit codes: 0 success, 1 findings of error severity (checks), 2 the input cannot be used.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from remit.contract import ContractError, LoadedContract, load_contract

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    typer.echo(f"remit: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def report_contract_error(error: ContractError) -> NoReturn:
    for problem in error.problems:
        typer.echo(str(problem), err=True)
    count = len(error.problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''}: the contract cannot be used", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def open_contract(path: str) -> LoadedContract:
    """Load a contract for a command, or print every problem and exit 2."""
    try:
        return load_contract(path)
    except ContractError as error:
        report_contract_error(error)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
