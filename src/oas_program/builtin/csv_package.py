"""Built-in plugin: the program as CSV files in a Frictionless Data Package.

One CSV file per table of `oas_program.model.tables` (`data/activities.csv`,
`data/activities_assignments.csv`, ...) and a `datapackage.json` (profile
`tabular-data-package`) that gives each file's Table Schema: field types, required fields,
codelists, the primary key, and foreign keys from child rows to their owners and from
reference columns to the entities they name. `frictionless validate` checks a package
independently of this library.

Written as a ZIP archive (`-o program.zip`, or to stdout) or as a directory (`-o program/`).
Both are deterministic: files in a fixed order, fixed timestamps and permissions.

Spreadsheet safety: a text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
tab, carriage return) gets a leading apostrophe (`oas_program.files.cells`); so does text that
starts with an apostrophe, which keeps the guard reversible. The package says whether the
guard was applied (`"oas_program": {"formula_guard": true}`) and the importer removes it only
then; `--raw-cells` writes cells exactly as they are.

Reading is defensive: archive members are read in memory (never extracted), unsafe member
names and archives that would expand too far are refused before reading, and every CSV
problem (encoding, syntax, header, cell count, NUL) is reported by file, line and column.
"""

from __future__ import annotations

import csv
import io
import os
import posixpath
import stat
import zipfile
from typing import IO, TYPE_CHECKING, Any

from oas_program.builtin import relational
from oas_program.errors import DataError, ExitCode, Location, Problem, UsageError
from oas_program.files import cells
from oas_program.files.archives import ArchiveLimits, open_zip, read_member, safe_member_name
from oas_program.files.json_text import dumps_json, parse_json
from oas_program.files.reading import decode_text, read_bytes
from oas_program.model.program import FORMAT_VERSION
from oas_program.model.tables import (
    Cell,
    Table,
    current_label,
    header_problems,
    layout,
    may_lack,
    program_from_rows,
    program_rows,
)
from oas_program.plugins.descriptors import (
    Exporter,
    ExportOptions,
    Importer,
    ImportSource,
    Option,
)
from oas_program.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from pathlib import Path

    from oas_program.model.located import Loaded
    from oas_program.model.program import Program

MEDIA_TYPE = "application/zip"
DESCRIPTOR = "datapackage.json"
DATA_DIR = "data"
PROPERTY = "oas_program"
"""The package's own property: `format_version` and whether the formula guard was applied."""

FIELD_LIMIT = 1024 * 1024
"""Longest cell read, in characters (the csv module's default, 128 KiB, is raised)."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time ZIP can store: no clock in the output
_ZIP_MODE = (stat.S_IFREG | 0o644) << 16
_BOOLEANS = {True: "true", False: "false"}

DEFAULT_LEVEL = 1
"""zlib's fastest level. For 100k records (23 MB of CSV) it compresses in 0.13 s to 5.3 MB;
zlib's default, 6, takes 0.55 s for 4.1 MB, and 9 twice that for 1 % less. `-O level=9`
when size matters more than time."""


# ---- writing ------------------------------------------------------------------------------


def _title(program: Program, lang: str) -> str:
    return program.title.best(lang)[1]


def _field(name: str, kind: str, required: bool, enum: tuple[str, ...] | None) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind}
    if kind == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if enum is not None:
        constraints["enum"] = list(enum)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(t: Table) -> dict[str, Any]:
    """The Table Schema of one table."""
    fields = [_field(name, relational.key_type(name), True, None) for name in t.key]
    fields += [_field(c.name, c.type, c.required, c.enum) for c in t.columns]
    schema: dict[str, Any] = {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(t.primary_key),
    }
    foreign = []
    for key in relational.foreign_keys(t):
        # A reference to the table itself is written with an empty resource name (the
        # Table Schema rule for self-references).
        resource = "" if key.target == t.name else key.target
        foreign.append(
            {
                "fields": list(key.columns),
                "reference": {"resource": resource, "fields": list(key.target_columns)},
            }
        )
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def descriptor(program: Program, options: ExportOptions) -> dict[str, Any]:
    """The `datapackage.json` of a program's package."""
    return {
        "profile": "tabular-data-package",
        "name": program.id,
        "title": _title(program, options.lang),
        PROPERTY: {
            "format_version": program.format_version,
            "formula_guard": not options.raw_cells,
        },
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": t.name,
                "path": f"{DATA_DIR}/{t.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(t),
            }
            for t in layout()
        ],
    }


def _column_text(kind: str | None, values: list[Cell], guard: bool) -> Sequence[Cell]:
    """A column's cells as the CSV writer should get them. It writes text as it is, a number
    as `str` gives it and null as an empty cell; flags are written `true`/`false`, and text a
    spreadsheet would read as a formula gets the guard (`cells.neutralise_column`). *kind*
    is the column's type in the layout (None for a key column: ids and positions).

    A column at a time, the test written out: a large program has over a million cells."""
    if kind == "boolean":
        return [_BOOLEANS[value] if type(value) is bool else value for value in values]
    if kind == "integer" or not guard:
        return values
    return cells.neutralise_column(values)


def table_csv(t: Table, rows: list[tuple[Cell, ...]], guard: bool) -> bytes:
    """One table as RFC 4180 CSV (CRLF line ends, quotes only where needed), UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(t.column_names)
    if rows:
        kinds = [None] * len(t.key) + [column.type for column in t.columns]
        columns = [
            _column_text(kind, list(values), guard)
            for kind, values in zip(kinds, zip(*rows, strict=True), strict=True)
        ]
        writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode("utf-8")


def package_files(program: Program, options: ExportOptions) -> list[tuple[str, bytes]]:
    """(path inside the package, content) of every file, `datapackage.json` first."""
    rows = program_rows(program)
    relational.check_exportable(program, format_name="CSV", nul=True, rows=rows)
    guard = not options.raw_cells
    files = [(DESCRIPTOR, dumps_json(descriptor(program, options)).encode("utf-8"))]
    tables = sorted(layout(), key=lambda t: t.name)
    files += [(f"{DATA_DIR}/{t.name}.csv", table_csv(t, rows[t.name], guard)) for t in tables]
    return files


def _write_zip(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    # Built in memory: zipfile writes other bytes (data descriptors) to a stream it cannot
    # seek, and the output must not depend on where it goes.
    level = options.extra.get("level", DEFAULT_LEVEL)
    if not 0 <= level <= 9:
        raise UsageError(f"format 'csv': option level={level}: expected 0 (store) to 9 (smallest)")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in package_files(program, options):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permission bits below are read
            info.external_attr = _ZIP_MODE
            archive.writestr(info, content, compresslevel=level)
    stream.write(buffer.getvalue())


def _write_dir(program: Program, directory: Path, options: ExportOptions) -> None:
    for name, content in package_files(program, options):
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


# ---- reading: the container ---------------------------------------------------------------


class _Package:
    """The files of a package, read in memory, within the input size limit."""

    def __init__(self, source: ImportSource) -> None:
        self.source = source
        self.budget = source.limits.max_bytes

    def show(self, member: str) -> str:
        """How messages name a file of the package."""
        raise NotImplementedError

    def read(self, member: str) -> bytes:
        raise NotImplementedError

    def fail(self, code: str, message: str, member: str | None = None) -> DataError:
        return DataError.one(code, message, file=self.show(member) if member else self.source.name)

    def spend(self, size: int, member: str) -> None:
        """Count *size* bytes against the input limit (IN22), for all files together."""
        self.budget -= size
        if self.budget < 0:
            limit = self.source.limits.size_text()
            raise self.fail("too-large", f"package larger than the {limit} input limit", member)


class _ZipPackage(_Package):
    def __init__(self, source: ImportSource) -> None:
        super().__init__(source)
        limits = ArchiveLimits(max_total=source.limits.max_bytes)
        self.archive = open_zip(source.read_bytes(), source.name, limits)
        self.members = {info.filename: info for info in self.archive.infolist()}
        self.root = self._root()

    def _root(self) -> str:
        if DESCRIPTOR in self.members:
            return ""
        # A zipped folder (`program/datapackage.json`): what most archivers make.
        nested = [n for n in self.members if n.count("/") == 1 and n.endswith("/" + DESCRIPTOR)]
        if len(nested) == 1:
            return nested[0][: -len(DESCRIPTOR)]
        raise self.fail("not-a-package", f"no {DESCRIPTOR} at the top of the archive")

    def show(self, member: str) -> str:
        return f"{self.source.name}!{self.root}{member}"

    def read(self, member: str) -> bytes:
        info = self.members.get(self.root + member)
        if info is None:
            raise self.fail(
                "missing-file", "file listed in the package is not in the archive", member
            )
        self.spend(info.file_size, member)
        return read_member(self.archive, info.filename, self.show(member))


class _DirectoryPackage(_Package):
    def __init__(self, source: ImportSource) -> None:
        super().__init__(source)
        path = source.path
        if path.is_dir():
            self.root, self.shown_root = path, source.name.rstrip("/\\")
        else:  # the path of `datapackage.json` itself
            self.root, self.shown_root = path.parent, posixpath.dirname(source.name)
        self.real_root = os.path.realpath(self.root)
        if not (self.root / DESCRIPTOR).is_file():
            raise self.fail("input-unreadable", f"cannot read: a directory without a {DESCRIPTOR}")

    def show(self, member: str) -> str:
        return f"{self.shown_root}/{member}" if self.shown_root else member

    def read(self, member: str) -> bytes:
        path = self.root / member
        # A symlink inside the package must not lead out of it.
        if os.path.commonpath([self.real_root, os.path.realpath(path)]) != self.real_root:
            raise self.fail("unsafe-path", "leads outside the package directory", member)
        if not path.is_file():
            raise self.fail("missing-file", "file listed in the package does not exist", member)
        data = read_bytes(path, self.source.limits)
        self.spend(len(data), member)
        return data


def _open(source: ImportSource) -> _Package:
    if source.path.is_dir() or source.path.name.lower().endswith(DESCRIPTOR):
        return _DirectoryPackage(source)
    return _ZipPackage(source)


# ---- reading: the descriptor --------------------------------------------------------------


def _resources(package: _Package) -> tuple[dict[str, str], bool, str]:
    """Table name → file of each resource; whether the formula guard was applied; version."""
    shown = package.show(DESCRIPTOR)
    data = parse_json(package.read(DESCRIPTOR), shown, package.source.limits)

    def bad(message: str) -> DataError:
        return DataError.one("package-schema", message, file=shown)

    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise bad("expected an object with a list of 'resources'")
    own = data.get(PROPERTY, {})
    if not isinstance(own, dict):
        raise bad(f"'{PROPERTY}' must be an object")
    guard = own.get("formula_guard", False)
    version = own.get("format_version", FORMAT_VERSION)
    if not isinstance(guard, bool) or not isinstance(version, str):
        raise bad(f"'{PROPERTY}': formula_guard must be true or false, format_version a string")
    known = {t.name for t in layout()}
    problems: list[Problem] = []
    paths: dict[str, str] = {}
    for number, resource in enumerate(data["resources"]):
        where = f"resources[{number}]"
        if not isinstance(resource, dict):
            problems.append(Problem(code="package-schema", message=f"{where}: expected an object"))
            continue
        name, path = resource.get("name"), resource.get("path")
        if not isinstance(name, str) or not isinstance(path, str):
            message = f"{where}: 'name' and 'path' must be strings (inline data is not read)"
            problems.append(Problem(code="package-schema", message=message))
        elif name not in known:
            message = f"{where}: unknown table {name!r}"
            problems.append(Problem(code="unknown-table", message=message))
        elif name in paths:
            problems.append(Problem(code="package-schema", message=f"{where}: {name!r} repeated"))
        elif not safe_member_name(path) or "://" in path:
            message = f"{where}: unsafe path {path!r} (a relative path inside the package)"
            problems.append(Problem(code="unsafe-path", message=message))
        else:
            paths[name] = path
    if not problems:  # a resource that could not be read may be the one that seems missing
        for t in layout():
            if t.name not in paths and not may_lack(t.name, version):
                message = f"no resource for table {t.name!r}"
                problems.append(Problem(code="missing-table", message=message))
    if problems:
        raise DataError(problems).with_file(shown)
    return paths, guard, version


# ---- reading: the tables ------------------------------------------------------------------


class _Table:
    """One CSV file, parsed: header, data rows and the line where each row starts."""

    def __init__(self, t: Table, shown: str, format_version: str) -> None:
        self.t = t
        self.shown = shown
        self.format_version = format_version
        self.header: list[str] = []
        self.header_line = 1
        self.rows: list[dict[str, str]] = []
        self.lines: list[int] = []
        self.problems: list[Problem] = []

    def problem(self, code: str, message: str, line: int | None, column: int | None = None) -> None:
        self.problems.append(
            Problem(code=code, message=message, file=self.shown, line=line, column=column)
        )

    def location(self, index: int, column: str | None) -> Location:
        line = self.lines[index] if 0 <= index < len(self.lines) else None
        number = self.header.index(column) + 1 if column in self.header else None
        return Location(file=self.shown, line=line, column=number)

    def parse(self, data: bytes) -> None:
        try:
            text = decode_text(data, self.shown)
        except DataError as error:
            self.problems.extend(error.problems)
            return
        records = list(self._records(text))
        if not records:
            self.problem("empty", "empty file; expected a header row", 1)
            return
        self.header_line, header = records[0]
        self.header = [current_label(self.t.name, label) for label in header]
        found = list(
            header_problems(
                self.t.name,
                self.header,
                lambda _column: Location(file=self.shown, line=self.header_line),
                self.format_version,
            )
        )
        self.problems.extend(found)
        for line, record in records[1:]:
            self._row(line, record, keep=not found)

    def _records(self, text: str) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        start = 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                message = str(error)
                if "end of data" in message:
                    message = "unterminated quoted field"
                elif "field larger than field limit" in message:
                    message = f"field longer than {FIELD_LIMIT} characters"
                # Syntax leaves no safe place to resume: the rest of this file is not read.
                self.problem("csv-syntax", message, start)
                return
            yield start, record
            start = reader.line_num + 1

    def _row(self, line: int, record: list[str], *, keep: bool) -> None:
        width = len(self.header)
        if not any(record):
            self.problem("blank-row", "blank row", line)
            return
        if len(record) > width:
            self.problem("extra-cell", f"{len(record)} cells, header has {width}", line)
            return
        if len(record) < width:
            missing = self.header[len(record) :]
            names = ", ".join(repr(m) for m in missing)
            message = f"column {names} missing" if len(missing) == 1 else f"columns {names} missing"
            self.problem("missing-cell", message, line)
            return
        bad = False
        for number, value in enumerate(record, start=1):
            if "\x00" in value:
                label = self.header[number - 1]
                self.problem("control-char", f"{label}: NUL character not allowed", line, number)
                bad = True
        if keep and not bad:
            self.rows.append(dict(zip(self.header, record, strict=True)))
            self.lines.append(line)


def _restore(tables: Mapping[str, _Table]) -> None:
    for parsed in tables.values():
        text_columns = [n for n, k in relational.column_types(parsed.t).items() if k == "string"]
        for row in parsed.rows:
            for name in text_columns:
                value = row.get(name)
                if value:
                    row[name] = cells.restore(value)


def _read(source: ImportSource) -> Loaded:
    package = _open(source)
    paths, guard, version = _resources(package)
    tables: dict[str, _Table] = {}
    problems: list[Problem] = []
    old_limit = csv.field_size_limit(FIELD_LIMIT)
    try:
        for t in layout():
            if t.name not in paths:
                continue  # a table added after the package's format version
            parsed = _Table(t, package.show(paths[t.name]), version)
            parsed.parse(package.read(paths[t.name]))
            tables[t.name] = parsed
            problems.extend(parsed.problems)
    finally:
        csv.field_size_limit(old_limit)
    if problems:
        raise DataError(problems, ExitCode.UNREADABLE)
    if guard:
        _restore(tables)

    def where(name: str, index: int, column: str | None) -> Location:
        return tables[name].location(index, column)

    rows = {name: parsed.rows for name, parsed in tables.items()}
    return program_from_rows(rows, where, version)


def _sniff(head: bytes) -> bool:
    if head.startswith(b"PK\x03\x04"):
        # A workbook is a ZIP archive too; leave it to a spreadsheet importer.
        return b"[Content_Types].xml" not in head
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"{") and b'"resources"' in text


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="csv",
            media_type=MEDIA_TYPE,
            suffix=".zip",
            write=_write_zip,
            write_dir=_write_dir,
            description="CSV tables in a Frictionless Data Package (.zip, or a directory: -o DIR/)",
            lossless=True,
            binary=True,
            options=(
                Option(
                    name="level",
                    type="int",
                    help="Compression of the .zip, 0 (none) to 9 (smallest, slowest)",
                    default=DEFAULT_LEVEL,
                ),
            ),
        )
    ]


@hookimpl
def oas_program_importers() -> list[Importer]:
    return [
        Importer(
            name="csv",
            media_type=MEDIA_TYPE,
            suffixes=(".zip", "/", DESCRIPTOR),
            read=_read,
            sniff=_sniff,
            description="CSV Frictionless Data Package (.zip, directory or datapackage.json)",
        )
    ]


__all__ = ["descriptor", "package_files", "table_csv", "table_schema"]
