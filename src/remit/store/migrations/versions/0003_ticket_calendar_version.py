"""Tickets record the contract version whose calendars their clocks run on.

It starts as the pinned version; a newer version that changes one of the
ticket's calendars replaces it when the open tickets are re-planned.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FK = "fk_tickets_calendar_version_id_contract_versions"


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_version_id", sa.Integer(), nullable=True))
    op.execute("UPDATE tickets SET calendar_version_id = contract_version_id")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.alter_column("calendar_version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(FK, "contract_versions", ["calendar_version_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint(FK, type_="foreignkey")
        batch_op.drop_column("calendar_version_id")
