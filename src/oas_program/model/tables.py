"""The program as relational tables: one layout shared by CSV, SQLite and spreadsheets.

The layout is derived from the model, so it cannot drift from it:
- every top-level collection (`activities`, `actors`, ...) is a table keyed by `id`, and the
  program itself is the one-row table `program`;
- a nested object (a `Text`, a `Mandate`) is flattened into prefixed columns
  (`summary_status`, `summary_en`, ..., `mandate_resolution`);
- a list of values (`objectives`, `sources`) becomes a link table `<table>_<field>` with the
  owner's key, a 1-based `position` and a `value`;
- a list of objects (`assignments`, `memberships`, `notes`) becomes a child table
  `<table>_<field>` with the owner's key, a `position` and the object's columns.

Reading tables back builds the canonical plain data and lets the one converter check it, so
every format reports bad values the same way; each problem is mapped back to its table, row
and column by a function the format gives (CSV line, workbook cell).
"""

from __future__ import annotations

import functools
import operator
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, Union, get_args, get_origin

import attrs

from oas_program.errors import DataError, ExitCode, Location, Problem
from oas_program.model.convert import program_from_data
from oas_program.model.located import Loaded
from oas_program.model.program import COLLECTIONS, FORMAT_VERSION, Program
from oas_program.model.upgrade import PLAIN_TEXTS_BEFORE, older
from oas_program.model.values import type_hints

Cell = str | int | bool | None
Row = Mapping[str, Cell]

_SINGULAR = {
    "program": "program",
    "activities": "activity",
    "actors": "actor",
    "objectives": "objective",
    "resolutions": "resolution",
    "documents": "document",
    "meetings": "meeting",
    "sources": "source",
    "declarations": "declaration",
    "observations": "observation",
}

LEGACY_COLUMNS: dict[str, str] = {"observations_id": "observation_id"}
"""Column names of earlier format versions and their names now (1.0 named the key of the
observations' child tables `observations_id`). Readers rename header labels through
`current_label`, so files of every 1.x version read the same."""


TABLES_ADDED: dict[str, str] = dict.fromkeys(
    (
        "actors_participation",
        "actors_participation_notes",
        "actors_participation_notes_sources",
        "actors_participation_sources",
    ),
    "1.1",
)
"""Tables that a format version after 1.0 added, with that version: files written before it
do not have them, and read as if they were empty."""


def may_lack(table_name: str, format_version: str) -> bool:
    """Whether a file of *format_version* may lack the table (it came later)."""
    added = TABLES_ADDED.get(table_name)
    return added is not None and older(format_version, added)


def plain_text_column(table_name: str) -> str | None:
    """The column that held one of our working texts as a plain English string before 1.2
    (`label` of activities, `title` of sources, `text` of every notes table); it is a
    `Text` now, in `<column>_status`, `<column>_en`, ... columns."""
    if table_name == "activities":
        return "label"
    if table_name == "sources":
        return "title"
    return "text" if table_name.endswith("_notes") else None


def current_label(table_name: str, label: str) -> str:
    """A header label of *table_name* as the current layout names it."""
    if label == plain_text_column(table_name):
        return f"{label}_en"  # the status, absent from older files, is read as `summary`
    return LEGACY_COLUMNS.get(label, label)


_INTEGER = re.compile(r"^-?[0-9]{1,18}$")


@attrs.frozen
class Column:
    """One column: its name, cell type and where its value lives in the row's object."""

    name: str
    type: str
    """`string`, `integer` or `boolean`."""
    required: bool
    path: tuple[str, ...]
    """Keys from the row's object down to the value (`("summary", "en")`)."""
    enum: tuple[str, ...] | None = None
    """The allowed values, for codelist columns."""
    presence: bool = False
    """A marker: whether an optional object whose fields all have defaults is present."""
    optional: bool = False
    """The value itself may be None (`X | None`)."""
    optional_parent: bool = False
    """An object on the path to the value may be absent (`mandate` of `mandate_resolution`)."""


@attrs.frozen
class Table:
    """One table of the layout."""

    name: str
    key: tuple[str, ...]
    """The owner's key columns followed by `position` (empty for entity tables)."""
    columns: tuple[Column, ...]
    parent: str | None
    field: tuple[str, ...]
    """Keys from the parent row's object to the list this table holds."""
    scalar: bool = False
    """A link table of plain values (one `value` column)."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return (*self.key, *(c.name for c in self.columns))

    @property
    def primary_key(self) -> tuple[str, ...]:
        return self.key or ("id",)

    @property
    def owner_key(self) -> tuple[str, ...]:
        """The columns that refer to the parent row."""
        return self.key[:-1]


_POSITION = Column("position", "integer", True, ())


# ---- the layout ---------------------------------------------------------------------------


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """(inner type, optional) for `X | None`."""
    if get_origin(tp) in (Union, types.UnionType):
        return next(a for a in get_args(tp) if a is not type(None)), True
    return tp, False


def _cell_type(tp: Any) -> tuple[str, tuple[str, ...] | None]:
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "string", tuple(str(m.value) for m in tp)
    if tp is bool:
        return "boolean", None
    if tp is int:
        return "integer", None
    return "string", None


def _flatten(
    cls: type,
    path: tuple[str, ...],
    prefix: str,
    required: bool,
    skip: frozenset[str],
    columns: list[Column],
    lists: list[tuple[tuple[str, ...], Any, str]],
    optional_parent: bool = False,
) -> None:
    """Columns for *cls*'s scalar and nested fields; its list fields go to *lists*."""
    hints = type_hints(cls)
    for field in attrs.fields(cls):
        if not field.init or field.name in skip:
            continue
        inner, optional = _unwrap(hints[field.name])
        name, field_path = prefix + field.name, (*path, field.name)
        field_required = required and not optional and field.default is attrs.NOTHING
        if get_origin(inner) is tuple:
            lists.append((field_path, get_args(inner)[0], name))
        elif attrs.has(inner):
            if all(f.default is not attrs.NOTHING for f in attrs.fields(inner)):
                columns.append(Column(name, "boolean", False, field_path, presence=True))
            _flatten(
                inner,
                field_path,
                name + "_",
                field_required,
                frozenset(),
                columns,
                lists,
                optional_parent or optional,
            )
        else:
            kind, enum = _cell_type(inner)
            columns.append(
                Column(
                    name,
                    kind,
                    field_required,
                    field_path,
                    enum,
                    optional=optional,
                    optional_parent=optional_parent,
                )
            )


def _add_table(
    tables: list[Table],
    name: str,
    cls: type,
    key: tuple[str, ...],
    parent: str | None,
    field: tuple[str, ...],
    skip: frozenset[str] = frozenset(),
) -> None:
    columns: list[Column] = []
    lists: list[tuple[tuple[str, ...], Any, str]] = []
    _flatten(cls, (), "", True, skip, columns, lists)
    tables.append(Table(name, key, tuple(columns), parent, field))
    # Children refer to this row by its key; this table's own `position` is renamed after
    # its field so a grandchild's key columns stay distinct (`memberships_position`).
    if key:
        suffix = name.removeprefix(f"{parent}_")
        owner = tuple(f"{suffix}_position" if c == "position" else c for c in key)
    else:
        owner = (f"{_SINGULAR.get(name, name)}_id",)
    for list_path, item_type, list_name in lists:
        child, child_key = f"{name}_{list_name}", (*owner, "position")
        if attrs.has(item_type):
            _add_table(tables, child, item_type, child_key, name, list_path)
        else:
            kind, enum = _cell_type(item_type)
            value = Column("value", kind, True, (), enum)
            tables.append(Table(child, child_key, (value,), name, list_path, scalar=True))


@functools.cache
def layout() -> tuple[Table, ...]:
    """Every table of the layout, each parent before its children."""
    tables: list[Table] = []
    names = frozenset(c.name for c in COLLECTIONS)
    _add_table(tables, "program", Program, (), None, (), skip=names)
    for collection in COLLECTIONS:
        _add_table(tables, collection.name, collection.entity, (), None, (collection.name,))
    return tuple(tables)


def table(name: str) -> Table:
    """The table called *name*."""
    return next(t for t in layout() if t.name == name)


# ---- program → rows -----------------------------------------------------------------------


def _get(obj: Any, path: Sequence[str]) -> Any:
    for key in path:
        if obj is None:
            return None
        obj = getattr(obj, key)
    return obj


def _plain(value: Any) -> Cell:
    # A codelist member's value is read from `_value_`, the attribute `Enum.value` returns:
    # `.value` is a Python-level descriptor, 3.5 times slower, and a large program has
    # hundreds of thousands of codelist cells (0.05 s of 100k records' rows).
    return value._value_ if isinstance(value, Enum) else value  # type: ignore[no-any-return]


def _attribute_path(column: Column) -> str | None:
    """The dotted path `attrgetter` reads *column*'s cell with, when it always can: every
    object on the way is there (and a codelist's member, whose value is read, too)."""
    if column.presence or column.optional_parent or (column.enum and column.optional):
        return None
    return ".".join(column.path) + ("._value_" if column.enum else "")


def _cell_getter(column: Column) -> Callable[[Any], Cell]:
    """How to read *column*'s cell from its row's object where `_attribute_path` cannot."""
    path = column.path
    if column.presence:
        return lambda obj: _get(obj, path) is not None
    if column.enum is not None:
        return lambda obj: _plain(_get(obj, path))
    return lambda obj: _get(obj, path)


def _row_reader(t: Table) -> Callable[[Any], tuple[Cell, ...]]:
    """The cells of one object's row (its key columns apart), decided once per table: a
    large program has millions of cells, so a table whose every cell `attrgetter` can
    read is read by one, in C."""
    paths = [_attribute_path(column) for column in t.columns]
    if len(paths) > 1 and all(paths):
        read: Callable[[Any], tuple[Cell, ...]] = operator.attrgetter(*paths)  # type: ignore[arg-type]
        return read
    getters = [
        operator.attrgetter(path) if path else _cell_getter(column)
        for path, column in zip(paths, t.columns, strict=True)
    ]
    return lambda obj: tuple([get(obj) for get in getters])


def _list_reader(t: Table) -> Callable[[Any], Any]:
    """The list a child table holds, read from its parent's object (None: absent)."""
    path = t.field
    return operator.attrgetter(path[0]) if len(path) == 1 else lambda obj: _get(obj, path)


def program_rows(program: Program) -> dict[str, list[tuple[Cell, ...]]]:
    """Every table's rows, as tuples in `column_names` order."""
    rows: dict[str, list[tuple[Cell, ...]]] = {t.name: [] for t in layout()}
    children: dict[str | None, list[Table]] = {}
    for t in layout():
        children.setdefault(t.parent, []).append(t)
    readers = {t.name: _row_reader(t) for t in layout()}
    lists = {t.name: _list_reader(t) for t in layout()}

    def emit(t: Table, obj: Any, key_values: tuple[Cell, ...]) -> None:
        rows[t.name].append(key_values + readers[t.name](obj))
        owner = key_values or (obj.id,)
        for child in children.get(t.name, []):
            for position, item in enumerate(lists[child.name](obj) or (), start=1):
                if child.scalar:
                    rows[child.name].append((*owner, position, _plain(item)))
                else:
                    emit(child, item, (*owner, position))

    emit(table("program"), program, ())
    for t in children[None]:
        if t.name != "program":
            for obj in _get(program, t.field):
                emit(t, obj, ())
    return rows


# ---- rows → program -----------------------------------------------------------------------

# Where a value came from: (table, 0-based data row, column or None for the whole row).
CellRef = tuple[str, int, str | None]


class _Reader:
    def __init__(self, where: Callable[[str, int, str | None], Location]) -> None:
        self.where = where
        self.problems: list[Problem] = []
        self.refs: dict[str, CellRef] = {}

    def problem(self, ref: CellRef, code: str, message: str) -> None:
        self.problems.append(Problem.at(self.where(*ref), code, message))

    def cell(self, t: Table, column: Column, raw: Cell, ref: CellRef) -> Any:
        """The canonical value of one cell, or None for an empty optional cell."""
        if raw is None or raw == "":
            if column.required and column.type == "string" and raw == "":
                return ""
            return None
        if column.type == "integer":
            if isinstance(raw, bool) or not (isinstance(raw, int) or _INTEGER.fullmatch(str(raw))):
                self.problem(ref, "type-error", f"{column.name}: expected an integer, got {raw!r}")
                return None
            return int(raw)
        if column.type == "boolean":
            if raw in (True, 1, "true", "TRUE", "True", "1"):
                return True
            if raw in (False, 0, "false", "FALSE", "False", "0"):
                return False
            self.problem(ref, "type-error", f"{column.name}: expected true or false, got {raw!r}")
            return None
        return raw if isinstance(raw, str) else str(raw)

    def build(self, t: Table, row: Row, index: int, pointer: str) -> dict[str, Any]:
        """The canonical object of one row (its list fields are filled in later)."""
        obj: dict[str, Any] = {}
        self.refs[pointer or "/"] = (t.name, index, None)
        absent: list[tuple[str, ...]] = []
        for column in t.columns:
            value = self.cell(t, column, row.get(column.name), (t.name, index, column.name))
            if column.presence:
                if value is not True:
                    absent.append(column.path)
                elif _dig(obj, column.path) is None:
                    _put(obj, column.path, {})
                continue
            if value is not None:
                _put(obj, column.path, value)
                self.refs[pointer + "/" + "/".join(column.path)] = (t.name, index, column.name)
        for path in absent:  # a marker that says "absent" wins over stray cells
            parent = _dig(obj, path[:-1]) if len(path) > 1 else obj
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
        return obj


def _dig(obj: dict[str, Any], path: Sequence[str]) -> Any:
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def _put(obj: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for key in path[:-1]:
        obj = obj.setdefault(key, {})
    obj[path[-1]] = value


def program_from_rows(
    rows: Mapping[str, Sequence[Row]],
    where: Callable[[str, int, str | None], Location],
    format_version: str,
) -> Loaded:
    """A program from every table's rows (dicts keyed by column name).

    *where* turns (table, 0-based data row, column) into a file location for messages.
    Raises DataError with every problem found, each located."""
    reader = _Reader(where)
    objects: dict[str, dict[tuple[Cell, ...], tuple[dict[str, Any], str]]] = {}
    data: dict[str, Any] = {"format_version": format_version}
    program_rows_ = rows.get("program") or []
    if len(program_rows_) != 1:
        reader.problem(("program", 0, None), "program-row", "expected exactly one program row")
        raise DataError(reader.problems)
    data.update(reader.build(table("program"), program_rows_[0], 0, ""))
    objects["program"] = {(data.get("id"),): (data, "")}

    for t in layout():
        if t.name == "program":
            continue
        own: dict[tuple[Cell, ...], tuple[dict[str, Any], str]] = {}
        objects[t.name] = own
        if not t.key:  # an entity table: a top-level list
            items: list[Any] = data.setdefault(t.field[0], [])
            for index, row in enumerate(rows.get(t.name) or []):
                pointer = f"/{t.field[0]}/{len(items)}"
                obj = reader.build(t, row, index, pointer)
                items.append(obj)
                own[(row.get("id"),)] = (obj, pointer)
            continue
        _attach_children(reader, t, rows.get(t.name) or [], objects, own)
    if reader.problems:
        raise DataError(reader.problems, ExitCode.INVALID)
    try:
        program = program_from_data(data)
    except DataError as error:
        located = [_relocate(problem, reader, where) for problem in error.problems]
        raise DataError(located, error.exit_code) from None
    return Loaded(program=program, locate=lambda pointer: _locate(pointer, reader.refs, where))


def _attach_children(
    reader: _Reader,
    t: Table,
    rows: Sequence[Row],
    objects: Mapping[str, Mapping[tuple[Cell, ...], tuple[dict[str, Any], str]]],
    own: dict[tuple[Cell, ...], tuple[dict[str, Any], str]],
) -> None:
    assert t.parent is not None
    parents = objects[t.parent]
    grouped: dict[tuple[Cell, ...], list[tuple[int, int, Row]]] = {}
    broken: set[tuple[Cell, ...]] = set()
    for index, row in enumerate(rows):
        owner = tuple(_normal_key(row.get(c)) for c in t.owner_key)
        if owner not in parents:
            shown = ", ".join(f"{c}={row.get(c)!r}" for c in t.owner_key)
            reader.problem(
                (t.name, index, t.owner_key[-1]),
                "unknown-reference",
                f"{shown}: no such {t.parent} row",
            )
            continue
        raw, ref = row.get("position"), (t.name, index, "position")
        if raw is None or raw == "":
            reader.problem(ref, "required", "position: required")
        position = reader.cell(t, _POSITION, raw, ref) if raw not in (None, "") else None
        if position is None:  # reported; the owner's other rows would only echo it
            broken.add(owner)
            continue
        grouped.setdefault(owner, []).append((position, index, row))
    for owner, members in grouped.items():
        if owner in broken:
            continue
        parent_obj, parent_pointer = parents[owner]
        members.sort(key=lambda m: m[0])
        positions = [m[0] for m in members]
        if positions != list(range(1, len(members) + 1)):
            index = members[0][1]
            reader.problem(
                (t.name, index, "position"),
                "position",
                f"positions {positions} for {owner!r} must run 1, 2, 3, ... with no gap or repeat",
            )
            continue
        items: list[Any] = []
        list_pointer = parent_pointer + "/" + "/".join(t.field)
        for position, index, row in members:
            pointer = f"{list_pointer}/{position - 1}"
            if t.scalar:
                value = reader.cell(t, t.columns[0], row.get("value"), (t.name, index, "value"))
                items.append(value)
                reader.refs[pointer] = (t.name, index, "value")
            else:
                obj = reader.build(t, row, index, pointer)
                items.append(obj)
                own[(*owner, position)] = (obj, pointer)
        _put(parent_obj, t.field, items)


def _normal_key(value: Cell) -> Cell:
    # Positions may arrive as text (CSV) or numbers (SQLite): compare them as integers.
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    return value


def _locate(
    pointer: str, refs: Mapping[str, CellRef], where: Callable[[str, int, str | None], Location]
) -> Location | None:
    while pointer:
        if pointer in refs:
            return where(*refs[pointer])
        pointer = pointer.rsplit("/", 1)[0]
    return where(*refs["/"]) if "/" in refs else None


def _relocate(
    problem: Problem, reader: _Reader, where: Callable[[str, int, str | None], Location]
) -> Problem:
    location = _locate(problem.pointer or "/", reader.refs, where)
    if location is None:
        return problem
    return Problem.at(location, problem.code, problem.message, pointer=problem.pointer)


def header_problems(
    name: str,
    header: Sequence[str],
    where: Callable[[int], Location],
    format_version: str = FORMAT_VERSION,
) -> Iterable[Problem]:
    """Blank, repeated, unknown and missing column names in one table's header row (its
    labels as `current_label` gives them), for a file of *format_version*.

    *where* gives the location of a 1-based header column (0: the header row itself)."""
    t = table(name)
    seen: set[str] = set()
    for number, label in enumerate(header, start=1):
        if not label.strip():
            yield Problem.at(where(number), "blank-label", f"column {number}: blank header")
        elif label in seen:
            message = f"column {number}: duplicate header {label!r}"
            yield Problem.at(where(number), "duplicate-label", message)
        elif label not in t.column_names:
            message = f"column {number}: unknown column {label!r}"
            yield Problem.at(where(number), "unknown-column", message)
        seen.add(label)
    required = set(t.key) | {c.name for c in t.columns if c.required}
    plain = plain_text_column(name)
    if plain is not None and older(format_version, PLAIN_TEXTS_BEFORE):
        required.discard(f"{plain}_status")
    for column in t.column_names:
        if column in required and column not in seen:
            message = f"required column {column!r} is missing"
            yield Problem.at(where(0), "missing-label", message)
