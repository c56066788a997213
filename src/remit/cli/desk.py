"""What every desk command shares: --db, --at, --json, and one mapping of errors to exits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer
from sqlalchemy.exc import DBAPIError

from remit.bootstrap import Desk, open_desk
from remit.cli.output import fail
from remit.contract.durations import parse_duration
from remit.domain.errors import DeskError
from remit.settings import settings_from_env

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///file.db or postgresql://...); default REMIT_DATABASE_URL, else sqlite:///remit.db.",
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="When it happened, ISO 8601 with an offset (now if omitted)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
ByOption = Annotated[
    str, typer.Option("--by", help="Who acts: a party or 'party.contact' from the contract.")
]
VersionOption = Annotated[
    int | None,
    typer.Option(
        "--expect-version", help="Refuse if the ticket changed since this version was read."
    ),
]


@contextmanager
def desk(db: str | None) -> Iterator[Desk]:
    """Open the store; print desk errors as one line and exit 2."""
    opened = open_desk(settings_from_env(database_url=db))
    try:
        yield opened
    except DeskError as error:
        fail(str(error))
    except DBAPIError as error:
        fail(_database_message(error))
    finally:
        opened.close()


def _database_message(error: DBAPIError) -> str:
    text = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if "no such table" in text or ("does not exist" in text and "relation" in text):
        return f"the database has no desk tables ({text}); run `remit db upgrade` first"
    return f"database error: {text}"


def instant(at: str | None) -> datetime:
    """`--at` as an aware UTC instant; the current time when omitted."""
    if at is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        fail(f"--at {at!r} is not an ISO 8601 instant such as 2026-03-08T02:10:00+01:00")
    if parsed.tzinfo is None:
        fail(f"--at {at!r} has no offset; add one such as +01:00 or Z")
    return parsed.astimezone(UTC)


def later(value: str | None, now: datetime, option: str) -> datetime | None:
    """An instant given as ISO 8601 or as a duration from `now` (``30m``)."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(now.timestamp() + parse_duration(value), UTC)
    except ValueError:
        pass
    try:
        return instant(value)
    except typer.Exit:
        fail(f"{option} {value!r} is neither a duration (30m) nor an ISO 8601 instant")
