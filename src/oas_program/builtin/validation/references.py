"""Built-in validator: references between entities, repeated ids, parent cycles.

A field holds references when its attrs validator is the model's id check (`check_id`,
`check_ids`, optional or not) and it is not the entity's own `id` (`walk.holds_ids`): so a
field added to the model is checked without a change here; the walk the layers share gathers
them. What kind of entity it must name comes from its name (`REFERENCE_TARGETS`: `actor`
names an actor, `sources` name sources, `parent` an entity of the owner's own kind); a test
fails when the model gains an id field this table does not know.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import escape_pointer
from oas_program.i18n import Templates
from oas_program.model import Activity, Actor, Document, Meeting, Objective, Resolution, Source
from oas_program.model.program import COLLECTIONS, repeated_ids
from oas_program.plugins.descriptors import Finding, Rule, Severity, Validator
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.validation.walk import first_by_id, holds_ids, kind_name, walked

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from oas_program.model import Program
    from oas_program.model.program import Entity
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


@functools.cache
def reference_fields(owner: type) -> dict[str, type | None]:
    """The reference fields of a model class and the kind each must name (None: unknown)."""
    found: dict[str, type | None] = {}
    for field in attrs.fields(owner):
        if holds_ids(field):
            target = owner if field.name == "parent" else REFERENCE_TARGETS.get(field.name)
            found[field.name] = target
    return found


def _check_references(program: Program) -> Iterator[Finding]:
    # The fields holding ids come from the walk the layers share, in the order of
    # `walk.fields`; a field's pointer is built only when one of its ids is wrong. The test
    # of each id is written out here, not called: it runs for every reference.
    index = first_by_id(program)
    get = index.get
    for owner_pointer, owner, name, value in walked(program).references:
        owner_class: type = type(owner)
        target = reference_fields(owner_class)[name] or object
        if isinstance(value, tuple):
            for position, ident in enumerate(value):
                found = get(ident)
                if found is None or not isinstance(found[1], target):
                    pointer = f"{owner_pointer}/{escape_pointer(name)}/{position}"
                    yield _reference_finding(index, ident, target, pointer)
        else:
            found = get(value)
            if found is None or not isinstance(found[1], target):
                pointer = f"{owner_pointer}/{escape_pointer(name)}"
                yield _reference_finding(index, value, target, pointer)


def _reference_finding(
    index: dict[str, tuple[str, Entity]], ident: str, target: type, pointer: str
) -> Finding:
    """What is wrong with a reference to *ident*: an unknown id, or one of another kind."""
    found = index.get(ident)
    wanted = kind_name(target) if target is not object else "entity"
    if found is None:
        return UNKNOWN_REFERENCE.finding(_TEXT(f"unknown-reference:{wanted}", id=ident), pointer)
    return REFERENCE_KIND.finding(
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
