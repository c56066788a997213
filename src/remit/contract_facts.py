"""Questions about a contract that the rules, the drill and the appendix all ask.

`Facts` wraps one `Contract` and answers, once each, the derived questions:
which SLA rules apply to an object, ticket category and priority (the rule of
`remit.domain.targets`); whether a party can be reached at night or
on weekends; which objects depend on which.

Definitions pinned here and documented in docs/checks.md:

* A calendar *runs at night* when it is always open or has an interval open
  between 22:00 and 06:00; it *runs on weekends* when Saturday or Sunday has hours.
* A party is *reachable at night* (on weekends) when its own calendar runs then,
  or one of its emergency channels is staffed on a calendar that runs then, or
  one of its contacts is marked ``after_hours: true``.
* An object is *round-the-clock* when its support hours run at night or on
  weekends, or an SLA override naming it runs on such a calendar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from remit.contract.convert import path_join
from remit.domain import routing, targets
from remit.domain.calendar import CalendarSpec
from remit.domain.contract import Contract, Criticality, Party, SupportObject
from remit.domain.targets import SlaRule
from remit.domain.terms import Impact, Urgency
from remit.domain.values import frozen


def object_path(name: str) -> str:
    return path_join("objects", name)


def layer_path(name: str) -> str:
    return path_join("layers", name)


def party_path(name: str) -> str:
    return path_join("parties", name)


@frozen
class OffHours:
    """When a calendar runs, or when a party can be reached, outside office hours."""

    night: bool
    weekend: bool

    def covers(self, other: OffHours) -> bool:
        return (self.night or not other.night) and (self.weekend or not other.weekend)

    def missing(self, other: OffHours) -> str:
        gaps = [
            name
            for name, mine, theirs in (
                ("nights", self.night, other.night),
                ("weekends", self.weekend, other.weekend),
            )
            if theirs and not mine
        ]
        return " and ".join(gaps)


class Facts:
    """Derived, cached views of one contract. Build one per contract; it never changes."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    # -- priorities -------------------------------------------------------------------

    @cached_property
    def levels(self) -> tuple[str, ...]:
        p = self.contract.priorities
        return tuple(p.levels) if p else ()

    @cached_property
    def categories(self) -> tuple[str, ...]:
        p = self.contract.priorities
        return tuple(p.categories) if p else ()

    def priority_of(self, impact: Impact, urgency: Urgency) -> str | None:
        p = self.contract.priorities
        if p is None:
            return None
        return p.matrix.get(impact, {}).get(urgency)

    def priority_for_criticality(self, criticality: Criticality | None) -> str | None:
        """The priority the appendix shows for an object of this criticality."""
        return routing.criticality_priority(self.contract, criticality) if criticality else None

    # -- SLA rules --------------------------------------------------------------------

    @cached_property
    def general_rules(self) -> tuple[SlaRule, ...]:
        return targets.general_rules(self.contract)

    @cached_property
    def override_rules(self) -> tuple[SlaRule, ...]:
        return targets.override_rules(self.contract)

    @cached_property
    def overrides_by_object(self) -> dict[str, list[SlaRule]]:
        index: dict[str, list[SlaRule]] = {}
        for rule in self.override_rules:
            for name in rule.objects:
                index.setdefault(name, []).append(rule)
        return index

    def rules_for(self, obj: str | None, category: str, priority: str) -> list[SlaRule]:
        """The SLA rules that apply: the object's matching overrides, else the general ones."""
        own = self.overrides_by_object.get(obj, []) if obj is not None else []
        return targets.matching(self.general_rules, own, category, priority)

    # -- calendars and reachability ---------------------------------------------------

    def calendar(self, name: str | None) -> CalendarSpec | None:
        return self.contract.calendars.get(name) if name else None

    def calendar_hours(self, name: str | None) -> OffHours:
        spec = self.calendar(name)
        if spec is None:
            return OffHours(night=False, weekend=False)
        return OffHours(night=spec.covers_night(), weekend=spec.covers_weekend())

    @cached_property
    def _reach(self) -> dict[str, OffHours]:
        return {name: self._party_reach(party) for name, party in self.contract.parties.items()}

    def reach(self, party: str) -> OffHours:
        """When `party` can be reached outside office hours (see the module docstring)."""
        return self._reach.get(party, OffHours(night=False, weekend=False))

    def _party_reach(self, party: Party) -> OffHours:
        if any(c.after_hours for c in party.contacts.values()):
            return OffHours(night=True, weekend=True)
        spans = [self.calendar_hours(party.calendar)]
        spans += [
            self.calendar_hours(ch.calendar or party.calendar) for ch in party.channels.emergency
        ]
        return OffHours(night=any(s.night for s in spans), weekend=any(s.weekend for s in spans))

    # -- objects ----------------------------------------------------------------------

    @property
    def objects(self) -> dict[str, SupportObject]:
        return self.contract.objects

    def responsible(self, name: str) -> tuple[str, ...]:
        """Who does the work on an object: its executor, else its layers' primary parties."""
        obj = self.objects[name]
        if obj.executor:
            return (obj.executor,)
        found: list[str] = []
        for layer in obj.layers:
            for party in self.contract.layers[layer].primary:
                if party not in found:
                    found.append(party)
        return tuple(found)

    @cached_property
    def round_the_clock(self) -> dict[str, OffHours]:
        """Objects promised service at night or on weekends, and when."""
        found: dict[str, OffHours] = {}
        for name, obj in self.objects.items():
            spans = [self.calendar_hours(obj.support_hours)]
            spans += [
                self.calendar_hours(r.calendar) for r in self.overrides_by_object.get(name, ())
            ]
            hours = OffHours(
                night=any(s.night for s in spans), weekend=any(s.weekend for s in spans)
            )
            if hours.night or hours.weekend:
                found[name] = hours
        return found

    @cached_property
    def dependents(self) -> dict[str, list[str]]:
        """Reverse dependency edges among declared objects: who needs each object."""
        index: dict[str, list[str]] = {}
        for name, obj in self.objects.items():
            for dep in obj.depends_on:
                if dep in self.objects:
                    index.setdefault(dep, []).append(name)
        return index

    def needs(self, names: Iterable[str]) -> list[str]:
        """Every declared object the given ones depend on, transitively, in discovery order."""
        return _walk(names, lambda n: self.objects[n].depends_on if n in self.objects else ())

    def needed_by(self, names: Iterable[str]) -> list[str]:
        """Every declared object that depends on the given ones, transitively."""
        return _walk(names, lambda n: self.dependents.get(n, ()))

    @cached_property
    def vendors_involved(self) -> bool:
        c = self.contract
        return (
            bool(c.vendors)
            or any(o.vendor for o in c.objects.values())
            or any("vendor" in p.roles for p in c.parties.values())
        )


def _walk(start: Iterable[str], edges: Callable[[str], Iterable[str]]) -> list[str]:
    first = list(dict.fromkeys(start))
    seen: set[str] = set(first)
    order: list[str] = []
    stack = list(reversed(first))
    while stack:
        node = stack.pop()
        for nxt in edges(node):
            if nxt not in seen:
                seen.add(nxt)
                order.append(nxt)
                stack.append(nxt)
    return order
