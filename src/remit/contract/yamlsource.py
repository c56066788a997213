"""Read a contract file into a YAML node tree, refusing what cannot be a contract.

Working on the node tree (not on the constructed Python values) keeps every
value's line and column, keeps scalars exactly as written (``version: 15.10``
stays ``15.10``, ``country: NO`` stays ``NO``) and sees duplicate keys that a
plain ``yaml.safe_load`` silently drops.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from remit.contract.errors import ContractError, Problem

MAX_BYTES = 32 * 1024 * 1024

try:  # the C parser is ~10x faster on large registries; fall back when libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def read_nodes(path: Path) -> yaml.Node:
    """The root node of the file at `path`, or `ContractError` naming what is wrong."""
    name = str(path)
    data = _read_bytes(path, name)
    if len(data) > MAX_BYTES:
        raise _fail(
            name, f"the file is {len(data) / 2**20:.1f} MiB; a contract may be at most 32 MiB"
        )
    if b"\x00" in data:
        raise _fail(name, "this is a binary file, not a YAML contract")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(name, f"the file is not UTF-8 text (byte {exc.start} on line {line})") from None
    return parse_text(text, name)


def parse_text(text: str, name: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"invalid YAML: {exc.problem or exc.context}"
        if mark is None:
            raise _fail(name, message) from None
        raise ContractError([Problem(name, mark.line + 1, mark.column + 1, "", message)]) from None
    except yaml.YAMLError as exc:
        raise _fail(name, f"invalid YAML: {exc}") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        raise ContractError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    "the file is empty; a contract needs contract, parties, calendars and layers",
                )
            ]
        )
    return node


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except IsADirectoryError:
        raise _fail(name, "this is a directory, not a contract file") from None
    except PermissionError:
        raise _fail(name, "permission denied") from None
    except OSError as exc:
        raise _fail(name, f"cannot read the file: {exc.strerror}") from None


def _fail(name: str, message: str) -> ContractError:
    return ContractError([Problem(name, 0, 0, "", message)])
