"""Built-in plugin: reporting forms as JSON and as CSV."""

from __future__ import annotations

import csv
import functools
import io
from typing import IO, TYPE_CHECKING, Any

import attrs

from oas_program.errors import DataError, Location, Problem
from oas_program.files import fast_json
from oas_program.model.convert import paused_gc
from oas_program.model.forms import (
    CODELISTS,
    COLUMNS,
    FORM_VERSION,
    INSTRUCTIONS_MARK,
    FilledForm,
    Form,
    FormRow,
    cells,
    column_label,
    column_named,
)
from oas_program.plugins.descriptors import FormFormat
from oas_program.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from collections.abc import Callable

    from oas_program.plugins.descriptors import ExportOptions, ImportSource


# ---- JSON ---------------------------------------------------------------------------------


def write_json(form: Form, stream: IO[bytes]) -> None:
    from oas_program.files.json_text import dumps_json

    data = {
        "form_version": FORM_VERSION,
        "program": form.program,
        "actor": form.actor,
        "period": form.period,
        "lang": form.lang,
        "instructions": form.instructions_by_key,
        "codelists": {name: list(values) for name, values in CODELISTS.items()},
        "rows": [
            {
                k: v
                for k, v in zip(COLUMNS, cells(form, row), strict=True)
                if k not in ("actor", "period")
            }
            for row in form.rows
        ],
    }
    stream.write(dumps_json(data).encode("utf-8"))


def _row_location(at: Callable[[str], Location], pointer: str, column: str) -> Location:
    """Where a row's cell is (*column* empty: the row itself)."""
    return at(f"{pointer}/{column}" if column else pointer)


def _bulk(read: Callable[[ImportSource], FilledForm]) -> Callable[[ImportSource], FilledForm]:
    """*read* with the cyclic garbage collector paused, as loading a program pauses it
    (`convert.paused_gc`): a form builds a few objects per row, and with a large program in
    memory each collection of the oldest generation walks all of it. Reading 35 forms of a
    100k-record program took 2.2 s with the collector running, 1.2 s without."""

    @functools.wraps(read)
    def read_paused(source: ImportSource) -> FilledForm:
        with paused_gc():
            return read(source)

    return read_paused


_new = object.__new__
_ROW_KEYS = frozenset(attrs.fields_dict(FormRow))
# (name, default or None when required, the slot's setter) for each of FormRow's fields.
_ROW_FIELDS = tuple(
    (
        field.name,
        None if field.default is attrs.NOTHING else field.default,
        getattr(FormRow, field.name).__set__,
    )
    for field in attrs.fields(FormRow)
)


def _well_formed_row(item: object) -> FormRow | None:
    """The row of a JSON form's `rows` item, or of a CSV row's cells by column, when it is
    as nearly all are (FormRow's keys only, each text or null, the activity as text), else
    None: the reader explains.

    Null and "" are an empty cell; an absent key is the field's default. Made as attrs makes
    it, minus `__init__`'s keyword call (FormRow has no validators or converters): reading
    the 159,000 rows of 35 forms took half the time."""
    if type(item) is not dict or not item.keys() <= _ROW_KEYS:
        return None
    row = _new(FormRow)
    for name, default, set_value in _ROW_FIELDS:
        value = item.get(name, default)
        if type(value) is not str:
            if value is not None or default is None:  # a number, a list; no activity
                return None
            value = ""
        set_value(row, value)
    return row


def _well_formed_rows(data: object, max_depth: int) -> list[FormRow] | None:
    """The rows of a form as orjson read it (`fast_json.parse_unwalked`), when the form has
    its header and every row is well-formed, else None.

    A well-formed row holds only text and null: the rows need no walk for depth and floats,
    only the rest of the form does (`fast_json.plain`)."""
    if (
        type(data) is not dict
        or type(data.get("rows")) is not list
        or "actor" not in data
        or "period" not in data
        or max_depth < 3  # the form, its rows, a row
        or not fast_json.plain({k: v for k, v in data.items() if k != "rows"}, max_depth)
    ):
        return None
    rows = []
    for item in data["rows"]:
        row = _well_formed_row(item)
        if row is None:
            return None
        rows.append(row)
    return rows


def _checked_rows(data: dict[str, Any], at: Callable[[str], Location]) -> list[FormRow]:
    """The rows of a form read strictly, or a DataError with every problem and its place."""
    problems = []
    for key in ("actor", "period", "rows"):
        if key not in data:
            problems.append(Problem.at(at(""), "required", f"/{key}: required"))
    if "rows" in data and not isinstance(data["rows"], list):
        problems.append(Problem.at(at("/rows"), "type-error", "/rows: expected an array"))
    if problems:
        raise DataError(problems)
    rows = []
    for index, item in enumerate(data["rows"]):
        row = _well_formed_row(item)
        if row is not None:
            rows.append(row)
            continue
        pointer = f"/rows/{index}"
        if not isinstance(item, dict):
            problems.append(Problem.at(at(pointer), "type-error", f"{pointer}: expected an object"))
            continue
        unknown = sorted(item.keys() - _ROW_KEYS)
        if unknown:
            problems.append(
                Problem.at(
                    at(pointer), "unknown-key", f"{pointer}: unknown key(s): {', '.join(unknown)}"
                )
            )
        values = {k: v for k, v in item.items() if k in _ROW_KEYS}
        for key, value in values.items():
            if value is not None and not isinstance(value, str):
                problems.append(
                    Problem.at(
                        at(f"{pointer}/{key}"), "type-error", f"{pointer}/{key}: expected a string"
                    )
                )
        if item.get("activity") is None:
            problems.append(Problem.at(at(pointer), "required", f"{pointer}/activity: required"))
        # A row `_well_formed_row` refused has at least one problem above: the form is refused.
    if problems:
        raise DataError(problems)
    return rows


@_bulk
def read_json(source: ImportSource) -> FilledForm:
    from oas_program.files.json_text import parse_json
    from oas_program.files.positions import json_locator

    raw = source.read_bytes()
    # The common case first: orjson's data, every row well-formed. Anything else is read
    # again strictly, which refuses what orjson let through or says where each problem is.
    data = fast_json.parse_unwalked(raw)
    rows = _well_formed_rows(data, source.limits.max_depth)
    if rows is None:
        data = parse_json(raw, source.name, source.limits)
    locate = json_locator(raw, source.name, unique_keys=True)  # both roads refuse repeats

    def at(pointer: str) -> Location:
        found = locate(pointer)
        line, column = (found.line, found.column) if found else (None, None)
        return Location(file=source.name, line=line, column=column)

    if not isinstance(data, dict):
        raise DataError.one("root-type", "expected a form object at the root", file=source.name)
    if rows is None:
        rows = _checked_rows(data, at)
    form = Form(
        program=str(data.get("program", "")),
        actor=str(data["actor"]),
        period=str(data["period"]),
        lang=str(data.get("lang", "en")),
        rows=tuple(rows),
    )
    locations = tuple(
        functools.partial(_row_location, at, f"/rows/{index}") for index in range(len(rows))
    )
    return FilledForm(form=form, name=source.name, row_locations=locations, header=at(""))


# ---- CSV ----------------------------------------------------------------------------------


def write_csv(form: Form, stream: IO[bytes], raw_cells: bool = False) -> None:
    from oas_program.files.cells import neutralise

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    # The instructions travel with the form, in its language, on a line the reader skips.
    writer.writerow([f"{INSTRUCTIONS_MARK} {form.instructions}"])
    writer.writerow([column_label(column, form.lang) for column in COLUMNS])
    for row in form.rows:
        writer.writerow([value if raw_cells else neutralise(value) for value in cells(form, row)])
    stream.write(buffer.getvalue().encode("utf-8"))


@_bulk
def read_csv(source: ImportSource) -> FilledForm:
    from oas_program.files.cells import restore_row
    from oas_program.files.reading import decode_text

    text = decode_text(source.read_bytes(), source.name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:
        raise DataError.one(
            "csv-syntax", str(error), file=source.name, line=reader.line_num
        ) from None
    while records and records[0][1][:1] and records[0][1][0].startswith(INSTRUCTIONS_MARK):
        records.pop(0)  # the form's instructions
    if not records:
        raise DataError.one("empty", "empty form; expected a header row", file=source.name)
    header_line, labels = records[0]
    header = [column_named(label) or label for label in labels]
    for column in ("actor", "period", "activity"):
        if column not in header:
            problems.append(
                Problem(
                    code="missing-label",
                    message=f"required column {column!r} is missing",
                    file=source.name,
                    line=header_line,
                )
            )
    for number, (label, column) in enumerate(zip(labels, header, strict=True), start=1):
        if column not in COLUMNS:
            problems.append(
                Problem(
                    code="unknown-column",
                    message=f"column {number}: unknown column {label!r}",
                    file=source.name,
                    line=header_line,
                    column=number,
                )
            )
        elif header.index(column) != number - 1:
            problems.append(
                Problem(
                    code="duplicate-label",
                    message=f"column {number}: duplicate header {label!r}",
                    file=source.name,
                    line=header_line,
                    column=number,
                )
            )
    if problems:
        raise DataError(problems)

    def locate(line: int) -> Callable[[str | None], Location]:
        return lambda column: Location(
            file=source.name,
            line=line,
            column=header.index(column) + 1 if column in header else None,
        )

    rows, locations, heads = [], [], set()
    # Where each of the row's fields is among the cells (no column is repeated: see above).
    fields = [(index, column) for index, column in enumerate(header) if column in _ROW_KEYS]
    actor_at, period_at = header.index("actor"), header.index("period")
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank line between rows
        if len(record) != len(header):
            problems.append(
                Problem(
                    code="extra-cell" if len(record) > len(header) else "missing-cell",
                    message=f"{len(record)} cells, header has {len(header)}",
                    file=source.name,
                    line=line,
                )
            )
            continue
        cells = restore_row(record)
        heads.add((cells[actor_at], cells[period_at]))
        row = _well_formed_row({column: cells[index] for index, column in fields})
        assert row is not None  # every cell is text, and the header has the activity
        rows.append(row)
        locations.append(locate(line))
    if problems:
        raise DataError(problems)
    if len(heads) > 1:
        raise DataError.one(
            "form-mixed",
            "rows name more than one actor or period; one form is one actor and one period",
            file=source.name,
        )
    actor, period = next(iter(heads)) if heads else ("", "")
    form = Form(program="", actor=actor, period=period, rows=tuple(rows))
    return FilledForm(
        form=form,
        name=source.name,
        row_locations=tuple(locations),
        header=Location(file=source.name, line=header_line),
    )


def _write_json(form: Form, stream: IO[bytes], options: ExportOptions) -> None:
    write_json(form, stream)


def _write_csv(form: Form, stream: IO[bytes], options: ExportOptions) -> None:
    write_csv(form, stream, raw_cells=options.raw_cells)


@hookimpl
def oas_program_form_formats() -> list[FormFormat]:
    return [
        FormFormat(
            name="json",
            media_type="application/json",
            suffix=".json",
            write=_write_json,
            read=read_json,
            description="Form as JSON, with instructions and codelists",
        ),
        FormFormat(
            name="csv",
            media_type="text/csv",
            suffix=".csv",
            write=_write_csv,
            read=read_csv,
            description="Form as one CSV table (UTF-8); formula-like cells guarded",
        ),
    ]
