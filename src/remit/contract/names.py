"""Names a contract declares, read straight from the YAML node tree.

Reading them from the nodes rather than from the converted `Contract` lets the
loader report unknown references and duplicate names in the same run as every
other problem of the file, even when some unrelated value is wrong.
"""

from __future__ import annotations

import yaml

from remit.contract.convert import merged_pairs
from remit.contract.errors import Problem, show
from remit.domain.values import frozen

_NULL = "tag:yaml.org,2002:null"

# Keys from the root to the mapping or list holding the names of a section. A key
# ending in "?" may be left out, and the section then declares no names; a required
# key that is missing, or a value that is not a mapping, is reported by the
# converter, and references into that section are not checked.
_KEYED = {
    "parties": ("parties",),
    "calendars": ("calendars",),
    "layers": ("layers",),
    "objects": ("objects?",),
    "priorities": ("priorities?", "levels"),
    "categories": ("priorities?", "categories"),
}
# field path of a list -> (keys from the root, the field naming each item)
_LISTS = {
    "escalation.levels": (("escalation?", "levels?"), "name"),
    "pauses": (("pauses?",), "reason"),
    "backups": (("backups?",), "name"),
    "maintenance.windows": (("maintenance?", "windows?"), "name"),
}


@frozen
class NamedItem:
    index: int
    name: str
    node: yaml.Node


def child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of `key` in mapping `node` (merges applied), or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in merged_pairs(node).pairs:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def declared(root: yaml.Node) -> dict[str, list[str] | None]:
    """Every name a reference may point at, by section; None when the section is malformed."""
    names = {section: _keys(*_find(root, keys)) for section, keys in _KEYED.items()}
    levels, ok = _find(root, _LISTS["escalation.levels"][0])
    items = named_items(levels, "name") if ok else None
    names["escalation_levels"] = None if items is None else [i.name for i in items]
    parties, ok = _find(root, _KEYED["parties"])
    names["contacts"] = _contacts(parties) if ok else None
    return names


def duplicate_names(root: yaml.Node, file: str) -> list[Problem]:
    """A problem for each list item named like an earlier item of the same list."""
    problems = []
    for path, (keys, field) in _LISTS.items():
        first: dict[str, NamedItem] = {}
        node, ok = _find(root, keys)
        for item in (named_items(node, field) if ok else None) or []:
            earlier = first.setdefault(item.name, item)
            if earlier is item:
                continue
            line = earlier.node.start_mark.line + 1
            message = f"duplicate {field} {show(item.name)} (first at {path}[{earlier.index}], line {line})"
            mark = item.node.start_mark
            where = f"{path}[{item.index}].{field}"
            problems.append(Problem(file, mark.line + 1, mark.column + 1, where, message))
    return problems


def named_items(node: yaml.Node | None, field: str) -> list[NamedItem] | None:
    """Items of a list with their `field` as written; None when `node` is not a list."""
    if _absent(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        return None
    items = []
    for index, item in enumerate(node.value):
        name = child(item, field)
        if isinstance(name, yaml.ScalarNode) and name.tag != _NULL:
            items.append(NamedItem(index, name.value, name))
    return items


def _find(root: yaml.Node, keys: tuple[str, ...]) -> tuple[yaml.Node | None, bool]:
    """The node at `keys` (see `_KEYED`) and whether names may be read from it."""
    node: yaml.Node | None = root
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None, False
        node = child(node, key.removesuffix("?"))
        if _absent(node):
            return None, key.endswith("?")
    return node, True


def _keys(node: yaml.Node | None, ok: bool = True) -> list[str] | None:
    if not ok:
        return None
    if _absent(node):
        return []
    if not isinstance(node, yaml.MappingNode):
        return None
    return [k.value for k, _ in merged_pairs(node).pairs if isinstance(k, yaml.ScalarNode)]


def _contacts(parties: yaml.Node | None) -> list[str] | None:
    if _absent(parties):
        return []
    if not isinstance(parties, yaml.MappingNode):
        return None
    return [
        f"{key.value}.{contact}"
        for key, party in merged_pairs(parties).pairs
        if isinstance(key, yaml.ScalarNode)
        for contact in _keys(child(party, "contacts")) or []
    ]


def _absent(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL)
