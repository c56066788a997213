"""Fired work moves out of due_work into fired_work; due_work keeps only what is pending.

A sweep then deletes its claimed rows (no index entry written) instead of
updating them, and the pending index needs no predicate. Due work carries
its recipients' addresses, so firing it reads no ticket. The index on
due_work.ticket_id goes (the unique (ticket_id, key) index serves the same
lookups), and outbox.ticket_id loses its foreign key, whose check locked the
ticket's row for every notice.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import remit.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MOVED = "ticket_id, key, kind, due_at, fired_at, fired_by, recipients, addresses, detail"
PENDING = sa.text("fired_at IS NULL")
OUTBOX_FK = "fk_outbox_ticket_id_tickets"


def upgrade() -> None:
    with op.batch_alter_table("due_work", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("addresses", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
    op.create_table(
        "fired_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("fired_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("fired_by", sa.String(length=100), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("addresses", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fired_work")),
        sa.UniqueConstraint("ticket_id", "key", name=op.f("uq_fired_work_ticket_id")),
    )
    op.execute(
        f"INSERT INTO fired_work ({MOVED}) SELECT {MOVED} FROM due_work WHERE fired_at IS NOT NULL"
    )
    op.execute("DELETE FROM due_work WHERE fired_at IS NOT NULL")
    with op.batch_alter_table("due_work", schema=None) as batch_op:
        batch_op.alter_column("addresses", server_default=None)
        batch_op.drop_index("ix_due_work_pending", postgresql_where=PENDING, sqlite_where=PENDING)
        batch_op.drop_index(batch_op.f("ix_due_work_ticket_id"))
        batch_op.drop_column("fired_at")
        batch_op.drop_column("fired_by")
        batch_op.create_index(batch_op.f("ix_due_work_due_at"), ["due_at"], unique=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(OUTBOX_FK, type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_foreign_key(OUTBOX_FK, "tickets", ["ticket_id"], ["id"])
    with op.batch_alter_table("due_work", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_work_due_at"))
        batch_op.add_column(
            sa.Column("fired_at", remit.store.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("fired_by", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_due_work_ticket_id"), ["ticket_id"], unique=False)
        batch_op.create_index(
            "ix_due_work_pending",
            ["due_at"],
            unique=False,
            postgresql_where=PENDING,
            sqlite_where=PENDING,
        )
    op.execute(f"INSERT INTO due_work ({MOVED}) SELECT {MOVED} FROM fired_work")
    op.drop_table("fired_work")
    with op.batch_alter_table("due_work", schema=None) as batch_op:
        batch_op.drop_column("addresses")
