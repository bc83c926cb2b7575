"""Generated visitors of the shared walk: one function per model class, its fields written out.

The shared walk (`walk.walked`) looks at every field of a program, millions in a large one.
Looping over a plan of (name, token, holds ids) at every value, and testing each field's
type in a chain, were most of its time. This module writes, from a class's attrs fields and
type hints, one function that reads each field by name and tests first for the type its
hint promises, handing anything else to the walk's general case. What the walk finds, and
the order it finds it in, stay those of `walk.fields` (`tests/test_shared_walk.py`).

A visitor is code, not a function: the walk makes its functions from it in a namespace of
its own (what it collects into, and the other visitors, by name), so nothing of one walk is
kept for the next and walks in several threads do not meet.
"""

from __future__ import annotations

import functools
import itertools
import types
import typing
from typing import Any

import attrs

from oas_program.model.note import Note
from oas_program.model.text import Text
from oas_program.model.values import optional_inner, tuple_item, type_hints


@attrs.frozen
class Visitor:
    """The code of one class's visitor, `name(value, pointer)`, and what it calls by name."""

    name: str
    code: types.CodeType
    needs: tuple[type, ...]
    """The classes whose visitors it calls (their names are bound in the walk's namespace)."""
    bound: dict[str, type]
    """The classes it tests for by name."""


_numbers = itertools.count()


@functools.cache
def name_of(cls: type) -> str:
    """The global name of *cls*'s visitor (numbered: two classes may share a name)."""
    return f"visit_{cls.__name__}_{next(_numbers)}"


def _walked_class(hint: Any) -> bool:
    return isinstance(hint, type) and attrs.has(hint)


@functools.cache
def visitor(cls: type, plan: tuple[tuple[str, str, bool], ...]) -> Visitor:
    """The visitor of *cls*: for each field of *plan* (the walk's: name, pointer token,
    holds ids), in its order, what the general case (`visit_value`) would do, with the
    hinted type tried first. The general case is also what a value of another type gets,
    so any value is walked as `walk.fields` would walk it."""
    try:
        hints = type_hints(cls)
    except (NameError, TypeError):  # a hint that cannot be resolved: the general case
        hints = {}
    function = name_of(cls)
    lines = [f"def {function}(value, pointer):"]
    needs: list[type] = []
    bound: dict[str, type] = {}

    def bind(kind: type) -> str:
        name = f"class_{name_of(kind)}"
        bound[name] = kind
        return name

    for name, token, ids in plan:
        hint = hints.get(name, Any)
        hint = optional_inner(hint) or hint
        item = tuple_item(hint)
        where = f"pointer + {token!r}"
        lines.append(f"    item = value.{name}")
        if ids:
            lines.append("    if item is not None and item != ():")
            lines.append(f"        add_reference((pointer, value, {name!r}, item))")
        if hint is str:
            lines.append("    if type(item) is str:")
            lines.append("        if not (item.isascii() and item.isprintable()):")
            lines.append(f"            add_unusual(({where}, item))")
            if name == "url":
                lines.append(f"        add_url(({where}, item))")
        elif hint is Text:
            lines.append("    if type(item) is Text:")
            lines.append(f"        add_text(({where}, value, {name!r}, item))")
            lines.append(f"        {name_of(Text)}(item, {where})")
            needs.append(Text)
        elif _walked_class(hint):
            lines.append(f"    if type(item) is {bind(hint)}:")
            lines.append(f"        {name_of(hint)}(item, {where})")
            needs.append(hint)
        elif item is not None and _walked_class(item) and item is not Note:
            # A tuple of one class (observations, activities): visited in one loop, once
            # every item is seen to be of that class; else as the general case does.
            lines.append("    if type(item) is tuple:")
            lines.append("        if item:")
            lines.append("            for element in item:")
            lines.append(f"                if type(element) is not {bind(item)}:")
            lines.append(f"                    visit_items(item, {where})")
            lines.append("                    break")
            lines.append("            else:")
            lines.append(f"                here = {where}")
            lines.append("                for index, element in enumerate(item):")
            lines.append(f'                    {name_of(item)}(element, f"{{here}}/{{index}}")')
            needs.append(item)
        elif typing.get_origin(hint) is tuple:
            lines.append("    if type(item) is tuple:")
            lines.append("        if item:")
            lines.append(f"            visit_items(item, {where})")
        else:  # nothing to look for in a number or a flag; anything else: the general case
            plain = " and type(item) is not int and type(item) is not bool"
            lines.append(f"    if item is not None{plain if hint in (int, bool) else ''}:")
            lines.append(f"        visit_value(item, value, {name!r}, {where})")
            continue
        lines.append("    elif item is not None:")
        lines.append(f"        visit_value(item, value, {name!r}, {where})")
    lines.append("    return None")
    source = "\n".join(lines) + "\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<walk visitor of {cls.__qualname__}>", "exec"), namespace)  # ours
    return Visitor(
        name=function,
        code=namespace[function].__code__,
        needs=tuple(dict.fromkeys(needs)),
        bound=bound,
    )
