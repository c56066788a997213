"""Tickets carry their scope and billing marking; vendor cases count their follow-ups.

Tickets opened before have no marking (all columns empty); vendor cases start
with no follow-up recorded.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import remit.store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("in_scope", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("scope_basis", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("scope_clause", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("billing", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("billing_basis", sa.String(length=200), nullable=True))
    with op.batch_alter_table("vendor_cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("follow_ups", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(
            sa.Column("last_follow_up_at", remit.store.types.UtcDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("vendor_cases", schema=None) as batch_op:
        batch_op.drop_column("last_follow_up_at")
        batch_op.drop_column("follow_ups")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("billing_basis")
        batch_op.drop_column("billing")
        batch_op.drop_column("scope_clause")
        batch_op.drop_column("scope_basis")
        batch_op.drop_column("in_scope")
