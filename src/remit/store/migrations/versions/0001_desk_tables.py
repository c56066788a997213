"""The desk tables: contracts, tickets and their records, due work, outbox, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 11:51:57.473399
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import remit.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


GENESIS = "0" * 64


def upgrade() -> None:
    audit_head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("anchor_seq", sa.Integer(), nullable=False),
        sa.Column("anchor_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    # The chain head exists from the start, so concurrent first writers lock one row.
    op.bulk_insert(
        audit_head, [{"id": 1, "seq": 0, "hash": GENESIS, "anchor_seq": 0, "anchor_hash": GENESIS}]
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_log_seq")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "contract_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("loaded_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_versions")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_contract_versions_content_hash")),
    )
    with op.batch_alter_table("contract_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_versions_effective_from"), ["effective_from"], unique=False
        )

    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=201), nullable=False),
        sa.Column("party_key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["contract_versions.id"],
            name=op.f("fk_contacts_version_id_contract_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("ref", name=op.f("uq_contacts_ref")),
    )
    op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("calendar", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["contract_versions.id"],
            name=op.f("fk_parties_version_id_contract_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("key", name=op.f("uq_parties_key")),
    )
    op.create_table(
        "support_objects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("layers", sa.JSON(), nullable=False),
        sa.Column("executor", sa.String(length=100), nullable=True),
        sa.Column("depends_on", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["contract_versions.id"],
            name=op.f("fk_support_objects_version_id_contract_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_objects")),
        sa.UniqueConstraint("key", name=op.f("uq_support_objects_key")),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("contract_version_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("requester", sa.String(length=200), nullable=False),
        sa.Column("requester_contact", sa.String(length=200), nullable=True),
        sa.Column("authorized", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("symptoms", sa.Text(), nullable=False),
        sa.Column("who_cannot_work", sa.Text(), nullable=False),
        sa.Column("impact", sa.String(length=20), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        sa.Column("objects", sa.JSON(), nullable=False),
        sa.Column("error_refs", sa.JSON(), nullable=False),
        sa.Column("actions_taken", sa.JSON(), nullable=False),
        sa.Column("coordinator", sa.String(length=100), nullable=False),
        sa.Column("assignee", sa.String(length=100), nullable=False),
        sa.Column("localized_layer", sa.String(length=100), nullable=True),
        sa.Column("fault_class", sa.String(length=40), nullable=True),
        sa.Column("after_hours", sa.Boolean(), nullable=False),
        sa.Column("clock_calendar", sa.String(length=100), nullable=True),
        sa.Column("response_target", sa.Integer(), nullable=True),
        sa.Column("recovery_target", sa.Integer(), nullable=True),
        sa.Column("update_cadence", sa.Integer(), nullable=True),
        sa.Column("update_calendar", sa.String(length=100), nullable=True),
        sa.Column("opened_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("taken_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("restored_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reported_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("response_due", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column(
            "response_breach_at", remit.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("recovery_due", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column(
            "recovery_breach_at", remit.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("next_update_due", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_update_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column(
            "promised_update_at", remit.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("update_count", sa.Integer(), nullable=False),
        sa.Column("handoff_count", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=200), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("confirmation_comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_version_id"],
            ["contract_versions.id"],
            name=op.f("fk_tickets_contract_version_id_contract_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tickets_contract_version_id"), ["contract_version_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tickets_next_update_due"), ["next_update_due"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tickets_recovery_due"), ["recovery_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_response_due"), ["response_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_state"), ["state"], unique=False)

    op.create_table(
        "breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("due_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_breaches_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaches")),
        sa.UniqueConstraint("ticket_id", "key", name=op.f("uq_breaches_ticket_id")),
    )
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_breaches_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "client_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("known", sa.Text(), nullable=False),
        sa.Column("checking", sa.Text(), nullable=False),
        sa.Column("next_action", sa.Text(), nullable=False),
        sa.Column("next_update_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_client_updates_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_updates")),
    )
    with op.batch_alter_table("client_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_updates_ticket_id"), ["ticket_id"], unique=False
        )

    op.create_table(
        "due_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("fired_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("fired_by", sa.String(length=100), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_due_work_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_work")),
        sa.UniqueConstraint("ticket_id", "key", name=op.f("uq_due_work_ticket_id")),
    )
    with op.batch_alter_table("due_work", schema=None) as batch_op:
        batch_op.create_index(
            "ix_due_work_pending",
            ["due_at"],
            unique=False,
            postgresql_where=sa.text("fired_at IS NULL"),
            sqlite_where=sa.text("fired_at IS NULL"),
        )
        batch_op.create_index(batch_op.f("ix_due_work_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("from_party", sa.String(length=100), nullable=False),
        sa.Column("to_party", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_handoffs_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
    )
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoffs_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "layer_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.String(length=100), nullable=False),
        sa.Column("party", sa.String(length=100), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("opened_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_layer_checks_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layer_checks")),
    )
    with op.batch_alter_table("layer_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_layer_checks_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("created_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_outbox_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_status_next", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=60), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("started_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_pauses_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pauses")),
    )
    with op.batch_alter_table("pauses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pauses_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "restorations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("restored_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("restored_by", sa.String(length=200), nullable=False),
        sa.Column("reopened_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reopened_by", sa.String(length=200), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_restorations_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restorations")),
    )
    with op.batch_alter_table("restorations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_restorations_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "vendor_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("vendor", sa.String(length=100), nullable=False),
        sa.Column("case_ref", sa.String(length=100), nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("follow_through", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("opened_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_vendor_cases_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_cases")),
        sa.UniqueConstraint("vendor", "case_ref", name=op.f("uq_vendor_cases_vendor")),
    )
    with op.batch_alter_table("vendor_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_cases_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "work_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=True),
        sa.Column("actions", sa.Text(), nullable=True),
        sa.Column("started_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", remit.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("provider_participants", sa.JSON(), nullable=False),
        sa.Column("client_participants", sa.JSON(), nullable=False),
        sa.Column("downtime_seconds", sa.Integer(), nullable=True),
        sa.Column("recurrence_risk", sa.Text(), nullable=True),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("written_at", remit.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_work_reports_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_reports")),
    )
    with op.batch_alter_table("work_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_reports_ticket_id"), ["ticket_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_reports_ticket_id"))

    op.drop_table("work_reports")
    with op.batch_alter_table("vendor_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_cases_ticket_id"))

    op.drop_table("vendor_cases")
    with op.batch_alter_table("restorations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_restorations_ticket_id"))

    op.drop_table("restorations")
    with op.batch_alter_table("pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pauses_ticket_id"))

    op.drop_table("pauses")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_ticket_id"))
        batch_op.drop_index("ix_outbox_status_next")

    op.drop_table("outbox")
    with op.batch_alter_table("layer_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_layer_checks_ticket_id"))

    op.drop_table("layer_checks")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoffs_ticket_id"))

    op.drop_table("handoffs")
    with op.batch_alter_table("due_work", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_work_ticket_id"))
        batch_op.drop_index(
            "ix_due_work_pending",
            postgresql_where=sa.text("fired_at IS NULL"),
            sqlite_where=sa.text("fired_at IS NULL"),
        )

    op.drop_table("due_work")
    with op.batch_alter_table("client_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_updates_ticket_id"))

    op.drop_table("client_updates")
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_breaches_ticket_id"))

    op.drop_table("breaches")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_state"))
        batch_op.drop_index(batch_op.f("ix_tickets_response_due"))
        batch_op.drop_index(batch_op.f("ix_tickets_recovery_due"))
        batch_op.drop_index(batch_op.f("ix_tickets_next_update_due"))
        batch_op.drop_index(batch_op.f("ix_tickets_contract_version_id"))

    op.drop_table("tickets")
    op.drop_table("support_objects")
    op.drop_table("parties")
    op.drop_table("contacts")
    with op.batch_alter_table("contract_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_versions_effective_from"))

    op.drop_table("contract_versions")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("audit_head")
