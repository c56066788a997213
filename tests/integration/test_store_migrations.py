"""Migrations take an empty database to head and back on both engines, and match the tables."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from remit.store.engine import make_engine
from remit.store.migrate import current_revision, downgrade, head_revision, upgrade
from remit.store.tables import Base


def test_upgrade_to_head_matches_the_tables_and_downgrade_empties(committing_url: str) -> None:
    engine = make_engine(committing_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        indexes = {i["name"] for i in inspect(engine).get_indexes("due_work")}
        assert "ix_due_work_pending" in indexes
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
