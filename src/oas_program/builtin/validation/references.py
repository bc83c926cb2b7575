"""Built-in validator: references between entities, repeated ids, parent cycles.

A field holds references when its attrs validator is the model's id check (`check_id`,
`check_ids`, optional or not) and it is not the entity's own `id`: so a field added to the
model is checked without a change here. What kind of entity it must name comes from its name
(`REFERENCE_TARGETS`: `actor` names an actor, `sources` name sources, `parent` an entity of
the owner's own kind); a test fails when the model gains an id field this table does not know.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import escape_pointer
from oas_program.i18n import Templates
from oas_program.model import Activity, Actor, Document, Meeting, Objective, Resolution, Source
from oas_program.model.program import COLLECTIONS, repeated_ids
from oas_program.model.values import check_id, check_ids
from oas_program.plugins.descriptors import Finding, Rule, Severity, Validator
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.validation.walk import first_by_id, is_attrs, kind_name

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from oas_program.model import Program
    from oas_program.plugins.descriptors import Input

UNKNOWN_REFERENCE = Rule(
    code="unknown-reference",
    severity=Severity.ERROR,
    summary="Every id a field refers to (assigned actor, objective, resolution, meeting, "
    "parent, source, ...) is the id of an entity in the program.",
    fix="Correct the id, or add the entity it names.",
)
REFERENCE_KIND = Rule(
    code="reference-kind",
    severity=Severity.ERROR,
    summary="A reference names an entity of the kind the field expects (an assignment names "
    "an actor, `objectives` name objectives, `sources` name sources, ...).",
    fix="Point the field at an entity of the expected kind.",
)
DUPLICATE_ID = Rule(
    code="duplicate-id",
    severity=Severity.ERROR,
    summary="Ids are unique across all the entity collections of a program, and across the "
    "files validated together.",
    fix="Rename one of the entities and update the references to it.",
)
CYCLE = Rule(
    code="cycle",
    severity=Severity.ERROR,
    summary="Actor and objective `parent` chains end: no entity is its own ancestor.",
    fix="Remove or correct one `parent` in the cycle.",
)

# The messages (catalog context `finding:<key>`) and the names of kinds of entity, in
# English; the catalogs give the other languages (`validate --lang`). An unknown reference
# has one message per kind: the kind's name agrees with the words around it.
_KINDS = ("entity", *(kind_name(c.entity) for c in COLLECTIONS))
_TEXT = Templates(
    "finding",
    {
        **{
            f"unknown-reference:{kind}": f"'{{id}}' is not the id of any {kind}; correct the id "
            f"or add the {kind}"
            for kind in _KINDS
        },
        "reference-kind": "'{id}' is {actual} ({where}), but this field names {wanted}; point "
        "it at {wanted}",
        "duplicate-id": "id '{id}' is already used at {first}; ids must be unique across all "
        "collections: rename one and update its references",
        "duplicate-id:across": "duplicate id '{id}' ({where}); ids must be unique across the "
        "files validated together: rename one",
        "cycle:actors": "cycle: {chain} (actor parents); remove or correct one `parent`",
        "cycle:objectives": "cycle: {chain} (objective parents); remove or correct one `parent`",
    },
)
# A kind with its indefinite article: `an actor`, `a meeting`.
_A_KIND = Templates(
    "kind-a", {kind: f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}" for kind in _KINDS}
)
REFERENCES_MESSAGES = {**_TEXT.messages(), **_A_KIND.messages()}

# Field name -> the kind of entity its ids name. `parent` names the owner's own kind.
REFERENCE_TARGETS: dict[str, type] = {
    "actor": Actor,
    "author": Actor,
    "body": Actor,
    "participants": Actor,
    "reported_by": Actor,
    "activity": Activity,
    "objectives": Objective,
    "resolution": Resolution,
    "adopted_by": Resolution,
    "meeting": Meeting,
    "document": Document,
    "sources": Source,
    "based_on": Source,
}


def _checks_ids(validator: Any) -> bool:
    """Whether an attrs validator is (or wraps) the model's id check."""
    if validator in (check_id, check_ids):
        return True
    inner = getattr(validator, "validator", None)  # attrs.validators.optional(...)
    wrapped = getattr(validator, "_validators", ())  # attrs.validators.and_(...) / a list
    return (inner is not None and _checks_ids(inner)) or any(_checks_ids(v) for v in wrapped)


@functools.cache
def reference_fields(owner: type) -> dict[str, type | None]:
    """The reference fields of a model class and the kind each must name (None: unknown)."""
    found: dict[str, type | None] = {}
    for field in attrs.fields(owner):
        if field.name != "id" and _checks_ids(field.validator):
            target = owner if field.name == "parent" else REFERENCE_TARGETS.get(field.name)
            found[field.name] = target
    return found


@functools.cache
def _plan(owner: type) -> tuple[tuple[str, str, type | None], ...]:
    """For a model class, in field order: (name, pointer token, kind) of each field, the kind
    being the one its ids must name (`object`: an id field of unknown kind), or None for a
    field that holds no references but may hold attrs values to walk into."""
    targets = reference_fields(owner)
    return tuple(
        (field.name, f"/{escape_pointer(field.name)}", (targets[field.name] or object))
        if field.name in targets
        else (field.name, f"/{escape_pointer(field.name)}", None)
        for field in attrs.fields(owner)
        if field.init  # not caches such as Program._index
    )


def _references(value: Any, pointer: str = "") -> Iterator[tuple[str, str, type]]:
    """(pointer, id, expected kind) of every reference in a model value (the program).

    The fields `_walk.fields` visits, in its order, but planned per class and without a
    pointer for every field: a large program has millions of fields."""
    owner: type = type(value)
    for name, token, target in _plan(owner):
        item = getattr(value, name)
        if target is not None:
            if isinstance(item, tuple):
                for index, element in enumerate(item):
                    yield f"{pointer}{token}/{index}", element, target
            elif item is not None:
                yield pointer + token, item, target
            continue
        kind: type = type(item)
        if is_attrs(kind):
            yield from _references(item, pointer + token)
        elif kind is tuple:
            for index, element in enumerate(item):
                element_kind: type = type(element)
                if is_attrs(element_kind):
                    yield from _references(element, f"{pointer}{token}/{index}")


def _check_references(program: Program) -> Iterator[Finding]:
    index = first_by_id(program)
    for pointer, ident, target in _references(program):
        found = index.get(ident)
        wanted = kind_name(target) if target is not object else "entity"
        if found is None:
            yield UNKNOWN_REFERENCE.finding(_TEXT(f"unknown-reference:{wanted}", id=ident), pointer)
        elif not isinstance(found[1], target):
            yield REFERENCE_KIND.finding(
                _TEXT(
                    "reference-kind",
                    id=ident,
                    actual=_A_KIND(kind_name(type(found[1]))),
                    where=found[0],
                    wanted=_A_KIND(wanted),
                ),
                pointer,
            )


def _check_duplicates(program: Program) -> Iterator[Finding]:
    for repeated in repeated_ids(program):
        message = _TEXT("duplicate-id", id=repeated.id, first=repeated.first)
        yield DUPLICATE_ID.finding(message, repeated.pointer)


def _cycles(collection: str, items: Sequence[Any]) -> Iterator[Finding]:
    """One finding per cycle of `parent` links, at the cycle's first entity."""
    position: dict[str, int] = {}
    for index, item in enumerate(items):
        position.setdefault(item.id, index)
    parent_of = {item.id: item.parent for item in reversed(items)}  # first one wins
    done: set[str] = set()
    for item in items:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node: str | None = item.id
        while node is not None and node in parent_of and node not in done:
            if node in on_path:
                cycle = path[on_path[node] :]
                start = min(range(len(cycle)), key=lambda i: position[cycle[i]])
                cycle = cycle[start:] + cycle[:start]
                chain = " → ".join([*cycle, cycle[0]])
                yield CYCLE.finding(
                    _TEXT(f"cycle:{collection}", chain=chain),
                    f"/{collection}/{position[cycle[0]]}/parent",
                )
                break
            on_path[node] = len(path)
            path.append(node)
            node = parent_of[node]
        done.update(path)


def check(program: Program) -> Iterator[Finding]:
    yield from _check_duplicates(program)
    yield from _check_references(program)
    yield from _cycles("actors", program.actors)
    yield from _cycles("objectives", program.objectives)


def check_across(inputs: Sequence[Input]) -> Iterator[tuple[int, Finding]]:
    """An id used in two files validated together: reported in every file after the first."""
    seen: dict[str, list[tuple[int, str]]] = {}
    for number, item in enumerate(inputs):
        for ident, (pointer, _entity) in first_by_id(item.program).items():
            seen.setdefault(ident, []).append((number, pointer))
    for ident, places in sorted(seen.items()):
        if len(places) < 2:
            continue
        where = ", ".join(inputs[n].where(f"{p}/id") for n, p in places)
        for number, pointer in places[1:]:
            yield (
                number,
                DUPLICATE_ID.finding(
                    _TEXT("duplicate-id:across", id=ident, where=where), f"{pointer}/id"
                ),
            )


@hookimpl
def oas_program_validators() -> list[Validator]:
    return [
        Validator(
            name="references",
            rules=(UNKNOWN_REFERENCE, REFERENCE_KIND, DUPLICATE_ID, CYCLE),
            check=check,
            check_across=check_across,
            description="References by id, unique ids (also across files), parent cycles.",
        )
    ]
