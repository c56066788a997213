"""What the services hand back: typed, frozen read models of tickets and their records.

A ticket's detail is a `TicketDetail`: its summary, the intake as recorded, its clocks,
and one tuple of records per kind of event (checks, hand-offs, pauses, ...). Instants
are aware UTC datetimes; `TicketSummary.timezone` names the zone of the ticket's clock
calendar, and `local_iso` gives an instant's wall-clock form there. The channels turn
these models into text or JSON; none of them is a dictionary of loose values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from remit.domain.approvals import TransferStatus
from remit.domain.ticket import OPEN, CheckResult, State, running_dues
from remit.services.contract_books import book_for_version
from remit.services.ticket_records import (
    ApprovalRecord,
    AuditRecord,
    BreachRecord,
    CheckRecord,
    ClockRecord,
    DueWorkRecord,
    DuplicateRecord,
    HandoffRecord,
    IntakeRecord,
    PauseRecord,
    ReportRecord,
    TransferRecord,
    UpdateRecord,
    VendorCaseRecord,
)
from remit.store.tables import TicketRow
from remit.store.uow import UnitOfWork

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@dataclass(frozen=True, slots=True)
class TicketSummary:
    id: int
    version: int
    line: str  # the key of the contract line the ticket belongs to
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
    timezone: str = "UTC"  # the zone of the ticket's clock calendar, for people
    taken_at: datetime | None = None  # the response clock stopped
    restored_at: datetime | None = None  # the recovery clock stopped
    breached: tuple[str, ...] = ()  # measures with a recorded breach
    pending_checks: tuple[str, ...] = ()  # parties whose layer check is unanswered

    @property
    def scope_label(self) -> str:
        if self.in_scope is None:
            return "scope not marked"
        return f"{'in scope' if self.in_scope else 'OUT OF SCOPE'}, {self.billing}"

    @property
    def is_open(self) -> bool:
        return State(self.state) in OPEN_STATES

    def outcome(self, measure: str) -> str | None:
        """ "met" or "missed" once the measure's clock stopped, else None."""
        done, breach = (
            (self.taken_at, self.response_breach_at)
            if measure == "response"
            else (self.restored_at, self.recovery_breach_at)
        )
        if done is None:
            return None
        late = measure in self.breached or (breach is not None and done > breach)
        return "missed" if late else "met"

    def running(self) -> dict[str, datetime]:
        """The due instant of each measure whose clock still runs."""
        return running_dues(
            self.state,
            taken_at=self.taken_at,
            restored_at=self.restored_at,
            response_due=self.response_due,
            recovery_due=self.recovery_due,
            next_update_due=self.next_update_due,
        )

    @property
    def next_deadline(self) -> datetime | None:
        return min(self.running().values(), default=None)

    def late(self, now: datetime) -> bool:
        """A running measure is past its due instant."""
        return any(due < now for due in self.running().values())

    def is_breached(self, now: datetime) -> bool:
        """A breach is recorded, or a running measure is past its breach instant."""
        breach_at = {"response": self.response_breach_at, "recovery": self.recovery_breach_at}
        running = [breach_at.get(m) for m in self.running()]
        return bool(self.breached) or any(b is not None and b < now for b in running)


OPEN_STATES = OPEN


def local_iso(value: datetime, zone: str) -> str:
    """`value` on the wall clock of `zone`, as ISO 8601 with its offset."""
    return value.astimezone(ZoneInfo(zone)).isoformat()


@dataclass(frozen=True, slots=True)
class TicketDetail:
    summary: TicketSummary
    intake: IntakeRecord
    clocks: ClockRecord
    checks: tuple[CheckRecord, ...] = ()
    handoffs: tuple[HandoffRecord, ...] = ()
    pauses: tuple[PauseRecord, ...] = ()
    updates: tuple[UpdateRecord, ...] = ()
    vendor_cases: tuple[VendorCaseRecord, ...] = ()
    reports: tuple[ReportRecord, ...] = ()
    duplicates: tuple[DuplicateRecord, ...] = ()
    breaches: tuple[BreachRecord, ...] = ()
    approvals: tuple[ApprovalRecord, ...] = ()
    transfers: tuple[TransferRecord, ...] = ()
    due_work: tuple[DueWorkRecord, ...] = ()
    audit: tuple[AuditRecord, ...] = ()

    @property
    def timezone(self) -> str:
        return self.summary.timezone


#: The sections of a detail that are tuples of records, in the order people read them.
SECTIONS = (
    "checks",
    "handoffs",
    "pauses",
    "updates",
    "vendor_cases",
    "reports",
    "duplicates",
    "breaches",
    "approvals",
    "transfers",
    "due_work",
    "audit",
)


def zone_of(uow: UnitOfWork, t: TicketRow) -> str:
    """The time zone of the ticket's clock calendar (UTC before it has one)."""
    if t.clock_calendar is None:
        return "UTC"
    book = book_for_version(uow, t.contract_version_id, t.calendar_version_id)
    spec = book.calendars.get(t.clock_calendar)
    return spec.timezone if spec is not None else "UTC"


def summary(t: TicketRow, duplicates: int = 0, *, timezone: str = "UTC") -> TicketSummary:
    return TicketSummary(
        id=t.id,
        version=t.row_version,
        line=t.line.key,
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
        timezone=timezone,
        taken_at=t.taken_at,
        restored_at=t.restored_at,
        breached=tuple(sorted({b.measure for b in t.breaches})),
        pending_checks=tuple(
            sorted({c.party for c in t.checks if c.result == CheckResult.PENDING.value})
        ),
    )


def _pending(t: TicketRow) -> str | None:
    for transfer in t.transfers:
        if transfer.status == TransferStatus.PENDING.value:
            what = "coordination" if transfer.layer is None else f"layer {transfer.layer}"
            return f"{what} to {transfer.to_party}, awaiting {transfer.approver}"
    return None


R = TypeVar("R", bound="DataclassInstance")


def _record(kind: type[R], item: object) -> R:
    """The record `kind` of a row's attributes of the same names; lists become tuples."""
    values = {}
    for f in fields(kind):
        value = getattr(item, f.name)
        values[f.name] = tuple(value) if isinstance(value, list) else value
    return kind(**values)


def _records(kind: type[R], items: Iterable[object]) -> tuple[R, ...]:
    return tuple(_record(kind, item) for item in items)


def detail(uow: UnitOfWork, t: TicketRow) -> TicketDetail:
    children = uow.tickets.children(t.id)
    return TicketDetail(
        summary=summary(t, len(children), timezone=zone_of(uow, t)),
        intake=_intake(t),
        clocks=_clocks(t),
        checks=_records(CheckRecord, t.checks),
        handoffs=_records(HandoffRecord, t.handoffs),
        pauses=_records(PauseRecord, t.pauses),
        updates=_records(UpdateRecord, t.updates),
        vendor_cases=_records(VendorCaseRecord, t.vendor_cases),
        reports=_records(ReportRecord, t.reports),
        duplicates=_records(DuplicateRecord, children),
        breaches=_records(BreachRecord, t.breaches),
        approvals=_records(ApprovalRecord, t.approvals),
        transfers=_records(TransferRecord, t.transfers),
        due_work=_records(DueWorkRecord, uow.due_work.for_ticket(t.id)),
        audit=tuple(
            AuditRecord(e.seq, e.at, e.actor, e.action, dict(e.detail))
            for e in uow.audit.for_ticket(t.id)
        ),
    )


def _intake(t: TicketRow) -> IntakeRecord:
    return IntakeRecord(
        channel=t.channel,
        requester_contact=t.requester_contact,
        symptoms=t.symptoms,
        who_cannot_work=t.who_cannot_work,
        scope=t.impact,
        urgency=t.urgency,
        objects=tuple(t.objects),
        error_refs=tuple(t.error_refs),
        actions_taken=tuple(t.actions_taken),
        contract_version_id=t.contract_version_id,
        in_scope=t.in_scope,
        scope_basis=t.scope_basis,
        scope_clause=t.scope_clause,
        billing=t.billing,
        billing_basis=t.billing_basis,
    )


def _clocks(t: TicketRow) -> ClockRecord:
    return ClockRecord(
        calendar=t.clock_calendar,
        calendar_version_id=t.calendar_version_id,
        response_target_s=t.response_target,
        recovery_target_s=t.recovery_target,
        update_cadence_s=t.update_cadence,
        taken_at=t.taken_at,
        restored_at=t.restored_at,
        reported_at=t.reported_at,
        closed_at=t.closed_at,
        localized_layer=t.localized_layer,
        fault_class=t.fault_class,
        confirmed_by=t.confirmed_by,
        satisfaction=t.satisfaction,
        confirmation_comment=t.confirmation_comment,
        planned_window=t.planned_window,
        planned_start=t.planned_start,
        planned_end=t.planned_end,
        planned_clocks_run=t.planned_clocks_run,
        planned_escalations_fire=t.planned_escalations_fire,
    )
