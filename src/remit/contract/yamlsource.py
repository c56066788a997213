"""Read a contract file into a YAML node tree, refusing what cannot be a contract.

Working on the node tree (not on the constructed Python values) keeps every
value's line and column, keeps scalars exactly as written (``version: 15.10``
stays ``15.10``, ``country: NO`` stays ``NO``) and sees duplicate keys that a
plain ``yaml.safe_load`` silently drops.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import yaml

from remit.contract.errors import LINE_BREAK, ContractError, Problem, position

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 100  # a contract nests about 6 levels; far deeper input would crash the parser
MAX_ALIAS_NODES = 1_000_000  # values aliases may add, so that `*a` repeated cannot explode
NEEDS = "a contract needs contract, parties, calendars and layers"

# Characters YAML 1.1 allows in a stream (tab, line breaks and the printable ranges).
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WIDE_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}
_HINTS = {
    "mapping values are not allowed in this context": (
        'put text that contains ": " in quotes, or start a nested mapping on a new line'
    ),
    "did not find expected key": "check the indentation of this line and the one before",
    "did not find expected <document start>": (
        "the top level ended on an earlier line; a contract is one mapping of sections"
    ),
}

try:  # the C parser is ~10x faster on large registries; fall back when libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def read_nodes(path: Path) -> yaml.Node:
    """The root node of the file at `path`, or `ContractError` naming what is wrong."""
    return parse_text(read_text(path), str(path))


def read_text(path: Path) -> str:
    """The text of the contract file at `path` (UTF-8), or `ContractError` naming what is wrong."""
    name = str(path)
    return _decode(_read_bytes(path, name), name)


def parse_text(text: str, name: str) -> yaml.Node:
    """The root node of contract `text`; `name` is the file name used in problems."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, column = position(text, bad.start())
        code = f"U+{ord(bad.group()):04X}"
        raise _fail_at(name, line, column, f"the character {code} is not allowed in YAML text")
    try:
        shallow = _plainly_shallow(text)
        if not shallow:
            _check_shape(text, name)
        node = yaml.compose(text, Loader=_Loader)
        if shallow and "*" in text and _alias_growth(node) > MAX_ALIAS_NODES:
            _check_shape(text, name)  # refuses, naming the alias that crossed the limit
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name) from None
    except yaml.YAMLError as exc:
        raise _fail(name, f"invalid YAML: {exc}".replace("\n", " ")) from None
    if "\\" in text:  # only an escape (\0, \x00, \u0000) can write U+0000 into a value
        _refuse_nul(node, name)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        what = (
            "the file is empty"
            if not text.replace("\ufeff", "").strip()
            else "the file holds no data"
        )
        raise _fail_at(name, 1, 1, f"{what}; {NEEDS}")
    return node


def _refuse_nul(root: yaml.Node | None, name: str) -> None:
    """Text fields cannot hold U+0000 (PostgreSQL refuses it), so no value may contain it."""
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if "\x00" in node.value:
                mark = node.start_mark
                message = "text cannot hold the character U+0000 (written as an escape here)"
                raise _fail_at(name, mark.line + 1, mark.column + 1, message)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        else:
            stack.extend(n for pair in node.value for n in pair)


class _Shape:
    """Nesting depth and alias growth of a YAML event stream, checked as it is read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.open: list[tuple[str | None, int]] = []  # (anchor, values so far) per collection
        self.sizes: dict[str, int] = {}
        self.added = 0

    def enter(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.open) >= MAX_DEPTH:
            raise self._refuse(event, f"lists and mappings nest more than {MAX_DEPTH} levels deep")
        self.open.append((event.anchor, 1))

    def leave(self) -> None:
        anchor, size = self.open.pop()
        self.value(anchor, size)

    def alias(self, event: yaml.AliasEvent) -> None:
        size = self.sizes.get(event.anchor or "", 1)
        self.added += size - 1
        if self.added > MAX_ALIAS_NODES:
            raise self._refuse(event, f"aliases repeat more than {MAX_ALIAS_NODES:,} values")
        self.value(None, size)

    def value(self, anchor: str | None, size: int) -> None:
        if anchor is not None:
            self.sizes[anchor] = size
        if self.open:
            parent_anchor, parent_size = self.open[-1]
            self.open[-1] = (parent_anchor, parent_size + size)

    def _refuse(self, event: yaml.Event, message: str) -> ContractError:
        mark = event.start_mark
        if mark is None:  # pragma: no cover - both parsers mark every event
            return _fail(self.name, message)
        return _fail_at(self.name, mark.line + 1, mark.column + 1, message)


_FLOW_INNERMOST = re.compile(r"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
_LINE_LEAD = re.compile(r"^[ \t-]*", re.MULTILINE)


def _plainly_shallow(text: str) -> bool:
    """A cheap upper bound says the exact event scan below cannot refuse this text.

    Block nesting needs deeper indentation (or another "- ") per level; flow
    nesting is bounded by how many times innermost brackets can be peeled off.
    Ordinary contracts pass this in milliseconds; anything that does not gets
    the exact scan before the parser sees it.
    """
    block = max((len(m.group()) for m in _LINE_LEAD.finditer(text)), default=0) + 1
    flow = 0
    while flow + block < MAX_DEPTH // 2:
        peeled, count = _FLOW_INNERMOST.subn("", text)
        if count == 0:
            return True
        text, flow = peeled, flow + 1
    return False


def _alias_growth(root: yaml.Node | None) -> int:
    """Values that aliases add to the document, counted on the composed tree (where an
    alias is the anchored node itself, so nothing is expanded) as the event scan counts them."""
    sizes: dict[int, int] = {}
    open_now: set[int] = set()
    added = 0

    def size(node: yaml.Node) -> int:
        nonlocal added
        key = id(node)
        if key in sizes:
            added += sizes[key] - 1
            return sizes[key]
        if key in open_now or isinstance(node, yaml.ScalarNode):
            return 1
        open_now.add(key)
        children = (
            node.value
            if isinstance(node, yaml.SequenceNode)
            else [n for kv in node.value for n in kv]
        )
        total = 1 + sum(size(child) for child in children)
        open_now.discard(key)
        sizes[key] = total
        return total

    if root is not None:
        size(root)
    return added


def _check_shape(text: str, name: str) -> None:
    """The exact scan, on PyYAML's own Python parser: it imposes no nesting limit of its
    own, so remit's limit and message come first whatever libyaml's version refuses."""
    shape = _Shape(name)
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            shape.enter(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            shape.leave()
        elif isinstance(event, yaml.AliasEvent):
            shape.alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            shape.value(event.anchor, 1)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, name: str) -> ContractError:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return _fail(name, f"invalid YAML: {exc.problem or exc.context or 'unreadable'}")
    line, column = _within(text, mark.line, mark.column)
    return _fail_at(name, line, column, f"invalid YAML: {_explain(exc, mark, text)}")


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """The 1-based position of a 0-based parser mark, kept inside the text: at the end of
    a file without a final line break the parser marks a line past the last one."""
    lines = LINE_BREAK.split(text)
    if line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return line + 1, column + 1


def _explain(exc: yaml.MarkedYAMLError, mark: yaml.Mark, text: str) -> str:
    """The parser's complaint at `mark` in words an author can act on."""
    found = _char_at(text, mark.line, mark.column)
    if found == "\t":
        return "found a tab; indent with spaces, YAML does not allow tabs here"
    problem = exc.problem or ""
    if problem == "found character that cannot start any token" and found:
        return f"found character {found!r} that cannot start any token"
    context, cm = exc.context, exc.context_mark
    if context and not context.startswith("while"):
        problem = f"{context}, {problem}"  # "expected a single document ..., but found ..."
    elif context and cm is not None and (cm.line, cm.column) != (mark.line, mark.column):
        problem += f" ({context} that starts at line {cm.line + 1}, column {cm.column + 1})"
    hint = _HINTS.get(exc.problem or "")
    return f"{problem}; {hint}" if hint else problem


def _char_at(text: str, line: int, column: int) -> str:
    lines = LINE_BREAK.split(text)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in _WIDE_BOMS.items():
        if data.startswith(bom):
            raise _fail_at(name, 1, 1, f"the file is {encoding} text; save it as UTF-8")
    if b"\x00" in data:
        line, column = _byte_position(data, data.index(b"\x00"))
        raise _fail_at(
            name, line, column, "this is a binary file (a NUL byte here), not a YAML contract"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        byte = data[exc.start]
        message = f"the file is not UTF-8 text (byte 0x{byte:02X} here); save it as UTF-8"
        raise _fail_at(name, line, column, message) from None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset].decode("utf-8-sig", errors="replace")
    return position(before, len(before))


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise _too_large(name, path.stat().st_size)
            return data
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except IsADirectoryError:
        raise _fail(name, "this is a directory, not a contract file") from None
    except PermissionError:
        raise _fail(name, "permission denied") from None
    except OSError as exc:
        raise _fail(name, f"cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. a NUL character in the path
        raise _fail(name, f"cannot read the file: {exc}") from None


def _too_large(name: str, size: int) -> ContractError:
    shown = f"{size / 2**20:.1f} MiB" if size > MAX_BYTES else "larger than that"
    return _fail(name, f"the file is {shown}; a contract may be at most 32 MiB")


def _fail(name: str, message: str) -> ContractError:
    return ContractError([Problem(name, 0, 0, "", message)])


def _fail_at(name: str, line: int, column: int, message: str) -> ContractError:
    return ContractError([Problem(name, line, column, "", message)])
