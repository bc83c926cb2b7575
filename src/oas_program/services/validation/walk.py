"""Walks shared by the validators: entities with their pointers, fields, strings."""

from __future__ import annotations

import contextlib
import contextvars
import enum
import functools
import types
import typing
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import attrs

from oas_program.errors import escape_pointer
from oas_program.model.values import type_hints

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from oas_program.model.program import Entity, Program


def entities(program: Program) -> Iterator[tuple[str, Entity]]:
    """Every identified entity with its JSON Pointer (`/actors/3`), in the order of
    `Program.entities()`: collection by collection (`COLLECTIONS`, so a collection added to
    the model is covered here too)."""
    from oas_program.model.program import COLLECTIONS

    for collection in COLLECTIONS:
        prefix = f"/{escape_pointer(collection.name)}/"
        for position, entity in enumerate(getattr(program, collection.name)):
            yield f"{prefix}{position}", entity


def first_by_id(program: Program) -> dict[str, tuple[str, Entity]]:
    """Entities by id, the first one winning when an id repeats (as `Program.get` does).

    Within `shared()`, built once per program for every layer that asks (not to be changed
    by its callers)."""
    return _shared(program, "index", _index)


def _index(program: Program) -> dict[str, tuple[str, Entity]]:
    from oas_program.model.convert import paused_gc

    # A tuple for each entity of a large program, and no cycle among them for the collector
    # to find: it waits (as for a load).
    index: dict[str, tuple[str, Entity]] = {}
    with paused_gc():
        for pointer, entity in entities(program):
            if entity.id not in index:
                index[entity.id] = (pointer, entity)
    return index


def fields(value: Any, pointer: str = "") -> Iterator[tuple[str, Any, str, Any]]:
    """Every field of an attrs value, depth first: (pointer, owner, field name, value).

    Wire names are the attribute names (`oas_program.model.convert`), so the pointers are those of
    the canonical data. Items of tuples are visited when they are attrs values."""
    owner: type = type(value)
    for name, token in _plan(owner):
        item = getattr(value, name)
        here = pointer + token
        yield here, value, name, item
        kind: type = type(item)
        if is_attrs(kind):
            yield from fields(item, here)
        elif kind is tuple:
            for index, element in enumerate(item):
                element_kind: type = type(element)
                if is_attrs(element_kind):
                    yield from fields(element, f"{here}/{index}")


# Cached per class: attrs.has() looks for generic bases and enums answer attribute lookups
# through a slow metaclass hook, both on every one of millions of values.
is_attrs = functools.cache(attrs.has)


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, str], ...]:
    """(name, pointer token) of the fields `fields` visits: computed once per class, since
    the walk visits millions of fields in a large program."""
    # Fields not set by __init__ are caches such as Program._index.
    return tuple(
        (field.name, f"/{escape_pointer(field.name)}") for field in attrs.fields(cls) if field.init
    )


def strings(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every string in plain data with its pointer (`/actors/3/name/en`)."""
    if isinstance(data, str):
        yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, f"{pointer}/{_key_token(key)}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, f"{pointer}/{index}")


# The keys of canonical data are the model's few field names: escape each once.
_key_token = functools.lru_cache(maxsize=1024)(escape_pointer)


def kind_name(entity_class: type) -> str:
    """How messages name a kind of entity: `Actor` → `actor`."""
    return entity_class.__name__.lower()


# ---- one walk shared by the layers --------------------------------------------------------


@attrs.frozen
class Walked:
    """What the built-in layers need from a walk of every field of a program, gathered in
    one pass: the texts (completeness), the strings that are not plain printable ASCII
    (identifiers: only such a string can hide a character or mix scripts), the URLs
    (domain) and the fields holding ids (references)."""

    texts: list[tuple[str, Any, str, Any]]
    """(pointer, owner, field name, Text) of every text."""
    unusual: list[tuple[str, str]]
    """(pointer, string) of every string that is not ASCII or not printable."""
    notes: list[tuple[str, Any]] = attrs.field(factory=list)
    """(pointer, Note) of every note (completeness: confirmed notes cite a source)."""
    urls: list[tuple[str, str]] = attrs.field(factory=list)
    """(pointer, value) of every `url` field holding a string (domain: links the exports
    can make)."""
    references: list[tuple[str, Any, str, Any]] = attrs.field(factory=list)
    """(pointer of the owner, owner, field name, value) of every field that holds ids
    (`holds_ids`) and is neither None nor empty, in the order of `fields` (references).
    The field's own pointer is left to be built for a finding: there are hundreds of
    thousands of references in a large program, and nearly all of them are right."""


P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

# Per run of the engine: (what, id of the program) -> (the program, what was computed).
_SHARED: contextvars.ContextVar[dict[tuple[str, int], tuple[object, Any]] | None] = (
    contextvars.ContextVar("oas_program_shared_walks", default=None)
)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within this block (the validation engine's run), `walked(program)` walks each program
    once, and `first_by_id` indexes it once, however many layers ask; outside it, each call
    does the work again."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def sharing_walks(function: Callable[P, R]) -> Callable[P, R]:
    """*function* run within `shared()`."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with shared():
            return function(*args, **kwargs)

    return run


def walked(program: Program) -> Walked:
    """The texts, unusual strings, notes, URLs and references of *program*, from the shared
    walk when there is one."""
    return _shared(program, "walk", _walk)


def _shared(program: Program, what: str, compute: Callable[[Program], T]) -> T:
    """*compute*(program), once per program within `shared()`, else every time."""
    cache = _SHARED.get()
    if cache is None:
        return compute(program)
    key = (what, id(program))
    hit = cache.get(key)
    if hit is None or hit[0] is not program:  # an id reused by a later object
        hit = (program, compute(program))
        cache[key] = hit
    result: T = hit[1]
    return result


def checks_ids(validator: Any) -> bool:
    """Whether an attrs validator is (or wraps) the model's id check."""
    from oas_program.model.values import check_id, check_ids

    if validator in (check_id, check_ids):
        return True
    inner = getattr(validator, "validator", None)  # attrs.validators.optional(...)
    wrapped = getattr(validator, "_validators", ())  # attrs.validators.and_(...) / a list
    return (inner is not None and checks_ids(inner)) or any(checks_ids(v) for v in wrapped)


def holds_ids(field: attrs.Attribute[Any]) -> bool:
    """Whether a field refers to entities: it is checked as ids and is not the entity's own
    `id` (so a field added to the model is covered without a change here)."""
    return field.name != "id" and checks_ids(field.validator)


GENERATED_FROM = 5_000
"""Entities from which the walk uses generated visitors. Making them compiles code, about
7 ms for the model's classes, and each entity walked saves about a microsecond: a program
this large gains, the embedded one (a few hundred entities) would lose."""


def _walk(program: Program) -> Walked:
    """Gather what `Walked` holds: the fields `fields` yields, in its order, without the
    pointer of every field (only of what is kept) and without its generators, since a large
    program has millions of fields.

    In a large program, each class's fields are visited by a generated function
    (`visitors`), made here from its code in this walk's namespace: the lists it adds to and
    the other visitors are its globals. What the visitors do not expect goes to the general
    case below, which is also how a small program is walked (`GENERATED_FROM`)."""
    from oas_program.model.convert import paused_gc
    from oas_program.model.note import Note
    from oas_program.model.program import COLLECTIONS
    from oas_program.model.text import Text
    from oas_program.services.validation import visitors

    found = Walked(texts=[], unusual=[])
    add_text, add_unusual, add_note = found.texts.append, found.unusual.append, found.notes.append
    add_url, add_reference = found.urls.append, found.references.append
    made: dict[type, Callable[[Any, str], None]] = {}
    size = sum(len(getattr(program, collection.name)) for collection in COLLECTIONS)
    generated = size >= GENERATED_FROM

    def visitor(cls: type) -> Callable[[Any, str], None]:
        """*cls*'s visitor in this walk, with those it calls."""
        if not generated:
            return visit_fields
        function = made.get(cls)
        if function is None:
            code = visitors.visitor(cls, _walk_plan(cls))
            function = made[cls] = types.FunctionType(code.code, namespace, code.name)
            namespace[code.name] = function
            namespace.update(code.bound)
            for needed in code.needs:
                visitor(needed)
        return function

    def visit(value: Any, pointer: str) -> None:
        visitor(type(value))(value, pointer)

    def visit_fields(value: Any, pointer: str) -> None:
        """What a generated visitor does, field by field from the plan."""
        owner: type = type(value)
        for name, token, ids in _walk_plan(owner):
            item = getattr(value, name)
            if ids and item is not None and item != ():
                add_reference((pointer, value, name, item))
            if item is not None:
                visit_value(item, value, name, pointer + token)

    def visit_value(item: Any, owner: Any, name: str, pointer: str) -> None:
        """The general case: one field's value, whatever its type."""
        kind: type = type(item)
        if kind is str:
            if not (item.isascii() and item.isprintable()):
                add_unusual((pointer, item))
            if name == "url":
                add_url((pointer, item))
        elif kind is tuple:
            if item:  # most tuple fields of a large program are empty
                visit_items(item, pointer)
        elif kind is Text:
            add_text((pointer, owner, name, item))
            visit(item, pointer)
        elif is_attrs(kind):
            visit(item, pointer)

    def visit_items(items: tuple[Any, ...], pointer: str) -> None:
        # Strings and notes first, then the values to walk into: the order of `fields`
        # (a field, then what is below it).
        below = False
        for index, element in enumerate(items):
            kind: type = type(element)
            if kind is str:
                if not (element.isascii() and element.isprintable()):
                    add_unusual((f"{pointer}/{index}", element))
            elif kind is Note:
                add_note((f"{pointer}/{index}", element))
                below = True
            else:
                below = below or is_attrs(kind)
        if below:
            for index, element in enumerate(items):
                element_kind: type = type(element)
                if is_attrs(element_kind):
                    visit(element, f"{pointer}/{index}")

    namespace: dict[str, Any] = {
        "add_text": add_text,
        "add_unusual": add_unusual,
        "add_url": add_url,
        "add_reference": add_reference,
        "visit_value": visit_value,
        "visit_items": visit_items,
        "Text": Text,
    }
    # Hundreds of thousands of tuples, and no cycle among them for the collector to find:
    # it waits (as for a load).
    with paused_gc():
        visit(program, "")
    return found


@functools.cache
def _walk_plan(cls: type) -> tuple[tuple[str, str, bool], ...]:
    """(name, pointer token, holds ids) of the fields of *cls* the shared walk looks at, in
    field order, computed once per class (its visitor is written from them). Left out: the
    codelist fields (`_codelist`) and those not set by `__init__` (caches such as
    `Program._index`)."""
    try:
        hints = type_hints(cls)
    except (NameError, TypeError):  # a hint that cannot be resolved: look at every field
        hints = {}
    return tuple(
        (field.name, f"/{escape_pointer(field.name)}", holds_ids(field))
        for field in attrs.fields(cls)
        if field.init and not _codelist(field, hints.get(field.name, Any))
    )


def _codelist(field: attrs.Attribute[Any], hint: Any) -> bool:
    """Whether a field holds only codelist members (or None, or a tuple of them): typed so
    and converted to them. A member is not of type `str` and holds nothing to walk into, so
    the walk has nothing to do there; a third of the fields of an observation are such."""
    if field.converter is None:
        return False
    return _members_only(hint)


def _members_only(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType, tuple):
        return all(
            arg is type(None) or _members_only(arg)
            for arg in typing.get_args(hint)
            if arg is not Ellipsis
        )
    return isinstance(hint, type) and issubclass(hint, enum.Enum)
