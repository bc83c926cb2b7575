"""A semantic diff of two programs: what was added, removed or changed, keyed by id.

Entities are matched by id within each collection of `Program` that holds identified
entities (found from the model's types, so a new collection is compared without a change
here); the program's own fields (title, adoption, notes, ...) are compared as one more
entity, the collection `program`. The order of entities inside a collection is not a
difference: nothing in the data gives it a meaning. Where an id repeats (which
`oas-program validate` reports), its first occurrence is compared, as `Program.get` does.

Field differences are computed on the canonical plain data (`convert.unstructure`), so the
paths are those of the file format and never drift from the model. Objects are compared key
by key and lists of equal length item by item; a list whose length changed is one difference
at its own path. The canonical data leaves defaults out and never holds `null`, so `None`
as an old or new value means "absent" (the default).

A small table gives domain names to the differences users ask about (an activity reworded,
its assignments changed, an observation's status changed); every other difference is
`changed`. Output is deterministic: the program first, then collections in model order,
ids in sort order, fields by path.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import escape_pointer
from oas_program.i18n import Words, messages
from oas_program.model.convert import FAST, paused_gc, program_to_data, unstructurer
from oas_program.model.program import COLLECTIONS, Program

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

PROGRAM = "program"
"""The collection name of the program's own fields."""

CHANGED = "changed"
"""The label of a difference the label table does not name."""


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


# (label, collection, top-level fields): the domain names of differences. The first label
# in this order that a change carries is its main label.
_LABELS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("reworded", "activities", ("summary", "text")),
    ("reworded", "objectives", ("summary", "text")),
    ("reworded", "resolutions", ("summary",)),
    ("assignments-changed", "activities", ("assignments",)),
    ("status-changed", "observations", ("status",)),
    ("reassessed", "observations", ("assessments",)),
)
_LABEL_OF: dict[tuple[str, str], str] = {
    (collection, field): label for label, collection, fields in _LABELS for field in fields
}
_LABEL_ORDER: tuple[str, ...] = (*dict.fromkeys(label for label, _, _ in _LABELS), CHANGED)

# The words of the text report, in English; the other languages come from the catalogs
# (context "diff:<key>"). The JSON report keeps the English description.
DIFF_WORDS: dict[str, str] = {
    "added": "added",
    "removed": "removed",
    "changed": "changed",
    "reworded": "reworded",
    "assignments-changed": "assignments changed",
    "status-changed": "status changed",
    "reassessed": "reassessed",
    "none": "(none)",
    "reordered": "reordered",
    "no_differences": "no differences",
    "count_added": "{n} added",
    "count_removed": "{n} removed",
    "count_changed": "{n} changed",
}
DIFF_MESSAGES = messages("diff", DIFF_WORDS)

# Words inside a detail, filled in the report's language when the line is written.
_NONE = "\x00none\x00"
_REORDERED = "\x00reordered\x00"


def _words(lang: str) -> Words:
    return Words("diff", DIFF_WORDS, lang)


def _sentence(kind: ChangeKind, parts: Sequence[tuple[str, str]], w: Words) -> str:
    """A change's description in the words of *w*: `added (...)`, `reworded: summary/en`."""
    if kind is not ChangeKind.CHANGED:
        ((label, extra),) = parts
        return w(label) + (f" ({extra})" if extra else "")
    return "; ".join(
        f"{w(label)}: {detail.replace(_NONE, w('none')).replace(_REORDERED, w('reordered'))}"
        for label, detail in parts
    )


_SIGNS: dict[ChangeKind, str] = {
    ChangeKind.ADDED: "+",
    ChangeKind.REMOVED: "-",
    ChangeKind.CHANGED: "~",
}


@attrs.frozen
class FieldChange:
    """One differing value inside an entity."""

    path: str
    """JSON Pointer within the entity (`/summary/en`); `""` is the whole entity."""
    old: Any
    """Old plain value; None when absent."""
    new: Any
    """New plain value; None when absent."""
    label: str
    """Domain name of the difference (`reworded`, ...), `changed`, or the change's kind for
    a whole entity added or removed."""


@attrs.frozen
class Change:
    """One entity added, removed or changed."""

    kind: ChangeKind
    collection: str
    """Name of the `Program` collection (`activities`), or `program` for its own fields."""
    id: str
    label: str
    """Main domain label: `added`, `removed`, a label of the table, or `changed`."""
    fields: tuple[FieldChange, ...]
    """The differing values, by path. An entity added or removed has one, at path `""`."""
    parts: tuple[tuple[str, str], ...]
    """(label, detail) of each kind of difference, in the order the description gives them;
    an entity added or removed has one, its kind and what it is (`mex, ms-training, ...`)."""

    @property
    def description(self) -> str:
        """What changed, in a few words (`reworded: summary/en`)."""
        return _sentence(self.kind, self.parts, _words("en"))

    @property
    def line(self) -> str:
        """The change as one text line: `~ activities/cim-2 reworded: summary/en`."""
        return self.line_in("en")

    def line_in(self, lang: str) -> str:
        """The line in *lang* (ids, paths and codes stay as they are)."""
        sentence = _sentence(self.kind, self.parts, _words(lang))
        return f"{_SIGNS[self.kind]} {self.collection}/{self.id} {sentence}"

    def to_data(self) -> dict[str, Any]:
        """The change as plain JSON-ready data (the `--format json` item)."""
        return {
            "kind": self.kind._value_,  # `_value_`: Enum's `value` is a slow property
            "collection": self.collection,
            "id": self.id,
            "label": self.label,
            "description": self.description,
            "fields": [
                {"path": f.path, "label": f.label, "old": f.old, "new": f.new} for f in self.fields
            ],
        }


# A diff of a large merge makes a change per record added (159,000 at 100k records): these
# make them as the classes do, without `__init__`'s calls through attrs.
_change = FAST.builder(Change)
_field_change = FAST.builder(FieldChange)


@attrs.frozen
class ProgramDiff:
    """Every difference between two programs, in a stable order."""

    changes: tuple[Change, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.changes

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.changes if change.kind is kind)

    def summary(self) -> dict[str, int]:
        """Changes counted by kind: `{"added": n, "removed": n, "changed": n}`."""
        return {kind.value: self.count(kind) for kind in ChangeKind}

    def lines(self, lang: str = "en") -> list[str]:
        """The text report in *lang*: one line per change, then `N added, N removed,
        N changed` (or `no differences`)."""
        w = _words(lang)
        if self.empty:
            return [w("no_differences")]
        totals = ", ".join(w(f"count_{kind}", n=n) for kind, n in self.summary().items())
        return [*(change.line_in(lang) for change in self.changes), totals]

    def to_data(self, old: str, new: str) -> dict[str, Any]:
        """The JSON report; *old* and *new* name the inputs."""
        return {
            "old": old,
            "new": new,
            "changes": [change.to_data() for change in self.changes],
            "summary": self.summary(),
        }


def diff(old: Program, new: Program) -> ProgramDiff:
    """What changed from *old* to *new*."""
    # One pause for the whole comparison: paused and resumed around each entity, the
    # collector ran full collections over both programs again and again.
    with paused_gc():
        return _diff(old, new)


def _diff(old: Program, new: Program) -> ProgramDiff:
    changes: list[Change] = []
    own = _changed(PROGRAM, new.id, old, new, _own_data(old), _own_data(new))
    if own is not None:
        changes.append(own)
    for collection in COLLECTIONS:
        name = collection.name
        write = unstructurer(collection.entity)
        before = _by_id(getattr(old, name))
        after = _by_id(getattr(new, name))
        # The ids of both, in the programs' order before sorting: the sort then finds them
        # mostly in order already (a set's order made it three times slower at 100k records).
        for entity_id in sorted({**before, **after}):
            first = before.get(entity_id, _ABSENT)
            second = after.get(entity_id, _ABSENT)
            # The same object in both (what a merge keeps) needs no field-by-field look.
            if first is second:
                continue
            if first is _ABSENT:
                changes.append(_whole(ChangeKind.ADDED, name, second, write(second)))
            elif second is _ABSENT:
                changes.append(_whole(ChangeKind.REMOVED, name, first, write(first)))
            elif first != second:
                change = _changed(name, entity_id, first, second, write(first), write(second))
                if change is not None:
                    changes.append(change)
    return ProgramDiff(tuple(changes))


_ABSENT = object()
"""What `_diff` finds for an id one of the programs does not have."""


def collections() -> tuple[str, ...]:
    """Names of the `Program` collections of identified entities, in model order."""
    return tuple(c.name for c in COLLECTIONS)


def _own_data(program: Program) -> dict[str, Any]:
    # Emptied first: the collections are compared entity by entity, not unstructured here.
    emptied: dict[str, Any] = dict.fromkeys(collections(), ())
    data = program_to_data(attrs.evolve(program, **emptied))
    for name in collections():
        data.pop(name, None)
    return data


def _by_id(entities: Sequence[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entity in entities:
        found.setdefault(entity.id, entity)
    return found


# ---- one entity ---------------------------------------------------------------------------


def _describe_observation(observation: Any) -> str:
    # `_value_`: Enum's `value` is a slow property, and a merge adds 159,000 observations.
    return (
        f"{observation.actor}, {observation.activity}, {observation.period}: "
        f"{observation.status._value_}"
    )


# What an added or removed entity is, in a few words, where its id does not say it all.
_DESCRIBE: dict[str, Callable[[Any], str]] = {"observations": _describe_observation}


def _whole(kind: ChangeKind, collection: str, entity: Any, data: Any) -> Change:
    """The change of an entity added or removed, *data* its plain data."""
    old, new = (None, data) if kind is ChangeKind.ADDED else (data, None)
    describe = _DESCRIBE.get(collection)
    label = kind._value_  # `_value_`: Enum's `value` is a slow property
    return _change(
        kind=kind,
        collection=collection,
        id=entity.id,
        label=label,
        fields=(_field_change(path="", old=old, new=new, label=label),),
        parts=((label, describe(entity) if describe is not None else ""),),
    )


def _changed(
    collection: str, entity_id: str, old: Any, new: Any, old_data: Any, new_data: Any
) -> Change | None:
    found = sorted(_differences(old_data, new_data, ()), key=lambda d: _path_key(d[0]))
    if not found:
        return None
    fields = tuple(
        FieldChange(
            path=_pointer(tokens),
            old=before,
            new=after,
            label=_LABEL_OF.get((collection, str(tokens[0])), CHANGED) if tokens else CHANGED,
        )
        for tokens, before, after in found
    )
    groups: dict[str, list[FieldChange]] = {}
    for field in fields:
        groups.setdefault(field.label, []).append(field)
    labels = sorted(groups, key=_LABEL_ORDER.index)
    return Change(
        kind=ChangeKind.CHANGED,
        collection=collection,
        id=entity_id,
        label=labels[0],
        fields=fields,
        parts=tuple(
            (label, _DETAIL.get(label, _paths)(old, new, groups[label])) for label in labels
        ),
    )


Tokens = tuple[str | int, ...]


def _differences(old: Any, new: Any, at: Tokens) -> Iterator[tuple[Tokens, Any, Any]]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old.keys() | new.keys():
            yield from _differences(old.get(key), new.get(key), (*at, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (first, second) in enumerate(zip(old, new, strict=True)):
            yield from _differences(first, second, (*at, index))
    else:
        yield at, old, new


def _path_key(tokens: Tokens) -> tuple[tuple[int, int, str], ...]:
    # Numerically for list indexes: /notes/2 before /notes/10.
    return tuple((0, t, "") if isinstance(t, int) else (1, 0, t) for t in tokens)


def _pointer(tokens: Tokens) -> str:
    return "".join(f"/{escape_pointer(t)}" for t in tokens)


# ---- details: what the text says after a label --------------------------------------------


def _paths(old: Any, new: Any, fields: Sequence[FieldChange]) -> str:
    return ", ".join(f.path.removeprefix("/") for f in fields)


def _value(value: Any) -> str:
    return _NONE if value is None else str(value)


def _arrows(old: Any, new: Any, fields: Sequence[FieldChange]) -> str:
    return ", ".join(f"{_value(f.old)} → {_value(f.new)}" for f in fields)


def _roles(assignments: Sequence[Any]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for assignment in assignments:  # in order; an actor assigned twice counts once
        roles.setdefault(assignment.actor, assignment.role.value)
    return roles


def _assignments(old: Any, new: Any, fields: Sequence[FieldChange]) -> str:
    before = _roles(old.assignments)
    after = _roles(new.assignments)
    parts = [f"+{actor}" for actor in after if actor not in before]
    parts += [f"-{actor}" for actor in before if actor not in after]
    parts += [
        f"~{actor} ({before[actor]} → {role})"
        for actor, role in after.items()
        if actor in before and before[actor] != role
    ]
    return " ".join(parts) if parts else _REORDERED


_DETAIL: dict[str, Callable[[Any, Any, Sequence[FieldChange]], str]] = {
    "assignments-changed": _assignments,
    "status-changed": _arrows,
}
