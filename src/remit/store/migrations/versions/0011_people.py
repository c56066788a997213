"""People and their API tokens; every contact with an e-mail becomes a person.

A person is one e-mail address (lowercased, unique). The parties a person acts
for are derived from the contacts carrying that address, so no membership is
stored. Existing contacts with an e-mail are added as people, so a desk that is
upgraded knows the people its contracts name.

Revision ID: 0011
Revises: 0007
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import remit.store.types

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None

LIVE = sa.text("revoked_at IS NULL")


def upgrade() -> None:
    people = op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email", name=op.f("uq_people_email")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_api_tokens_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_tokens_prefix")),
    )
    op.create_index(op.f("ix_api_tokens_person_id"), "api_tokens", ["person_id"], unique=False)
    op.create_index(
        "uq_api_tokens_live_name",
        "api_tokens",
        ["person_id", "name"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )
    _people_from_contacts(people)


def _people_from_contacts(people: sa.Table) -> None:
    """One person per distinct contact e-mail (ignoring case), named as its first contact."""
    contacts = sa.table(
        "contacts",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("email", sa.String()),
    )
    bind = op.get_bind()
    found = bind.execute(
        sa.select(contacts.c.name, contacts.c.email)
        .where(contacts.c.email.is_not(None))
        .order_by(contacts.c.id)
    ).all()
    rows: dict[str, str] = {}
    for name, email in found:
        address = email.strip().lower()
        if address and address not in rows:
            rows[address] = name
    now = datetime.now(UTC)
    if rows:
        op.bulk_insert(
            people,
            [
                {
                    "email": email,
                    "name": name,
                    "is_admin": False,
                    "password_hash": None,
                    "active": True,
                    "created_at": now,
                }
                for email, name in rows.items()
            ],
        )


def downgrade() -> None:
    op.drop_index("uq_api_tokens_live_name", table_name="api_tokens")
    op.drop_index(op.f("ix_api_tokens_person_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("people")
