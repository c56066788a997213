"""The records of a ticket's detail (`remit.services.views.TicketDetail`), one frozen
type per kind: the intake as recorded, the clocks, and each kind of event on the ticket.
Instants are aware UTC datetimes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from remit.domain.audit import JsonValue


@dataclass(frozen=True, slots=True)
class IntakeRecord:
    """The request as the intake recorded it, and how the desk marked its scope."""

    channel: str
    requester_contact: str | None
    symptoms: str
    who_cannot_work: str
    scope: str  # who cannot work: one user, a department, the organization
    urgency: str
    objects: tuple[str, ...]
    error_refs: tuple[str, ...]
    actions_taken: tuple[str, ...]
    contract_version_id: int
    in_scope: bool | None
    scope_basis: str | None
    scope_clause: str | None
    billing: str | None
    billing_basis: str | None


@dataclass(frozen=True, slots=True)
class ClockRecord:
    """The ticket's clocks: calendar, targets, the instants each clock stopped, the closure."""

    calendar: str | None
    calendar_version_id: int
    response_target_s: int | None
    recovery_target_s: int | None
    update_cadence_s: int | None
    taken_at: datetime | None
    restored_at: datetime | None
    reported_at: datetime | None
    closed_at: datetime | None
    localized_layer: str | None
    fault_class: str | None
    confirmed_by: str | None
    satisfaction: int | None
    confirmation_comment: str | None
    planned_window: str | None
    planned_start: datetime | None
    planned_end: datetime | None
    planned_clocks_run: bool | None
    planned_escalations_fire: bool | None


@dataclass(frozen=True, slots=True)
class CheckRecord:
    layer: str
    party: str
    result: str
    note: str | None
    opened_at: datetime
    answered_at: datetime | None
    answered_by: str | None


@dataclass(frozen=True, slots=True)
class HandoffRecord:
    from_party: str
    to_party: str
    reason: str
    at: datetime
    by: str


@dataclass(frozen=True, slots=True)
class PauseRecord:
    reason: str
    side: str
    set_by: str
    started_at: datetime
    ended_at: datetime | None
    note: str | None


@dataclass(frozen=True, slots=True)
class UpdateRecord:
    """A client update: what is known, what is checked, the next action and update."""

    at: datetime
    by: str
    known: str
    checking: str
    next_action: str
    next_update_at: datetime | None
    late: bool


@dataclass(frozen=True, slots=True)
class VendorCaseRecord:
    vendor: str
    case_ref: str
    opened_by: str
    follow_through: str
    status: str
    opened_at: datetime
    updated_at: datetime
    follow_ups: int
    last_follow_up_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """A work report: cause, actions, the outage and who took part."""

    cause: str | None
    actions: str | None
    started_at: datetime | None
    ended_at: datetime | None
    provider_participants: tuple[str, ...]
    client_participants: tuple[str, ...]
    downtime_seconds: int | None
    recurrence_risk: str | None
    written_by: str
    written_at: datetime


@dataclass(frozen=True, slots=True)
class DuplicateRecord:
    """A ticket linked to this one as a duplicate of its major incident."""

    id: int
    state: str
    requester: str
    title: str
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class BreachRecord:
    measure: str
    key: str
    due_at: datetime
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class ApprovalRecord:
    """An emergency action's approval, with the contract term naming its approver."""

    action: str
    approved_by: str
    term: str
    moment: str
    channel: str
    at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class TransferRecord:
    responsibility: str
    layer: str | None
    from_party: str
    to_party: str
    reason: str
    requested_by: str
    requested_at: datetime
    approver: str | None
    status: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None


@dataclass(frozen=True, slots=True)
class DueWorkRecord:
    """Escalations and reminders: pending ones have no `fired_at`."""

    key: str
    kind: str
    due_at: datetime
    fired_at: datetime | None
    recipients: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of the ticket's timeline in the audit log; `detail` is the entry's own
    JSON (instants in it are UTC ISO strings)."""

    seq: int
    at: datetime
    actor: str
    action: str
    detail: Mapping[str, JsonValue]
