"""How a ticket reads for people: instants in its calendar's zone with the zone named,
met or missed once a clock stopped, late and breached marks, intake and event details."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import typer

from remit.cli.output import print_json
from remit.domain.audit import JsonValue, json_detail
from remit.services.ticket_records import IntakeRecord
from remit.services.views import SECTIONS as RECORDS
from remit.services.views import TicketDetail, TicketSummary, local_iso

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def when(value: datetime | None, zone: str = "UTC") -> str:
    """`value` on the wall clock of `zone`, named: ``2026-07-01 09:30 BST``; the zone's
    name where it has no lettered abbreviation (``2026-03-02 14:00 Asia/Almaty``)."""
    if value is None:
        return "-"
    local = value.astimezone(ZoneInfo(zone))
    label = local.strftime("%Z")
    return local.strftime("%Y-%m-%d %H:%M ") + (label if label.isalpha() else zone)


def render(ticket: TicketSummary, json: bool, now: datetime | None = None) -> None:
    """One line per ticket; with `now`, late and breached tickets are marked."""
    if json:
        print_json(summary_json(ticket))
        return
    typer.echo(_line(ticket, now))


def summary_json(ticket: TicketSummary) -> dict[str, JsonValue]:
    """The summary as `--json` prints it: instants in UTC, each with its local form, and
    the outcome of each measure whose clock stopped."""
    return record_json(ticket, ticket.timezone) | {
        "response_outcome": ticket.outcome("response"),
        "recovery_outcome": ticket.outcome("recovery"),
    }


def detail_json(found: TicketDetail) -> dict[str, JsonValue]:
    """The whole ticket as `ticket show --json` prints it."""
    zone = found.timezone
    data: dict[str, JsonValue] = {
        "summary": summary_json(found.summary),
        "intake": record_json(found.intake, zone),
        "clocks": record_json(found.clocks, zone),
    }
    for name in RECORDS:
        data[name] = [record_json(row, zone) for row in getattr(found, name)]
    return data


def record_json(record: DataclassInstance, zone: str) -> dict[str, JsonValue]:
    """A read model's fields as JSON; beside each instant, its wall-clock form in `zone`."""
    data: dict[str, JsonValue] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        data |= json_detail({f.name: value})
        if isinstance(value, datetime):
            data[f"{f.name}_local"] = local_iso(value, zone)
    return data


def _line(ticket: TicketSummary, now: datetime | None) -> str:
    return (
        f"{_marks(ticket, now)}#{ticket.id} {ticket.state_label} | {ticket.priority} "
        f"{ticket.category} | coordinator {ticket.coordinator}, working: {ticket.assignee} | "
        f"{_measure(ticket, 'response', ticket.response_due)} | "
        f"{_measure(ticket, 'recovery', ticket.recovery_due)} | "
        + (
            f"next update {when(ticket.next_update_due, ticket.timezone)} | "
            if ticket.is_open
            else ""
        )
        + f"hand-offs {ticket.handoff_count} | {ticket.scope_label} | {_incident(ticket)}"
        f"version {ticket.version}"
        + (f" | transfer pending: {ticket.pending_transfer}" if ticket.pending_transfer else "")
        + (f" | planned work: window '{ticket.planned_window}'" if ticket.planned_window else "")
    )


def _marks(ticket: TicketSummary, now: datetime | None) -> str:
    if now is None:
        return "BREACHED " if ticket.breached else ""
    if ticket.is_breached(now):
        return "BREACHED "
    return "LATE " if ticket.late(now) else ""


def _measure(ticket: TicketSummary, measure: str, due: datetime | None) -> str:
    outcome = ticket.outcome(measure)
    if outcome is not None:
        return f"{measure} {outcome}"
    if not ticket.is_open:
        return f"{measure} not measured"
    return f"{measure} due {when(due, ticket.timezone)}"


def _incident(ticket: TicketSummary) -> str:
    """Where the ticket stands in a major incident, as a part of its one-line render."""
    if ticket.parent_id is not None:
        return f"duplicate of #{ticket.parent_id} (follows its clocks) | "
    if ticket.duplicates:
        return f"major incident of {ticket.duplicates} duplicate(s) | "
    return ""


SECTIONS = (
    ("checks", "checks"),
    ("hand-offs", "handoffs"),
    ("pauses", "pauses"),
    ("updates", "updates"),
    ("vendor cases", "vendor_cases"),
    ("reports", "reports"),
    ("duplicates", "duplicates"),
    ("breaches", "breaches"),
    ("emergency approvals", "approvals"),
    ("transfers", "transfers"),
    ("due work", "due_work"),
)


def show_text(found: TicketDetail) -> None:
    zone = found.summary.timezone
    render(found.summary, False)
    typer.echo(f"  {found.summary.title}")
    typer.echo(f"  contract line: {found.summary.line}")
    for line in _intake(found.intake, found.summary.requester):
        typer.echo(f"  {line}")
    _show_scope(found)
    typer.echo(f"  times in {zone} (the clock calendar's zone)")
    for name, attribute in SECTIONS:
        rows: tuple[DataclassInstance, ...] = getattr(found, attribute)
        if rows:
            typer.echo(f"  {name}:")
            for row in rows:
                typer.echo("    " + _pairs(_fields(row), zone))
    typer.echo("  log:")
    for entry in found.audit:
        typer.echo(
            f"    {entry.seq:>5} {when(entry.at, zone)} {entry.actor}: {entry.action}"
            + (f" ({_pairs(entry.detail, zone)})" if entry.detail else "")
        )


def _intake(intake: IntakeRecord, requester: str) -> list[str]:
    contact = intake.requester_contact
    lines = [
        f"requested by {requester}"
        + (f" ({contact})" if contact and contact != requester else "")
        + f" via {intake.channel}",
        f"who cannot work: {intake.who_cannot_work}; scope: {intake.scope}; "
        f"urgency: {intake.urgency}",
        f"symptoms: {intake.symptoms}",
    ]
    for listed, label in (
        (intake.error_refs, "error refs"),
        (intake.actions_taken, "actions taken"),
        (intake.objects, "objects"),
    ):
        if listed:
            lines.append(f"{label}: " + "; ".join(listed))
    return lines


def _show_scope(found: TicketDetail) -> None:
    marked = found.intake
    if marked.in_scope is None:
        return
    clause = f": {marked.scope_clause}" if marked.scope_clause else ""
    typer.echo(
        f"  scope: {'in scope' if marked.in_scope else 'OUT OF SCOPE'} "
        f"({marked.scope_basis}{clause}); {marked.billing} ({marked.billing_basis})"
    )


def _fields(record: DataclassInstance) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _pairs(row: Mapping[str, object], zone: str) -> str:
    return ", ".join(
        f"{key}={_value(value, zone)}"
        for key, value in row.items()
        if value not in (None, [], (), "", {})
    )


def _value(value: object, zone: str) -> str:
    if isinstance(value, datetime):
        return when(value, zone)
    if isinstance(value, Mapping):
        return "{" + _pairs(value, zone) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item, zone) for item in value) + "]"
    if isinstance(value, str):
        return _instant(value, zone)
    return str(value)


def _instant(value: str, zone: str) -> str:
    """An instant written in an audit detail, on the zone's clock; other text as it is."""
    if len(value) < 19 or value[4:5] != "-" or value[10:11] != "T":
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return when(parsed, zone) if parsed.tzinfo is not None else value
