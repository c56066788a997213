"""Rules on the incident process: ownership behind each priority, pauses,
client updates, vendor follow-through, escalation and coordination."""

from __future__ import annotations

from collections.abc import Iterator

from remit.checks.model import Hit, Rule, Severity
from remit.contract_facts import Facts, object_path
from remit.domain.contract import LayerKind, ObjectKind
from remit.domain.terms import FaultClass

OWNERSHIP_PATH = (
    ("intake", "who owns intake"),
    ("engineering", "who engineering hands off to"),
    ("handoff_after", "when helpdesk hands off to engineering"),
    ("vendor_after", "when vendor escalation begins"),
    ("client_updates", "who keeps the client updated"),
)


def priority_without_ownership(facts: Facts) -> Iterator[Hit]:
    p = facts.contract.priorities
    for name, level in (p.levels if p else {}).items():
        path = f"priorities.levels.{name}"
        if level.ownership is None:
            yield Hit(path, f"priority {name} has no ownership path")
            continue
        fields = [f for f, _ in OWNERSHIP_PATH if getattr(level.ownership, f) is None]
        missing = [what for field, what in OWNERSHIP_PATH if field in fields]
        if missing:
            yield Hit(
                f"{path}.ownership",
                f"priority {name} does not say {'; '.join(missing)}",
                f"add {', '.join(f'`{f}`' for f in fields)} to the ownership of {name}",
            )


def no_pause_rules(facts: Facts) -> Iterator[Hit]:
    if not facts.contract.pauses:
        yield Hit("pauses", "the contract has no pause rules")


def pause_without_side(facts: Facts) -> Iterator[Hit]:
    for index, rule in enumerate(facts.contract.pauses):
        if rule.attributed_to is None:
            yield Hit(
                f"pauses[{index}]",
                f'pause reason "{rule.reason}" is not attributed to a side',
                "add `attributed_to:` (customer, provider or third_party)",
            )
        if not rule.set_by:
            yield Hit(
                f"pauses[{index}]",
                f'pause reason "{rule.reason}" does not say who may set it',
                "add `set_by: [<party>]`",
            )


def no_update_cadence(facts: Facts) -> Iterator[Hit]:
    cadence = facts.contract.communication.cadence
    if not cadence:
        yield Hit("communication", "the contract has no client-update cadence")
        return
    missing = [lvl for lvl in facts.levels if lvl not in cadence]
    if missing:
        yield Hit(
            "communication.cadence",
            f"no client-update cadence for {', '.join(missing)}",
            f"add {', '.join(missing)} to `communication.cadence`",
        )


def no_update_owner_with_vendors(facts: Facts) -> Iterator[Hit]:
    comm = facts.contract.communication
    if facts.vendors_involved and comm.owner_with_vendors is None:
        yield Hit(
            "communication",
            "vendors are involved, but nobody is named to own client updates while they work",
        )


VENDOR_DUTIES = (
    ("opens_cases", "opens cases"),
    ("collects_logs", "collects logs"),
    ("correspondence", "handles correspondence"),
    ("decides_fixes", "decides on fixes"),
)


def vendor_without_follow_through(facts: Facts) -> Iterator[Hit]:
    for index, handling in enumerate(facts.contract.vendors):
        fields = [f for f, _ in VENDOR_DUTIES if getattr(handling, f) is None]
        missing = [what for field, what in VENDOR_DUTIES if field in fields]
        if missing:
            yield Hit(
                f"vendors[{index}]",
                f"for {handling.product}, nobody is named who {', '.join(missing)}",
                f"add {', '.join(f'`{f}`' for f in fields)} to this `vendors` entry",
            )
    vendors = {v.vendor for v in facts.contract.vendors}
    for name, obj in facts.objects.items():
        if obj.vendor and obj.vendor not in vendors:
            yield Hit(
                f"{object_path(name)}.vendor",
                f'object "{name}" is a product of "{obj.vendor}", but `vendors` names nobody '
                "to open cases, collect logs, correspond and decide on fixes",
            )


def _required_fault_classes(facts: Facts) -> list[FaultClass]:
    needed = [FaultClass.INFRASTRUCTURE, FaultClass.HOSTING_RISK, FaultClass.BUDGET]
    apps = any(o.kind is ObjectKind.APPLICATION for o in facts.objects.values()) or any(
        layer.kind is LayerKind.APPLICATION for layer in facts.contract.layers.values()
    )
    if apps:
        needed.insert(1, FaultClass.APPLICATION_DEFECT)
    return needed


def missing_fault_class(facts: Facts) -> Iterator[Hit]:
    targets = facts.contract.escalation.fault_classes
    missing = [fc.value for fc in _required_fault_classes(facts) if fc not in targets]
    if missing:
        yield Hit(
            "escalation.fault_classes" if targets else "escalation",
            f"no escalation target for {', '.join(missing)}",
        )


def no_escalation_path(facts: Facts) -> Iterator[Hit]:
    esc = facts.contract.escalation
    if not esc.levels:
        yield Hit("escalation", "the contract names no escalation levels")
    elif not esc.triggers:
        yield Hit(
            "escalation",
            "escalation levels exist, but no time trigger moves a ticket up",
            "add `escalation.triggers`, e.g. `{at: 50%, of: recovery, level: <level>}`",
        )


def update_owner_shadowed(facts: Facts) -> Iterator[Hit]:
    """A priority's `client_updates` owner that `communication.owner` contradicts."""
    owner = facts.contract.communication.owner
    levels = facts.contract.priorities.levels if facts.contract.priorities else {}
    for name, level in levels.items():
        own = level.ownership.client_updates if level.ownership else None
        if owner and own and own != owner:
            yield Hit(
                f"priorities.levels.{name}.ownership.client_updates",
                f'{name} client updates are owned by "{own}", while communication.owner names '
                f'"{owner}": the priority\'s owner applies, communication.owner only where a '
                "priority names none",
            )


def no_coordinator(facts: Facts) -> Iterator[Hit]:
    if facts.contract.coordination is None:
        yield Hit("coordination", "the contract names no incident coordinator")


RULES = (
    Rule(
        "RM301",
        "priority-without-ownership",
        Severity.ERROR,
        "A priority has no ownership path",
        "002",
        "Severity labels without owners are a red flag: who owns intake, when work moves to "
        "engineering, when vendor escalation begins, who keeps the client updated.",
        "fill `ownership:` of the priority: intake, engineering, handoff_after, vendor_after, "
        "client_updates",
        priority_without_ownership,
    ),
    Rule(
        "RM302",
        "no-pause-rules",
        Severity.ERROR,
        "The contract has no pause rules",
        "001",
        "An SLA without pauses is almost impossible to honour fairly: times must stop when "
        "access, approvals or answers from the customer are missing.",
        "list the only reasons a clock may stop under `pauses:`",
        no_pause_rules,
    ),
    Rule(
        "RM303",
        "pause-without-side",
        Severity.ERROR,
        "A pause reason has no attributed side or nobody who may set it",
        "001",
        "Every pause must say whose side caused it, or pause time cannot be reported and the "
        "delay will be argued about.",
        "add `attributed_to:` and `set_by:` to the pause rule",
        pause_without_side,
    ),
    Rule(
        "RM304",
        "no-update-cadence",
        Severity.ERROR,
        "No client-update cadence (for a priority)",
        "002",
        "Client updates are part of the operating standard, not ad hoc: the client must know "
        "when the next update arrives.",
        "add `communication.cadence` with an interval per priority",
        no_update_cadence,
    ),
    Rule(
        "RM305",
        "no-update-owner-with-vendors",
        Severity.ERROR,
        "Nobody owns client updates while vendors are involved",
        "002",
        "When an ISP, cloud provider or vendor is involved the provider must still own the "
        "narrative instead of forcing the client to chase several parties.",
        "name `communication.owner_with_vendors`",
        no_update_owner_with_vendors,
    ),
    Rule(
        "RM306",
        "vendor-without-follow-through",
        Severity.ERROR,
        "A vendor product has nobody named to open cases, collect logs, correspond, decide",
        "001",
        "Vendor coordination assumed without naming who owns the follow-through is a red flag; "
        "decide in advance who opens cases, collects logs, corresponds and decides on fixes.",
        "add a `vendors:` entry for the product with all four duties",
        vendor_without_follow_through,
    ),
    Rule(
        "RM307",
        "missing-fault-class",
        Severity.ERROR,
        "No escalation target for a fault class",
        "000",
        "Infrastructure faults go to hosting, application defects to the developer, hosting "
        "risk and budget to the client owner; without targets each escalation is improvised.",
        "add the fault class under `escalation.fault_classes`",
        missing_fault_class,
    ),
    Rule(
        "RM308",
        "no-escalation-path",
        Severity.ERROR,
        "No escalation levels or no time triggers",
        "002",
        "Escalation should be specific before signing: levels with named parties and the "
        "share of a target after which a ticket moves up.",
        "add `escalation.levels` and `escalation.triggers`",
        no_escalation_path,
    ),
    Rule(
        "RM309",
        "no-coordinator",
        Severity.ERROR,
        "No incident coordinator",
        "001",
        "Without one accountable owner of the incident each team sees only its fragment and "
        "tickets are closed by layer instead of by restored service.",
        "add `coordination: {coordinator: <party>, until: closure}`",
        no_coordinator,
    ),
    Rule(
        "RM310",
        "update-owner-shadowed",
        Severity.WARNING,
        "A priority's client-update owner contradicts communication.owner",
        "002",
        "The client must know who keeps it informed. When `communication.owner` names one "
        "party and a priority's `ownership.client_updates` another, the contract reads two "
        "ways; the desk follows the priority's owner (docs/contract.md, How a ticket is routed).",
        "name the same party in both, or drop `communication.owner` when every priority names "
        "its own `client_updates`",
        update_owner_shadowed,
    ),
)
