"""`@frozen`: the frozen dataclass of the contract's model, cheap to define.

A contract command spends most of its start-up defining classes: the contract's model
alone is some sixty dataclasses, and `dataclasses` compiles six methods from source for
each frozen one (`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`,
`__delattr__`), about a millisecond per class. Under `@frozen` it compiles `__init__`
alone; the other five are shared by every class and read the class's fields once.
What a caller sees is what `@dataclass(frozen=True)` gives: the same `__init__` and
fields, `dataclasses.replace`, `FrozenInstanceError` on assigning or deleting a field
once the instance is made, equality and hash over the compared fields of two
instances of the same class, and the same `repr`. (A field is written once, by
`__init__`; `__post_init__` may still set a derived field with `object.__setattr__`.)

Hot paths of the clock keep plain `@dataclass(frozen=True, slots=True)`: there the
generated methods are faster per call, and those few classes cost little to define.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)

# Per class: the names compared, the names hashed, the names shown by repr.
_Spec = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_specs: dict[type, _Spec] = {}


def _spec(cls: type) -> _Spec:
    spec = _specs.get(cls)
    if spec is None:
        fields = dataclasses.fields(cls)
        spec = _specs[cls] = (
            tuple(f.name for f in fields if f.compare),
            tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)),
            tuple(f.name for f in fields if f.repr),
        )
    return spec


def _assign_once(self: Any, name: str, value: Any) -> None:
    if name in self.__dict__ or name not in self.__dataclass_fields__:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    self.__dict__[name] = value


def _refuse_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _eq(self: Any, other: object) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = _spec(self.__class__)[0]
    return tuple([getattr(self, n) for n in names]) == tuple([getattr(other, n) for n in names])


def _hash(self: Any) -> int:
    return hash(tuple([getattr(self, n) for n in _spec(self.__class__)[1]]))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _spec(self.__class__)[2])
    return f"{self.__class__.__qualname__}({shown})"


@dataclass_transform(frozen_default=True)
def frozen(cls: T, /) -> T:
    """Make `cls` a frozen dataclass with field-wise equality, hash and repr."""
    made: Any = dataclasses.dataclass(cls, eq=False, repr=False)
    made.__setattr__ = _assign_once
    made.__delattr__ = _refuse_delete
    made.__eq__ = _eq
    made.__hash__ = _hash
    made.__repr__ = _repr
    return cls
