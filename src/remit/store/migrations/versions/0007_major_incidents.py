"""Tickets may be linked as duplicates of a major incident (`tickets.parent_id`).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FK = "fk_tickets_parent_id_tickets"
INDEX = "ix_tickets_parent_id"


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(INDEX, ["parent_id"], unique=False)
        batch_op.create_foreign_key(FK, "tickets", ["parent_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.drop_index(INDEX)
        batch_op.drop_column("parent_id")
