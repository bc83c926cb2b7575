"""Walks shared by the validators: entities with their pointers, fields, strings."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import escape_pointer

if TYPE_CHECKING:
    from collections.abc import Iterator

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
