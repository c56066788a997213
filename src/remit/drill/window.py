"""The maintenance window a drill's objects are inside at its instant, as the desk reads it."""

from __future__ import annotations

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


def window_text(hit: WindowHit) -> str:
    """What the window means for the ticket, in one line."""
    start, end = maintenance.local_span(hit.start, hit.end, hit.timezone)
    agreed = (
        f"planned work if {hit.confirmed_by} confirmed this occurrence at the desk"
        " (else an ordinary incident, as the dues below assume)"
        if hit.confirmed_by
        else "planned work: the signed contract agrees every occurrence"
    )
    clocks = "SLA clocks run" if hit.clocks_run else f"SLA clocks stopped until {end}"
    escalations = "escalations fire" if hit.escalations_fire else f"escalations held until {end}"
    return f"'{hit.name}' {start} - {end}: {agreed}; {clocks}, {escalations}"
