"""`values.type_hints`: what `typing.get_type_hints` gives, from annotation code kept
between processes where the annotations name their types directly, from typing otherwise."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from typing import Annotated

import attrs
import pytest

import oas_program
from oas_program.model import values


def package_classes() -> list[type]:
    """Every class with annotations defined in the package and the two plugins."""
    names = [m.name for m in pkgutil.walk_packages(oas_program.__path__, "oas_program.")]
    names += ["oas_program_xlsx.plugin", "oas_program_postgresql.plugin"]
    found = []
    for name in names:
        if name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == name
                and inspect.get_annotations(value)
            ):
                found.append(value)
    return found


CLASSES = package_classes()


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_the_hints_are_typings(cls: type) -> None:
    evaluated = values._evaluated(cls)
    try:
        expected = typing.get_type_hints(cls)
    except NameError:  # names imported for type checkers only (plugin descriptors)
        assert evaluated is None
        return
    if evaluated is not None:
        assert evaluated == expected
        assert [type(hint) for hint in evaluated.values()] == [
            type(hint) for hint in expected.values()
        ]
    assert values.type_hints(cls) == expected


def test_the_models_classes_are_evaluated_without_typing() -> None:
    model = [cls for cls in CLASSES if cls.__module__.startswith("oas_program.model.")]
    assert len(model) > 30
    assert [cls for cls in model if attrs.has(cls) and values._evaluated(cls) is None] == []


# ---- what is left to typing ------------------------------------------------------------------


class Inner:
    pass


@attrs.frozen
class NestedString:
    items: tuple[Inner, ...]  # the string "tuple[Inner, ...]": evaluated here
    later: tuple[Inner, ...] | None = attrs.field(default=None)


class StringInside:
    __annotations__ = {"items": "tuple['Inner', ...]"}  # a string inside one


class NoneAnnotation:
    __annotations__ = {"nothing": None}  # typing turns it into NoneType


class Extras:
    count: Annotated[int, "a count"]


class Shadowing:
    Inner = 5  # a class attribute named as a module's class: typing takes the module's
    inner: Inner


class Unknown:
    missing: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821


@pytest.mark.parametrize(
    ("cls", "left_to_typing"),
    [
        (NestedString, False),
        (StringInside, True),
        (NoneAnnotation, True),
        (Extras, True),
        (Shadowing, False),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_the_hints_of_other_shapes_are_typings(cls: type, left_to_typing: bool) -> None:
    assert (values._evaluated(cls) is None) is left_to_typing
    assert values.type_hints(cls) == typing.get_type_hints(cls)


def test_a_name_that_cannot_be_resolved_fails_as_in_typing() -> None:
    assert values._evaluated(Unknown) is None
    with pytest.raises(NameError, match="NotDefinedAnywhere"):
        values.type_hints(Unknown)
    assert values.type_hints(Shadowing) == {"inner": Inner}
