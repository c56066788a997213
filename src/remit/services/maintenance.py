"""Maintenance windows at the desk: confirming occurrences, listing them, planned work.

A window that names `confirmed_by` needs each occurrence confirmed at the desk
by that person; a window without it is agreed by the signed contract. At
intake, a ticket whose named objects are all inside an agreed occurrence
(`remit.domain.maintenance`) is planned work: the occurrence and the window's
terms are stored on the ticket and its clocks are planned by them
(`remit.domain.escalation`). An occurrence not confirmed by the intake instant
leaves the ticket an ordinary incident, and the audit says why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from remit.domain import maintenance
from remit.domain.audit import Entry, JsonValue, json_detail
from remit.domain.contract import MaintenanceWindow
from remit.domain.errors import InvalidInput, NotPermitted
from remit.domain.events import Action
from remit.domain.instants import entered_moment
from remit.services.contract_books import ContractBook, in_force
from remit.services.lines import line_for_ticket
from remit.services.ticket_ops import aware, record
from remit.store.tables import TicketRow, WindowConfirmationRow
from remit.store.uow import UnitOfWork

AGREED_BY_CONTRACT = "the signed contract"


@dataclass(frozen=True, slots=True)
class OccurrenceView:
    window: str
    timezone: str
    start: datetime
    end: datetime
    confirm_by: str | None  # None: agreed by the signed contract
    confirmed_by: str | None
    confirmed_at: datetime | None

    @property
    def agreed(self) -> bool:
        return self.confirm_by is None or self.confirmed_by is not None

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(ZoneInfo(self.timezone))

    def to_json(self) -> dict[str, JsonValue]:
        return json_detail({**asdict(self), "agreed": self.agreed})


@dataclass(frozen=True, slots=True)
class WindowView:
    name: str
    rrule: str
    duration: int
    timezone: str
    objects: tuple[str, ...]
    confirm_by: str | None
    clocks_run: bool
    escalations_fire: bool
    upcoming: tuple[OccurrenceView, ...]

    def to_json(self) -> dict[str, JsonValue]:
        data = json_detail({k: v for k, v in asdict(self).items() if k != "upcoming"})
        data["upcoming"] = [o.to_json() for o in self.upcoming]
        return data


def confirm_occurrence(
    *,
    uow: UnitOfWork,
    window: str,
    start: datetime,
    by: str,
    now: datetime,
    line: str | None = None,
) -> OccurrenceView:
    """The person the contract names confirms one occurrence of a window of the line `line`
    names (else the only line); anyone else is refused."""
    aware(now)
    aware(start)
    with uow:
        entered_moment(now, uow.clock(), f"confirm window '{window}'")
        chosen = line_for_ticket(uow, line)
        book = in_force(uow, chosen, now.date())
        found = _schedule(book, window)
        confirm_by = found.window.confirmed_by
        if confirm_by is None:
            raise InvalidInput(
                f"window '{window}' needs no confirmation: the signed contract agrees every occurrence"
            )
        if by != confirm_by:
            raise NotPermitted(
                by, f"confirm window '{window}'", f"the contract names {confirm_by} to confirm it"
            )
        occurrence = _occurrence(found, start, now)
        known = uow.windows.confirmation(chosen.id, window, occurrence.start)
        if known is not None:
            raise InvalidInput(
                f"window '{window}' starting {occurrence.start.isoformat()} was already "
                f"confirmed by {known.confirmed_by} at {known.confirmed_at.isoformat()}"
            )
        row = uow.windows.add(_confirmation(book, chosen.id, occurrence, by, now))
        detail = json_detail(_occurrence_detail(found.window, occurrence))
        uow.record(Entry(now, by, Action.WINDOW_CONFIRMED.value, None, detail))
        uow.commit()
        return _view(found.window, occurrence, row)


def list_windows(
    *, uow: UnitOfWork, now: datetime, count: int = 3, line: str | None = None
) -> list[WindowView]:
    """The windows of the line's contract in force (the line `line` names, else the only
    line), each with its next `count` occurrences."""
    aware(now)
    if count < 1:
        raise InvalidInput("show at least one occurrence per window")
    with uow:
        chosen = line_for_ticket(uow, line)
        book = in_force(uow, chosen, now.date())
        found = [(s.window, s.upcoming(now, count)) for s in maintenance.schedules(book.contract)]
        keys = [(o.window, o.start) for _, occurrences in found for o in occurrences]
        confirmed = uow.windows.confirmations(chosen.id, keys)
        return [
            WindowView(
                name=w.name,
                rrule=w.rrule,
                duration=w.duration,
                timezone=w.timezone,
                objects=w.objects,
                confirm_by=w.confirmed_by,
                clocks_run=w.clocks_run,
                escalations_fire=w.escalations_fire,
                upcoming=tuple(
                    _view(w, o, confirmed.get((o.window, o.start))) for o in occurrences
                ),
            )
            for w, occurrences in found
        ]


def mark_planned_work(
    uow: UnitOfWork, book: ContractBook, ticket: TicketRow, now: datetime
) -> None:
    """Intake step: a ticket whose objects are inside an agreed occurrence is planned work."""
    hits = list(maintenance.covering(book.contract, ticket.objects, now))
    confirmed = uow.windows.confirmations(ticket.line_id, [(o.window, o.start) for _, o in hits])
    for window, occurrence in hits:
        row = confirmed.get((occurrence.window, occurrence.start))
        if window.confirmed_by is None or (row is not None and row.confirmed_at <= now):
            _plan_as_window(ticket, window, occurrence)
            by = row.confirmed_by if row is not None else AGREED_BY_CONTRACT
            detail = _occurrence_detail(window, occurrence)
            record(uow, ticket, Action.PLANNED_WORK, "desk", now, **detail, agreed_by=by)
            return
    for window, occurrence in hits:
        reason = (
            f"the occurrence is not confirmed by {window.confirmed_by}, "
            "so the ticket is an incident, not planned work"
        )
        detail = _occurrence_detail(window, occurrence)
        record(uow, ticket, Action.WINDOW_UNCONFIRMED, "desk", now, **detail, reason=reason)


def _plan_as_window(
    ticket: TicketRow, window: MaintenanceWindow, occurrence: maintenance.Occurrence
) -> None:
    ticket.planned_window = window.name
    ticket.planned_start = occurrence.start
    ticket.planned_end = occurrence.end
    ticket.planned_clocks_run = window.clocks_run
    ticket.planned_escalations_fire = window.escalations_fire


def _schedule(book: ContractBook, name: str) -> maintenance.Schedule:
    found = maintenance.schedule(book.contract, name)
    if found is None:
        names = ", ".join(f"'{w.name}'" for w in book.contract.maintenance.windows) or "none"
        raise InvalidInput(f"no maintenance window '{name}' in the contract; it has: {names}")
    return found


def _occurrence(
    found: maintenance.Schedule, start: datetime, now: datetime
) -> maintenance.Occurrence:
    occurrence = found.starting_at(start)
    if occurrence is None:
        following = found.upcoming(start, 1)
        hint = (
            f"; the next one starts {_local_text(found.window, following[0].start)}"
            if following
            else ""
        )
        raise InvalidInput(
            f"window '{found.window.name}' has no occurrence starting at {start.isoformat()}{hint}"
        )
    if occurrence.end <= now:
        raise InvalidInput(
            f"window '{found.window.name}' starting {_local_text(found.window, occurrence.start)} "
            "is over; confirm an occurrence that has not ended"
        )
    return occurrence


def _local_text(window: MaintenanceWindow, instant: datetime) -> str:
    return instant.astimezone(ZoneInfo(window.timezone)).isoformat()


def _confirmation(
    book: ContractBook, line_id: int, occurrence: maintenance.Occurrence, by: str, now: datetime
) -> WindowConfirmationRow:
    return WindowConfirmationRow(
        line_id=line_id,
        window=occurrence.window,
        starts_at=occurrence.start,
        ends_at=occurrence.end,
        confirmed_by=by,
        confirmed_at=now,
        contract_version_id=book.version_id,
    )


def _occurrence_detail(
    window: MaintenanceWindow, occurrence: maintenance.Occurrence
) -> dict[str, object]:
    return {
        "window": window.name,
        "start": occurrence.start,
        "end": occurrence.end,
        "timezone": window.timezone,
        "clocks_run": window.clocks_run,
        "escalations_fire": window.escalations_fire,
    }


def _view(
    window: MaintenanceWindow,
    occurrence: maintenance.Occurrence,
    row: WindowConfirmationRow | None,
) -> OccurrenceView:
    return OccurrenceView(
        window=window.name,
        timezone=window.timezone,
        start=occurrence.start,
        end=occurrence.end,
        confirm_by=window.confirmed_by,
        confirmed_by=row.confirmed_by if row is not None else None,
        confirmed_at=row.confirmed_at if row is not None else None,
    )
