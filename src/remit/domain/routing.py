"""Who handles a ticket and at which priority, read from the contract.

Pure functions of a `Contract`, used by the desk, the drill and the appendix
alike (docs/contract.md, "How a ticket is routed"): authorization of the
requester; priority (urgency = the given one, else the category's, else
degraded; impact = the wider of the scope and the criticality floor of the
named objects; priority = the matrix cell, unless given explicitly);
after-hours cover; the intake party, the coordinator, the client-update owner;
the layer checks of the named objects and their dependencies. Which SLA rule
governs and when it falls due is `remit.domain.targets`.
"""

from __future__ import annotations

from remit.domain.contract import Contract, Criticality
from remit.domain.errors import InvalidInput
from remit.domain.terms import FaultClass, Impact, Ownership, Urgency
from remit.domain.ticket import RequestKind
from remit.domain.values import frozen

IMPACT_ORDER = (Impact.USER, Impact.DEPARTMENT, Impact.ORGANIZATION)

# The matrix cell of the scope that stops when an object of this criticality stops;
# its impact is the floor of a ticket naming the object (the appendix shows the cell).
CRITICALITY_CELL: dict[Criticality, tuple[Impact, Urgency]] = {
    Criticality.CRITICAL: (Impact.ORGANIZATION, Urgency.WORK_STOPPED),
    Criticality.HIGH: (Impact.DEPARTMENT, Urgency.WORK_STOPPED),
    Criticality.MEDIUM: (Impact.USER, Urgency.WORK_STOPPED),
    Criticality.LOW: (Impact.USER, Urgency.CAN_WAIT),
}
CRITICALITY_IMPACT = {crit: cell[0] for crit, cell in CRITICALITY_CELL.items()}


@frozen
class Classification:
    urgency: Urgency
    impact: Impact
    priority: str | None  # None when the matrix has no cell


@frozen
class Assigned:
    """A party the contract gives a role, and the field that named it (None: nothing did)."""

    party: str | None
    source: str | None


@frozen
class LayerCheck:
    layer: str
    party: str


def resolve_contact(contract: Contract, person: str) -> str | None:
    """The 'party.contact' reference of a person given as a reference or an e-mail address."""
    wanted = person.strip().lower()
    for party_key, party in contract.parties.items():
        for contact_key, contact in party.contacts.items():
            ref = f"{party_key}.{contact_key}"
            if wanted == ref.lower() or (contact.email and wanted == contact.email.lower()):
                return ref
    return None


def is_authorized(contract: Contract, contact: str | None, kind: RequestKind) -> bool:
    """True when `contact` may open a request of `kind` for the client."""
    if contact is None:
        return False
    auth = contract.authorization
    if contact == auth.primary_contact:
        return True
    for sub in auth.sub_accounts:
        if sub.contact == contact:
            return sub.billing if kind is RequestKind.BILLING else sub.technical
    if auth.primary_contact is None and not auth.sub_accounts:
        return contact.split(".", 1)[0] == contract.contract.client
    return False


def primary_contact(contract: Contract) -> str | None:
    """Who confirms a held request: the primary contact, else the client owner."""
    return contract.authorization.primary_contact or contract.operating_model.client_owner


def rejects_unauthorized(contract: Contract) -> bool:
    return contract.authorization.unauthorized is not None and (
        contract.authorization.unauthorized.value == "reject"
    )


def require_category(contract: Contract, category: str) -> None:
    categories = contract.priorities.categories if contract.priorities else {}
    if category not in categories:
        raise InvalidInput(f"unknown category '{category}'; known: {', '.join(categories)}")


def urgency_for(contract: Contract, category: str | None, given: Urgency | None) -> Urgency:
    """The given urgency, else the category's declared urgency, else degraded."""
    if given is not None:
        return given
    categories = contract.priorities.categories if contract.priorities else {}
    declared = categories[category].urgency if category in categories else None
    return declared or Urgency.DEGRADED


def criticality_impact(contract: Contract, objects: tuple[str, ...]) -> Impact | None:
    """The impact floor of the most critical named object (`CRITICALITY_CELL`)."""
    found = [
        CRITICALITY_IMPACT[crit]
        for name in objects
        if name in contract.objects and (crit := contract.objects[name].criticality)
    ]
    return max(found, key=IMPACT_ORDER.index) if found else None


def wider(scope: Impact, floor: Impact | None) -> Impact:
    return scope if floor is None else max(scope, floor, key=IMPACT_ORDER.index)


def impact_for(contract: Contract, scope: Impact, objects: tuple[str, ...]) -> Impact:
    """The wider of the requester's scope and the named objects' criticality floor."""
    return wider(scope, criticality_impact(contract, objects))


def criticality_priority(contract: Contract, criticality: Criticality) -> str | None:
    """The priority the appendix shows for an object of this criticality: `classify`
    of one user's report at the cell's urgency on such an object."""
    urgency = CRITICALITY_CELL[criticality][1]
    return classify(
        contract, Impact.USER, None, (), urgency=urgency, criticality=criticality
    ).priority


def matrix_cell(contract: Contract, impact: Impact, urgency: Urgency) -> str | None:
    if contract.priorities is None:
        return None
    return contract.priorities.matrix.get(impact, {}).get(urgency)


def classify(
    contract: Contract,
    scope: Impact,
    category: str | None,
    objects: tuple[str, ...],
    *,
    urgency: Urgency | None = None,
    priority: str | None = None,
    criticality: Criticality | None = None,
) -> Classification:
    """Urgency, impact and priority of a ticket; an explicit `priority` replaces the matrix.
    `criticality` adds the floor of an object of that criticality (the appendix's row)."""
    chosen = urgency_for(contract, category, urgency)
    impact = impact_for(contract, scope, objects)
    if criticality is not None:
        impact = wider(impact, CRITICALITY_IMPACT[criticality])
    return Classification(chosen, impact, priority or matrix_cell(contract, impact, chosen))


def require_priority(contract: Contract, found: Classification) -> str:
    """The classified priority; `InvalidInput` when the matrix gives none."""
    if contract.priorities is None:
        raise InvalidInput("the contract has no priority matrix")
    if found.priority is None:
        raise InvalidInput(
            f"the priority matrix has no cell for {found.impact.value} x {found.urgency.value}"
        )
    return found.priority


def business_calendar(contract: Contract) -> str:
    """Business hours: `sla.business_calendar`, else the client party's calendar."""
    return contract.sla.business_calendar or contract.parties[contract.contract.client].calendar


def after_hours_covered(contract: Contract, priority: str | None, category: str | None) -> bool:
    """True when `sla.after_hours` lists the priority (an empty list covers none) and
    the category (an empty list covers every category)."""
    rule = contract.sla.after_hours
    if rule is None or priority is None or category is None:
        return False
    return priority in rule.priorities and (not rule.categories or category in rule.categories)


def ownership(contract: Contract, priority: str | None) -> Ownership | None:
    levels = contract.priorities.levels if contract.priorities else {}
    level = levels.get(priority) if priority else None
    return level.ownership if level else None


def intake_party(contract: Contract, priority: str | None, after_hours: bool) -> Assigned:
    """Who accepts the ticket: the after-hours answerer when after-hours cover applies,
    else the priority's intake owner, else the coordinator."""
    cover = contract.sla.after_hours
    if after_hours and cover is not None and cover.answered_by:
        return Assigned(cover.answered_by, "sla.after_hours.answered_by")
    owner = ownership(contract, priority)
    if owner is not None and owner.intake:
        return Assigned(owner.intake, f"priorities.levels.{priority}.ownership.intake")
    return coordinator_of(contract, priority)


def coordinator_of(contract: Contract, priority: str | None) -> Assigned:
    """The coordinator and the field that names it; `party` None when nothing does."""
    if contract.coordination is not None:
        return Assigned(contract.coordination.coordinator, "coordination.coordinator")
    owner = ownership(contract, priority)
    if owner is not None and owner.intake:
        return Assigned(owner.intake, f"priorities.levels.{priority}.ownership.intake")
    if contract.operating_model.it_provider is not None:
        return Assigned(contract.operating_model.it_provider, "operating_model.it_provider")
    return Assigned(None, None)


def coordinator(contract: Contract, priority: str) -> str:
    """The party that owns the ticket from intake to closure."""
    found = coordinator_of(contract, priority).party
    if found is None:
        raise InvalidInput("the contract names no coordinator, intake party or IT provider")
    return found


def unknown_objects(contract: Contract, objects: tuple[str, ...]) -> list[str]:
    return [name for name in objects if name not in contract.objects]


def with_dependencies(contract: Contract, objects: tuple[str, ...]) -> list[str]:
    """The objects and everything they depend on, in first-seen order."""
    seen: list[str] = []
    queue = list(objects)
    while queue:
        name = queue.pop(0)
        if name in seen or name not in contract.objects:
            continue
        seen.append(name)
        queue.extend(contract.objects[name].depends_on)
    return seen


def suspected_layers(contract: Contract, objects: tuple[str, ...]) -> list[str]:
    layers: list[str] = []
    for name in with_dependencies(contract, objects):
        for layer in contract.objects[name].layers:
            if layer not in layers:
                layers.append(layer)
    return layers


def layer_party(contract: Contract, layer: str, fallback: str) -> str:
    """The primary party of a layer; `fallback` (the coordinator) when none is named."""
    if layer not in contract.layers:
        raise InvalidInput(f"unknown layer '{layer}'; known: {', '.join(contract.layers)}")
    declared = contract.layers[layer]
    return declared.primary[0] if declared.primary else fallback


def layer_checks(
    contract: Contract, objects: tuple[str, ...], layers: tuple[str, ...], fallback: str
) -> list[LayerCheck]:
    """One check per layer: the given layers, or the suspected ones of the objects."""
    chosen = list(layers) or suspected_layers(contract, objects)
    return [LayerCheck(layer, layer_party(contract, layer, fallback)) for layer in chosen]


def fault_class_party(contract: Contract, fault_class: FaultClass) -> str:
    target = contract.escalation.fault_classes.get(fault_class)
    if target is None:
        raise InvalidInput(f"the contract names no escalation target for {fault_class.value}")
    return target


def is_party(contract: Contract, party: str) -> bool:
    return party in contract.parties


def vendor_follow_through(contract: Contract, vendor: str, fallback: str) -> tuple[str, str]:
    """Who opens a vendor case and who follows it through, from the vendor handling terms."""
    for handling in contract.vendors:
        if handling.vendor == vendor:
            opens = handling.opens_cases or fallback
            return opens, handling.correspondence or opens
    return fallback, fallback


def update_owner(
    contract: Contract, priority: str | None, coordinator_party: str, *, vendors: bool
) -> str:
    """Who keeps the client updated: while a vendor is involved `owner_with_vendors`;
    otherwise the priority's `ownership.client_updates`, else `communication.owner`,
    else the coordinator."""
    comm = contract.communication
    if vendors and comm.owner_with_vendors:
        return comm.owner_with_vendors
    owner = ownership(contract, priority)
    return (owner.client_updates if owner else None) or comm.owner or coordinator_party
