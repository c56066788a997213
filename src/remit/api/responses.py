"""The API's answers about tickets: the services' read models as the OpenAPI document
names them. Every instant is UTC (RFC 3339, `+00:00`) and comes with its wall-clock form
in the zone of the ticket's clock calendar, `<name>_local`, whenever it is set."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, TypeVar

from pydantic import BaseModel, Field, JsonValue, PlainSerializer, WithJsonSchema

from remit.services.outbox import OutboxItem
from remit.services.views import TicketDetail, TicketSummary, local_iso

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


# An instant in UTC, written as the CLI's `--json` writes it: 2026-03-08T01:35:00+00:00.
Instant = Annotated[
    datetime,
    PlainSerializer(_utc, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
# The same instant on the wall clock of the ticket's zone; present when the instant is set.
Local = Annotated[
    str | None,
    Field(default=None, description="The instant beside it in the ticket's zone, with offset."),
]


class Ticket(BaseModel):
    """A ticket as lists show it: instants in UTC, each with its local time beside it."""

    id: int
    version: int = Field(description="The ticket's version; its ETag names it.")
    line: str = Field(description="The contract line the ticket belongs to.")
    state: str
    state_label: str
    kind: str = Field(description="technical or billing.")
    priority: str
    category: str
    title: str
    requester: str
    authorized: bool = Field(description="False while a request waits for the client's yes.")
    coordinator: str
    assignee: str
    after_hours: bool
    opened_at: Instant
    opened_at_local: Local
    accepted_at: Instant | None
    accepted_at_local: Local
    response_due: Instant | None
    response_due_local: Local
    response_breach_at: Instant | None
    response_breach_at_local: Local
    recovery_due: Instant | None
    recovery_due_local: Local
    recovery_breach_at: Instant | None
    recovery_breach_at_local: Local
    next_update_due: Instant | None
    next_update_due_local: Local
    handoff_count: int
    in_scope: bool | None = Field(description="None: opened before the desk marked scope.")
    billing: str | None
    pending_transfer: str | None
    planned_window: str | None
    parent_id: int | None = Field(description="The major incident this ticket duplicates.")
    duplicates: int = Field(description="How many duplicates are linked to this ticket.")
    timezone: str = Field(description="The zone of the ticket's clock calendar.")
    taken_at: Instant | None
    taken_at_local: Local
    restored_at: Instant | None
    restored_at_local: Local
    breached: list[str] = Field(description="Measures with a recorded breach.")
    pending_checks: list[str] = Field(description="Parties whose layer check is unanswered.")
    response_outcome: str | None = Field(description="met or missed once the clock stopped.")
    recovery_outcome: str | None = Field(description="met or missed once the clock stopped.")


class TicketPage(BaseModel):
    items: list[Ticket]
    total: int = Field(description="How many tickets match the filters, on every page.")
    next: str | None = Field(description="The cursor of the next page, if there is one.")


class Intake(BaseModel):
    """The request as the intake recorded it, and how the desk marked its scope."""

    channel: str
    requester_contact: str | None
    symptoms: str
    who_cannot_work: str
    scope: str
    urgency: str
    objects: list[str]
    error_refs: list[str]
    actions_taken: list[str]
    contract_version_id: int
    in_scope: bool | None
    scope_basis: str | None
    scope_clause: str | None
    billing: str | None
    billing_basis: str | None


class Clocks(BaseModel):
    """The clocks: calendar, targets in seconds, when each stopped, and the closure."""

    calendar: str | None
    calendar_version_id: int
    response_target_s: int | None
    recovery_target_s: int | None
    update_cadence_s: int | None
    taken_at: Instant | None
    taken_at_local: Local
    restored_at: Instant | None
    restored_at_local: Local
    reported_at: Instant | None
    reported_at_local: Local
    closed_at: Instant | None
    closed_at_local: Local
    localized_layer: str | None
    fault_class: str | None
    confirmed_by: str | None
    satisfaction: int | None
    confirmation_comment: str | None
    planned_window: str | None
    planned_start: Instant | None
    planned_start_local: Local
    planned_end: Instant | None
    planned_end_local: Local
    planned_clocks_run: bool | None
    planned_escalations_fire: bool | None


class Check(BaseModel):
    layer: str
    party: str
    result: str
    note: str | None
    opened_at: Instant
    opened_at_local: Local
    answered_at: Instant | None
    answered_at_local: Local
    answered_by: str | None


class Handoff(BaseModel):
    from_party: str
    to_party: str
    reason: str
    at: Instant
    at_local: Local
    by: str


class PauseRecord(BaseModel):
    reason: str
    side: str
    set_by: str
    started_at: Instant
    started_at_local: Local
    ended_at: Instant | None
    ended_at_local: Local
    note: str | None


class ClientUpdate(BaseModel):
    at: Instant
    at_local: Local
    by: str
    known: str
    checking: str
    next_action: str
    next_update_at: Instant | None
    next_update_at_local: Local
    late: bool


class VendorCaseRecord(BaseModel):
    vendor: str
    case_ref: str
    opened_by: str
    follow_through: str
    status: str
    opened_at: Instant
    opened_at_local: Local
    updated_at: Instant
    updated_at_local: Local
    follow_ups: int
    last_follow_up_at: Instant | None
    last_follow_up_at_local: Local


class WorkReportRecord(BaseModel):
    cause: str | None
    actions: str | None
    started_at: Instant | None
    started_at_local: Local
    ended_at: Instant | None
    ended_at_local: Local
    provider_participants: list[str]
    client_participants: list[str]
    downtime_seconds: int | None
    recurrence_risk: str | None
    written_by: str
    written_at: Instant
    written_at_local: Local


class Duplicate(BaseModel):
    id: int
    state: str
    requester: str
    title: str
    opened_at: Instant
    opened_at_local: Local


class Breach(BaseModel):
    measure: str
    key: str
    due_at: Instant
    due_at_local: Local
    recorded_at: Instant
    recorded_at_local: Local


class ApprovalRecord(BaseModel):
    action: str
    approved_by: str
    term: str = Field(description="The contract field naming the approver.")
    moment: str
    channel: str
    at: Instant
    at_local: Local
    recorded_by: str


class TransferRecord(BaseModel):
    responsibility: str
    layer: str | None
    from_party: str
    to_party: str
    reason: str
    requested_by: str
    requested_at: Instant
    requested_at_local: Local
    approver: str | None
    status: str
    decided_by: str | None
    decided_at: Instant | None
    decided_at_local: Local
    decision_note: str | None


class DueWork(BaseModel):
    key: str
    kind: str
    due_at: Instant
    due_at_local: Local
    fired_at: Instant | None = Field(description="None while the work is pending.")
    fired_at_local: Local
    recipients: list[str]


class AuditEntry(BaseModel):
    seq: int
    at: Instant
    at_local: Local
    actor: str
    action: str
    detail: dict[str, JsonValue] = Field(description="The entry's own record of the action.")


class TicketWithDetail(BaseModel):
    """One ticket with its whole record: clocks, checks, hand-offs, pauses, updates, audit."""

    summary: Ticket
    intake: Intake
    clocks: Clocks
    checks: list[Check]
    handoffs: list[Handoff]
    pauses: list[PauseRecord]
    updates: list[ClientUpdate]
    vendor_cases: list[VendorCaseRecord]
    reports: list[WorkReportRecord]
    duplicates: list[Duplicate]
    breaches: list[Breach]
    approvals: list[ApprovalRecord]
    transfers: list[TransferRecord]
    due_work: list[DueWork]
    audit: list[AuditEntry]


class Notice(BaseModel):
    """A notice in the outbox, with its delivery state."""

    key: str
    kind: str
    ticket_id: int | None
    recipient: str
    address: str | None
    subject: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: Instant | None
    created_at: Instant
    sent_at: Instant | None


M = TypeVar("M", bound=BaseModel)


def _out(model: type[M], record: DataclassInstance, zone: str, **more: object) -> M:
    """`record` as `model`; beside each instant that is set, its local form in `zone`."""
    values: dict[str, object] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        values[f.name] = value
        if isinstance(value, datetime):
            values[f"{f.name}_local"] = local_iso(value, zone)
    return model.model_validate(values | more)


def ticket_out(view: TicketSummary) -> Ticket:
    return _out(
        Ticket,
        view,
        view.timezone,
        response_outcome=view.outcome("response"),
        recovery_outcome=view.outcome("recovery"),
    )


def detail_out(view: TicketDetail) -> TicketWithDetail:
    zone = view.timezone
    return TicketWithDetail(
        summary=ticket_out(view.summary),
        intake=_out(Intake, view.intake, zone),
        clocks=_out(Clocks, view.clocks, zone),
        checks=[_out(Check, r, zone) for r in view.checks],
        handoffs=[_out(Handoff, r, zone) for r in view.handoffs],
        pauses=[_out(PauseRecord, r, zone) for r in view.pauses],
        updates=[_out(ClientUpdate, r, zone) for r in view.updates],
        vendor_cases=[_out(VendorCaseRecord, r, zone) for r in view.vendor_cases],
        reports=[_out(WorkReportRecord, r, zone) for r in view.reports],
        duplicates=[_out(Duplicate, r, zone) for r in view.duplicates],
        breaches=[_out(Breach, r, zone) for r in view.breaches],
        approvals=[_out(ApprovalRecord, r, zone) for r in view.approvals],
        transfers=[_out(TransferRecord, r, zone) for r in view.transfers],
        due_work=[_out(DueWork, r, zone) for r in view.due_work],
        audit=[_out(AuditEntry, r, zone) for r in view.audit],
    )


def notice_out(item: OutboxItem) -> Notice:
    return Notice.model_validate({f.name: getattr(item, f.name) for f in fields(item)})
