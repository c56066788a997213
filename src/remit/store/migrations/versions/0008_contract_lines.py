"""Contract lines: many client relationships on one desk.

A `contract_lines` table; contract versions, the directory (parties, contacts,
objects), tickets, window confirmations and vendor cases each belong to a line,
and the directory's keys and vendors' case references are unique per line. A version
is numbered within its line (1, 2, ... in loading order). A desk that held one contract keeps it
all as one line, keyed as `remit contract load` infers it from the newest
stored version's text (its reference, else its client's name, else
``default``).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import remit.store.types
from remit.contract import ContractError, load_contract_text
from remit.domain.errors import InvalidInput
from remit.domain.lines import DEFAULT_KEY, client_name, inferred_key

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LINES = "contract_lines"
#: table -> (its unique constraint before, the columns keyed per line after); None: no key
SCOPED: dict[str, tuple[str, list[str]] | None] = {
    "contract_versions": None,
    "parties": ("uq_parties_key", ["key"]),
    "contacts": ("uq_contacts_ref", ["ref"]),
    "support_objects": ("uq_support_objects_key", ["key"]),
    "tickets": None,
    "window_confirmations": ("uq_window_confirmations_window", ["window", "starts_at"]),
    "vendor_cases": ("uq_vendor_cases_vendor", ["vendor", "case_ref"]),
}
INDEXED = ("contract_versions", "tickets")

_versions = sa.table(
    "contract_versions",
    sa.column("id", sa.Integer()),
    sa.column("number", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("source_text", sa.Text()),
    sa.column("source_name", sa.String()),
    sa.column("loaded_at", remit.store.types.UtcDateTime()),
)
_lines = sa.table(
    LINES,
    sa.column("id", sa.Integer()),
    sa.column("key", sa.String()),
    sa.column("name", sa.String()),
    sa.column("client", sa.String()),
    sa.column("created_at", remit.store.types.UtcDateTime()),
)


def upgrade() -> None:
    op.create_table(
        LINES,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("created_at", remit.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_lines")),
        sa.UniqueConstraint("key", name=op.f("uq_contract_lines_key")),
    )
    for table in SCOPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("line_id", sa.Integer(), nullable=True))
    line_id = _existing_line(op.get_bind())
    for table in SCOPED:
        if line_id is not None:
            op.execute(sa.text(f"UPDATE {table} SET line_id = {int(line_id)}"))
        _scope(table)
    _number_versions(op.get_bind())


def _number_versions(connection: sa.Connection) -> None:
    """Each version's number within its line, in loading order (the one line's: by id)."""
    with op.batch_alter_table("contract_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
    ids = connection.execute(sa.select(_versions.c.id).order_by(_versions.c.id)).scalars()
    for number, version_id in enumerate(list(ids), start=1):
        connection.execute(
            sa.update(_versions).where(_versions.c.id == version_id).values(number=number)
        )
    with op.batch_alter_table("contract_versions", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            op.f("uq_contract_versions_line_id"), ["line_id", "number"]
        )


def _scope(table: str) -> None:
    keyed = SCOPED[table]
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column("line_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f(f"fk_{table}_line_id_{LINES}"), LINES, ["line_id"], ["id"])
        if table in INDEXED:
            batch_op.create_index(op.f(f"ix_{table}_line_id"), ["line_id"], unique=False)
        if keyed is not None:
            before, columns = keyed
            batch_op.drop_constraint(before, type_="unique")
            batch_op.create_unique_constraint(op.f(f"uq_{table}_line_id"), ["line_id", *columns])


def _existing_line(connection: sa.Connection) -> int | None:
    """The one line a desk of one contract becomes, or None on a desk that stored nothing."""
    if not any(_has_rows(connection, table) for table in SCOPED):
        return None
    newest = connection.execute(
        sa.select(_versions.c.name, _versions.c.source_text, _versions.c.source_name)
        .order_by(_versions.c.id.desc())
        .limit(1)
    ).first()
    first = connection.execute(sa.select(sa.func.min(_versions.c.loaded_at))).scalar()
    key, name, client = DEFAULT_KEY, DEFAULT_KEY, ""
    if newest is not None:
        name = newest.name
        try:
            contract = load_contract_text(newest.source_text, newest.source_name).contract
        except ContractError:
            pass  # a text this remit cannot read: the line keeps the default key
        else:
            key, client = inferred_key(contract), client_name(contract)
    created = first if isinstance(first, datetime) else datetime.now(UTC)
    row = {"key": key, "name": name, "client": client, "created_at": created}
    return int(
        connection.execute(sa.insert(_lines).values(row).returning(_lines.c.id)).scalar_one()
    )


def _has_rows(connection: sa.Connection, table: str) -> bool:
    return connection.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None


def downgrade() -> None:
    connection = op.get_bind()
    count = connection.execute(sa.select(sa.func.count()).select_from(_lines)).scalar_one()
    if count > 1:
        raise InvalidInput(
            f"the desk holds {count} contract lines and a schema before 0008 holds one; "
            "nothing was changed"
        )
    with op.batch_alter_table("contract_versions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_contract_versions_line_id"), type_="unique")
        batch_op.drop_column("number")
    for table in reversed(list(SCOPED)):
        keyed = SCOPED[table]
        with op.batch_alter_table(table, schema=None) as batch_op:
            if keyed is not None:
                before, columns = keyed
                batch_op.drop_constraint(op.f(f"uq_{table}_line_id"), type_="unique")
                batch_op.create_unique_constraint(before, columns)
            if table in INDEXED:
                batch_op.drop_index(op.f(f"ix_{table}_line_id"))
            batch_op.drop_constraint(op.f(f"fk_{table}_line_id_{LINES}"), type_="foreignkey")
            batch_op.drop_column("line_id")
    op.drop_table(LINES)
