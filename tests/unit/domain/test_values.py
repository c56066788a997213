"""`@frozen` behaves as `@dataclass(frozen=True)` does for everything a caller can see."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from remit.domain.values import frozen


@frozen
class Window:
    """A value under test."""

    name: str
    minutes: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


@dataclass(frozen=True)
class Twin:
    """The same fields as a standard frozen dataclass."""

    name: str
    minutes: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


@frozen
class Other:
    """Another class with the same fields."""

    name: str
    minutes: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


values = st.tuples(st.text(max_size=5), st.integers(), st.lists(st.text(max_size=3)), st.text())


@given(values, values)
def test_equality_and_hash_follow_the_compared_fields_as_a_frozen_dataclass(a, b) -> None:
    ours = [Window(n, m, tuple(t), note) for n, m, t, note in (a, b)]
    theirs = [Twin(n, m, tuple(t), note) for n, m, t, note in (a, b)]
    assert (ours[0] == ours[1]) == (theirs[0] == theirs[1])
    assert hash(ours[0]) == hash(theirs[0])
    assert repr(ours[0]).replace("Window(", "Twin(") == repr(theirs[0])


def test_a_different_class_with_the_same_fields_is_not_equal() -> None:
    assert Window("a") != Other("a")
    assert Window("a") == Window("a", note="ignored by equality")


def test_fields_cannot_be_assigned_deleted_or_added_once_made() -> None:
    made = Window("patch", 30)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.minutes = 45  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.name  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.extra = 1  # type: ignore[attr-defined]
    assert made.minutes == 30


def test_replace_copy_and_pickle_give_equal_values() -> None:
    made = Window("patch", 30, ("db",), "n")
    assert dataclasses.replace(made, minutes=45) == Window("patch", 45, ("db",))
    assert copy.deepcopy(made) == made
    assert pickle.loads(pickle.dumps(made)) == made
    assert dataclasses.fields(made)[0].name == "name"
    with pytest.raises(TypeError):
        Window()  # type: ignore[call-arg]
