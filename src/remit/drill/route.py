"""The answer of a drill: who does what, by when, and what the contract leaves open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from remit.domain.targets import Rung
from remit.domain.terms import Impact, Urgency
from remit.drill.scenario import Scenario


@dataclass(frozen=True, slots=True)
class Reach:
    """How a party can be reached at the drill's instant; `how` is None when it cannot."""

    party: str
    how: str | None  # "working hours", "emergency channel", "on-call contact"
    channel: str | None = None  # "phone +49 ..." as written
    contact: str | None = None  # "Name (role)"


@dataclass(frozen=True, slots=True)
class LayerCheckRoute:
    layer: str
    kind: str
    primary: Reach | None
    secondary: tuple[str, ...]
    escalation: tuple[str, ...]
    objects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Due:
    what: str  # response, recovery, first client update
    at: datetime
    calendar: str
    duration: int  # seconds of the calendar's open time


@dataclass(frozen=True, slots=True)
class TargetDue:
    objects: tuple[str, ...]
    rule: str  # field path of the SLA rule
    calendar: str
    response: Due | None
    recovery: Due | None


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    what: str
    party: str | None = None
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class AfterHoursRoute:
    business_calendar: str | None
    outside: bool  # the instant is outside business hours
    applies: bool  # after-hours handling covers this ticket
    answered_by: str | None
    next_business_open: datetime | None


@dataclass(frozen=True, slots=True)
class VendorRoute:
    vendor: str
    product: str | None
    objects: tuple[str, ...]
    opens_cases: str | None = None
    collects_logs: str | None = None
    correspondence: str | None = None
    decides_fixes: str | None = None


@dataclass(frozen=True, slots=True)
class Approval:
    emergency_access: str | None  # who approves emergency access: name, role, phone [party.contact]
    night_actions: str | None  # who approves emergency actions after hours, same form
    without_approval: tuple[str, ...]
    after_hours_approval: bool | None


@dataclass(frozen=True, slots=True)
class WindowHit:
    """The maintenance-window occurrence the scenario's objects are inside at its instant."""

    name: str
    start: datetime
    end: datetime
    timezone: str
    confirmed_by: str | None  # who confirms each occurrence; None: agreed by the contract
    clocks_run: bool
    escalations_fire: bool


@dataclass(frozen=True, slots=True)
class Route:
    scenario: Scenario
    category: str | None
    urgency: Urgency
    priority: str | None
    after_hours: AfterHoursRoute
    intake: Reach | None
    coordinator: Reach | None
    layer_checks: tuple[LayerCheckRoute, ...]
    targets: tuple[TargetDue, ...]
    first_update: Due | None
    update_owner: Reach | None
    timeline: tuple[Step, ...]
    approval: Approval
    vendors: tuple[VendorRoute, ...]
    fault_classes: dict[str, str]
    affected_objects: tuple[str, ...]
    business_units: tuple[str, ...]
    questions: tuple[str, ...] = field(default=())
    impact: Impact | None = None  # the scope, raised to the named objects' criticality floor
    update_owner_with_vendors: Reach | None = None  # who updates the client while vendors work
    first_escalation: Rung | None = None  # the earliest escalation trigger, as the desk plans it
    governing: TargetDue | None = None  # the target whose clocks the ticket runs on
    maintenance_window: WindowHit | None = None
