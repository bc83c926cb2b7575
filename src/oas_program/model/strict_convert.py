"""The cattrs converter: the strict road, which explains what the fast path does not take.

It reads and writes what `convert` describes, with the same strictness. Never use cattrs'
global converter: its lenient defaults (`str(5)`, `int("5")`) would hide bad data.

Valid data of the model is built and written by the generated functions of `fast_convert`;
this module (and cattrs) is imported only when they step aside: to explain bad data, or for
a plugin that asks for the converter (`convert.make_program_converter`).
"""

from __future__ import annotations

import unicodedata
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter

from oas_program.errors import Problem, escape_pointer
from oas_program.model.values import FieldValueError, type_name

if TYPE_CHECKING:
    from collections.abc import Iterable
    from enum import Enum

    import cattrs


class _ValueProblem(ValueError):
    """A value of the wrong shape, with the rule code it breaks."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _structure_str(value: Any, _: type) -> str:
    if type(value) is str and value.isascii():
        return value  # the common case: nothing to check, nothing to normalise
    if not isinstance(value, str):
        raise _ValueProblem("type-error", f"expected a string, got {type_name(value)}")
    if not value.isascii():
        # Lone surrogates survive json.loads but break every UTF-8 writer later on.
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _ValueProblem("invalid-unicode", "string holds a lone surrogate") from None
        # One spelling per text: NFD and NFC forms of "Côte" compare and sort as equal.
        value = unicodedata.normalize("NFC", value)
    return str(value)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ValueProblem("type-error", f"expected an integer, got {type_name(value)}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _ValueProblem("type-error", f"expected true or false, got {type_name(value)}")
    return value


def _enum_hook(enum: type[Enum]) -> Any:
    allowed = [str(member.value) for member in enum]
    # A dict lookup instead of `enum(value)`: the Enum call machinery is slow per value.
    members = {member.value: member for member in enum}

    def structure(value: Any, _: type) -> Enum:
        if isinstance(value, str):
            member = members.get(value)
            if member is not None:
                return member
        raise _ValueProblem("codelist", f"{value!r} is not one of [{', '.join(allowed)}]")

    return structure


def _tuple_hook(tuple_type: Any, converter: cattrs.Converter) -> Any:
    (item_type, _ellipsis) = get_args(tuple_type)
    handler = converter.get_structure_hook(item_type)

    def structure(value: Any, _: type) -> tuple[Any, ...]:
        # cattrs would happily turn the string "abc" into ("a", "b", "c").
        if not isinstance(value, list):
            raise _ValueProblem("type-error", f"expected an array, got {type_name(value)}")
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(handler(item, item_type))
            except Exception as error:
                error.__notes__ = [*getattr(error, "__notes__", []), f"@index {index}"]
                errors.append(error)
        if errors:
            raise IterableValidationError("invalid items", errors, tuple_type)
        return tuple(items)

    return structure


def _optional_hook(optional_type: Any, converter: cattrs.Converter) -> Any:
    (inner,) = [arg for arg in get_args(optional_type) if arg is not NoneType]
    handler = converter.get_structure_hook(inner)

    # cattrs' own Optional hook looks the inner type's hook up again on every value.
    def structure(value: Any, _: type) -> Any:
        return None if value is None else handler(value, inner)

    return structure


def _is_optional(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) in (Union, UnionType) and len(args) == 2 and NoneType in args


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _attrs_hook(cls: type, converter: cattrs.Converter) -> Any:
    generated: Any = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    def structure(value: Any, _: type) -> Any:
        if not isinstance(value, dict):
            raise _ValueProblem("type-error", f"expected an object, got {type_name(value)}")
        try:
            return generated(value, cls)
        except FieldValueError:
            raise
        except (TypeError, ValueError) as error:
            if isinstance(error, ClassValidationError | _ValueProblem):
                raise
            # attrs' own validators (ge, ...) and missing-argument TypeErrors land here.
            raise _ValueProblem("invalid-value", str(error)) from None

    return structure


def make_converter_of(codelists: Iterable[type[Enum]]) -> cattrs.Converter:
    """The strict converter of a model whose Enums are *codelists* (read and written by
    value); `convert.make_program_converter` gives the program model's."""
    converter = make_converter(forbid_extra_keys=True, omit_if_default=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    # The preconf converter dispatches every Enum through one class hook, which a factory
    # cannot override; and the codelists are str subclasses, which the str hook would catch.
    # Registering each codelist by its own class wins over both.
    for codelist in codelists:
        converter.register_structure_hook(codelist, _enum_hook(codelist))
        converter.register_unstructure_hook(codelist, _enum_value)
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda t: _tuple_hook(t, converter)
    )
    converter.register_structure_hook_factory(_is_optional, lambda t: _optional_hook(t, converter))
    converter.register_structure_hook_factory(attrs.has, lambda cls: _attrs_hook(cls, converter))
    # Tuples go out as lists.
    converter.register_unstructure_hook_factory(
        _is_homogeneous_tuple, lambda t: _tuple_unstructure(t, converter)
    )
    return converter


def _enum_value(member: Enum) -> Any:
    return member.value


def _tuple_unstructure(tuple_type: Any, converter: cattrs.Converter) -> Any:
    (item_type, _ellipsis) = get_args(tuple_type)
    handler = converter.get_unstructure_hook(item_type)
    return lambda value: [handler(item) for item in value]


# ---- errors -------------------------------------------------------------------------------


def problems(error: BaseException, pointer: str) -> list[Problem]:
    """Flatten cattrs' exception groups into located problems."""
    if isinstance(error, ClassValidationError):
        found: list[Problem] = []
        for inner, note in error.group_exceptions()[0]:
            found += problems(inner, f"{pointer}/{escape_pointer(note.name)}")
        for inner in error.group_exceptions()[1]:
            found += problems(inner, pointer)
        return found
    if isinstance(error, IterableValidationError):
        found = []
        for inner in error.exceptions:
            notes = [n for n in getattr(inner, "__notes__", []) if str(n).startswith("@index ")]
            index = str(notes[-1]).removeprefix("@index ") if notes else "?"
            found += problems(inner, f"{pointer}/{index}")
        return found
    if isinstance(error, ForbiddenExtraKeysError):
        keys = ", ".join(sorted(error.extra_fields))
        return [Problem(code="unknown-key", message=f"unknown key(s): {keys}", pointer=pointer)]
    if isinstance(error, FieldValueError):
        return [
            Problem(code="invalid-value", message=error.message, pointer=f"{pointer}/{error.field}")
        ]
    if isinstance(error, _ValueProblem):
        return [Problem(code=error.code, message=str(error), pointer=pointer or "/")]
    if isinstance(error, KeyError):
        return [Problem(code="required", message="required", pointer=pointer)]
    if isinstance(error, ExceptionGroup):
        return [p for inner in error.exceptions for p in problems(inner, pointer)]
    return [Problem(code="invalid-value", message=str(error), pointer=pointer or "/")]
