"""Load a contract file: YAML nodes -> typed `Contract`, every reference resolved.

`load_contract` either returns a `LoadedContract` or raises `ContractError`
listing every problem of the file, each as ``file:line:column: path: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from remit.contract.calendars import convert_calendar
from remit.contract.convert import INVALID, Converter, RefUse, did_you_mean
from remit.contract.errors import ContractError, Problem
from remit.contract.yamlsource import parse_text, read_nodes
from remit.domain.calendar import CalendarSpec
from remit.domain.contract import Contract


@dataclass(frozen=True, slots=True)
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
    return _load(read_nodes(file), str(file))


def load_contract_text(text: str, name: str = "<contract>") -> LoadedContract:
    return _load(parse_text(text, name), name)


def _load(root: yaml.Node, name: str) -> LoadedContract:
    conv = Converter(name, {CalendarSpec: convert_calendar})
    contract = conv.convert(Contract, root, "")
    if contract is not INVALID:
        conv.problems.extend(_unresolved(contract, conv.refs, name))
        conv.problems.extend(_duplicate_names(contract, conv.marks, name))
    if conv.problems:
        raise ContractError(conv.problems)
    return LoadedContract(contract, name, conv.marks)


def sections(contract: Contract) -> dict[str, list[str]]:
    """Every name a reference may point at, by section."""
    levels = contract.priorities.levels if contract.priorities else {}
    categories = contract.priorities.categories if contract.priorities else {}
    return {
        "parties": list(contract.parties),
        "calendars": list(contract.calendars),
        "layers": list(contract.layers),
        "objects": list(contract.objects),
        "priorities": list(levels),
        "categories": list(categories),
        "escalation_levels": [lvl.name for lvl in contract.escalation.levels],
        "contacts": [f"{p}.{c}" for p, party in contract.parties.items() for c in party.contacts],
    }


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


def _unresolved(contract: Contract, refs: list[RefUse], file: str) -> list[Problem]:
    names = sections(contract)
    known = {section: set(values) for section, values in names.items()}
    problems = []
    for ref in refs:
        if ref.value in known[ref.section]:
            continue
        kind = _SINGULAR[ref.section]
        hint = did_you_mean(ref.value, names[ref.section])
        if ref.section == "contacts" and "." not in ref.value:
            hint = ' (write contacts as "party.contact", e.g. "client.owner")'
        message = f'unknown {kind} "{ref.value}"{hint}'
        if not names[ref.section]:
            message += f"; the contract declares no {ref.section.replace('_', ' ')}"
        problems.append(Problem(file, ref.line, ref.column, ref.path, message))
    return problems


def _duplicate_names(
    contract: Contract, marks: dict[str, tuple[int, int]], file: str
) -> list[Problem]:
    lists = {
        "escalation.levels": [lvl.name for lvl in contract.escalation.levels],
        "pauses": [rule.reason for rule in contract.pauses],
        "backups": [b.name for b in contract.backups],
        "maintenance.windows": [w.name for w in contract.maintenance.windows],
    }
    problems = []
    for path, values in lists.items():
        first: dict[str, int] = {}
        for index, value in enumerate(values):
            if value in first:
                line, col = marks.get(f"{path}[{index}]", (0, 0))
                problems.append(
                    Problem(
                        file,
                        line,
                        col,
                        f"{path}[{index}]",
                        f'duplicate name "{value}" (also {path}[{first[value]}])',
                    )
                )
            first.setdefault(value, index)
    return problems
