"""Small value types shared by the model: identifiers, partial dates, certainty marks."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import sys
import types
import typing
import unicodedata
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from oas_program.model import code_cache

if TYPE_CHECKING:
    from collections.abc import Callable

    import attrs

# Stable ids are lowercase ASCII slugs: safe in URLs, file names, CSV keys and SQL, and free
# of look-alike characters by construction.
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
_ID_RE = re.compile(ID_PATTERN)

# Sources often give only a year ("AG/RES. 1775 (XXXI-O/01), 2001") or a month: a date keeps
# the precision the source has instead of inventing a day.
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_DATE_RE = re.compile(PARTIAL_DATE_PATTERN)


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """`typing.get_type_hints(cls)`, resolved once per class. The model's annotations are
    strings (`from __future__ import annotations`) and resolving one compiles it, at every
    call: the generated converters, the tables, the schema and the validation walk all ask,
    for every class, on the way to a command's first result. Not to be changed by callers."""
    hints = _evaluated(cls)
    return typing.get_type_hints(cls) if hints is None else hints


def _evaluated(cls: type) -> dict[str, Any] | None:
    """`typing.get_type_hints(cls)` for annotations that name their types directly, with the
    code of each string kept between processes (`code_cache`): typing compiles every string
    anew, 140 of them before `oas-program show` prints. None where an annotation fails or
    leaves typing something to do (a string or `None` inside, `Annotated`), so typing
    resolves the class itself."""
    hints: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        annotations = inspect.get_annotations(base)
        if not annotations:
            continue
        # As typing evaluates: the module's names looked up first, then the class's.
        class_names = dict(vars(base))
        module_names = getattr(sys.modules.get(base.__module__), "__dict__", {})
        for name, value in annotations.items():
            if isinstance(value, str):
                try:
                    code = code_cache.compiled(value, "<annotation>", "eval")
                    value = eval(code, class_names, module_names)
                except Exception:
                    return None
            if not _resolved(value):
                return None
            hints[name] = value
    return hints


def _resolved(hint: Any) -> bool:
    """True for a type hint typing would return as it is."""
    if hint is None or isinstance(hint, str | typing.ForwardRef):
        return False
    if isinstance(hint, list):  # the parameters of a `Callable`
        return all(_resolved(item) for item in hint)
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return True  # its arguments are values, strings among them
    if origin is typing.Annotated:
        return False
    return all(_resolved(arg) for arg in typing.get_args(hint) if arg is not Ellipsis)


def optional_inner(hint: Any) -> Any:
    """X for a type hint `X | None` (either spelling), else None."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 2:
        if args[1] is types.NoneType:
            return args[0]
        if args[0] is types.NoneType:
            return args[1]
    return None


def tuple_item(hint: Any) -> Any:
    """X for a type hint `tuple[X, ...]`, else None."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


class FieldValueError(ValueError):
    """A domain invariant broken by one field; the loader points at that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


V = TypeVar("V", bound="Callable[..., None]")


def passes_when(test: Callable[[Any], object]) -> Callable[[V], V]:
    """Mark an attrs validator with *test*: true only for values the validator passes, and
    cheaper to call (C code). The generated converters (`fast_convert`) ask it first and
    call the validator, to raise, only when it is false; it is asked for every id of a
    program, hundreds of thousands of times in a large one."""

    def mark(validator: V) -> V:
        validator.passes_when = test  # type: ignore[attr-defined]
        return validator

    return mark


def repeats(validator: V) -> V:
    """Mark an attrs validator whose values repeat across a program: the ids entities name,
    periods, dates. Loading keeps one string for each distinct value of such a field
    (`fast_convert`), except an entity's own `id`, and checks each distinct value once: so
    the validator must pass or fail by the value alone, never by the object or the field."""
    validator.repeats = True  # type: ignore[attr-defined]
    return validator


def _all_ids(values: tuple[str, ...]) -> bool:
    return all(map(_ID_RE.fullmatch, values))


@repeats
@passes_when(_ID_RE.fullmatch)
def check_id(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """attrs validator: *value* is a stable id (lowercase slug)."""
    if not _ID_RE.fullmatch(value):
        raise FieldValueError(
            attribute.name,
            f"{value!r} is not a valid id "
            "(lowercase letters, digits and inner hyphens, at most 64 characters)",
        )


@repeats
@passes_when(_all_ids)
def check_ids(instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    """attrs validator: every item of *value* is a stable id."""
    for item in value:
        check_id(instance, attribute, item)


@repeats
def check_partial_date(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """attrs validator: *value* is None, YYYY, YYYY-MM or a real calendar date YYYY-MM-DD."""
    if value is not None:
        try:
            parse_partial_date(value)
        except ValueError as error:
            raise FieldValueError(attribute.name, str(error)) from None


@functools.lru_cache(maxsize=16384)
def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """Split a partial ISO 8601 date into (year, month, day), checking it is a real date.

    Cached: every load checks every date, and a program's dates repeat (the reports of one
    day); 16,384 dates are 45 years of days, and about 3 MB at most."""
    if not _DATE_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else None, None
    if len(parts) > 2:
        day = parts[2]
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    return year, month, day


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last calendar day a partial date may stand for ("2001" → Jan 1..Dec 31)."""
    year, month, day = parse_partial_date(value)
    if day is not None and month is not None:
        exact = dt.date(year, month, day)
        return exact, exact
    if month is not None:
        last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(year, month, 1), last
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def has_hidden_characters(value: str) -> bool:
    """True when *value* holds format (Cf) characters: bidi controls, zero-width spaces, BOMs."""
    return any(unicodedata.category(ch) == "Cf" for ch in value)


class Certainty(StrEnum):
    """How sure the sources are of a fact (the fact sheet's [C] [S] [U] [?] marks)."""

    CONFIRMED = "confirmed"  # stated by an OAS source
    UNCERTAIN = "uncertain"  # sources conflict, or only one unconfirmed source
    UNKNOWN = "unknown"  # not found at all: the gap is recorded, never filled in


def type_name(value: object) -> str:
    """What a plain value is, in JSON's words (`object`, `array`, `string`, ...)."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    if isinstance(value, bool | type(None) | dict | list | str):
        return names[type(value)]
    return "number" if isinstance(value, int | float) else type(value).__name__
