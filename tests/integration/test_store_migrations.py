"""Migrations take an empty database to head and back on both engines, and match the tables."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    text,
)

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
        assert "ix_due_work_due_at" in indexes
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def _filled(table: Table, **given: object) -> dict[str, object]:
    """A row of `table` with every required column set to a plain value of its type."""
    plain = {
        Integer: 1,
        String: "x",
        Text: "x",
        Boolean: False,
        JSON: [],
        Date: date(2026, 1, 1),
        DateTime: datetime(2026, 1, 1, tzinfo=UTC),
    }
    row: dict[str, object] = {}
    for column in table.columns:
        if column.name in given or column.nullable or column.primary_key:
            continue
        row[column.name] = next(v for t, v in plain.items() if isinstance(column.type, t))
    return {**row, **given}


def test_fired_work_moves_out_of_due_work_and_back(committing_url: str) -> None:
    engine = make_engine(committing_url)
    try:
        downgrade(engine, "0001")
        tables = MetaData()
        tables.reflect(engine)
        due = datetime(2026, 3, 8, 2, 0, tzinfo=UTC)
        with engine.begin() as connection:
            for name in ("contract_versions", "tickets"):
                connection.execute(insert(tables.tables[name]), [_filled(tables.tables[name])])
            work = [
                {"key": "update:0", "fired_at": due, "fired_by": "w"},
                {"key": "breach:recovery", "fired_at": None, "fired_by": None},
            ]
            connection.execute(
                insert(tables.tables["due_work"]),
                [
                    {
                        **w,
                        "ticket_id": 1,
                        "kind": "breach",
                        "due_at": due,
                        "recipients": [],
                        "detail": {},
                    }
                    for w in work
                ],
            )
        upgrade(engine)
        with engine.connect() as connection:
            pinned = connection.execute(
                text("SELECT contract_version_id, calendar_version_id FROM tickets")
            ).all()
            fired = connection.execute(text("SELECT key, fired_by FROM fired_work")).all()
            pending = connection.execute(text("SELECT key, addresses FROM due_work")).all()
        assert [tuple(r) for r in pinned] == [(1, 1)]  # clocks on the pinned calendars
        assert [tuple(r) for r in fired] == [("update:0", "w")]
        assert [(r[0], json.loads(r[1]) if isinstance(r[1], str) else r[1]) for r in pending] == [
            ("breach:recovery", {})
        ]
        downgrade(engine, "0001")
        with engine.connect() as connection:
            back = connection.execute(text("SELECT key, fired_by FROM due_work ORDER BY key")).all()
        assert [tuple(r) for r in back] == [("breach:recovery", None), ("update:0", "w")]
        upgrade(engine)
    finally:
        engine.dispose()


def test_contacts_with_an_email_become_people_and_the_people_go_on_downgrade(
    committing_url: str,
) -> None:
    engine = make_engine(committing_url)
    try:
        downgrade(engine, "0007")
        tables = MetaData()
        tables.reflect(engine)
        contacts = [
            {"ref": "client.it", "party_key": "client", "name": "Jonas", "email": "J.Weber@Ex.com"},
            {"ref": "dev.it", "party_key": "dev", "name": "Same", "email": "j.weber@ex.com"},
            {"ref": "client.owner", "party_key": "client", "name": "Maria", "email": "m@ex.com"},
            {"ref": "prov.oncall", "party_key": "prov", "name": "On call", "email": None},
        ]
        with engine.begin() as connection:
            version = tables.tables["contract_versions"]
            connection.execute(insert(version), [_filled(version)])
            table = tables.tables["contacts"]
            rows = [_filled(table, version_id=1, active=True, **c) for c in contacts]
            connection.execute(insert(table), rows)
        upgrade(engine)
        with engine.connect() as connection:
            people = connection.execute(
                text("SELECT email, name, is_admin, password_hash FROM people ORDER BY email")
            ).all()
            kept = connection.execute(text("SELECT count(*) FROM contacts")).scalar_one()
        assert [tuple(p) for p in people] == [
            ("j.weber@ex.com", "Jonas", False, None),
            ("m@ex.com", "Maria", False, None),
        ]
        assert kept == len(contacts)
        downgrade(engine, "0007")
        assert "people" not in inspect(engine).get_table_names()
        upgrade(engine)
    finally:
        engine.dispose()
