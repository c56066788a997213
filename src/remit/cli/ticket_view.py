"""How a ticket reads for people: instants in its calendar's zone with the zone named,
met or missed once a clock stopped, late and breached marks, intake and event details."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import typer

from remit.cli.output import print_json
from remit.services.views import TicketDetail, TicketSummary, is_instant_key


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
        print_json(ticket.to_json())
        return
    typer.echo(_line(ticket, now))


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
        rows: list[dict[str, Any]] = getattr(found, attribute)
        if rows:
            typer.echo(f"  {name}:")
            for row in rows:
                typer.echo("    " + _pairs(row, zone))
    typer.echo("  log:")
    for entry in found.audit:
        detail = entry.get("detail") or {}
        typer.echo(
            f"    {entry['seq']:>5} {_instant(entry['at'], zone)} {entry['actor']}: "
            f"{entry['action']}" + (f" ({_pairs(detail, zone)})" if detail else "")
        )


def _intake(intake: dict[str, Any], requester: str) -> list[str]:
    contact = intake.get("requester_contact")
    lines = [
        f"requested by {requester}"
        + (f" ({contact})" if contact and contact != requester else "")
        + f" via {intake.get('channel')}",
        f"who cannot work: {intake.get('who_cannot_work')}; scope: {intake.get('scope')}; "
        f"urgency: {intake.get('urgency')}",
        f"symptoms: {intake.get('symptoms')}",
    ]
    for key, label in (
        ("error_refs", "error refs"),
        ("actions_taken", "actions taken"),
        ("objects", "objects"),
    ):
        if intake.get(key):
            lines.append(f"{label}: " + "; ".join(map(str, intake[key])))
    return lines


def _show_scope(found: TicketDetail) -> None:
    marked = found.intake
    if marked.get("in_scope") is None:
        return
    clause = f": {marked['scope_clause']}" if marked.get("scope_clause") else ""
    typer.echo(
        f"  scope: {'in scope' if marked['in_scope'] else 'OUT OF SCOPE'} "
        f"({marked['scope_basis']}{clause}); {marked['billing']} ({marked['billing_basis']})"
    )


def _pairs(row: dict[str, Any], zone: str) -> str:
    return ", ".join(
        f"{key}={_instant(value, zone) if is_instant_key(key) else _value(value, zone)}"
        for key, value in row.items()
        if value not in (None, [], "", {})
    )


def _value(value: Any, zone: str) -> str:
    if isinstance(value, dict):
        return "{" + _pairs(value, zone) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item, zone) for item in value) + "]"
    return str(value)


def _instant(value: Any, zone: str) -> str:
    if not isinstance(value, str):
        return str(value)
    try:
        return when(datetime.fromisoformat(value), zone)
    except ValueError:
        return value
