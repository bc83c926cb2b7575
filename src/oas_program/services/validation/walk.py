"""Walks shared by the validators: entities with their pointers, fields, strings."""

from __future__ import annotations

import contextlib
import contextvars
import functools
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import attrs

from oas_program.errors import escape_pointer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from oas_program.model.program import Entity, Program


def entities(program: Program) -> Iterator[tuple[str, Entity]]:
    """Every identified entity with its JSON Pointer (`/actors/3`), in the order of
    `Program.entities()` (so a collection added to the model is covered here too)."""
    pointers: dict[int, str] = {}
    for field in attrs.fields(type(program)):
        value = getattr(program, field.name)
        if field.init and isinstance(value, tuple):
            for index, item in enumerate(value):
                pointers[id(item)] = f"/{escape_pointer(field.name)}/{index}"
    for entity in program.entities():
        yield pointers[id(entity)], entity


def first_by_id(program: Program) -> dict[str, tuple[str, Entity]]:
    """Entities by id, the first one winning when an id repeats (as `Program.get` does)."""
    index: dict[str, tuple[str, Entity]] = {}
    for pointer, entity in entities(program):
        index.setdefault(entity.id, (pointer, entity))
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
    (identifiers: only such a string can hide a character or mix scripts) and the URLs
    (domain)."""

    texts: list[tuple[str, Any, str, Any]]
    """(pointer, owner, field name, Text) of every text."""
    unusual: list[tuple[str, str]]
    """(pointer, string) of every string that is not ASCII or not printable."""
    notes: list[tuple[str, Any]] = attrs.field(factory=list)
    """(pointer, Note) of every note (completeness: confirmed notes cite a source)."""
    urls: list[tuple[str, str]] = attrs.field(factory=list)
    """(pointer, value) of every `url` field holding a string (domain: links the exports
    can make)."""


P = ParamSpec("P")
R = TypeVar("R")

_SHARED: contextvars.ContextVar[dict[int, tuple[object, Walked]] | None] = contextvars.ContextVar(
    "oas_program_shared_walks", default=None
)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within this block (the validation engine's run), `walked(program)` walks each program
    once, however many layers ask; outside it, each call walks."""
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
    """The texts and unusual strings of *program*, from the shared walk when there is one."""
    cache = _SHARED.get()
    if cache is None:
        return _walk(program)
    hit = cache.get(id(program))
    if hit is None or hit[0] is not program:
        hit = (program, _walk(program))
        cache[id(program)] = hit
    return hit[1]


def _walk(program: Program) -> Walked:
    from oas_program.model.note import Note
    from oas_program.model.text import Text

    texts: list[tuple[str, Any, str, Any]] = []
    unusual: list[tuple[str, str]] = []
    notes: list[tuple[str, Any]] = []
    urls: list[tuple[str, str]] = []
    for pointer, owner, name, value in fields(program):
        kind = type(value)
        if kind is str:
            if not (value.isascii() and value.isprintable()):
                unusual.append((pointer, value))
            if name == "url":
                urls.append((pointer, value))
        elif kind is tuple:
            for index, element in enumerate(value):
                if type(element) is str and not (element.isascii() and element.isprintable()):
                    unusual.append((f"{pointer}/{index}", element))
                elif type(element) is Note:
                    notes.append((f"{pointer}/{index}", element))
        elif kind is Text:
            texts.append((pointer, owner, name, value))
    return Walked(texts=texts, unusual=unusual, notes=notes, urls=urls)
