"""Rules on round-the-clock promises: an incident boundary and night roles,
targets the responsible party's hours cannot meet, and coverage inversion.

"Runs at night", "reachable at night" and "round-the-clock" are defined in
`remit.contract_facts`.
"""

from __future__ import annotations

from collections.abc import Iterator

from remit.checks.model import Hit, Rule, Severity
from remit.contract_facts import Facts, OffHours, object_path
from remit.domain.targets import SlaRule
from remit.domain.values import frozen


def _off_hours_rules(facts: Facts) -> list[tuple[SlaRule, OffHours]]:
    found = []
    for rule in (*facts.general_rules, *facts.override_rules):
        hours = facts.calendar_hours(rule.calendar)
        if hours.night or hours.weekend:
            found.append((rule, hours))
    return found


def _promise_path(facts: Facts) -> str | None:
    """Where the contract first promises off-hours work, if it does."""
    if facts.contract.sla.after_hours is not None:
        return "sla.after_hours"
    rules = _off_hours_rules(facts)
    if rules:
        return rules[0][0].path
    return next((f"{object_path(n)}.support_hours" for n in facts.round_the_clock), None)


def no_incident_boundary(facts: Facts) -> Iterator[Hit]:
    where = _promise_path(facts)
    if where is None:
        return
    after = facts.contract.sla.after_hours
    if after is None:
        yield Hit(
            where,
            "service runs at night or on weekends, but there is no `sla.after_hours`",
            "add `sla.after_hours` with `priorities:` (P1 only unless contracted) and "
            "`categories:`",
        )
        return
    if not after.priorities:
        yield Hit(
            "sla.after_hours",
            "after-hours coverage lists no priority, so it covers none: say which priorities it covers",
            "add `priorities:` to `sla.after_hours` (P1 only unless contracted)",
        )
    if not after.categories:
        yield Hit(
            "sla.after_hours",
            "after-hours coverage names no categories, so it covers every category: "
            "say which categories it covers",
            "add `categories:` to `sla.after_hours`",
        )


def after_hours_without_business_hours(facts: Facts) -> Iterator[Hit]:
    """After-hours cover is decided against business hours the contract does not state."""
    c = facts.contract
    if c.sla.after_hours is None or c.sla.business_calendar is not None:
        return
    client = c.parties.get(c.contract.client)
    fallback = f" ({client.calendar})" if client else ""
    yield Hit(
        "sla",
        "after-hours coverage is decided outside business hours, but `sla.business_calendar` "
        f"is not set: the client's own calendar{fallback} stands in for it",
        "set `sla.business_calendar` to the calendar whose hours are business hours",
    )


def no_night_roles(facts: Facts) -> Iterator[Hit]:
    after = facts.contract.sla.after_hours
    if after is None:
        return
    for field, value, what in (
        ("answered_by", after.answered_by, "who answers at night"),
        ("access_by", after.access_by, "who has access to systems at night"),
        ("approved_by", after.approved_by, "who approves emergency actions at night"),
    ):
        if not value:
            yield Hit(
                f"sla.after_hours.{field}",
                f"after-hours coverage does not say {what}",
                f"add `{field}:` to `sla.after_hours`",
            )


@frozen
class _Need:
    """One promise that needs a party off hours: where it is written and what it is."""

    party: str
    path: str
    what: str
    hours: OffHours


def calendar_cannot_meet(facts: Facts) -> Iterator[Hit]:
    """One finding per party that cannot be reached when promises need it."""
    needs: list[_Need] = []
    for rule, hours in _off_hours_rules(facts):
        if rule.is_override:
            needs += _override_parties(facts, rule, hours)
        else:
            needs += _general_parties(facts, rule, hours)
        yield from _outside_boundary(facts, rule)
    for name, obj in facts.objects.items():
        hours = facts.calendar_hours(obj.support_hours)
        if hours.night or hours.weekend:
            needs += [
                _Need(
                    party,
                    f"{object_path(name)}.support_hours",
                    f'"{name}" (supported on {obj.support_hours})',
                    hours,
                )
                for party in facts.responsible(name)
            ]
    yield from _by_party(facts, [n for n in needs if not facts.reach(n.party).covers(n.hours)])


def _by_party(facts: Facts, needs: list[_Need]) -> Iterator[Hit]:
    grouped: dict[str, list[_Need]] = {}
    for need in needs:
        grouped.setdefault(need.party, []).append(need)
    for party, found in grouped.items():
        hours = OffHours(
            night=any(n.hours.night for n in found), weekend=any(n.hours.weekend for n in found)
        )
        whats = list(dict.fromkeys(n.what for n in found))
        yield Hit(
            found[0].path,
            f'"{party}" cannot be reached on {facts.reach(party).missing(hours)}, but is needed '
            f"then for {'; '.join(whats)}",
            f'give "{party}" an emergency channel on a round-the-clock calendar or an '
            "`after_hours: true` contact, or run these targets and support hours on business hours",
        )


def _general_parties(facts: Facts, rule: SlaRule, hours: OffHours) -> list[_Need]:
    levels = facts.contract.priorities.levels if facts.contract.priorities else {}
    after = facts.contract.sla.after_hours
    found: list[_Need] = []
    for priority in rule.priorities or tuple(levels):
        owner = levels[priority].ownership if priority in levels else None
        intake = owner.intake if owner else None
        if after and after.answered_by and (not after.priorities or priority in after.priorities):
            intake = after.answered_by  # who answers at night replaces the daytime intake
        for party in (intake, owner.engineering if owner else None):
            if party:
                what = f"{priority} tickets ({rule.path} on {rule.calendar})"
                found.append(_Need(party, rule.path, what, hours))
    return found


def _outside_boundary(facts: Facts, rule: SlaRule) -> Iterator[Hit]:
    after = facts.contract.sla.after_hours
    if after is None or not after.priorities:
        return
    prios = [p for p in rule.priorities or facts.levels if p not in after.priorities]
    cats = [
        c
        for c in rule.categories or facts.categories
        if after.categories and c not in after.categories
    ]
    outside = [*prios, *cats]
    if outside:
        yield Hit(
            rule.path,
            f"the target's clock runs at night on {rule.calendar}, but after-hours coverage "
            f"excludes {', '.join(outside)}: nobody is obliged to work while it runs",
            "run the target on a business-hours calendar, or widen `sla.after_hours`",
        )


def _override_parties(facts: Facts, rule: SlaRule, hours: OffHours) -> list[_Need]:
    return [
        _Need(party, rule.path, f'"{name}" ({rule.path} on {rule.calendar})', hours)
        for name in rule.objects
        for party in (facts.responsible(name) if name in facts.objects else ())
    ]


def _label(hours: OffHours) -> str:
    return (
        "nights and weekends"
        if hours.night and hours.weekend
        else ("nights" if hours.night else "weekends")
    )


def coverage_inversion(facts: Facts) -> Iterator[Hit]:
    """One finding per unreachable dependency, listing the round-the-clock objects above it."""
    finder = _Inversions(facts)
    grouped: dict[tuple[str, str], list[tuple[str, str, OffHours]]] = {}
    for name, hours in facts.round_the_clock.items():
        for index, dep in enumerate(facts.objects[name].depends_on):
            found = finder.first_unreachable(dep, hours)
            if found is None:
                continue
            via = f" (through {dep})" if found[0] != dep else ""
            path = f"{object_path(name)}.depends_on[{index}]"
            grouped.setdefault(found, []).append((path, f"{name}{via}", hours))
    for (blocked, party), above in grouped.items():
        hours = OffHours(
            night=any(h.night for *_, h in above), weekend=any(h.weekend for *_, h in above)
        )
        yield Hit(
            above[0][0],
            f'"{blocked}", whose party "{party}" cannot be reached on '
            f"{facts.reach(party).missing(hours)}, is needed then by "
            f"{', '.join(what for _, what, _ in above)} ({_label(hours)})",
        )


class _Inversions:
    """First object below a start whose responsible party cannot cover given hours (memoized)."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.memo: dict[tuple[str, OffHours], tuple[str, str] | None] = {}

    def _own(self, name: str, hours: OffHours) -> tuple[str, str] | None:
        for party in self.facts.responsible(name):
            if not self.facts.reach(party).covers(hours):
                return (name, party)
        return None

    def first_unreachable(self, start: str, hours: OffHours) -> tuple[str, str] | None:
        objects = self.facts.objects
        if start not in objects:
            return None
        stack = [start]
        while stack:
            node = stack[-1]
            key = (node, hours)
            if key in self.memo and self.memo[key] != _PENDING:
                stack.pop()
                continue
            own = self._own(node, hours)
            children = [d for d in objects[node].depends_on if d in objects]
            todo = [d for d in children if (d, hours) not in self.memo]
            if own is None and todo:
                self.memo[key] = _PENDING
                stack.extend(todo)
                continue
            self.memo[key] = own or next(
                (r for d in children if (r := self.memo.get((d, hours))) not in (None, _PENDING)),
                None,
            )
            stack.pop()
        result = self.memo[(start, hours)]
        return None if result == _PENDING else result


_PENDING = ("", "")  # marks a node whose answer is being computed (cycles stop there)


RULES = (
    Rule(
        "RM207",
        "calendar-cannot-meet",
        Severity.ERROR,
        "A promised target the responsible party's hours cannot meet",
        "001",
        "A 2 h recovery at night from a party closed at night, with no emergency channel or "
        "on-call contact, is a promise nobody can keep.",
        "give the party an emergency channel on a round-the-clock calendar or an "
        "`after_hours: true` contact, or run the target on business hours",
        calendar_cannot_meet,
    ),
    Rule(
        "RM208",
        "coverage-inversion",
        Severity.ERROR,
        "A round-the-clock object depends on an object supported in business hours only",
        "001",
        "A 24/7 service is only as available at night as the least available thing it needs: "
        "if the executor of a dependency works business hours only, the promise breaks there.",
        "extend the dependency's executor to nights and weekends, or narrow the dependent "
        "object's support hours",
        coverage_inversion,
    ),
    Rule(
        "RM210",
        "no-incident-boundary",
        Severity.ERROR,
        '"24/7" or after-hours coverage without an incident boundary',
        "002",
        'Vague "24/7" hides more than it clarifies: the contract must say which priorities '
        "and categories qualify for after-hours work.",
        "add `sla.after_hours` with `priorities:` (P1 only unless contracted) and `categories:`",
        no_incident_boundary,
    ),
    Rule(
        "RM211",
        "no-night-roles",
        Severity.ERROR,
        "After-hours coverage does not name who answers, who has access, who approves",
        "001",
        'What matters is not the promise of "24/7" but who answers the call, who has access '
        "to systems and who approves emergency actions at night.",
        "fill `answered_by`, `access_by` and `approved_by` of `sla.after_hours`",
        no_night_roles,
    ),
    Rule(
        "RM212",
        "after-hours-without-business-hours",
        Severity.WARNING,
        "After-hours coverage without stated business hours",
        "002",
        "Whether a ticket is after hours decides who answers it and whether its priority is "
        "worked at night; without `sla.business_calendar` the client's own working calendar "
        "is used, which the parties may read differently.",
        "set `sla.business_calendar`",
        after_hours_without_business_hours,
    ),
)
