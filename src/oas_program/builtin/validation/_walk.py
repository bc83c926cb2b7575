"""Walks shared by the validators: entities with their pointers, fields, strings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from oas_program.positions import escape

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
                pointers[id(item)] = f"/{escape(field.name)}/{index}"
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

    Wire names are the attribute names (`oas_program.convert`), so the pointers are those of
    the canonical data. Items of tuples are visited when they are attrs values."""
    for field in attrs.fields(type(value)):
        if not field.init:  # caches such as Program._index
            continue
        item = getattr(value, field.name)
        here = f"{pointer}/{escape(field.name)}"
        yield here, value, field.name, item
        if attrs.has(type(item)):
            yield from fields(item, here)
        elif isinstance(item, tuple):
            for index, element in enumerate(item):
                if attrs.has(type(element)):
                    yield from fields(element, f"{here}/{index}")


def strings(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every string in plain data with its pointer (`/actors/3/name/en`)."""
    if isinstance(data, str):
        yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, f"{pointer}/{escape(key)}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, f"{pointer}/{index}")


def kind_name(entity_class: type) -> str:
    """How messages name a kind of entity: `Actor` → `actor`."""
    return entity_class.__name__.lower()
