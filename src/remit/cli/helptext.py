"""Help that reads like a manual: metavars instead of raw type labels, no giant ranges.

Typer labels every value with its Python type (``<str>``, ``<list[str]>``, ``<int
range>``), wraps required arguments in braces and prints the storage limit of an id
(``1<=x<=9223372036854775807``). `tidy` gives each parameter of a command tree a
metavar in the manner of Unix manuals instead: the option's own metavar when it has
one, the choices for an enumeration, ``N`` for a number, the option's name otherwise.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

STORAGE_LIMIT = 2**63 - 1  # an id's upper bound is the database's, not worth a line of help


class _TidyOption(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        longest = max(self.opts, key=len).lstrip("-")
        return self.metavar or _metavar(self.type_descriptor.annotation, longest)

    def _get_number_range_help_str(self) -> str | None:
        return _range(self.min, self.max)


class _TidyArgument(TyperArgument):
    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "").upper()

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def _get_number_range_help_str(self) -> str | None:
        return _range(self.min, self.max)


def tidy(command: Any) -> Any:
    """`command` and everything under it, each parameter shown by its metavar, help in
    plain text (as the root's)."""
    command.rich_markup_mode = None
    for param in command.params:
        if type(param) is TyperOption:
            param.__class__ = _TidyOption
        elif type(param) is TyperArgument:
            param.__class__ = _TidyArgument
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            tidy(sub)
    return command


def _metavar(annotation: Any, name: str | None) -> str:
    kind = _element(annotation)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "[" + "|".join(str(member.value) for member in kind) + "]"
    if kind in (int, float):
        return "N"
    return _NAMED.get(name or "", (name or "value").upper())


_NAMED = {"by": "WHO"}  # `--by` names a party or 'party.contact' wherever it appears


def _element(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if getattr(annotation, "__origin__", None) is list and args:
        return args[0]
    return annotation


def _range(low: float | None, high: float | None) -> str | None:
    if high is not None and high >= STORAGE_LIMIT:
        high = None
    if low is None and high is None:
        return None
    if high is None:
        return f"at least {low}"
    if low is None:
        return f"at most {high}"
    return f"{low} to {high}"
