"""Maintenance windows at the desk: planned work on tickets and confirmed occurrences.

A ticket whose objects were inside a confirmed maintenance-window occurrence at
intake records the occurrence and the window's terms; `window_confirmations`
holds each occurrence confirmed by the person the contract names.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import remit.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PLANNED = (
    ("planned_window", sa.String(length=200)),
    ("planned_start", remit.store.types.UtcDateTime(timezone=True)),
    ("planned_end", remit.store.types.UtcDateTime(timezone=True)),
    ("planned_clocks_run", sa.Boolean()),
    ("planned_escalations_fire", sa.Boolean()),
)


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for name, kind in PLANNED:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "window_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("window", sa.String(length=200), nullable=False),
        sa.Column("starts_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(length=200), nullable=False),
        sa.Column("confirmed_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("contract_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_version_id"],
            ["contract_versions.id"],
            name=op.f("fk_window_confirmations_contract_version_id_contract_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_window_confirmations")),
        sa.UniqueConstraint("window", "starts_at", name=op.f("uq_window_confirmations_window")),
    )


def downgrade() -> None:
    op.drop_table("window_confirmations")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for name, _ in reversed(PLANNED):
            batch_op.drop_column(name)
