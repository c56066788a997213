"""What every desk command shares: --db, --at, --json, --by, and one mapping of errors to exits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from remit.bootstrap import Desk, desk_for_engine, open_desk
from remit.cli.output import fail
from remit.contract.durations import parse_duration
from remit.domain.bounds import within_range
from remit.domain.errors import AuditKeyMissing, DeskError, InvalidInput
from remit.domain.lines import LineScope
from remit.services import access, operator
from remit.settings import beside_database, create_key_file, settings_from_env
from remit.store.uow import UnitOfWork

BIGGEST = 2**63 - 1  # the largest integer SQLite and PostgreSQL store (ids, limits, versions)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (sqlite:///file.db or postgresql://...); default REMIT_DATABASE_URL, else sqlite:///remit.db.",
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="INSTANT",
        help=(
            "When it happened, ISO 8601 with an offset (now if omitted). An earlier instant "
            "makes a late entry, marked in the audit with both instants; a later one is refused."
        ),
    ),
]
ReadAtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="INSTANT",
        help="The instant to read at, ISO 8601 with an offset (now if omitted).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
ByOption = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="WHO",
        help=(
            "Who acts: a person known to the desk, by e-mail or as 'party.contact' of a "
            "contact with an e-mail in the ticket's contract (`remit people list`)."
        ),
    ),
]
LineOption = Annotated[
    str | None,
    typer.Option(
        "--line",
        metavar="KEY",
        help="The contract line (one client relationship), by key as `remit contract lines` shows it; needed when the desk holds several.",
    ),
]
VersionOption = Annotated[
    int | None,
    typer.Option(
        "--expect-version",
        help="Refuse if the ticket changed since this version was read.",
        min=1,
        max=BIGGEST,
    ),
]


URL_HINT = "write sqlite:///path/to/remit.db or postgresql://user@host:5432/name"


@contextmanager
def desk(db: str | None, *, create: bool = False, schema: bool = True) -> Iterator[Desk]:
    """Open the store; print desk errors as one line and exit 2.

    Only with `create` may a SQLite file that does not exist be made; only without
    `schema` is a database whose schema is not this remit's own used.
    """
    try:
        opened = open_desk(settings_from_env(database_url=db))
    except (NoSuchModuleError, ImportError) as error:
        fail(f"the database URL names a database remit cannot use ({error}); {URL_HINT}")
    except ArgumentError:
        fail(f"the database URL cannot be read; {URL_HINT}")
    except DeskError as error:
        fail(str(error))
    try:
        _require_file(opened, create=create)
        if schema:
            _require_schema(opened)
        yield opened
    except DeskError as error:
        fail(str(error))
    except DBAPIError as error:
        fail(_database_message(error))
    finally:
        opened.close()


@dataclass(frozen=True, slots=True)
class Acting:
    """The person `--by` names, cleared for one action on one ticket: `by` is the contact
    they act as; `uow()` gives units of work that see their contract lines and mark every
    audit entry as entered through the operator's CLI."""

    by: str
    opened: Desk
    scope: LineScope

    def uow(self) -> UnitOfWork:
        return self.opened.new_uow(self.scope, via=operator.CLI)


def acting(
    opened: Desk, ticket_id: int, by: str, command: str, *, share: access.ShareOf | None = None
) -> Acting:
    """Resolve `--by` to a known, active person and ask the desk's one gate whether they
    may take the ticket command `command` (`remit.domain.rights.COMMANDS`) on the ticket,
    as the HTTP API does; refusals are desk errors, which `desk` prints as one line."""
    viewer = operator.person_named(uow=opened.new_uow(), ticket_id=ticket_id, who=by)
    contact = access.acting_as(
        uow=opened.new_uow(viewer.scope),
        viewer=viewer,
        ticket_id=ticket_id,
        command=command,
        share=share,
    )
    return Acting(contact, opened, viewer.scope)


def _require_file(opened: Desk, *, create: bool) -> None:
    """A SQLite file must exist, unless it may be created; then its directory must."""
    url = opened.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(str(url.database))
    if create:
        if not path.parent.is_dir():
            fail(f"no directory {path.parent} for the database file {path}; create it first")
        return
    if not path.exists():
        fail(
            f"no database file {url.database}; check --db (or REMIT_DATABASE_URL), "
            "or create it with `remit db upgrade`"
        )


def _require_schema(opened: Desk) -> None:
    from remit.store.migrate import current_revision, known_revisions  # Alembic: only here

    problem = schema_problem(current_revision(opened.engine), known_revisions())
    if problem is not None:
        fail(problem)


def with_audit_key(opened: Desk) -> Desk:
    """`opened`, with an audit key: the configured one, else a new key file made beside a
    SQLite database (and said so on stderr); elsewhere no key is one line and exit 2."""
    if opened.audit_key is not None:
        return opened
    path = beside_database(opened.engine.url.render_as_string(hide_password=False))
    if path is None:
        fail(str(AuditKeyMissing("seal the audit log of this database")))
    key = create_key_file(path)
    typer.echo(
        f"created the audit key file {path} (key {key.key_id}): keep a copy elsewhere, "
        "or move it and set REMIT_AUDIT_KEY_FILE; see docs/desk.md, 'Audit keys'",
        err=True,
    )
    return desk_for_engine(opened.engine, key)


def require_known_schema(opened: Desk) -> None:
    """Refuse a database migrated by a newer remit (before migrating it, say)."""
    from remit.store.migrate import current_revision, known_revisions

    current, known = current_revision(opened.engine), known_revisions()
    if current is not None and current not in known:
        fail(schema_problem(current, known) or "")


def schema_problem(current: str | None, known: list[str]) -> str | None:
    """Why a desk command cannot use a database at schema `current`, or None;
    `known` lists this remit's schema revisions, oldest first."""
    newest = known[-1]
    if current == newest:
        return None
    if current is None:
        return f"the database has no desk tables; this remit needs schema {newest}: run `remit db upgrade` first"
    if current in known:
        return f"the database schema is at {current}, this remit needs {newest}; run `remit db upgrade` first"
    return (
        f"the database schema is at {current}, which this remit does not know (its newest is "
        f"{newest}): a newer remit migrated it; use that remit, or point --db elsewhere"
    )


def _database_message(error: DBAPIError) -> str:
    text = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if "no such table" in text or ("does not exist" in text and "relation" in text):
        return f"the database has no desk tables ({text}); run `remit db upgrade` first"
    if "readonly database" in text:
        return (
            f"database error: {text}; the file or its directory is read-only here, "
            "so only commands that read work"
        )
    if "unable to open database file" in text:
        return f"database error: {text}; check that the file's directory exists and is writable"
    if "database" in text and "does not exist" in text:
        return f"database error: {text}; create it first (createdb) or point --db elsewhere"
    return f"database error: {text}"


def instant(at: str | None, option: str = "--at") -> datetime:
    """`--at` (or another instant `option`) as an aware UTC instant; now when omitted."""
    if at is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(at)
    except ValueError:
        fail(f"{option} {at!r} is not an ISO 8601 instant such as 2026-03-08T02:10:00+01:00")
    return _in_range(parsed, option, at)


def later(value: str | None, now: datetime, option: str) -> datetime | None:
    """An instant given as ISO 8601 or as a duration from `now` (``30m``)."""
    if value is None:
        return None
    try:
        seconds = parse_duration(value)
    except ValueError:
        pass
    else:
        return _in_range(now + timedelta(seconds=seconds), option, value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is neither a duration (30m) nor an ISO 8601 instant")
    return _in_range(parsed, option, value)


def _in_range(parsed: datetime, option: str, given: str) -> datetime:
    if parsed.tzinfo is None:
        fail(f"{option} {given!r} has no offset; add one such as +01:00 or Z")
    try:
        return within_range(parsed)
    except InvalidInput as error:
        fail(f"{option} {error}")
