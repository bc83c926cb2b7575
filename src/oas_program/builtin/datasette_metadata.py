"""Built-in plugin: a Datasette metadata file for the SQLite export.

Datasette (https://datasette.io) opens the SQLite export as it is, but finds no label
column (the tables have `name_en`, `label_en`, `symbol`, not `name` or `title`), shows no
description, and leaves out foreign keys of two columns (a note's sources point at their
note by owner id and position). This format writes the metadata Datasette reads with
`datasette program.sqlite -m program.metadata.json`:

- a title, description, licence and source for the database;
- per table: a title, a description from the model's documentation, the label column
  Datasette shows in links instead of bare ids, facets for the codelist columns, and a
  description of every column (what it holds, which table a reference points to, and for
  the key columns of child tables which row of which table they name: the two-column
  foreign keys Datasette does not draw);
- per view: a title and a description.

Datasette keys metadata by database name, the database file's name without its ending:
`-O database=NAME` (default `program`, for `program.sqlite`).
"""

from __future__ import annotations

import contextlib
import functools
import json
from typing import IO, TYPE_CHECKING, Any

from oas_program.builtin import relational
from oas_program.builtin.sqlite_format import VIEWS
from oas_program.model import schema as model_schema
from oas_program.model.tables import Table, layout, table
from oas_program.plugins.descriptors import Exporter, Option
from oas_program.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from oas_program.model.program import Program
    from oas_program.plugins.descriptors import ExportOptions

MEDIA_TYPE = "application/json"
DEFAULT_DATABASE = "program"
# The column Datasette shows for a row in links to it, first found in each table.
_LABEL_COLUMNS = (
    "label_en", "name_en", "symbol", "title_en", "statement_en", "summary_en",
    "id",  # observations: their ids say actor, activity and period
)  # fmt: skip
# Sources have a symbol only when they are documents: their title names every one.
_OWN_LABEL_COLUMNS = {"sources": "title_en"}
_LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese"}
_PART_WORDS = {"status": "whether the text is official wording or our summary"}

VIEW_DOCS: dict[str, tuple[str, str]] = {
    "activities_by_actor": (
        "Activities by actor",
        "Each assignment of an activity to an actor, with the actor's name and the "
        "activity's label and addressee.",
    ),
    "activities_by_addressee": (
        "Activities by addressee",
        "How many activities each addressee group has, and how many were added after adoption.",
    ),
    "member_states": (
        "Member states",
        "The member states with their ISO code and dated membership periods.",
    ),
    "completeness": (
        "Declared and recorded activities",
        "Each declared activity count against the activities recorded for its addressees; "
        "`missing` for exact counts.",
    ),
}


def _docs(cls: type) -> dict[str, str]:
    return model_schema._attribute_docs(cls)


def _class_doc(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split())


def _field_doc(owner: type, path: tuple[str, ...]) -> str:
    """The model's documentation of the field at *path* below *owner* (empty if none)."""
    docs = _docs(owner)
    text = docs.get(path[0], "")
    if len(path) > 1:
        attribute, sub_type = relational._field(owner, path[:1])
        inner = relational._unwrap(sub_type)
        part = path[-1]
        if part in _LANGUAGES:
            text = f"{text or _words(path[0]).capitalize() + '.'} In {_LANGUAGES[part]}."
        elif part in _PART_WORDS:
            text = f"Of the {_words(attribute.name)}: {_PART_WORDS[part]}."
        else:
            with contextlib.suppress(KeyError, TypeError):  # not an attrs class below
                text = f"{text} {_field_doc(inner, path[1:])}".strip()
    return text


def _words(name: str) -> str:
    return name.replace("_", " ")


def _key_columns(t: Table) -> dict[str, str]:
    """Descriptions of a child table's key columns, naming the row each points to."""
    if t.parent is None:
        return {}
    parent = table(t.parent)
    described: dict[str, str] = {}
    owner = t.owner_key
    target = ", ".join(owner)
    for column in owner:
        if len(owner) > 1:
            described[column] = (
                f"With {target}: the row of {parent.name} this row belongs to (a foreign key "
                f"of {len(owner)} columns, {parent.name} ({', '.join(parent.primary_key)}), "
                "which Datasette does not link)."
            )
        else:
            described[column] = f"The {parent.name} row this row belongs to."
    described["position"] = "1-based position of this item in its list."
    return described


def _columns(t: Table) -> dict[str, str]:
    classes = relational.row_classes()
    references = relational.references()
    described = _key_columns(t)
    if t.scalar:
        assert t.parent is not None
        text = _field_doc(classes[t.parent], t.field)
        target = references.get((t.name, "value"))
        link = f" Links to {target}." if target else ""
        described["value"] = f"{text}{link}".strip()
        return described
    for column in t.columns:
        text = _field_doc(classes[t.name], column.path) if column.path else ""
        if column.path == ("id",):
            text = "Stable id: lowercase letters, digits and inner hyphens."
        if column.enum:
            text = f"{text} One of: {', '.join(column.enum)}.".strip()
        target = references.get((t.name, column.name))
        if target is not None:
            text = f"{text} Links to {target}.".strip()
        if text:
            described[column.name] = text
    return described


def _table_description(t: Table) -> str:
    classes = relational.row_classes()
    if t.parent is None:
        return _class_doc(classes[t.name])
    text = _field_doc(classes[t.parent], t.field)
    owner = ", ".join(t.owner_key)
    where = f"{t.parent}.{'.'.join(t.field)}"
    return f"{text} One row per item of {where}, keyed by {owner} and position.".strip()


def _label_column(t: Table) -> str | None:
    names = set(t.column_names)
    if t.name in _OWN_LABEL_COLUMNS:
        return _OWN_LABEL_COLUMNS[t.name]
    return next((c for c in _LABEL_COLUMNS if c in names), None)


def _facets(t: Table) -> list[str]:
    return [c.name for c in t.columns if c.enum and not c.name.endswith("_status")]


@functools.cache
def tables() -> dict[str, dict[str, Any]]:
    """Datasette table metadata for every table and view of the SQLite export."""
    found: dict[str, dict[str, Any]] = {}
    for t in layout():
        entry: dict[str, Any] = {
            "title": _words(t.name).capitalize(),
            "description": _table_description(t),
            "columns": _columns(t),
        }
        label = _label_column(t)
        if label is not None:
            entry["label_column"] = label
        facets = _facets(t)
        if facets:
            entry["facets"] = facets
        found[t.name] = entry
    found["meta"] = {
        "title": "Meta",
        "description": "The format version of the export (key format_version).",
        "hidden": True,
    }
    for name in VIEWS:
        title, description = VIEW_DOCS.get(name, (_words(name).capitalize(), ""))
        found[name] = {"title": title, "description": description}
    return found


def metadata(program: Program, database: str = DEFAULT_DATABASE) -> dict[str, Any]:
    """The metadata document Datasette reads with `-m`, for the database *database*."""
    text = program.title
    title = text.en or text.es or text.fr or text.pt or program.id
    return {
        "title": title,
        "description": (
            "The program as data, exported by oas-program. Descriptions are our summaries "
            "of the sources, not official OAS wording."
        ),
        "source": "oas-program",
        "source_url": "https://www.oas.org/dil/migrant_workers.htm",
        "databases": {
            database: {
                "title": title,
                "description": "Tables of the program's relational layout, and views.",
                "tables": tables(),
            }
        },
    }


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    database = options.extra.get("database", DEFAULT_DATABASE)
    text = json.dumps(metadata(program, database), ensure_ascii=False, indent=2)
    stream.write(text.encode("utf-8") + b"\n")


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="datasette-metadata",
            media_type=MEDIA_TYPE,
            suffix=".metadata.json",
            write=_write,
            description="Datasette metadata for the SQLite export (labels, descriptions, facets)",
            options=(
                Option(
                    name="database",
                    help="The database's name in Datasette (its file name without .sqlite)",
                    default=DEFAULT_DATABASE,
                ),
            ),
        )
    ]
