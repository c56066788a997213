"""The maintenance window a drill's objects are inside at its instant, as the desk reads it."""

from __future__ import annotations

from datetime import datetime

from remit.domain import maintenance
from remit.domain.contract import Contract
from remit.drill.route import WindowHit
from remit.drill.scenario import Scenario


def window_hit(contract: Contract, scenario: Scenario) -> WindowHit | None:
    """The first window (contract order) whose occurrence covers every scenario object."""
    for window, occurrence in maintenance.covering(contract, scenario.objects, scenario.at):
        return WindowHit(
            name=window.name,
            start=occurrence.start,
            end=occurrence.end,
            timezone=window.timezone,
            confirmed_by=window.confirmed_by,
            clocks_run=window.clocks_run,
            escalations_fire=window.escalations_fire,
        )
    return None


def clock_start(hit: WindowHit | None, at: datetime) -> datetime:
    """Where the SLA clocks start, as at the desk: at the window's end for an occurrence the
    contract agrees (no `confirmed_by`) whose clocks stop; else at the drill's instant. An
    occurrence that needs confirmation is drilled as an incident."""
    if hit is None or hit.confirmed_by is not None or hit.clocks_run:
        return at
    return hit.end


def window_text(hit: WindowHit) -> str:
    """What the window means for the ticket, in one line."""
    start, end = maintenance.local_span(hit.start, hit.end, hit.timezone)
    agreed = (
        f"planned work if {hit.confirmed_by} confirmed this occurrence at the desk"
        " (else an ordinary incident, as the dues below assume)"
        if hit.confirmed_by
        else "planned work: the signed contract agrees every occurrence"
        + ("" if hit.clocks_run else f", so the dues below count from {end}")
    )
    clocks = "SLA clocks run" if hit.clocks_run else f"SLA clocks stopped until {end}"
    escalations = "escalations fire" if hit.escalations_fire else f"escalations held until {end}"
    return f"'{hit.name}' {start} - {end}: {agreed}; {clocks}, {escalations}"
