"""Load a contract file: YAML nodes -> typed `Contract`, every reference resolved.

`load_contract` either returns a `LoadedContract` or raises `ContractError`
listing every problem of the file, each as ``file:line:column: path: message``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from remit.contract.calendars import convert_calendar
from remit.contract.convert import INVALID, Converter, RefUse, describe, did_you_mean
from remit.contract.errors import ContractError, Problem, show
from remit.contract.names import declared, duplicate_names
from remit.contract.yamlsource import NEEDS, parse_text, read_nodes
from remit.domain.calendar import CalendarSpec
from remit.domain.contract import Contract
from remit.domain.values import frozen


@frozen
class LoadedContract:
    """A contract and where each of its values stands in the file."""

    contract: Contract
    file: str
    marks: dict[str, tuple[int, int]]  # field path -> (line, column), 1-based

    def where(self, path: str) -> tuple[int, int]:
        """Line and column of `path`, or of its nearest ancestor present in the file."""
        probe = path
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return (1, 1)


def load_contract(path: str | Path) -> LoadedContract:
    file = Path(path)
    with _collector_paused():
        return _load(read_nodes(file), str(file))


def load_contract_text(text: str, name: str = "<contract>") -> LoadedContract:
    with _collector_paused():
        return _load(parse_text(text, name), name)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds hundreds of thousands of small acyclic objects (nodes, marks,
    dataclasses); the cyclic garbage collector would rescan them over and over and
    take about three quarters of the load time of a 10,000-object registry."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(root: yaml.Node, name: str) -> LoadedContract:
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        message = f"expected a mapping of sections; {NEEDS}; got {describe(root)}"
        raise ContractError([Problem(name, mark.line + 1, mark.column + 1, "", message)])
    conv = Converter(name, {CalendarSpec: convert_calendar})
    try:
        contract = conv.convert(Contract, root, "")
        conv.problems.extend(_unresolved(declared(root), conv.refs, name))
        conv.problems.extend(duplicate_names(root, name))
    except RecursionError:  # merges (<<) chained about a thousand deep
        raise ContractError([Problem(name, 1, 1, "", "merges (<<) nest too deeply")]) from None
    if conv.problems or contract is INVALID:
        raise ContractError(conv.problems or [Problem(name, 1, 1, "", "unreadable contract")])
    return LoadedContract(contract, name, conv.marks)


_LISTED = 10  # names listed when a reference matches none closely

_SINGULAR = {
    "parties": "party",
    "calendars": "calendar",
    "layers": "layer",
    "objects": "object",
    "priorities": "priority",
    "categories": "category",
    "escalation_levels": "escalation level",
    "contacts": "contact",
}


def _unresolved(names: dict[str, list[str] | None], refs: list[RefUse], file: str) -> list[Problem]:
    """Problems for references to names their section does not declare.

    A section that is itself malformed (`None`) is skipped: its own problem is
    reported already, and every reference into it would only add noise.
    """
    known = {section: dict.fromkeys(values or ()) for section, values in names.items()}
    problems = []
    for ref in refs:
        if names[ref.section] is None or ref.value in known[ref.section]:
            continue
        message = f"unknown {_SINGULAR[ref.section]} {show(ref.value)}"
        message += _ref_hint(ref, list(known[ref.section]))
        problems.append(Problem(file, ref.line, ref.column, ref.path, message))
    return problems


def _ref_hint(ref: RefUse, names: list[str]) -> str:
    """How to fix a reference to a name the section does not declare."""
    if ref.section == "contacts" and "." not in ref.value:
        same = [name for name in names if name.partition(".")[2] == ref.value]
        if same:
            return f' (write contacts as "party.contact": did you mean "{same[0]}"?)'
        example = names[0] if names else "client.owner"
        return f' (write contacts as "party.contact", e.g. "{example}")'
    if not names:
        return f"; the contract declares no {ref.section.replace('_', ' ')}"
    if ref.section == "contacts":  # the right person under another party?
        key = ref.value.partition(".")[2]
        elsewhere = [name for name in names if name.partition(".")[2] == key]
        if elsewhere:
            return f' (did you mean "{elsewhere[0]}"?)'
    hint = did_you_mean(ref.value, names)
    if hint:
        return hint
    shown = ", ".join(names[:_LISTED]) + (", ..." if len(names) > _LISTED else "")
    return f"; declared: {shown}"
