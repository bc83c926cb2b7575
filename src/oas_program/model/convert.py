"""The one cattrs converter between the model and plain JSON-ready data.

Wire names are the attribute names; defaults are left out of the output so files stay
short. Loading is strict: unknown keys, wrong types, strings where lists are expected and
numbers where strings are expected are all errors, reported with the JSON Pointer of the
bad value. Never use cattrs' global converter: its lenient defaults (`str(5)`, `int("5")`)
would hide bad data.
"""

from __future__ import annotations

import contextlib
import gc
import re
import unicodedata
from enum import Enum
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import make_converter

from oas_program.errors import DataError, ExitCode, Problem, escape_pointer
from oas_program.model.fast_convert import FastConverter
from oas_program.model.program import FORMAT_VERSION, Program
from oas_program.model.upgrade import upgraded
from oas_program.model.values import FieldValueError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import cattrs

T = TypeVar("T")

_MINOR_VERSION = re.compile(r"[0-9]+\.[0-9]+")
"""A well-formed version (`1.0`); anything else is left for the schema layer to report."""


class _ValueProblem(ValueError):
    """A value of the wrong shape, with the rule code it breaks."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _type_name(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    if isinstance(value, bool | type(None) | dict | list | str):
        return names[type(value)]
    return "number" if isinstance(value, int | float) else type(value).__name__


def _structure_str(value: Any, _: type) -> str:
    if type(value) is str and value.isascii():
        return value  # the common case: nothing to check, nothing to normalise
    if not isinstance(value, str):
        raise _ValueProblem("type-error", f"expected a string, got {_type_name(value)}")
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
        raise _ValueProblem("type-error", f"expected an integer, got {_type_name(value)}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _ValueProblem("type-error", f"expected true or false, got {_type_name(value)}")
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
            raise _ValueProblem("type-error", f"expected an array, got {_type_name(value)}")
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
            raise _ValueProblem("type-error", f"expected an object, got {_type_name(value)}")
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


def _model_codelists() -> list[type[Enum]]:
    from oas_program import model

    return [v for v in vars(model).values() if isinstance(v, type) and issubclass(v, Enum)]


def make_program_converter() -> cattrs.Converter:
    """Build the converter. Public for plugins that structure parts of the model."""
    converter = make_converter(forbid_extra_keys=True, omit_if_default=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    # The preconf converter dispatches every Enum through one class hook, which a factory
    # cannot override; and the codelists are str subclasses, which the str hook would catch.
    # Registering each codelist by its own class wins over both.
    for codelist in _model_codelists():
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


CONVERTER = make_program_converter()

FAST = FastConverter(CONVERTER, _model_codelists())
"""Generated functions in front of `CONVERTER` for whole attrs objects (`fast_convert`):
they build and write the same as the converter, several times faster, and step aside for
anything else, so the converter's located errors are unchanged."""


# ---- errors -------------------------------------------------------------------------------


def _problems(error: BaseException, pointer: str) -> list[Problem]:
    """Flatten cattrs' exception groups into located problems."""
    if isinstance(error, ClassValidationError):
        found: list[Problem] = []
        for inner, note in error.group_exceptions()[0]:
            found += _problems(inner, f"{pointer}/{escape_pointer(note.name)}")
        for inner in error.group_exceptions()[1]:
            found += _problems(inner, pointer)
        return found
    if isinstance(error, IterableValidationError):
        found = []
        for inner in error.exceptions:
            notes = [n for n in getattr(inner, "__notes__", []) if str(n).startswith("@index ")]
            index = str(notes[-1]).removeprefix("@index ") if notes else "?"
            found += _problems(inner, f"{pointer}/{index}")
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
        return [p for inner in error.exceptions for p in _problems(inner, pointer)]
    return [Problem(code="invalid-value", message=str(error), pointer=pointer or "/")]


def structure(data: Any, cls: type[T]) -> T:
    """Build model objects from plain data; DataError lists every problem with its pointer."""
    with paused_gc():
        # The fast path first; with the validators switched off (attrs.validators.disabled)
        # only the converter knows what to skip.
        if attrs.has(cls) and not attrs.validators.get_disabled():
            with contextlib.suppress(Exception):  # the converter below says what is wrong
                built: T = FAST.structurer(cls)(data)
                return built
        try:
            return CONVERTER.structure(data, cls)
        except Exception as error:
            # Readable data that does not fit the model is *invalid* (exit 1), not unreadable.
            raise DataError(_problems(error, ""), exit_code=ExitCode.INVALID) from None


def unstructure(value: Any) -> Any:
    """Plain JSON-ready data (dicts, lists, strings, numbers) from model objects."""
    with paused_gc():
        if attrs.has(type(value)):
            with contextlib.suppress(Exception):  # the converter raises its own error
                return FAST.unstructurer(type(value))(value)
        return CONVERTER.unstructure(value)


def program_from_data(data: Any) -> Program:
    """A Program from the plain data of the canonical format, checking `format_version`."""
    if not isinstance(data, dict):
        raise DataError.one("root-type", f"expected object at root, got {_type_name(data)}")
    version = data.get("format_version")
    if version is None:
        raise DataError.one("required", "required", pointer="/format_version")
    if not isinstance(version, str) or version.split(".")[0] != FORMAT_VERSION.split(".")[0]:
        raise DataError.one(
            "format-version",
            f"format version {version!r} is not supported (this library reads {FORMAT_VERSION})",
            pointer="/format_version",
        )
    if version != FORMAT_VERSION and _MINOR_VERSION.fullmatch(version):
        # The program in memory is always of the current version, and is written as such.
        data = upgraded(data, version)
    return structure(data, Program)


def program_if_fast(data: Any, max_depth: int) -> Program | None:
    """The Program the fast path builds from *data* of the current format version, or None
    when it steps aside (the caller then takes the strict road, which explains).

    For a reader that left the checks for floats and depth to it: it answers only for data
    with no float and no more than *max_depth* levels (`FastConverter.depth`)."""
    depth = FAST.depth(Program)
    if depth is None or depth > max_depth or attrs.validators.get_disabled():
        return None
    if type(data) is not dict or data.get("format_version") != FORMAT_VERSION:
        return None
    with paused_gc(), contextlib.suppress(Exception):
        program: Program = FAST.structurer(Program)(data)
        return program
    return None


def program_to_data(program: Program) -> dict[str, Any]:
    """The canonical format's plain data for a program (format_version always written)."""
    data: dict[str, Any] = unstructure(program)
    data.pop("_index", None)
    return {"format_version": program.format_version, **data}


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for bulk work (parsing, building the model).

    Building a large program allocates millions of containers, and each few hundred of them
    start a collection that walks the young objects again: bulk loads ran 1.5 times slower
    with it. The data built has no reference cycles for it to find, and it runs again as
    usual afterwards. Nested uses are fine: the outermost one restores the collector."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
