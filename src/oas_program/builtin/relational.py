"""What the relational formats (CSV data package, SQLite) add to the table layout.

`oas_program.model.tables` says which tables and columns there are. The relational formats also
declare how rows refer to each other:
- a structural key: a child row names its owner row (`activities_assignments.activity_id`
  → `activities.id`); it always holds, by construction;
- a reference: a column holding the id of another entity (`activities_assignments.actor`
  → `actors.id`, every `sources` list → `sources.id`). The model admits a reference to an id
  that is not recorded (the validators report it), and the exports keep it, so a program
  with such a reference gives a package or database whose foreign-key check names exactly
  those rows.

Before writing, `check_exportable` refuses what a table cannot hold: an id repeated within
one collection (it would make the primary key ambiguous), an integer beyond what the table
readers take, and (CSV only) the NUL character.
"""

from __future__ import annotations

import functools
import itertools
import operator
import types
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs

from oas_program import model as m
from oas_program.errors import DataError, ExitCode, Problem, escape_pointer
from oas_program.model.convert import program_to_data
from oas_program.model.program import unique_ids
from oas_program.model.tables import Table, layout, program_rows, table
from oas_program.model.values import check_id, check_ids, type_hints

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


# A field holds references when the model checks it with `check_id`/`check_ids` and it is
# not the entity's own `id`; its name says what it names (`parent`: the owner's own kind).
# A test fails when the model gains a reference field this table does not know.
REFERENCE_TARGETS: dict[str, type] = {
    "actor": m.Actor,
    "author": m.Actor,
    "body": m.Actor,
    "participants": m.Actor,
    "reported_by": m.Actor,
    "activity": m.Activity,
    "objectives": m.Objective,
    "resolution": m.Resolution,
    "adopted_by": m.Resolution,
    "meeting": m.Meeting,
    "document": m.Document,
    "sources": m.Source,
    "based_on": m.Source,
}

# Table readers take integers of at most 18 digits (`tables._INTEGER`); SQLite's own limit
# (64 bits) is wider, so this one bound serves both formats.
INTEGER_BOUND = 10**18


@attrs.frozen
class ForeignKey:
    """Columns of one table that hold the key of a row of another."""

    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]
    reference: bool
    """True for a reference between entities; False for a child row's owner key."""


def _unwrap(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        return next(a for a in get_args(tp) if a is not type(None))
    return tp


def _field(cls: type, path: tuple[str, ...]) -> tuple[attrs.Attribute[Any], Any]:
    """The attrs field at *path* below *cls*, and its type."""
    for name in path[:-1]:
        cls = _unwrap(type_hints(cls)[name])
    return attrs.fields_dict(cls)[path[-1]], type_hints(cls)[path[-1]]


def checks_ids(validator: Any) -> bool:
    """Whether an attrs validator is (or wraps) the model's id check."""
    if validator in (check_id, check_ids):
        return True
    inner = getattr(validator, "validator", None)  # attrs.validators.optional(...)
    wrapped = getattr(validator, "_validators", ())  # attrs.validators.and_(...)
    if isinstance(inner, list | tuple):
        wrapped = (*wrapped, *inner)
    elif inner is not None:
        wrapped = (*wrapped, inner)
    return any(checks_ids(v) for v in wrapped)


@functools.cache
def row_classes() -> dict[str, type]:
    """The model class of one row of each table (link tables of plain values left out)."""
    classes: dict[str, type] = {}
    for t in layout():
        if t.name == "program":
            classes[t.name] = m.Program
        elif not t.scalar:
            owner = m.Program if t.parent is None else classes[t.parent]
            _attribute, list_type = _field(owner, t.field)
            classes[t.name] = get_args(_unwrap(list_type))[0]
    return classes


def _reference_fields() -> Iterator[tuple[str, str, attrs.Attribute[Any]]]:
    """(table, column, model field) for every column a model field checks as an id."""
    classes = row_classes()
    for t in layout():
        if t.scalar:
            assert t.parent is not None
            attribute, _type = _field(classes[t.parent], t.field)
            if checks_ids(attribute.validator):
                yield t.name, "value", attribute
            continue
        for column in t.columns:
            if column.path and column.path != ("id",):
                attribute, _type = _field(classes[t.name], column.path)
                if checks_ids(attribute.validator):
                    yield t.name, column.name, attribute


def _entity_table(t: Table) -> str:
    while t.parent is not None:
        t = table(t.parent)
    return t.name


@functools.cache
def references() -> dict[tuple[str, str], str]:
    """(table, column) → entity table, for every column that holds an entity's id."""
    by_class = {row_classes()[t.name]: t.name for t in entity_tables()}
    found: dict[tuple[str, str], str] = {}
    for name, column, attribute in _reference_fields():
        if attribute.name == "parent":
            found[(name, column)] = _entity_table(table(name))
        elif attribute.name in REFERENCE_TARGETS:
            found[(name, column)] = by_class[REFERENCE_TARGETS[attribute.name]]
    return found


def unknown_reference_fields() -> list[str]:
    """`table.column` of id-checked fields whose target is not known (for a test)."""
    return sorted(
        f"{name}.{column}"
        for name, column, attribute in _reference_fields()
        if attribute.name != "parent" and attribute.name not in REFERENCE_TARGETS
    )


def foreign_keys(t: Table) -> tuple[ForeignKey, ...]:
    """The owner key (for a child table), then the references, in column order."""
    keys: list[ForeignKey] = []
    if t.parent is not None:
        parent = table(t.parent)
        keys.append(ForeignKey(t.owner_key, t.parent, parent.primary_key, reference=False))
    targets = references()
    for column in t.column_names:
        target = targets.get((t.name, column))
        if target is not None:
            keys.append(ForeignKey((column,), target, ("id",), reference=True))
    return tuple(keys)


def owner_key(name: str) -> tuple[str, ...]:
    """The columns of table *name* that name its owner row (empty for entity tables)."""
    return table(name).owner_key


def key_type(column: str) -> str:
    """Cell type of a key column: positions are integers, owner ids strings."""
    return "integer" if column == "position" or column.endswith("_position") else "string"


def column_types(t: Table) -> dict[str, str]:
    """Every column of *t* with its cell type (`string`, `integer`, `boolean`)."""
    types = {name: key_type(name) for name in t.key}
    types.update((c.name, c.type) for c in t.columns)
    return types


def entity_tables() -> tuple[Table, ...]:
    """The top-level collections (keyed by `id`), without the one-row `program` table."""
    return tuple(t for t in layout() if t.parent is None and t.name != "program")


# ---- what a table cannot hold -------------------------------------------------------------


def _walk(value: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            escaped = escape_pointer(key)
            yield from _walk(item, f"{pointer}/{escaped}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{pointer}/{index}")
    else:
        yield pointer, value


def unwritable_number(value: Any) -> bool:
    """An integer beyond 64 bits (a flag is not a number here)."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) >= INTEGER_BOUND


def _cells(rows: Mapping[str, list[tuple[Any, ...]]], kind: str) -> Iterator[Any]:
    """The cells of the columns of *kind* (`integer`, `string`), table by table. The key
    columns hold ids and list positions, always writable, and are passed over: a large
    program has millions of cells, most of them keys. C-level iteration (`itemgetter`,
    `chain`): the caller scans a million cells."""
    for t in layout():
        first = len(t.key)
        places = [first + number for number, c in enumerate(t.columns) if c.type == kind]
        table_rows = rows.get(t.name, ())
        if not places or not table_rows:
            continue
        cells = map(operator.itemgetter(*places), table_rows)
        yield from itertools.chain.from_iterable(cells) if len(places) > 1 else cells


def _may_be_unwritable(rows: Mapping[str, list[tuple[Any, ...]]], nul: bool) -> bool:
    """Whether a cell may be one a format cannot write back: a number beyond 64 bits, or
    (with *nul*) text holding NUL. Never False when one is; True may be a false alarm
    (the walk that names each place finds nothing then)."""
    if any(unwritable_number(value) for value in _cells(rows, "integer")):
        return True
    if nul:  # a string column holds text or null
        texts = filter(None, _cells(rows, "string"))
        return any(map(operator.contains, texts, itertools.repeat("\x00")))
    return False


def check_exportable(
    program: m.Program,
    *,
    format_name: str,
    nul: bool = False,
    rows: Mapping[str, list[tuple[Any, ...]]] | None = None,
) -> None:
    """Raise DataError (exit 1) naming every value *format_name* could not write back.

    :param nul: refuse text holding the NUL character (CSV readers refuse it: it is the
        mark of a binary or UTF-16 file).
    :param rows: the program's rows (`program_rows`), when the exporter has made them (else
        they are made here): they hold every value, so scanning them tells whether anything
        needs naming; the walk that names each place runs only then."""

    def unwritable(value: Any) -> bool:
        if type(value) is str:
            return nul and "\x00" in value
        return unwritable_number(value)

    problems = unique_ids(program)
    if _may_be_unwritable(rows or program_rows(program), nul):
        for pointer, value in _walk(program_to_data(program), ""):
            if not unwritable(value):
                continue
            if type(value) is str:
                problems.append(
                    Problem(
                        code="control-char",
                        message=f"NUL character (U+0000) cannot be written to {format_name}",
                        pointer=pointer,
                    )
                )
            else:
                problems.append(
                    Problem(
                        code="integer-range",
                        message=f"{value} has more than 18 digits; {format_name} cannot hold it",
                        pointer=pointer,
                    )
                )
    if problems:
        raise DataError(problems, ExitCode.INVALID)
