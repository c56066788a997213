"""Closure: the work report after restoration, then the customer's confirmation.

The contract lists what a report must contain; a report lacking any of it is
refused. When the contract asks for the customer's confirmation the ticket
waits in `reported` (and the worker auto-confirms after the contract's number
of business days, if it sets one); otherwise the report closes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from remit.domain import routing
from remit.domain.errors import IncompleteReport, InvalidInput
from remit.domain.events import Action, NoticeKind
from remit.domain.instants import require_not_before
from remit.domain.terms import WorkReportField
from remit.domain.ticket import State, transition
from remit.services.contract_books import ContractBook
from remit.services.incidents import follow_parent
from remit.services.ticket_ops import (
    aware,
    load,
    notify,
    ordered,
    record,
    replan,
    require_coordinator,
    require_unlinked,
    touch,
)
from remit.services.views import TicketSummary, summary, zone_of
from remit.store.tables import TicketRow, WorkReportRow
from remit.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class WorkReport:
    cause: str | None = None
    actions: str | None = None
    started_at: datetime | None = None  # the ticket's acceptance if omitted
    ended_at: datetime | None = None  # the restoration if omitted
    provider_participants: tuple[str, ...] = ()
    client_participants: tuple[str, ...] = ()
    downtime_seconds: int | None = None  # end minus start if omitted
    recurrence_risk: str | None = None


def write_report(
    *,
    uow: UnitOfWork,
    ticket_id: int,
    by: str,
    report: WorkReport,
    now: datetime,
    expected_version: int | None = None,
) -> TicketSummary:
    aware(now)
    with uow:
        ticket, book = load(uow, ticket_id, expected_version)
        require_coordinator(ticket, by, "write the work report")
        ordered(uow, ticket, now, f"write the work report of ticket {ticket_id}")
        require_unlinked(ticket)
        row = _report_row(ticket, report, by, now)
        _require_ordered_report(ticket, row, now)
        missing = _missing(book, row)
        if missing:
            raise IncompleteReport(missing)
        ticket.state = transition(State(ticket.state), State.REPORTED).value
        ticket.reported_at = now
        ticket.reports.append(row)
        record(
            uow,
            ticket,
            Action.REPORTED,
            by,
            now,
            cause=row.cause,
            actions=row.actions,
            started_at=row.started_at,
            ended_at=row.ended_at,
            downtime_seconds=row.downtime_seconds,
            provider_participants=row.provider_participants,
            client_participants=row.client_participants,
            recurrence_risk=row.recurrence_risk,
        )
        if book.contract.closure.customer_confirmation:
            recipients = [
                r for r in (ticket.requester_contact, routing.primary_contact(book.contract)) if r
            ]
            notify(
                uow,
                ticket,
                NoticeKind.CONFIRMATION_REQUEST,
                recipients,
                "please confirm the result",
                now,
                f"report:{len(ticket.reports)}",
                book,
                cause=row.cause,
            )
        else:
            ticket.state = transition(State.REPORTED, State.CLOSED).value
            ticket.closed_at = now
        follow_parent(uow, ticket, by, now)
        touch(ticket, now)
        replan(uow, ticket, book)
        uow.commit()
        return summary(ticket, timezone=zone_of(uow, ticket))


def _report_row(ticket: TicketRow, report: WorkReport, by: str, now: datetime) -> WorkReportRow:
    started = report.started_at or ticket.accepted_at
    ended = report.ended_at or ticket.restored_at
    downtime = report.downtime_seconds
    if downtime is None and started is not None and ended is not None:
        downtime = int((ended - started).total_seconds())
    return WorkReportRow(
        cause=report.cause,
        actions=report.actions,
        started_at=started,
        ended_at=ended,
        provider_participants=list(report.provider_participants),
        client_participants=list(report.client_participants),
        downtime_seconds=downtime,
        recurrence_risk=report.recurrence_risk,
        written_by=by,
        written_at=now,
    )


def _require_ordered_report(ticket: TicketRow, row: WorkReportRow, now: datetime) -> None:
    """The outage ends after it starts and before the report; its downtime is not negative."""
    if row.ended_at is not None:
        what = f"end the outage of ticket {ticket.id}"
        require_not_before(what, row.ended_at, "it started", row.started_at)
    written = f"write the work report of ticket {ticket.id}"
    require_not_before(written, now, "the outage ended", row.ended_at)
    if row.downtime_seconds is not None and row.downtime_seconds < 0:
        raise InvalidInput(f"the downtime is {row.downtime_seconds}s; it cannot be negative")


def _missing(book: ContractBook, row: WorkReportRow) -> list[str]:
    present = {
        WorkReportField.CAUSE: bool(row.cause and row.cause.strip()),
        WorkReportField.ACTIONS: bool(row.actions and row.actions.strip()),
        WorkReportField.START_END: row.started_at is not None and row.ended_at is not None,
        WorkReportField.PARTICIPANTS: bool(row.provider_participants and row.client_participants),
        WorkReportField.DOWNTIME: row.downtime_seconds is not None,
        WorkReportField.RECURRENCE_RISK: bool(row.recurrence_risk and row.recurrence_risk.strip()),
    }
    return [f.value for f in book.contract.closure.work_report if not present[f]]


def auto_confirm(uow: UnitOfWork, ticket_id: int, now: datetime, detail: dict[str, object]) -> bool:
    """Close a reported ticket the customer left unanswered; inside the worker's transaction."""
    ticket, book = load(uow, ticket_id)
    if ticket.state != State.REPORTED.value:
        return False
    ticket.state = transition(State.REPORTED, State.CLOSED).value
    ticket.closed_at, ticket.confirmed_by = now, "auto"
    record(uow, ticket, Action.AUTO_CONFIRMED, "remit-worker", now, **detail)
    notify(
        uow,
        ticket,
        NoticeKind.CLOSED,
        [ticket.coordinator],
        "closed (auto-confirmed)",
        now,
        f"closed:auto:{ticket.row_version}",
        book,
    )
    follow_parent(uow, ticket, "remit-worker", now)
    touch(ticket, now)
    replan(uow, ticket, book)
    return True
