"""Drill a scenario through the contract: the route, step by step, with open questions.

Every step that the contract cannot answer for this scenario adds a question
instead of guessing; `Route.questions` is the list a contract author must close.
"""

from __future__ import annotations

from datetime import datetime

from remit.contract_facts import Facts
from remit.domain import routing, targets
from remit.domain.contract import Contract
from remit.domain.terms import Urgency, VendorHandling
from remit.drill import timeline
from remit.drill.reach import Clocks, reach
from remit.drill.route import (
    AfterHoursRoute,
    Approval,
    LayerCheckRoute,
    Reach,
    Route,
    Step,
    VendorRoute,
)
from remit.drill.scenario import DEFAULT_URGENCY, Scenario, check_category, check_objects
from remit.drill.window import clock_start, window_hit


def drill(
    contract: Contract,
    scenario: Scenario,
    *,
    facts: Facts | None = None,
    clocks: Clocks | None = None,
) -> Route:
    """The route `contract` gives `scenario`; `DrillError` for an unknown object or category.
    Pass the same `facts` and `clocks` to drill many scenarios of one contract."""
    check_objects(contract, scenario.objects)
    check_category(contract, scenario.category)
    return _Drill(contract, scenario, facts or Facts(contract), clocks or Clocks(contract)).run()


def when(at: datetime) -> str:
    return at.strftime("%a %Y-%m-%d %H:%M %z")


class _Drill:
    def __init__(
        self, contract: Contract, scenario: Scenario, facts: Facts, clocks: Clocks
    ) -> None:
        self.c, self.s, self.facts = contract, scenario, facts
        self.clocks = clocks
        self.questions: list[str] = []
        self.suspects = tuple(routing.with_dependencies(contract, scenario.objects))
        self.urgent = True

    def ask(self, question: str) -> None:
        if question not in self.questions:
            self.questions.append(question)

    def run(self) -> Route:
        category, found = self.classify()
        priority = found.priority
        self.urgent = found.urgency is not Urgency.CAN_WAIT
        after = self.after_hours(priority, category)
        window = window_hit(self.c, self.s)
        clocks_from = clock_start(window, self.s.at)
        dues, lead = (
            timeline.target_dues(
                self.c, self.clocks, self.s.objects, category, priority, clocks_from, self.ask
            )
            if category and priority
            else ([], None)
        )
        steps = (
            timeline.escalation_steps(self.c, self.clocks, priority, lead, clocks_from, self.ask)
            if priority
            else []
        )
        rungs = (
            timeline.ladder(self.c, self.clocks, priority, lead, clocks_from) if priority else []
        )
        coordinator = self.coordinator(priority)
        intake = self.intake(priority, after)
        opened = Step(self.s.at, "ticket opened and accepted", intake.party if intake else None)
        update = (
            timeline.first_update(
                self.c,
                self.clocks,
                priority,
                lead.calendar if lead else None,
                clocks_from,
                self.ask,
            )
            if priority
            else None
        )
        vendors = self.vendors()
        affected = (*self.s.objects, *self.facts.needed_by(self.s.objects))
        return Route(
            scenario=self.s,
            category=category,
            urgency=found.urgency,
            priority=priority,
            after_hours=after,
            intake=intake,
            coordinator=coordinator,
            layer_checks=self.layer_checks(coordinator),
            targets=tuple(dues),
            first_update=update,
            update_owner=self.update_owner(priority, coordinator, vendors=False),
            timeline=(opened, *(_named(self.c, step) for step in steps)),
            approval=self.approval(after),
            vendors=vendors,
            fault_classes={k.value: v for k, v in self.c.escalation.fault_classes.items()},
            affected_objects=affected,
            business_units=tuple(
                dict.fromkeys(u for n in affected if (u := self.c.objects[n].business_unit))
            ),
            questions=tuple(self.questions),
            impact=found.impact,
            update_owner_with_vendors=(
                self.update_owner(priority, coordinator, vendors=True) if vendors else None
            ),
            first_escalation=targets.first_escalation(rungs),
            governing=lead,
            maintenance_window=window,
        )

    # -- classification ---------------------------------------------------------------

    def classify(self) -> tuple[str | None, routing.Classification]:
        category = self.s.category or self.category_of_symptom()
        given = DEFAULT_URGENCY[self.s.symptom] if category is None and self.s.symptom else None
        found = routing.classify(self.c, self.s.scope, category, self.s.objects, urgency=given)
        if found.priority is None:
            self.ask(
                f"The priority matrix has no cell for {found.impact.value} x {found.urgency.value}: which priority is this?"
            )
        return category, found

    def category_of_symptom(self) -> str | None:
        symptom = self.s.symptom.value if self.s.symptom else ""
        names = self.facts.categories
        category = (
            symptom if symptom in names else next((n for n in names if n.startswith(symptom)), None)
        )
        if category is None:
            self.ask(
                f'The contract has no ticket category for "{symptom}": which targets and which after-hours rules apply?'
            )
        return category

    def after_hours(self, priority: str | None, category: str | None) -> AfterHoursRoute:
        name = routing.business_calendar(self.c)
        if self.c.sla.business_calendar is None:
            self.ask(
                f"sla.business_calendar is not set: are business hours the client's calendar ({name})?"
            )
        clock = self.clocks[name]
        outside = not clock.is_open(self.s.at)
        applies = outside and routing.after_hours_covered(self.c, priority, category)
        reopen = clock.breach_at(self.s.at, 0).astimezone(self.s.at.tzinfo) if outside else None
        if outside and not applies:
            until = f" before {when(reopen)}" if reopen else ""
            self.ask(
                f"{when(self.s.at)} is outside business hours ({name}) and after-hours coverage does not include "
                f"{priority or 'this priority'} {category or ''}: who works on it{until}?".replace(
                    "  ", " "
                )
            )
        cover = self.c.sla.after_hours
        answered = cover.answered_by if applies and cover else None
        return AfterHoursRoute(name, outside, applies, answered, reopen)

    # -- people -----------------------------------------------------------------------

    def _reach(self, party: str, role: str) -> Reach:
        found = reach(self.c, self.clocks, party, self.s.at, urgent=self.urgent)
        if found.how is None:
            self.ask(
                f'Nobody at "{party}" ({role}) can be reached at {when(self.s.at)}: who acts now?'
            )
        return found

    def intake(self, priority: str | None, after: AfterHoursRoute) -> Reach | None:
        found = routing.intake_party(self.c, priority, after.applies)
        named = found.source is not None and found.source.endswith(("answered_by", ".intake"))
        if not named:
            self.ask(
                f"No intake party is named for {priority or 'this priority'}"
                + (f'; "{found.party}" is assumed' if found.party else ": who accepts the ticket?")
            )
        return self._reach(found.party, "intake") if found.party else None

    def coordinator(self, priority: str | None) -> Reach | None:
        found = routing.coordinator_of(self.c, priority)
        if found.party is None:
            self.ask("No coordinator is named: who owns the incident until service is restored?")
            return None
        if found.source != "coordination.coordinator":
            self.ask(
                f'No coordinator is named; "{found.party}" ({found.source}) is assumed: '
                "who owns the incident until service is restored?"
            )
        return self._reach(found.party, "coordinator")

    def handling(self, vendor: str, product: str | None) -> VendorHandling | None:
        """The vendor's handling for this product: the same name, else a name that contains
        the other ("Microsoft SQL Server 2019" for "Microsoft SQL Server"), else the vendor's first."""
        mine = [v for v in self.c.vendors if v.vendor == vendor]
        wanted = (product or "").casefold()
        for matches in (
            lambda p: p == wanted,
            lambda p: bool(wanted) and (wanted in p or p in wanted),
        ):
            hit = next((v for v in mine if matches(v.product.casefold())), None)
            if hit is not None:
                return hit
        return mine[0] if mine else None

    def update_owner(
        self, priority: str | None, coordinator: Reach | None, *, vendors: bool
    ) -> Reach | None:
        fallback = coordinator.party if coordinator else None
        if fallback is None:
            while_vendors = " while vendors work" if vendors else ""
            self.ask(f"Nobody is named to keep the client updated{while_vendors}.")
            return None
        found = routing.update_owner(self.c, priority, fallback, vendors=vendors)
        return self._reach(found, "client updates")

    def layer_checks(self, coordinator: Reach | None) -> tuple[LayerCheckRoute, ...]:
        by_layer: dict[str, list[str]] = {}
        for name in self.suspects:
            for layer in self.c.objects[name].layers:
                by_layer.setdefault(layer, []).append(name)
        checks = []
        for layer, names in by_layer.items():
            spec = self.c.layers[layer]
            party = spec.primary[0] if spec.primary else None
            if party is None:
                party = coordinator.party if coordinator else None
                assumed = f'; the coordinator "{party}" is assumed' if party else ""
                self.ask(f'Layer "{layer}" has no primary party: who checks it?{assumed}')
            elif len(spec.primary) > 1:
                self.ask(
                    f'Layer "{layer}" has several primary parties ({", ".join(spec.primary)}): which one checks it?'
                )
            checks.append(
                LayerCheckRoute(
                    layer,
                    spec.kind.value,
                    self._reach(party, f"primary of {layer}") if party else None,
                    spec.secondary,
                    spec.escalation,
                    tuple(names),
                )
            )
        self._executors()
        return tuple(checks)

    def _executors(self) -> None:
        for name in self.s.objects:
            executor = self.c.objects[name].executor
            if executor is None:
                self.ask(f'"{name}" has no executor: who restores it?')
            else:
                self._reach(executor, f'executor of "{name}"')

    def approval(self, after: AfterHoursRoute) -> Approval:
        access, cover = self.c.access, self.c.sla.after_hours
        if access.emergency_approver is None:
            self.ask("Nobody is named to approve emergency access to critical nodes.")
        night = cover.approved_by if cover else None
        if after.outside and night is None:
            self.ask("Nobody is named to approve emergency actions outside business hours.")
        return Approval(
            person(self.c, access.emergency_approver),
            person(self.c, night),
            cover.without_approval if cover else (),
            access.after_hours_approval,
        )

    def vendors(self) -> tuple[VendorRoute, ...]:
        found: dict[tuple[str, VendorHandling | None], list[str]] = {}
        for name in self.suspects:
            obj = self.c.objects[name]
            if obj.vendor:
                found.setdefault((obj.vendor, self.handling(obj.vendor, obj.product)), []).append(
                    name
                )
        routes = []
        for (vendor, handling), names in found.items():
            if handling is None:
                self.ask(
                    f'Nobody is named to open cases, collect logs and correspond with "{vendor}" ({", ".join(names)}).'
                )
                routes.append(VendorRoute(vendor, self.c.objects[names[0]].product, tuple(names)))
                continue
            routes.append(
                VendorRoute(
                    vendor,
                    handling.product,
                    tuple(names),
                    handling.opens_cases,
                    handling.collects_logs,
                    handling.correspondence,
                    handling.decides_fixes,
                )
            )
        return tuple(routes)


def person(contract: Contract, ref: str | None) -> str | None:
    """A 'party.contact' reference as people read it: name, role, phone."""
    if ref is None:
        return None
    contact = contract.contact(ref)
    parts = [contact.name]
    if contact.role:
        parts.append(contact.role)
    if contact.phone or contact.email:
        parts.append(contact.phone or contact.email or "")
    return f"{', '.join(parts)} [{ref}]"


def _named(contract: Contract, step: Step) -> Step:
    if step.contact is None:
        return step
    return Step(step.at, step.what, step.party, person(contract, step.contact))
