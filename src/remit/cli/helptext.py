"""Help that reads like a manual, and parameters that start fast.

Metavars instead of raw type labels, no giant ranges:

Typer labels every value with its Python type (``<str>``, ``<list[str]>``, ``<int
range>``), wraps required arguments in braces and prints the storage limit of an id
(``1<=x<=9223372036854775807``). `tidy` gives each parameter of a command tree a
metavar in the manner of Unix manuals instead: the option's own metavar when it has
one, the choices for an enumeration, ``N`` for a number, the option's name otherwise.

Typer coerces every value through a Pydantic adapter, about 0.1 s of imports on each
run. A text value given as text, a list of texts, and a default that already has
its type need no coercion: `tidy` lets those through and leaves every other value
(numbers, paths, choices typed by the user) to Typer's adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from typer._coercion import RuntimeParam, build_runtime_param
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

STORAGE_LIMIT = 2**63 - 1  # an id's upper bound is the database's, not worth a line of help


@dataclass(frozen=True)
class _Plain(RuntimeParam):
    """Text as text and typed defaults as they are; anything else through Typer's adapter."""

    owner: Any = None

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.annotation
        if kind is str and isinstance(value, str):
            return value
        if _element(kind) is str and kind is not str and _texts(value):
            return list(value)
        if isinstance(kind, type) and issubclass(kind, Enum) and isinstance(value, kind):
            return value
        return build_runtime_param(self.owner.type_descriptor).coerce(value, param=param, ctx=ctx)


def _texts(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def _plain(param: Any) -> RuntimeParam:
    if param._runtime_param is None:
        descriptor = param.type_descriptor
        param._runtime_param = _Plain(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, owner=param
        )
    runtime: RuntimeParam = param._runtime_param
    return runtime


class _TidyOption(TyperOption):
    def get_runtime_param(self) -> RuntimeParam:
        return _plain(self)

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        longest = max(self.opts, key=len).lstrip("-")
        return self.metavar or _metavar(self.type_descriptor.annotation, longest)

    def _get_number_range_help_str(self) -> str | None:
        return _range(self.min, self.max)


class _TidyArgument(TyperArgument):
    def get_runtime_param(self) -> RuntimeParam:
        return _plain(self)

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


class _TidyCommand(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return tidy_params(super().get_params(ctx))


class _TidyGroup(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return tidy_params(super().get_params(ctx))


def tidy(command: Any) -> Any:
    """`command` and everything under it, each parameter shown by its metavar, help in
    plain text (as the root's)."""
    command.rich_markup_mode = None
    if type(command) is TyperCommand:
        command.__class__ = _TidyCommand
    elif type(command) is TyperGroup:
        command.__class__ = _TidyGroup
    tidy_params(command.params)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            tidy(sub)
    return command


def tidy_params(params: list[Any]) -> list[Any]:
    """`params`, each Typer option and argument shown by its metavar."""
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _TidyOption
        elif type(param) is TyperArgument:
            param.__class__ = _TidyArgument
    return params


def _metavar(annotation: Any, name: str | None) -> str:
    kind = _element(annotation)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "[" + "|".join(str(member.value) for member in kind) + "]"
    if kind in (int, float):
        return "N"
    return _NAMED.get(name or "", (name or "value").upper())


_NAMED = {"by": "WHO"}  # `--by` names who acts (a person, a party or a contact) wherever it appears


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
