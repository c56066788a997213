"""Migrations take an empty database to head and back on both engines, and match the tables."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
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

from audit_key import TEST_KEY
from remit.bootstrap import Desk, desk_for_engine
from remit.domain.errors import InvalidInput
from remit.domain.terms import Impact
from remit.services import tickets
from remit.services.audit import verify_audit
from remit.services.contracts import load_contract_version
from remit.services.intake import Intake, open_ticket
from remit.services.lines import list_lines
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
        upgrade(engine, audit_key=TEST_KEY)
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
        upgrade(engine, audit_key=TEST_KEY)
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
        upgrade(engine, audit_key=TEST_KEY)
    finally:
        engine.dispose()


EXAMPLES = Path(__file__).parents[2] / "examples"
T0 = datetime(2026, 4, 7, 9, 0, tzinfo=UTC)


def _open(desk: Desk, requester: str, objects: tuple[str, ...], line: str | None = None) -> int:
    intake = Intake(
        requester=requester,
        title="down",
        symptoms="nothing answers",
        who_cannot_work="everyone",
        scope=Impact.ORGANIZATION,
        category="outage",
        objects=objects,
    )
    return open_ticket(uow=desk.new_uow(), intake=intake, now=T0, line=line).id


def test_a_desk_of_one_contract_becomes_one_line_keeping_tickets_and_audit(
    committing_url: str,
) -> None:
    engine = make_engine(committing_url)
    desk = desk_for_engine(engine, TEST_KEY)
    try:
        load_contract_version(
            uow=desk.new_uow(),
            text=(EXAMPLES / "mixed-environment.yaml").read_text(encoding="utf-8"),
            source_name="mixed-environment.yaml",
            actor="test",
            now=T0,
        )
        ticket = _open(desk, "client.it_head", ("hq-esx-01",))
        before = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
        downgrade(engine, "0007")
        assert "line_id" not in {c["name"] for c in inspect(engine).get_columns("tickets")}
        assert "contract_lines" not in inspect(engine).get_table_names()
        upgrade(engine, audit_key=TEST_KEY)
        after = tickets.show_ticket(uow=desk.new_uow(), ticket_id=ticket)
        assert after.summary.line == "sr-it-2026-014"
        # upgrading through the keyed chain (0009) re-seals it and seals each ticket's facts
        resealing = {"audit_resealed", "facts_sealed"}
        kept = [e for e in after.audit if e.action not in resealing]
        assert tuple(kept) == before.audit
        assert (after.summary.state, after.summary.response_due) == (
            before.summary.state,
            before.summary.response_due,
        )
        [line] = list_lines(uow=desk.new_uow(), day=T0.date())
        assert (line.key, line.client, line.open_tickets) == (
            "sr-it-2026-014",
            "Steppe Retail LLP",
            1,
        )
        assert verify_audit(uow=desk.new_uow()).intact
        # the migrated line takes the next client as a line of its own
        hosting = load_contract_version(
            uow=desk.new_uow(),
            text=(EXAMPLES / "managed-hosting-authorization.yaml").read_text(encoding="utf-8"),
            source_name="managed-hosting-authorization.yaml",
            actor="test",
            now=T0,
        )
        assert (hosting.line, hosting.line_created) == ("hmh-msa-2026-0142", True)
        other = _open(desk, "client.digital", ("web-01",), line=hosting.line)
        assert other == ticket + 1
    finally:
        desk.close()


def test_a_desk_whose_contract_text_cannot_be_read_becomes_the_default_line(
    committing_url: str,
) -> None:
    engine = make_engine(committing_url)
    try:
        downgrade(engine, "0007")
        tables = MetaData()
        tables.reflect(engine)
        with engine.begin() as connection:
            for name in ("contract_versions", "tickets"):
                connection.execute(insert(tables.tables[name]), [_filled(tables.tables[name])])
        upgrade(engine, audit_key=TEST_KEY)
        with engine.connect() as connection:
            lines = connection.execute(text("SELECT id, key, client FROM contract_lines")).all()
            owners = connection.execute(text("SELECT line_id FROM tickets")).all()
            versions = connection.execute(
                text("SELECT line_id, number FROM contract_versions")
            ).all()
        assert [tuple(r)[1:] for r in lines] == [("default", "")]
        assert [r[0] for r in owners] == [lines[0][0]]
        assert [tuple(r) for r in versions] == [(lines[0][0], 1)]
    finally:
        engine.dispose()


def test_a_desk_of_several_lines_is_not_downgraded_into_one(committing_url: str) -> None:
    engine = make_engine(committing_url)
    desk = desk_for_engine(engine, TEST_KEY)
    try:
        for name in ("mixed-environment.yaml", "managed-hosting-authorization.yaml"):
            load_contract_version(
                uow=desk.new_uow(),
                text=(EXAMPLES / name).read_text(encoding="utf-8"),
                source_name=name,
                actor="test",
                now=T0,
            )
        with pytest.raises(InvalidInput, match="2 contract lines"):
            downgrade(engine, "0007")
        assert current_revision(engine) == head_revision()
    finally:
        desk.close()


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
        upgrade(engine, audit_key=TEST_KEY)
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
        upgrade(engine, audit_key=TEST_KEY)
    finally:
        engine.dispose()
