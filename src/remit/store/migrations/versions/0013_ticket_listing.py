"""Tickets carry what a list filters, sorts and pages on in SQL.

``list_due`` is the next deadline of a running clock (the end of time when none
runs) and ``requester_email`` the requester as a person's e-mail is matched
against it; both are derived from the ticket's own columns on every write.
Existing rows are filled in here by the same rules; two indexes serve a line's
list, with or without a state, in the list's order.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import sqlalchemy as sa
from alembic import op

from remit.domain.rights import requester_email
from remit.domain.ticket import list_due, running_dues
from remit.store.types import UtcDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 5000

_tickets = sa.table(
    "tickets",
    sa.column("id", sa.Integer()),
    sa.column("state", sa.String()),
    sa.column("requester", sa.String()),
    sa.column("requester_contact", sa.String()),
    sa.column("taken_at", UtcDateTime()),
    sa.column("restored_at", UtcDateTime()),
    sa.column("response_due", UtcDateTime()),
    sa.column("recovery_due", UtcDateTime()),
    sa.column("next_update_due", UtcDateTime()),
    sa.column("list_due", UtcDateTime()),
    sa.column("requester_email", sa.String()),
)


def _derived(row: Any) -> dict[str, Any]:
    due = list_due(
        running_dues(
            row.state,
            taken_at=row.taken_at,
            restored_at=row.restored_at,
            response_due=row.response_due,
            recovery_due=row.recovery_due,
            next_update_due=row.next_update_due,
        )
    )
    email = requester_email(row.requester) if row.requester_contact is None else None
    return {"key": row.id, "due": due.astimezone(UTC), "email": email}


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_due", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("requester_email", sa.String(200), nullable=True))
    bind = op.get_bind()
    update = (
        _tickets.update()
        .where(_tickets.c.id == sa.bindparam("key"))
        .values(list_due=sa.bindparam("due"), requester_email=sa.bindparam("email"))
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(_tickets).where(_tickets.c.id > last).order_by(_tickets.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        bind.execute(update, [_derived(row) for row in rows])
        last = rows[-1].id
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.alter_column("list_due", existing_type=UtcDateTime(), nullable=False)
    op.create_index(
        "ix_tickets_line_state_due",
        "tickets",
        ["line_id", "state", "list_due", "id", "contract_version_id"],
    )
    op.create_index(
        "ix_tickets_line_due", "tickets", ["line_id", "list_due", "id", "contract_version_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_line_due", table_name="tickets")
    op.drop_index("ix_tickets_line_state_due", table_name="tickets")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("requester_email")
        batch_op.drop_column("list_due")
