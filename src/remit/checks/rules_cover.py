"""Rules on what round-the-clock cover rests on: an after-hours promise whose clocks
stop after hours, "24/7" written in words only, and support hours weaker than the
cover of what depends on them.

"Runs at night", "round-the-clock" and "who works on an object" are defined in
`remit.contract_facts`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from remit.checks.model import Hit, Rule, Severity
from remit.contract.convert import path_join
from remit.contract_facts import Facts, OffHours, object_path
from remit.domain.targets import SlaRule

ROUND_THE_CLOCK_WORDS = re.compile(
    r"24\s*[/x\u00d7]\s*7|round[- ]the[- ]clock|around the clock", re.I
)
FULL = OffHours(night=True, weekend=True)


def _everything(facts: Facts) -> list[tuple[str, str]]:
    """Every (priority, category) pair, when the after-hours boundary names them all."""
    after = facts.contract.sla.after_hours
    if after is None or not after.priorities or not after.categories:
        return []  # no boundary at all, or an empty one: RM210
    if set(facts.levels) - set(after.priorities) or set(facts.categories) - set(after.categories):
        return []
    return [(p, c) for p in facts.levels for c in facts.categories]


def _rules_for_pair(facts: Facts, priority: str, category: str) -> list[SlaRule]:
    """The rule a ticket without objects gets, and the rule of each object with overrides."""
    found = facts.rules_for(None, category, priority)[:1]
    for name in facts.overrides_by_object:
        found += facts.rules_for(name, category, priority)[:1]
    return list(dict.fromkeys(found))


def after_hours_on_office_clock(facts: Facts) -> Iterator[Hit]:
    yield from _office_clocks(facts)
    yield from _words_only(facts)


def _office_clocks(facts: Facts) -> Iterator[Hit]:
    stopped: dict[SlaRule, list[str]] = {}
    for priority, category in _everything(facts):
        for rule in _rules_for_pair(facts, priority, category):
            if not facts.calendar_hours(rule.calendar).covers(FULL):
                stopped.setdefault(rule, []).append(f"{priority} {category}")
    for rule, names in stopped.items():
        gap = facts.calendar_hours(rule.calendar)
        yield Hit(
            rule.path,
            'after-hours coverage takes in every priority and category ("24/7"), but this '
            f"target's clock for {', '.join(names)} runs on {rule.calendar}, which is closed on "
            f"{gap.missing(FULL)}: the promise names no incident boundary and has no clock "
            "after hours",
            "narrow `sla.after_hours` to the priorities and categories really worked after "
            "hours, and run their targets on a calendar open at night and on weekends",
        )


def _words_only(facts: Facts) -> Iterator[Hit]:
    if _promises_off_hours(facts):
        return  # a promise in form: RM210 asks for its boundary
    for path, text in _texts(facts.contract, ""):
        if path.startswith("suppress"):
            continue
        found = ROUND_THE_CLOCK_WORDS.search(text)
        if found:
            yield Hit(
                path,
                f'the contract says "{found.group(0)}" in words, but `sla.after_hours` does not '
                "say which priorities and categories are worked after hours",
                "add `sla.after_hours` with `priorities:` and `categories:`, and run their "
                "targets on a calendar open at night and on weekends",
            )
            return


def _promises_off_hours(facts: Facts) -> bool:
    return (
        facts.contract.sla.after_hours is not None
        or bool(facts.round_the_clock)
        or any(
            facts.calendar_hours(r.calendar) != OffHours(night=False, weekend=False)
            for r in (*facts.general_rules, *facts.override_rules)
        )
    )


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every text in a contract value, with its field path, in document order."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name), path_join(path, f.name) if path else f.name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path_join(path, str(key)))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def support_hours_inversion(facts: Facts) -> Iterator[Hit]:
    """An object supported on weaker hours than objects that need it are supported on."""
    chains: dict[str, list[tuple[list[str], OffHours]]] = {}
    for root, obj in facts.objects.items():
        hours = facts.calendar_hours(obj.support_hours)
        if not (hours.night or hours.weekend):
            continue
        for weak, path in _weak_below(facts, root, hours):
            chains.setdefault(weak, []).append((path, hours))
    for weak, found in chains.items():
        own = facts.calendar_hours(facts.objects[weak].support_hours)
        needed = OffHours(
            night=any(h.night for _, h in found), weekend=any(h.weekend for _, h in found)
        )
        paths = "; ".join(" → ".join(path) for path, _ in found)
        yield Hit(
            f"{object_path(weak)}.support_hours",
            f'"{weak}" is supported on {facts.objects[weak].support_hours}, closed on '
            f"{own.missing(needed)}, but round-the-clock objects depend on it: {paths}",
            f'support "{weak}" on a calendar open on {own.missing(needed)}, or narrow the '
            "support hours of the objects that depend on it",
        )


def _weak_below(facts: Facts, root: str, hours: OffHours) -> Iterator[tuple[str, list[str]]]:
    """Objects below `root` whose stated support hours miss `hours`, with a shortest path."""
    came: dict[str, str] = {root: root}
    queue = [root]
    while queue:
        node = queue.pop(0)
        for dep in facts.objects[node].depends_on:
            if dep in came or dep not in facts.objects:
                continue
            came[dep] = node
            queue.append(dep)
            stated = facts.objects[dep].support_hours
            if stated is not None and not facts.calendar_hours(stated).covers(hours):
                yield dep, _path(came, dep)


def _path(came: dict[str, str], end: str) -> list[str]:
    path = [end]
    while came[path[-1]] != path[-1]:
        path.append(came[path[-1]])
    return path[::-1]


RULES = (
    Rule(
        "RM213",
        "after-hours-on-office-clock",
        Severity.ERROR,
        'After-hours work promised, or "24/7" written, with no clock running after hours',
        "002",
        "Business-hours support and after-hours support are not the same promise. Coverage "
        'that takes in every priority and category, or "24/7" written in words, while the '
        "targets' clocks run on office hours, hides more than it clarifies: it says neither "
        "what qualifies as an emergency at night nor by when it is handled.",
        "run the targets inside `sla.after_hours` on a calendar open at night and on "
        "weekends, and narrow `sla.after_hours` to what is really worked after hours",
        after_hours_on_office_clock,
    ),
    Rule(
        "RM214",
        "support-hours-inversion",
        Severity.ERROR,
        "A round-the-clock object depends on an object supported on weaker hours",
        "001",
        "A failure that starts in one layer is noticed in another: a round-the-clock "
        "service is only as available at night as the least supported thing beneath it, "
        "directly or through several dependencies.",
        "support the dependency on the same hours, or narrow the dependent objects' hours",
        support_hours_inversion,
    ),
)
