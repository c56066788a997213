"""What the services hand back: plain, serializable views of tickets and records."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from remit.domain.approvals import TransferStatus
from remit.domain.audit import json_detail
from remit.domain.ticket import State
from remit.store import audit_log, due_work
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class TicketSummary:
    id: int
    version: int
    state: str
    state_label: str
    kind: str
    priority: str
    category: str
    title: str
    requester: str
    authorized: bool
    coordinator: str
    assignee: str
    after_hours: bool
    opened_at: datetime
    accepted_at: datetime | None
    response_due: datetime | None
    response_breach_at: datetime | None
    recovery_due: datetime | None
    recovery_breach_at: datetime | None
    next_update_due: datetime | None
    handoff_count: int
    in_scope: bool | None  # None: opened before the desk marked scope
    billing: str | None
    pending_transfer: str | None = None  # e.g. "coordination to developer, awaiting client.owner"
    planned_window: str | None = None  # the maintenance window the ticket is planned work in
    parent_id: int | None = None  # the major incident this ticket is a duplicate of
    duplicates: int = 0  # how many duplicates are linked to this ticket

    @property
    def scope_label(self) -> str:
        if self.in_scope is None:
            return "scope not marked"
        return f"{'in scope' if self.in_scope else 'OUT OF SCOPE'}, {self.billing}"

    def to_json(self) -> dict[str, Any]:
        return json_detail(asdict(self))


@dataclass(frozen=True, slots=True)
class TicketDetail:
    summary: TicketSummary
    intake: dict[str, Any]
    clocks: dict[str, Any]
    checks: list[dict[str, Any]] = field(default_factory=list)
    handoffs: list[dict[str, Any]] = field(default_factory=list)
    pauses: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    vendor_cases: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    breaches: list[dict[str, Any]] = field(default_factory=list)
    approvals: list[dict[str, Any]] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    due_work: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = json_detail(asdict(self))
        data["summary"] = self.summary.to_json()
        return data


def summary(t: TicketRow, duplicates: int = 0) -> TicketSummary:
    return TicketSummary(
        id=t.id,
        version=t.row_version,
        state=t.state,
        state_label=State(t.state).label,
        kind=t.kind,
        priority=t.priority,
        category=t.category,
        title=t.title,
        requester=t.requester,
        authorized=t.authorized,
        coordinator=t.coordinator,
        assignee=t.assignee,
        after_hours=t.after_hours,
        opened_at=t.opened_at,
        accepted_at=t.accepted_at,
        response_due=t.response_due,
        response_breach_at=t.response_breach_at,
        recovery_due=t.recovery_due,
        recovery_breach_at=t.recovery_breach_at,
        next_update_due=t.next_update_due,
        handoff_count=t.handoff_count,
        in_scope=t.in_scope,
        billing=t.billing,
        pending_transfer=_pending(t),
        planned_window=t.planned_window,
        parent_id=t.parent_id,
        duplicates=duplicates,
    )


def _pending(t: TicketRow) -> str | None:
    for transfer in t.transfers:
        if transfer.status == TransferStatus.PENDING.value:
            what = "coordination" if transfer.layer is None else f"layer {transfer.layer}"
            return f"{what} to {transfer.to_party}, awaiting {transfer.approver}"
    return None


def _rows(items: list[Any], *names: str) -> list[dict[str, Any]]:
    return [json_detail({name: getattr(item, name) for name in names}) for item in items]


def detail(uow: UnitOfWork, t: TicketRow) -> TicketDetail:
    children = uow.tickets.children(t.id)
    return TicketDetail(
        summary=summary(t, len(children)),
        intake=json_detail(
            {
                "channel": t.channel,
                "requester_contact": t.requester_contact,
                "symptoms": t.symptoms,
                "who_cannot_work": t.who_cannot_work,
                "scope": t.impact,
                "urgency": t.urgency,
                "objects": t.objects,
                "error_refs": t.error_refs,
                "actions_taken": t.actions_taken,
                "contract_version_id": t.contract_version_id,
                "in_scope": t.in_scope,
                "scope_basis": t.scope_basis,
                "scope_clause": t.scope_clause,
                "billing": t.billing,
                "billing_basis": t.billing_basis,
            }
        ),
        clocks=json_detail(
            {
                "calendar": t.clock_calendar,
                "calendar_version_id": t.calendar_version_id,
                "response_target_s": t.response_target,
                "recovery_target_s": t.recovery_target,
                "update_cadence_s": t.update_cadence,
                "taken_at": t.taken_at,
                "restored_at": t.restored_at,
                "reported_at": t.reported_at,
                "closed_at": t.closed_at,
                "localized_layer": t.localized_layer,
                "fault_class": t.fault_class,
                "confirmed_by": t.confirmed_by,
                "satisfaction": t.satisfaction,
                "confirmation_comment": t.confirmation_comment,
                "planned_window": t.planned_window,
                "planned_start": t.planned_start,
                "planned_end": t.planned_end,
                "planned_clocks_run": t.planned_clocks_run,
                "planned_escalations_fire": t.planned_escalations_fire,
            }
        ),
        checks=_rows(
            t.checks, "layer", "party", "result", "note", "opened_at", "answered_at", "answered_by"
        ),
        handoffs=_rows(t.handoffs, "from_party", "to_party", "reason", "at", "by"),
        pauses=_rows(t.pauses, "reason", "side", "set_by", "started_at", "ended_at", "note"),
        updates=_rows(
            t.updates, "at", "by", "known", "checking", "next_action", "next_update_at", "late"
        ),
        vendor_cases=_rows(
            t.vendor_cases,
            "vendor",
            "case_ref",
            "opened_by",
            "follow_through",
            "status",
            "opened_at",
            "updated_at",
            "follow_ups",
            "last_follow_up_at",
        ),
        reports=_rows(
            t.reports,
            "cause",
            "actions",
            "started_at",
            "ended_at",
            "provider_participants",
            "client_participants",
            "downtime_seconds",
            "recurrence_risk",
            "written_by",
            "written_at",
        ),
        duplicates=_rows(children, "id", "state", "requester", "title", "opened_at"),
        breaches=_rows(t.breaches, "measure", "key", "due_at", "recorded_at"),
        approvals=_rows(
            t.approvals, "action", "approved_by", "term", "moment", "channel", "at", "recorded_by"
        ),
        transfers=_rows(
            t.transfers,
            "responsibility",
            "layer",
            "from_party",
            "to_party",
            "reason",
            "requested_by",
            "requested_at",
            "approver",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
        ),
        due_work=_rows(
            due_work.for_ticket(uow.session, t.id),
            "key",
            "kind",
            "due_at",
            "fired_at",
            "recipients",
        ),
        audit=_rows(
            audit_log.for_ticket(uow.session, t.id), "seq", "at", "actor", "action", "detail"
        ),
    )
