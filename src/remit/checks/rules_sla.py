"""Rules on priorities and SLA targets: response and recovery per category,
targets for critical objects, and rules that never leave a ticket with two targets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

from remit.checks.model import Hit, Rule, Severity
from remit.contract.durations import format_duration
from remit.contract_facts import Facts, object_path
from remit.domain.contract import Criticality
from remit.domain.targets import SlaRule
from remit.domain.terms import Impact, Urgency


def universal_sla(facts: Facts) -> Iterator[Hit]:
    rules = facts.general_rules
    if not rules and not facts.override_rules:
        yield Hit("sla", "the contract sets no SLA targets")
        return
    if len(rules) == 1 and (len(facts.categories) > 1 or len(facts.levels) > 1):
        yield Hit(rules[0].path, "one SLA target covers every category and priority")
        return
    for rule in (*rules, *facts.override_rules):
        if not rule.categories and not rule.priorities:
            yield Hit(rule.path, "the target applies to every category and priority alike")


def target_without_both_times(facts: Facts) -> Iterator[Hit]:
    for rule in (*facts.general_rules, *facts.override_rules):
        missing = [m for m in ("response", "recovery") if getattr(rule, m) is None]
        if missing:
            yield Hit(
                rule.path,
                f"the target states no {' and no '.join(missing)} time",
                f"add {' and '.join(f'`{m}:`' for m in missing)} to the target",
            )


def _urgent_categories(facts: Facts) -> list[str]:
    p = facts.contract.priorities
    if p is None:
        return []
    stopped = [n for n, c in p.categories.items() if c.urgency is Urgency.WORK_STOPPED]
    return stopped or list(p.categories)


def critical_object_without_targets(facts: Facts) -> Iterator[Hit]:
    """One finding per gap, listing the critical objects it leaves without a clock."""
    categories = _urgent_categories(facts)
    priority = facts.priority_of(Impact.ORGANIZATION, Urgency.WORK_STOPPED)
    gaps: dict[str, list[str]] = {}
    for name, obj in facts.objects.items():
        if obj.criticality is not Criticality.CRITICAL:
            continue
        if priority is None or not categories:
            if not facts.general_rules and name not in facts.overrides_by_object:
                gaps.setdefault("no SLA target", []).append(name)
            continue
        for gap in _gaps(facts, name, priority, categories):
            gaps.setdefault(gap, []).append(name)
    for gap, names in gaps.items():
        objects = ", ".join(f'"{n}"' for n in names)
        noun = "object" if len(names) == 1 else "objects"
        yield Hit(object_path(names[0]), f"critical {noun} {objects}: {gap}", _gap_hint(gap))


def _gaps(facts: Facts, name: str, priority: str, categories: list[str]) -> list[str]:
    """What is missing for `name`, grouped by what is missing: each gap names its categories."""
    by_gap: dict[str, list[str]] = {}
    for category in categories:
        rules = facts.rules_for(name, category, priority)
        if _timed(rules):
            continue
        has_response = any(r.response is not None for r in rules)
        has_recovery = any(r.recovery is not None for r in rules)
        what = (
            "no recovery target"
            if has_response and not has_recovery
            else "no response target"
            if has_recovery and not has_response
            else "no response and no recovery target"
            if rules
            else "no target"
        )
        by_gap.setdefault(what, []).append(category)
    return [f"{what} for {priority} {', '.join(cats)}" for what, cats in by_gap.items()]


def _timed(rules: Sequence[SlaRule]) -> bool:
    return any(r.response is not None and r.recovery is not None for r in rules)


def _gap_hint(gap: str) -> str:
    if gap.startswith("no recovery target"):
        return "add `recovery:` to the target (or the object's override) that covers it"
    if gap.startswith("no response target"):
        return "add `response:` to the target (or the object's override) that covers it"
    return "add a target (or an override for the object) with both response and recovery"


def recovery_before_response(facts: Facts) -> Iterator[Hit]:
    for rule in (*facts.general_rules, *facts.override_rules):
        if (
            rule.response is not None
            and rule.recovery is not None
            and rule.recovery < rule.response
        ):
            yield Hit(
                f"{rule.path}.recovery",
                f"recovery {format_duration(rule.recovery)} is shorter than response "
                f"{format_duration(rule.response)}",
            )


def priority_matrix_incomplete(facts: Facts) -> Iterator[Hit]:
    p = facts.contract.priorities
    if p is None:
        yield Hit("priorities", "the contract has no priority levels, matrix or categories")
        return
    for impact in Impact:
        for urgency in Urgency:
            if urgency not in p.matrix.get(impact, {}):
                yield Hit(
                    "priorities.matrix",
                    f"the priority matrix has no cell for {impact.value} x {urgency.value}",
                )
    if not p.categories:
        yield Hit("priorities.categories", "the contract defines no ticket categories")


def overlapping_targets(facts: Facts) -> Iterator[Hit]:
    yield from _overlaps(facts, facts.general_rules)
    pairs: set[tuple[SlaRule, SlaRule]] = set()
    for rules in facts.overrides_by_object.values():
        pairs.update(combinations(rules, 2))
    for first, second in sorted(pairs, key=lambda pair: (pair[1].path, pair[0].path)):
        yield from _overlap(facts, first, second)


def _overlaps(facts: Facts, rules: Sequence[SlaRule]) -> Iterator[Hit]:
    for first, second in combinations(rules, 2):
        yield from _overlap(facts, first, second)


def _overlap(facts: Facts, first: SlaRule, second: SlaRule) -> Iterator[Hit]:
    cats = _common(first.categories, second.categories, facts.categories)
    prios = _common(first.priorities, second.priorities, facts.levels)
    if cats and prios:
        shared = f"{'/'.join(cats)} x {'/'.join(prios)}"
        yield Hit(
            second.path,
            f"{first.path} and {second.path} both match {shared}: a ticket would have two targets",
        )


def _common(a: tuple[str, ...], b: tuple[str, ...], every: tuple[str, ...]) -> list[str]:
    """Values both selections match; an empty selection matches every value."""
    if not a and not b:
        return list(every) or ["any"]
    if not a or not b:
        return list(a or b)
    return [v for v in a if v in b]


def target_gap(facts: Facts) -> Iterator[Hit]:
    if not facts.general_rules or not facts.levels:
        return
    for category in facts.categories:
        missing = [p for p in facts.levels if not facts.rules_for(None, category, p)]
        if missing:
            yield Hit(
                "sla.targets",
                f"no SLA target for category {category} at {', '.join(missing)}",
            )


RULES = (
    Rule(
        "RM201",
        "universal-sla",
        Severity.ERROR,
        "One universal SLA time instead of times per category and priority",
        "001",
        'One universal time "for all cases" leads to disputes: a DBMS outage at night and '
        "a printer request in the morning cannot share one norm.",
        "split the target by `categories:` and `priorities:`",
        universal_sla,
    ),
    Rule(
        "RM202",
        "target-without-response-and-recovery",
        Severity.ERROR,
        "A target does not state both response and recovery time",
        "001",
        "Response (taken into work) and recovery (service works again) are two different "
        "measures; the executor and the customer read a single number differently.",
        "state both `response:` and `recovery:`",
        target_without_both_times,
    ),
    Rule(
        "RM203",
        "critical-object-without-targets",
        Severity.ERROR,
        "A critical object lacks a response or recovery target",
        "001",
        "Critical services must have assigned priorities and clear response and recovery "
        "times; checked at the priority the matrix gives a whole-organization stoppage.",
        "add a target (or an override for the object) covering that priority and category",
        critical_object_without_targets,
    ),
    Rule(
        "RM204",
        "recovery-before-response",
        Severity.ERROR,
        "A recovery target is shorter than its response target",
        "001",
        "Service cannot be restored before the ticket is taken into work; the target is a typo "
        "or a promise nobody can keep.",
        "make recovery at least as long as response",
        recovery_before_response,
    ),
    Rule(
        "RM205",
        "priority-matrix-incomplete",
        Severity.ERROR,
        "Priorities, the impact x urgency matrix or categories are missing",
        "002",
        "Without a full matrix a ticket has no priority, and without a priority no target, "
        "no after-hours decision and no ownership path.",
        "define `priorities.levels`, all nine matrix cells and the categories",
        priority_matrix_incomplete,
    ),
    Rule(
        "RM206",
        "overlapping-targets",
        Severity.ERROR,
        "Two SLA rules match the same ticket",
        "001",
        "When two targets match one category and priority the contract is ambiguous and the "
        "stricter reading will be disputed.",
        "narrow `categories:` or `priorities:` so each ticket matches one rule",
        overlapping_targets,
    ),
    Rule(
        "RM209",
        "target-gap",
        Severity.WARNING,
        "A category and priority have no SLA target",
        "001",
        "Each category needs its own response and recovery times; a ticket with no target "
        "has no clock at all.",
        "add a target covering the category and priorities named",
        target_gap,
    ),
)
