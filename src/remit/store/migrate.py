"""Schema migrations through Alembic, driven from code (`remit db upgrade`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from remit.domain.audit import AuditKey


def alembic_config(engine: Engine | None = None) -> Config:
    here = Path(str(resources.files("remit.store")))
    config = Config(str(here / "alembic.ini"))
    config.set_main_option("script_location", str(here / "migrations"))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def upgrade(engine: Engine, revision: str = "head", *, audit_key: AuditKey | None = None) -> None:
    """Migrate to `revision`; the migration that re-seals the audit log needs `audit_key`."""
    with _migrating(engine) as config:
        config.attributes["audit_key"] = audit_key
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with _migrating(engine) as config:
        command.downgrade(config, revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Config]:
    """One transaction for the migration, its connection handed to Alembic.

    SQLite changes a table by copying it into a new one and dropping the old,
    which foreign keys pointing at the old table would forbid; they are off for
    the migration and every reference is checked before it commits.
    """
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _foreign_keys(connection, on=False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                yield config
                if sqlite:
                    _check_references(connection)
        finally:
            if sqlite:
                _foreign_keys(connection, on=True)


def _foreign_keys(connection: Connection, *, on: bool) -> None:
    """Outside a transaction, where SQLite honours the pragma."""
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def _check_references(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migration leaves rows pointing at nothing: {broken[:5]}")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> list[str]:
    """This remit's schema revisions, oldest first (the newest is the head)."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]
