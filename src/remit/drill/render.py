"""A drill route as text (terminal), Markdown (a runbook page) or JSON (programs).

Text and Markdown are built from the same sections: a title and rows of cells.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum
from typing import Any

from remit.contract.durations import format_duration
from remit.drill.plan import when
from remit.drill.route import Reach, Route
from remit.drill.window import window_text

Section = tuple[str, list[str], list[list[str]]]  # title, column headers, rows of cells

SCOPE = {
    "user": "one user",
    "department": "one department",
    "organization": "the whole organization",
}
PAIR = ["What", "Answer"]


def sections(route: Route) -> list[Section]:
    timeline = [[when(s.at), s.what, _who(s.party, s.contact)] for s in route.timeline]
    faults = [[k.replace("_", " "), v] for k, v in route.fault_classes.items()]
    return [
        ("Ticket", PAIR, _ticket(route)),
        ("Who takes it", PAIR, _people(route)),
        (
            "Parallel layer checks",
            ["Layer", "Primary, reachable now", "Secondary", "Objects"],
            _layers(route),
        ),
        ("Due", ["Measure", "Due at", "Rule"], _dues(route)),
        ("Escalation timeline", ["When", "What", "Who"], timeline),
        ("Approvals", PAIR, _approvals(route)),
        ("Vendors", ["Vendor", "Duties", "Objects"], _vendors(route)),
        ("Escalation by fault class", ["Fault class", "Escalate to"], faults),
        ("Affected", PAIR, _affected(route)),
        (
            "Open questions",
            ["#", "Question"],
            [[f"{i}.", q] for i, q in enumerate(route.questions, 1)],
        ),
    ]


def title(route: Route) -> str:
    s = route.scenario
    return (
        f"Drill: {s.category or (s.symptom.value if s.symptom else '')} on {', '.join(s.objects)}, "
        f"{SCOPE[s.scope.value]}, {when(s.at)}"
    )


def _ticket(route: Route) -> list[list[str]]:
    ah = route.after_hours
    rows = [
        ["category", f"{route.category or 'none'} (urgency {route.urgency.value})"],
        [
            "priority",
            f"{route.priority or 'none'} ({(route.impact or route.scenario.scope).value} x {route.urgency.value})",
        ],
    ]
    if not ah.outside:
        rows.append(["business hours", f"inside ({ah.business_calendar})"])
    else:
        resume = (
            f"; business hours resume {when(ah.next_business_open)}"
            if ah.next_business_open
            else ""
        )
        handled = (
            "after-hours handling applies" if ah.applies else "not covered by after-hours handling"
        )
        rows.append(["business hours", f"outside ({ah.business_calendar}): {handled}{resume}"])
    rows.extend(_window_rows(route))
    return rows


def _window_rows(route: Route) -> list[list[str]]:
    hit = route.maintenance_window
    return [["maintenance window", window_text(hit)]] if hit is not None else []


def _reach(reach: Reach | None) -> str:
    if reach is None:
        return "nobody named"
    if reach.how is None:
        return f"{reach.party}: NOT REACHABLE now"
    via = f" via {reach.channel}" if reach.channel else ""
    person = f" ({reach.contact})" if reach.contact else ""
    return f"{reach.party}{person}, {reach.how}{via}"


def _people(route: Route) -> list[list[str]]:
    return [
        ["intake", _reach(route.intake)],
        ["coordinator", _reach(route.coordinator)],
        ["client updates", _reach(route.update_owner)],
        *(
            [["client updates while vendors work", _reach(route.update_owner_with_vendors)]]
            if route.vendors
            else []
        ),
    ]


def _layers(route: Route) -> list[list[str]]:
    rows = []
    for check in route.layer_checks:
        helpers = ", ".join(check.secondary) or "-"
        rows.append(
            [
                f"{check.layer} ({check.kind})",
                _reach(check.primary),
                helpers,
                ", ".join(check.objects),
            ]
        )
    return rows


def _dues(route: Route) -> list[list[str]]:
    rows = []
    for target in route.targets:
        for due in (target.response, target.recovery):
            if due is not None:
                label = f"{due.what} ({format_duration(due.duration)} on {due.calendar})"
                rows.append([label, when(due.at), f"{target.rule}: {', '.join(target.objects)}"])
    if route.first_update is not None:
        due = route.first_update
        label = f"{due.what} (every {format_duration(due.duration)} on {due.calendar})"
        rows.append(
            [
                label,
                when(due.at),
                f"by {route.update_owner.party if route.update_owner else 'nobody named'}",
            ]
        )
    return rows


def _who(party: str | None, contact: str | None) -> str:
    return contact or party or ""


def _approvals(route: Route) -> list[list[str]]:
    a = route.approval
    rows = [["emergency access", a.emergency_access or "nobody named"]]
    if route.after_hours.outside:
        rows.append(["emergency actions at night", a.night_actions or "nobody named"])
        if a.without_approval:
            rows.append(["allowed without approval", "; ".join(a.without_approval)])
    if a.after_hours_approval is not None:
        rows.append(["after-hours work needs approval", "yes" if a.after_hours_approval else "no"])
    return rows


def _vendors(route: Route) -> list[list[str]]:
    rows = []
    for v in route.vendors:
        duties = (
            f"cases {v.opens_cases or '?'}, logs {v.collects_logs or '?'}, "
            f"correspondence {v.correspondence or '?'}, fixes decided by {v.decides_fixes or '?'}"
        )
        rows.append(
            [f"{v.vendor} ({v.product or 'product not named'})", duties, ", ".join(v.objects)]
        )
    return rows


def _affected(route: Route) -> list[list[str]]:
    return [
        ["objects", ", ".join(route.affected_objects)],
        ["business units", ", ".join(route.business_units) or "none named"],
    ]


def render_text(route: Route) -> str:
    lines = [title(route), ""]
    for name, headers, rows in sections(route):
        lines.append(name)
        if not rows:
            lines.append(
                "  none" if name != "Open questions" else "  none: the contract answers every step"
            )
        shown = [headers, *rows] if rows and len(headers) > 2 else rows
        widths = [
            max(len(r[i]) for r in shown if len(r) > i)
            for i in range(max((len(r) for r in shown), default=0))
        ]
        for row in shown:
            cells = [c.ljust(widths[i]) if i < len(row) - 1 else c for i, c in enumerate(row)]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append("")
    return "\n".join(lines)


def render_markdown(route: Route) -> str:
    lines = [f"# {title(route)}", ""]
    for name, headers, rows in sections(route):
        lines += [f"## {name}", ""]
        if not rows:
            lines += [
                "None." if name != "Open questions" else "None: the contract answers every step.",
                "",
            ]
            continue
        if name == "Open questions":
            lines += [f"{i}. {_md(q)}" for i, (_, q) in enumerate(rows, 1)] + [""]
            continue
        width = len(headers)
        lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * width]
        lines += [
            "| " + " | ".join(_md(c) for c in row + [""] * (width - len(row))) + " |"
            for row in rows
        ]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def route_data(route: Route) -> dict[str, Any]:
    data: dict[str, Any] = _plain(dataclasses.asdict(route))
    data["title"] = title(route)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
