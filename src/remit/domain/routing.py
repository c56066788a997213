"""Who handles a ticket and under which terms, read from the contract.

Pure functions of a `Contract`: authorization of the requester, priority from
the impact x urgency matrix, the SLA target (an override that lists one of the
ticket's objects beats a general target; among general targets the first whose
categories and priorities match), after-hours coverage, the coordinator, the
suspected layers of an unlocalized fault and their primary parties.
"""

from __future__ import annotations

from dataclasses import dataclass

from remit.domain.contract import Contract
from remit.domain.errors import InvalidInput
from remit.domain.terms import FaultClass, Impact, Urgency
from remit.domain.ticket import RequestKind


@dataclass(frozen=True, slots=True)
class Terms:
    """The SLA terms a ticket runs under."""

    calendar: str
    response: int | None
    recovery: int | None
    source: str  # "override" or "target", for the record


@dataclass(frozen=True, slots=True)
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


def default_urgency(contract: Contract, category: str) -> Urgency:
    categories = contract.priorities.categories if contract.priorities else {}
    if category not in categories:
        raise InvalidInput(f"unknown category '{category}'; known: {', '.join(categories)}")
    return categories[category].urgency or Urgency.DEGRADED


def priority_for(contract: Contract, impact: Impact, urgency: Urgency) -> str:
    if contract.priorities is None:
        raise InvalidInput("the contract has no priority matrix")
    try:
        return contract.priorities.matrix[impact][urgency]
    except KeyError:
        raise InvalidInput(
            f"the priority matrix has no cell for {impact.value} x {urgency.value}"
        ) from None


def select_terms(
    contract: Contract, category: str, priority: str, objects: tuple[str, ...]
) -> Terms | None:
    """The SLA terms for a ticket: a matching override for one of its objects, else a target."""
    for override in contract.sla.overrides:
        if set(override.objects) & set(objects) and _matches(
            override.categories, override.priorities, category, priority
        ):
            return Terms(override.calendar, override.response, override.recovery, "override")
    for target in contract.sla.targets:
        if _matches(target.categories, target.priorities, category, priority):
            return Terms(target.calendar, target.response, target.recovery, "target")
    return None


def _matches(
    categories: tuple[str, ...], priorities: tuple[str, ...], category: str, priority: str
) -> bool:
    return (not categories or category in categories) and (not priorities or priority in priorities)


def after_hours_covered(contract: Contract, priority: str, category: str) -> bool:
    """True when the contract handles this priority and category outside business hours."""
    rule = contract.sla.after_hours
    if rule is None:
        return False
    return priority in rule.priorities and (not rule.categories or category in rule.categories)


def clock_calendar(contract: Contract, terms: Terms, priority: str, category: str) -> str:
    """The calendar the clocks run on: business hours unless after-hours coverage applies."""
    business = contract.sla.business_calendar
    if business is None or after_hours_covered(contract, priority, category):
        return terms.calendar
    return business


def coordinator(contract: Contract, priority: str) -> str:
    """The party that owns the ticket from intake to closure."""
    if contract.coordination is not None:
        return contract.coordination.coordinator
    levels = contract.priorities.levels if contract.priorities else {}
    ownership = levels[priority].ownership if priority in levels else None
    if ownership is not None and ownership.intake is not None:
        return ownership.intake
    if contract.operating_model.it_provider is not None:
        return contract.operating_model.it_provider
    raise InvalidInput("the contract names no coordinator, intake party or IT provider")


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


def update_owner(contract: Contract, coordinator_party: str, vendors_involved: bool) -> str:
    comm = contract.communication
    if vendors_involved and comm.owner_with_vendors:
        return comm.owner_with_vendors
    return comm.owner or coordinator_party
