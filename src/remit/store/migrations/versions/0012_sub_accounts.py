"""Sub-accounts: people a contract line's client authority lets open requests.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from remit.store.types import UtcDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

LIVE = sa.text("removed_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "sub_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("technical", sa.Boolean(), nullable=False),
        sa.Column("billing", sa.Boolean(), nullable=False),
        sa.Column("objects", sa.JSON(), nullable=True),
        sa.Column("granted_by", sa.String(length=201), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("changed_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("removed_at", UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["line_id"], ["contract_lines.id"], name=op.f("fk_sub_accounts_line_id_contract_lines")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_sub_accounts_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sub_accounts")),
    )
    op.create_index(op.f("ix_sub_accounts_line_id"), "sub_accounts", ["line_id"], unique=False)
    op.create_index(op.f("ix_sub_accounts_person_id"), "sub_accounts", ["person_id"], unique=False)
    op.create_index(
        "uq_sub_accounts_live_person",
        "sub_accounts",
        ["line_id", "person_id"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_sub_accounts_live_person", table_name="sub_accounts")
    op.drop_index(op.f("ix_sub_accounts_person_id"), table_name="sub_accounts")
    op.drop_index(op.f("ix_sub_accounts_line_id"), table_name="sub_accounts")
    op.drop_table("sub_accounts")
