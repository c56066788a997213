"""`remit db upgrade | downgrade | current`: the store's schema."""

from __future__ import annotations

from typing import Annotated

import typer
from alembic.util.exc import CommandError

from remit.cli.desk_opener import DbOption, desk, require_known_schema, with_audit_key
from remit.cli.output import fail
from remit.store.migrate import current_revision, downgrade, known_revisions, upgrade

app = typer.Typer(help="Create and migrate the desk's database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd(db: DbOption = None) -> None:
    """Migrate the database to the newest schema (creates it when empty).

    Needs the audit key (REMIT_AUDIT_KEY or REMIT_AUDIT_KEY_FILE); for a SQLite
    database without one, creates a key file beside the database and says so.
    """
    with desk(db, create=True, schema=False) as opened:
        require_known_schema(opened)
        keyed = with_audit_key(opened)
        upgrade(opened.engine, audit_key=keyed.audit_key)
        typer.echo(f"{opened.engine.url.render_as_string()}: at {current_revision(opened.engine)}")


@app.command("downgrade")
def downgrade_cmd(
    revision: Annotated[str, typer.Argument(help="Target revision; 'base' removes every table.")],
    db: DbOption = None,
) -> None:
    """Migrate the database back to an older schema."""
    with desk(db, schema=False) as opened:
        require_known_schema(opened)
        known = known_revisions()
        if revision not in ("base", *known):
            fail(f"cannot downgrade to {revision!r}: revisions are base, {', '.join(known)}")
        try:
            downgrade(opened.engine, revision)
        except CommandError as error:
            fail(
                f"cannot downgrade to {revision!r}: {error}; `remit db current` shows the revisions"
            )
        typer.echo(f"at {current_revision(opened.engine) or 'base'}")


@app.command("current")
def current_cmd(db: DbOption = None) -> None:
    """Show the database's schema revision and the newest one this remit knows."""
    with desk(db, schema=False) as opened:
        current = current_revision(opened.engine)
    known = known_revisions()
    newer = " (unknown here: migrated by a newer remit)" if current and current not in known else ""
    typer.echo(f"database: {current or 'empty'}{newer}; newest: {known[-1]}")
