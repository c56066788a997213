"""Rules on the registry of support objects and the scope."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from remit.checks.model import Hit, Rule, Severity
from remit.contract_facts import Facts, object_path
from remit.domain.contract import LayerKind, ObjectKind, SupportObject

VERSIONED_KINDS = frozenset({ObjectKind.OPERATING_SYSTEM, ObjectKind.DBMS, ObjectKind.APPLICATION})
VERSIONED_LAYERS = frozenset({LayerKind.OS, LayerKind.DBMS, LayerKind.APPLICATION})


def _missing(facts: Facts, field: str, what: str) -> Iterator[Hit]:
    for name, obj in facts.objects.items():
        if getattr(obj, field) is None:
            yield Hit(object_path(name), f'object "{name}" has no {what}')


def object_without_owner(facts: Facts) -> Iterator[Hit]:
    yield from _missing(facts, "owner", "customer-side owner")


def object_without_executor(facts: Facts) -> Iterator[Hit]:
    yield from _missing(facts, "executor", "executor")


def object_without_location(facts: Facts) -> Iterator[Hit]:
    yield from _missing(facts, "location", "location")


def object_without_environment(facts: Facts) -> Iterator[Hit]:
    yield from _missing(facts, "environment", "environment")


def object_without_criticality(facts: Facts) -> Iterator[Hit]:
    yield from _missing(facts, "criticality", "criticality")


def _versioned(facts: Facts, obj: SupportObject) -> bool:
    if obj.kind in VERSIONED_KINDS:
        return True
    return any(facts.contract.layers[layer].kind in VERSIONED_LAYERS for layer in obj.layers)


def object_without_version(facts: Facts) -> Iterator[Hit]:
    for name, obj in facts.objects.items():
        if not _versioned(facts, obj):
            continue
        missing = [f for f in ("edition", "version") if getattr(obj, f) is None]
        if missing:
            yield Hit(
                object_path(name),
                f'object "{name}" ({obj.kind.value}) has no {" and no ".join(missing)}',
                f"add {' and '.join(f'`{m}:`' for m in missing)} exactly as the vendor states them",
            )


def environment_out_of_scope(facts: Facts) -> Iterator[Hit]:
    scope = facts.contract.scope.environments
    if not scope:
        return
    rules = facts.contract.scope.exclusion_rules
    for name, obj in facts.objects.items():
        if obj.environment is None or obj.environment in scope:
            continue
        if not any(name in r.objects or obj.environment in r.environments for r in rules):
            yield Hit(
                f"{object_path(name)}.environment",
                f'object "{name}" is in {obj.environment.value}, which the scope does not cover '
                f"({', '.join(e.value for e in scope)})",
                f"add {obj.environment.value} to scope.environments, say in "
                "scope.exclusion_rules how its tickets are handled, or remove the object",
            )


def no_environments_in_scope(facts: Facts) -> Iterator[Hit]:
    if not facts.contract.scope.environments:
        yield Hit("scope", "the scope does not state which environments are supported")


def _is_integration(facts: Facts, obj: SupportObject) -> bool:
    return (
        obj.kind is ObjectKind.INTEGRATION
        or obj.integration_type is not None
        or any(facts.contract.layers[layer].kind is LayerKind.INTEGRATION for layer in obj.layers)
    )


def no_integration_components(facts: Facts) -> Iterator[Hit]:
    apps = [n for n, o in facts.objects.items() if o.kind is ObjectKind.APPLICATION]
    if apps and not any(_is_integration(facts, o) for o in facts.objects.values()):
        yield Hit(
            "objects",
            f"{len(apps)} application(s) ({', '.join(apps[:3])}{', ...' if len(apps) > 3 else ''}) "
            "but no integration components",
        )


def no_exclusions(facts: Facts) -> Iterator[Hit]:
    if not facts.contract.scope.exclusions:
        yield Hit("scope.exclusions", "the contract lists no exclusions")


def undeclared_dependency(facts: Facts) -> Iterator[Hit]:
    for name, obj in facts.objects.items():
        for index, dep in enumerate(obj.depends_on):
            if dep not in facts.objects:
                yield Hit(
                    f"{object_path(name)}.depends_on[{index}]",
                    f'object "{name}" depends on "{dep}", which is not a declared object',
                    f'declare "{dep}" under objects, or correct the name',
                )


def location_not_a_dependency(facts: Facts) -> Iterator[Hit]:
    """An object runs on another registry object it does not depend on, even transitively."""
    for name, obj in facts.objects.items():
        host = obj.location
        if host is None or host == name or host not in facts.objects:
            continue
        if host in facts.needs([name]):
            continue
        layers = ", ".join(facts.objects[host].layers)
        yield Hit(
            f"{object_path(name)}.location",
            f'object "{name}" runs on "{host}" but does not depend on it: a ticket on "{name}" '
            f"leaves out the checks of {host}'s layers ({layers})",
            f'add "{host}" to `depends_on` of "{name}", or write a location that is not an object',
        )


def dependency_cycle(facts: Facts) -> Iterator[Hit]:
    graph = {
        n: tuple(d for d in o.depends_on if d in facts.objects) for n, o in facts.objects.items()
    }
    for component in strongly_connected(graph):
        members = set(component)
        start = min(members)
        cycle = _cycle_through(start, members, graph)
        index = facts.objects[start].depends_on.index(cycle[1])
        yield Hit(
            f"{object_path(start)}.depends_on[{index}]",
            "dependency cycle: " + " -> ".join(cycle),
        )


def strongly_connected(graph: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Cyclic strongly connected components (Tarjan, iterative), each as a list of nodes."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in graph:
        if root in index:
            continue
        enter(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, edges = work[-1]
            nxt = next((n for n in edges if n not in index or n in on_stack), None)
            if nxt is not None and nxt not in index:
                enter(nxt)
                work.append((nxt, iter(graph[nxt])))
                continue
            if nxt is not None:
                low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = _pop_component(stack, on_stack, node)
                if len(component) > 1 or node in graph[node]:
                    found.append(component)
    return found


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    component = []
    while True:
        node = stack.pop()
        on_stack.discard(node)
        component.append(node)
        if node == root:
            return component


def _cycle_through(start: str, members: set[str], graph: dict[str, tuple[str, ...]]) -> list[str]:
    """A shortest cycle start -> ... -> start inside one component."""
    came: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in graph[node]:
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came[path[-1]])
                return [*reversed(path), start]
            if nxt in members and nxt not in came:
                came[nxt] = node
                queue.append(nxt)
    return [start, start]  # unreachable for a cyclic component


RULES = (
    Rule(
        "RM110",
        "object-without-owner",
        Severity.ERROR,
        "An object has no customer-side owner",
        "001",
        "Next to each object the systems map names the owner on the customer side: the "
        "person who approves work on it and confirms it is restored.",
        "add `owner: party.contact` to the object",
        object_without_owner,
    ),
    Rule(
        "RM111",
        "object-without-executor",
        Severity.ERROR,
        "An object has no executor",
        "001",
        "Next to each object the systems map names who does the work on it; without a "
        "named executor the work falls by default to the primary parties of its layers, "
        "which nobody agreed object by object.",
        "add `executor: <party>` to the object",
        object_without_executor,
    ),
    Rule(
        "RM112",
        "object-without-location",
        Severity.WARNING,
        "An object has no location",
        "001",
        "Where an object runs decides who can reach it and whether work is remote or on site.",
        "add `location:` (site, room, rack, data centre or cloud region)",
        object_without_location,
    ),
    Rule(
        "RM113",
        "object-without-environment",
        Severity.ERROR,
        "An object has no environment",
        "001",
        "Whether an object is production, test, staging or DR decides whether it is supported "
        "at all; a contractor may refuse to investigate a test bench.",
        "add `environment:` (production, test, staging or dr)",
        object_without_environment,
    ),
    Rule(
        "RM114",
        "object-without-criticality",
        Severity.ERROR,
        "An object has no criticality",
        "001",
        "Critical nodes must be marked: a calculation database may need immediate reaction "
        "while a printer driver can wait until morning.",
        "add `criticality:` (critical, high, medium or low)",
        object_without_criticality,
    ),
    Rule(
        "RM115",
        "object-without-version",
        Severity.ERROR,
        "An OS, DBMS or application object has no edition or version",
        "001",
        'Without editions and versions of OS, DBMS and applications the dispute "we do not '
        'support this version" comes later, at the worst moment.',
        "add `edition:` and `version:` exactly as the vendor states them",
        object_without_version,
    ),
    Rule(
        "RM120",
        "environment-out-of-scope",
        Severity.ERROR,
        "An object is in an environment the scope does not cover",
        "001",
        "An object listed in the registry but outside the supported environments is a dispute "
        "waiting to happen: is it supported or not?",
        "add the environment to `scope.environments`, add an exclusion rule naming it or "
        "the object, or remove the object",
        environment_out_of_scope,
    ),
    Rule(
        "RM121",
        "no-environments-in-scope",
        Severity.ERROR,
        "The scope does not say which environments are supported",
        "001",
        "State explicitly whether only production is supported or test, staging and "
        "disaster-recovery environments too.",
        "add `scope.environments: [production, ...]`",
        no_environments_in_scope,
    ),
    Rule(
        "RM122",
        "no-integration-components",
        Severity.WARNING,
        "Applications are listed but no integration components",
        "001",
        "Queues, APIs, connectors, scheduled file exchanges and scheduled jobs are the most "
        "often forgotten part of the perimeter, yet fail as often as servers.",
        "declare each exchange as an object of kind integration with its `integration_type`",
        no_integration_components,
    ),
    Rule(
        "RM123",
        "no-exclusions",
        Severity.ERROR,
        "The contract lists no exclusions",
        "004",
        "What is not covered (new functionality, licences, user training, damage by user "
        "error, ...) must be in writing; if it is not, ask why.",
        "list what the contract does not cover under `scope.exclusions`",
        no_exclusions,
    ),
    Rule(
        "RM124",
        "undeclared-dependency",
        Severity.ERROR,
        "An object depends on an undeclared object",
        "001",
        "Any object without which a business process stops must be named; a dependency on "
        "something outside the registry is a hole in the perimeter.",
        "declare the object, or correct the name in `depends_on`",
        undeclared_dependency,
    ),
    Rule(
        "RM126",
        "location-not-a-dependency",
        Severity.ERROR,
        "An object runs on a registry object it does not depend on",
        "001",
        "A problem rarely stays in one layer: an application stops when the server it runs on "
        "stops. When an object's location is another object of the systems map, that host "
        "belongs to its dependencies, or the layer checks of a ticket on it leave the host out.",
        "add the host to the object's `depends_on`",
        location_not_a_dependency,
    ),
    Rule(
        "RM125",
        "dependency-cycle",
        Severity.ERROR,
        "Objects depend on each other in a cycle",
        "001",
        "A cycle makes the impact of a failure and the order of restoration undefined.",
        "remove the dependency that does not hold in reality",
        dependency_cycle,
    ),
)
