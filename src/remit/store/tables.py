"""The desk's tables, mapped with SQLAlchemy 2 declarative classes.

Codes are stored (``"in_progress"``), labels are rendered. Every instant is a
`UtcDateTime`. ``due_work`` holds only work not fired yet, indexed on
``due_at``, so a worker's sweep is an index range scan on both engines and
stays one however much work has fired; fired work moves to ``fired_work``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from remit.domain.rights import requester_email
from remit.domain.ticket import list_due, running_dues
from remit.store.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = dict[str, Any]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UtcDateTime(),
        date: Date(),
        Json: JSON(),
        list[str]: JSON(),
        str: String(200),
    }


class ContractLineRow(Base):
    """One client relationship: its contract's versions, directory and tickets."""

    __tablename__ = "contract_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str]
    client: Mapped[str]
    created_at: Mapped[datetime]


class ContractVersionRow(Base):
    __tablename__ = "contract_versions"
    __table_args__ = (UniqueConstraint("line_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"), index=True)
    number: Mapped[int]  # 1, 2, ... within the line, in loading order
    name: Mapped[str]
    label: Mapped[str] = mapped_column(String(60))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    effective_from: Mapped[date] = mapped_column(index=True)
    loaded_at: Mapped[datetime]
    source_name: Mapped[str] = mapped_column(String(500))
    source_text: Mapped[str] = mapped_column(Text)


class PartyRow(Base):
    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("line_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"))
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str]
    roles: Mapped[list[str]]
    calendar: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool]
    version_id: Mapped[int] = mapped_column(ForeignKey("contract_versions.id"))


class ContactRow(Base):
    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("line_id", "ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"))
    ref: Mapped[str] = mapped_column(String(201))
    party_key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str]
    email: Mapped[str | None]
    phone: Mapped[str | None] = mapped_column(String(60))
    active: Mapped[bool]
    version_id: Mapped[int] = mapped_column(ForeignKey("contract_versions.id"))


class SupportObjectRow(Base):
    __tablename__ = "support_objects"
    __table_args__ = (UniqueConstraint("line_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"))
    key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    layers: Mapped[list[str]]
    executor: Mapped[str | None] = mapped_column(String(100))
    depends_on: Mapped[list[str]]
    active: Mapped[bool]
    version_id: Mapped[int] = mapped_column(ForeignKey("contract_versions.id"))


class TicketRow(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False)
    # the contract line, copied from the pinned version at intake; every query is scoped by it
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"), index=True)
    contract_version_id: Mapped[int] = mapped_column(ForeignKey("contract_versions.id"), index=True)
    # the version whose calendars the clocks run on: the pinned one, or a newer one whose
    # calendars replaced them (see remit.services.replan)
    calendar_version_id: Mapped[int] = mapped_column(ForeignKey("contract_versions.id"))
    state: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    requester: Mapped[str]
    requester_contact: Mapped[str | None]
    authorized: Mapped[bool]
    title: Mapped[str] = mapped_column(String(300))
    symptoms: Mapped[str] = mapped_column(Text)
    who_cannot_work: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(60))
    priority: Mapped[str] = mapped_column(String(20))
    objects: Mapped[list[str]]
    error_refs: Mapped[list[str]]
    actions_taken: Mapped[list[str]]
    coordinator: Mapped[str] = mapped_column(String(100))
    assignee: Mapped[str] = mapped_column(String(100))
    localized_layer: Mapped[str | None] = mapped_column(String(100))
    fault_class: Mapped[str | None] = mapped_column(String(40))
    after_hours: Mapped[bool]
    clock_calendar: Mapped[str | None] = mapped_column(String(100))
    response_target: Mapped[int | None]
    recovery_target: Mapped[int | None]
    update_cadence: Mapped[int | None]
    update_calendar: Mapped[str | None] = mapped_column(String(100))
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    taken_at: Mapped[datetime | None]
    restored_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    response_due: Mapped[datetime | None] = mapped_column(index=True)
    response_breach_at: Mapped[datetime | None]
    recovery_due: Mapped[datetime | None] = mapped_column(index=True)
    recovery_breach_at: Mapped[datetime | None]
    next_update_due: Mapped[datetime | None] = mapped_column(index=True)
    last_update_at: Mapped[datetime | None]
    promised_update_at: Mapped[datetime | None]
    update_count: Mapped[int]
    handoff_count: Mapped[int]
    confirmed_by: Mapped[str | None]
    satisfaction: Mapped[int | None]
    confirmation_comment: Mapped[str | None] = mapped_column(Text)
    # planned work: the confirmed maintenance-window occurrence the objects were inside at
    # intake, and the window's terms copied from the pinned contract version
    planned_window: Mapped[str | None]
    planned_start: Mapped[datetime | None]
    planned_end: Mapped[datetime | None]
    planned_clocks_run: Mapped[bool | None]
    planned_escalations_fire: Mapped[bool | None]
    # the scope marking (remit.domain.scope); None on tickets opened before it existed
    in_scope: Mapped[bool | None]
    scope_basis: Mapped[str | None]
    scope_clause: Mapped[str | None] = mapped_column(Text)
    billing: Mapped[str | None] = mapped_column(String(20))
    billing_basis: Mapped[str | None]
    # the major incident this ticket is a duplicate of (see remit.domain.incidents)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    # derived on every write (`derive_listing`), for lists to filter, sort and page in SQL:
    # the next deadline of a running clock, else NO_DEADLINE (remit.domain.ticket.list_due)
    list_due: Mapped[datetime]
    # the requester as rights match a person's e-mail, when no contact is recorded
    requester_email: Mapped[str | None]

    line: Mapped[ContractLineRow] = relationship()
    pauses: Mapped[list[PauseRow]] = relationship(order_by="PauseRow.id")
    restorations: Mapped[list[RestorationRow]] = relationship(order_by="RestorationRow.id")
    checks: Mapped[list[LayerCheckRow]] = relationship(order_by="LayerCheckRow.id")
    handoffs: Mapped[list[HandoffRow]] = relationship(order_by="HandoffRow.id")
    updates: Mapped[list[ClientUpdateRow]] = relationship(order_by="ClientUpdateRow.id")
    vendor_cases: Mapped[list[VendorCaseRow]] = relationship(order_by="VendorCaseRow.id")
    reports: Mapped[list[WorkReportRow]] = relationship(order_by="WorkReportRow.id")
    breaches: Mapped[list[BreachRow]] = relationship(order_by="BreachRow.id")
    approvals: Mapped[list[ApprovalRow]] = relationship(order_by="ApprovalRow.id")
    transfers: Mapped[list[TransferRow]] = relationship(order_by="TransferRow.id")

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - read by the mapper
    __table_args__ = (
        # a line's list: by state (or not), next deadline first, newest first among equals;
        # the version last, so that a count by version reads the index alone
        Index(
            "ix_tickets_line_state_due", "line_id", "state", "list_due", "id", "contract_version_id"
        ),
        Index("ix_tickets_line_due", "line_id", "list_due", "id", "contract_version_id"),
    )

    def derive_listing(self) -> None:
        """Set the columns a list reads from the ticket's own facts."""
        self.list_due = list_due(
            running_dues(
                self.state,
                taken_at=self.taken_at,
                restored_at=self.restored_at,
                response_due=self.response_due,
                recovery_due=self.recovery_due,
                next_update_due=self.next_update_due,
            )
        )
        contact = self.requester_contact
        self.requester_email = requester_email(self.requester) if contact is None else None


@event.listens_for(TicketRow, "before_insert")
@event.listens_for(TicketRow, "before_update")
def _derive_listing(_mapper: object, _connection: object, ticket: TicketRow) -> None:
    ticket.derive_listing()


class PauseRow(Base):
    __tablename__ = "pauses"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    reason: Mapped[str] = mapped_column(String(60))
    side: Mapped[str] = mapped_column(String(20))
    set_by: Mapped[str]
    note: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[str | None]


class RestorationRow(Base):
    __tablename__ = "restorations"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    restored_at: Mapped[datetime]
    restored_by: Mapped[str]
    reopened_at: Mapped[datetime | None]
    reopened_by: Mapped[str | None]
    reopen_reason: Mapped[str | None] = mapped_column(Text)


class LayerCheckRow(Base):
    __tablename__ = "layer_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    layer: Mapped[str] = mapped_column(String(100))
    party: Mapped[str] = mapped_column(String(100))
    result: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[str | None]


class HandoffRow(Base):
    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    from_party: Mapped[str] = mapped_column(String(100))
    to_party: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]
    by: Mapped[str]


class ClientUpdateRow(Base):
    __tablename__ = "client_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    known: Mapped[str] = mapped_column(Text)
    checking: Mapped[str] = mapped_column(Text)
    next_action: Mapped[str] = mapped_column(Text)
    next_update_at: Mapped[datetime | None]
    by: Mapped[str]
    at: Mapped[datetime]
    late: Mapped[bool]


class VendorCaseRow(Base):
    __tablename__ = "vendor_cases"
    # a vendor's case reference names one case per contract line (the vendor is a party key
    # of the line's contract): two clients' cases never collide or reveal each other
    __table_args__ = (UniqueConstraint("line_id", "vendor", "case_ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    vendor: Mapped[str] = mapped_column(String(100))
    case_ref: Mapped[str] = mapped_column(String(100))
    opened_by: Mapped[str]
    follow_through: Mapped[str]
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    follow_ups: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_follow_up_at: Mapped[datetime | None]


class WorkReportRow(Base):
    __tablename__ = "work_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    cause: Mapped[str | None] = mapped_column(Text)
    actions: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    provider_participants: Mapped[list[str]]
    client_participants: Mapped[list[str]]
    downtime_seconds: Mapped[int | None]
    recurrence_risk: Mapped[str | None] = mapped_column(Text)
    written_by: Mapped[str]
    written_at: Mapped[datetime]


class BreachRow(Base):
    __tablename__ = "breaches"
    __table_args__ = (UniqueConstraint("ticket_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    measure: Mapped[str] = mapped_column(String(20))
    key: Mapped[str]
    due_at: Mapped[datetime]
    recorded_at: Mapped[datetime]


class DueWorkRow(Base):
    """Work not fired yet. Firing moves the row to `FiredWorkRow` in the sweep's transaction."""

    __tablename__ = "due_work"
    __table_args__ = (UniqueConstraint("ticket_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    key: Mapped[str]
    kind: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime] = mapped_column(index=True)
    recipients: Mapped[list[str]]
    addresses: Mapped[Json]  # recipient -> address in the ticket's contract version
    detail: Mapped[Json]


class FiredWorkRow(Base):
    """Work that has fired, once per (ticket, key): a re-plan never creates it again."""

    __tablename__ = "fired_work"
    __table_args__ = (UniqueConstraint("ticket_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int]  # moved from due_work, whose key to the ticket was checked
    key: Mapped[str]
    kind: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime]
    fired_at: Mapped[datetime]
    fired_by: Mapped[str] = mapped_column(String(100))
    recipients: Mapped[list[str]]
    addresses: Mapped[Json]
    detail: Mapped[Json]


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    # no foreign key, as in fired_work and audit_log: these records are written from a
    # ticket already read, and a key check would lock the ticket's row for every notice
    ticket_id: Mapped[int | None] = mapped_column(index=True)
    recipient: Mapped[str]
    address: Mapped[str | None]
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[Json]
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int]
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(index=True)
    ticket_id: Mapped[int | None] = mapped_column(
        index=True
    )  # no foreign key: records outlive rows
    actor: Mapped[str]
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[Json]
    facts: Mapped[Json | None]  # the ticket's facts after the action (domain/audit_replay.py)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))  # the HMAC-SHA256 seal
    key_id: Mapped[str] = mapped_column(String(16))


class AuditHeadRow(Base):
    """One row: the chain's last position and seal, the anchor left by purges, and the
    HMAC over them (`mac`) under the key `key_id`."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))
    anchor_seq: Mapped[int]
    anchor_hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(16))
    mac: Mapped[str] = mapped_column(String(64))


class ApprovalRow(Base):
    """An emergency action approved by the contract's approver for that moment."""

    __tablename__ = "approvals"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    action: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str]
    term: Mapped[str] = mapped_column(String(60))  # the contract field naming the approver
    moment: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    recorded_by: Mapped[str]


class TransferRow(Base):
    """A transfer of responsibility for a ticket, pending until its approver decides."""

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    responsibility: Mapped[str] = mapped_column(String(20))
    layer: Mapped[str | None] = mapped_column(String(100))
    from_party: Mapped[str] = mapped_column(String(100))
    to_party: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str]
    requested_at: Mapped[datetime]
    approver: Mapped[str | None]
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)


class WindowConfirmationRow(Base):
    """A maintenance-window occurrence confirmed at the desk by the contract's named person."""

    __tablename__ = "window_confirmations"
    __table_args__ = (UniqueConstraint("line_id", "window", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"))
    window: Mapped[str]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    confirmed_by: Mapped[str]
    confirmed_at: Mapped[datetime]
    contract_version_id: Mapped[int] = mapped_column(ForeignKey("contract_versions.id"))


class IdempotencyRow(Base):
    """A POST that was answered, by caller and `Idempotency-Key`: written in the same
    transaction as the change it answered, so a retry finds it or finds nothing done."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("caller", "key", name="uq_idempotency_keys_caller_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    status_code: Mapped[int]
    ticket_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(index=True)


class PersonRow(Base):
    """A person known to the desk, by one e-mail address (stored lowercased).

    The parties a person acts for are not stored: they are the contacts whose
    e-mail is the person's (see `remit.store.people`)."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str]
    is_admin: Mapped[bool]
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool]
    created_at: Mapped[datetime]


class ApiTokenRow(Base):
    """A named API token: looked up by its public prefix, checked against its hash."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        # one live token per (person, name); a revoked token's name may be used again
        Index(
            "uq_api_tokens_live_name",
            "person_id",
            "name",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class SubAccountRow(Base):
    """A person the client authority of a contract line lets open requests (seed 003):
    the kinds and objects granted (`objects` None: every object of the contract), and
    the contact of the client authority who granted it. A removed sub-account keeps its
    row (`removed_at`), so its earlier tickets keep their history."""

    __tablename__ = "sub_accounts"
    __table_args__ = (
        # one live sub-account per (line, person); a removed one may be added again
        Index(
            "uq_sub_accounts_live_person",
            "line_id",
            "person_id",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("contract_lines.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    technical: Mapped[bool]
    billing: Mapped[bool]
    objects: Mapped[list[str] | None]
    granted_by: Mapped[str] = mapped_column(String(201))  # the inviter's 'party.contact'
    created_at: Mapped[datetime]
    changed_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
