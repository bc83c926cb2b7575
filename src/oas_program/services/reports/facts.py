"""What a report on the program shows, and in which order: selection and grouping only.

The Markdown and HTML exporters render these structures; `oas-program show` takes its counts
from here. Nothing is formatted or translated in this module.

Lookups are tolerant: an exporter may be asked to write a program that has not been
validated, so a dangling id gives `None` here (and is shown as the bare id) instead of
failing the whole export.
"""

from __future__ import annotations

import functools
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from oas_program.model.activity import Activity, Addressee, AssignmentRole
from oas_program.model.actor import Actor, ActorKind
from oas_program.model.document import Document
from oas_program.model.meeting import Meeting
from oas_program.model.note import Note
from oas_program.model.objective import Objective
from oas_program.model.program import Declaration
from oas_program.model.resolution import Resolution
from oas_program.model.text import LANGUAGES, Text
from oas_program.model.values import Certainty, optional_inner, tuple_item, type_hints

if TYPE_CHECKING:
    from collections.abc import Iterator

    from oas_program.model.program import Program

T = TypeVar("T")

Subject = Objective | Activity | Actor | Resolution | Document | Meeting | Declaration
"""Anything a note can be attached to, besides the program itself."""


def lookup(program: Program, entity_id: str, cls: type[T]) -> T | None:
    """The entity *entity_id* if it exists and is a *cls*, else None."""
    try:
        entity = program.get(entity_id)
    except KeyError:
        return None
    return entity if isinstance(entity, cls) else None


def counts(program: Program) -> dict[str, int]:
    """How many of each kind of entity the program records."""
    return {
        "objectives": len(program.objectives),
        "activities": len(program.activities),
        "actors": len(program.actors),
        "resolutions": len(program.resolutions),
        "documents": len(program.documents),
        "meetings": len(program.meetings),
        "sources": len(program.sources),
    }


# ---- notes ---------------------------------------------------------------------------------


@attrs.frozen
class NoteRef:
    """A note and what it is about (None: the program itself)."""

    subject: Subject | None
    note: Note

    @property
    def open(self) -> bool:
        """True for what the sources leave uncertain or unknown."""
        return self.note.certainty is not Certainty.CONFIRMED


def notes(program: Program) -> tuple[NoteRef, ...]:
    """Every note in the data, the program's own first, then entity by entity.

    Notes on a membership period are reported against the state; notes on a declaration
    against the declaration."""
    found = [NoteRef(None, note) for note in program.notes]
    subjects: list[Subject] = [
        *program.objectives,
        *program.activities,
        *program.actors,
        *program.resolutions,
        *program.documents,
        *program.meetings,
        *program.declarations,
    ]
    for subject in subjects:
        found.extend(NoteRef(subject, note) for note in subject.notes)
        if isinstance(subject, Actor):
            for period in subject.memberships:
                found.extend(NoteRef(subject, note) for note in period.notes)
    return tuple(found)


def open_questions(program: Program) -> tuple[NoteRef, ...]:
    """The notes that record something uncertain or unknown."""
    return tuple(ref for ref in notes(program) if ref.open)


# ---- activities ----------------------------------------------------------------------------


def objectives(program: Program) -> tuple[tuple[Objective, tuple[Activity, ...]], ...]:
    """Each objective with the activities serving it (sub-objectives' included)."""
    return tuple((o, program.activities_serving(o.id)) for o in program.objectives)


def by_addressee(program: Program) -> tuple[tuple[Addressee, tuple[Activity, ...]], ...]:
    """Every addressee group, in the program's order, with its activities (maybe none)."""
    return tuple(
        (group, tuple(a for a in program.activities if a.addressee is group)) for group in Addressee
    )


@attrs.frozen
class ActorActivities:
    """One actor's assigned activities, each with the actor's role in it."""

    actor_id: str
    actor: Actor | None
    """None when the id names no actor (unvalidated data)."""
    items: tuple[tuple[Activity, AssignmentRole], ...]


def by_actor(program: Program) -> tuple[ActorActivities, ...]:
    """Actors with assigned activities, in the order of the actor list (unknown ids last)."""
    items: dict[str, list[tuple[Activity, AssignmentRole]]] = {}
    for activity in program.activities:
        for assignment in activity.assignments:
            items.setdefault(assignment.actor, []).append((activity, assignment.role))
    order = [a.id for a in program.actors if a.id in items]
    order += sorted(set(items) - set(order))
    return tuple(
        ActorActivities(actor_id, lookup(program, actor_id, Actor), tuple(items[actor_id]))
        for actor_id in order
    )


def unassigned(program: Program) -> tuple[Activity, ...]:
    """Activities addressed to a whole group, with no actor named."""
    return tuple(a for a in program.activities if not a.assignments)


# ---- resolutions, members, languages ---------------------------------------------------------


def timeline(program: Program) -> tuple[Resolution, ...]:
    """Every resolution by date, then number; undated ones last (`Resolution.order`)."""
    return tuple(sorted(program.resolutions, key=lambda r: r.order))


def members(program: Program) -> tuple[Actor, ...]:
    """The member states, in the order of the actor list."""
    return tuple(a for a in program.actors if a.kind is ActorKind.MEMBER_STATE)


def texts(value: object) -> Iterator[Text]:
    """Every text held by *value*'s fields and the values below them, depth first.

    Only the fields whose type can hold a text are looked at (`_text_fields`): in a large
    program most values are observations, and most of their fields are ids, codes and
    dates."""
    kind: type = type(value)
    for name in _text_fields(kind):
        yield from _texts_in(getattr(value, name))


def _texts_in(item: object) -> Iterator[Text]:
    kind: type = type(item)
    if kind is Text:
        yield cast("Text", item)
    elif kind is tuple:
        for element in cast("tuple[object, ...]", item):
            yield from _texts_in(element)
    elif attrs.has(kind):
        yield from texts(item)


_LOOKING: set[type] = set()
"""Classes whose fields `_text_fields` is looking at: one met again below itself may hold
a text (the walk then finds out, value by value)."""


@functools.cache
def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields set by `__init__` whose type can hold a text, directly or below (not the
    caches such as `Program._index`). A type the model does not use counts as one that can."""
    if not attrs.has(cls):
        return ()
    hints = type_hints(cls)
    _LOOKING.add(cls)
    try:
        return tuple(
            field.name
            for field in attrs.fields(cls)
            if field.init and _may_hold_text(hints.get(field.name, Any))
        )
    finally:
        _LOOKING.discard(cls)


def _may_hold_text(hint: Any) -> bool:
    inner = optional_inner(hint)
    if inner is None:
        inner = tuple_item(hint)
    if inner is not None:
        return _may_hold_text(inner)
    if hint is Text or hint in _LOOKING:
        return True
    if isinstance(hint, type) and attrs.has(hint):
        return bool(_text_fields(hint))
    return not (isinstance(hint, type) and issubclass(hint, str | int | bool | Enum))


def languages(program: Program) -> tuple[str, ...]:
    """The languages at least one text of the program is recorded in, in the OAS order."""
    found: set[str] = set()
    for text in texts(program):
        found.update(text.languages)
        if len(found) == len(LANGUAGES):
            break  # all of them: the rest of a large program need not be walked
    return tuple(lang for lang in LANGUAGES if lang in found)
