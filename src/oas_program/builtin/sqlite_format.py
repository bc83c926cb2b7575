"""Built-in plugin: the program as a SQLite database, importer and exporter.

The tables are those of `oas_program.model.tables`, with SQL types (TEXT, INTEGER; booleans are
INTEGER 0/1 with a CHECK), NOT NULL for required columns, CHECK constraints for codelists,
primary keys, foreign keys (child rows to their owners, references to the entities they
name) with indexes on the reference columns, a `meta` table with the format version, and
views for common questions (`activities_by_actor`, `activities_by_addressee`,
`member_states`, `completeness`). A plain SQLite 3 file with no extension: the `sqlite3`
shell and Datasette open it as it is.

Writing: values are bound as parameters, never spliced into SQL; identifiers come from the
layout, are checked against `^[a-z_][a-z0-9_]*$` and double-quoted. The database is built in
a temporary file, checked (`PRAGMA quick_check`, a query per table for the CHECK constraints,
`PRAGMA foreign_key_check`), then copied to the output, which the host commits atomically:
a failure leaves the old file as it was.
The same program gives the same bytes (with the same SQLite library).

Reading: the file is opened read-only, with `trusted_schema` off, and only tables (not views)
of the layout are read, in rowid order. Problems name the table, the rowid and the column.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from oas_program.builtin import relational
from oas_program.errors import DataError, ExitCode, Location, Problem
from oas_program.model.program import FORMAT_VERSION
from oas_program.model.tables import (
    Table,
    current_label,
    header_problems,
    layout,
    may_lack,
    program_from_rows,
    program_rows,
)
from oas_program.plugins.descriptors import Exporter, ExportOptions, Importer, ImportSource
from oas_program.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterable

    from oas_program.model.located import Loaded
    from oas_program.model.program import Program

MEDIA_TYPE = "application/vnd.sqlite3"
MAGIC = b"SQLite format 3\x00"
META = "meta"
PAGE_SIZE = 4096

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER"}


def quote(identifier: str) -> str:
    """*identifier* double-quoted, after checking it is a plain lowercase name."""
    if not _IDENTIFIER.match(identifier):
        raise ValueError(f"refusing SQL identifier {identifier!r}")
    return f'"{identifier}"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _names(columns: Iterable[str]) -> str:
    return ", ".join(quote(c) for c in columns)


# ---- the schema ---------------------------------------------------------------------------


def _check_sql(name: str, kind: str, enum: tuple[str, ...] | None) -> str | None:
    """The CHECK expression of a column: a boolean is 0 or 1, a codelist one of its values."""
    if kind == "boolean":
        return f"{quote(name)} IN (0, 1)"
    if enum is not None:
        return f"{quote(name)} IN ({', '.join(_literal(v) for v in enum)})"
    return None


def _column_sql(name: str, kind: str, required: bool, enum: tuple[str, ...] | None) -> str:
    sql = f"{quote(name)} {_SQL_TYPES[kind]}"
    if required:
        sql += " NOT NULL"
    check = _check_sql(name, kind, enum)
    if check is not None:
        sql += f" CHECK ({check})"
    return sql


def _table_sql(t: Table) -> str:
    lines = [_column_sql(name, relational.key_type(name), True, None) for name in t.key]
    lines += [_column_sql(c.name, c.type, c.required, c.enum) for c in t.columns]
    lines.append(f"PRIMARY KEY ({_names(t.primary_key)})")
    for key in relational.foreign_keys(t):
        lines.append(
            f"FOREIGN KEY ({_names(key.columns)}) "
            f"REFERENCES {quote(key.target)} ({_names(key.target_columns)})"
        )
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote(t.name)} (\n  {body}\n)"


def _indexes(t: Table) -> list[str]:
    # A child's owner key is the start of its primary key, which SQLite indexes already;
    # reference columns get their own index, for joins and the foreign-key check.
    statements = []
    for key in relational.foreign_keys(t):
        if key.reference:
            name = quote(f"{t.name}__{'_'.join(key.columns)}")
            statements.append(f"CREATE INDEX {name} ON {quote(t.name)} ({_names(key.columns)})")
    return statements


_NAME = 'COALESCE(r."name_en", r."name_es", r."name_fr", r."name_pt")'
VIEWS: dict[str, str] = {
    # Every activity that concerns an actor, as `Program.activities_for` and the reporting
    # form count them: assigned to it, to an actor under it (`through` names that actor), or
    # addressed to its whole group without named actors (`through` names the group). One
    # row per actor and activity; `role` is the actor's own assignment's, else NULL.
    "activities_by_actor": f"""
WITH RECURSIVE "under"("actor_id", "member_id") AS (
  SELECT r."id", r."id" FROM "actors" AS r
  UNION
  SELECT u."actor_id", c."id" FROM "under" AS u JOIN "actors" AS c ON c."parent" = u."member_id"
),
"concerns"("actor_id", "activity_id", "through", "role", "rank") AS (
  SELECT s."actor", s."activity_id", s."actor", s."role", s."position"
  FROM "activities_assignments" AS s
  UNION ALL
  SELECT u."actor_id", s."activity_id", s."actor", NULL, 100000 + s."position"
  FROM "under" AS u JOIN "activities_assignments" AS s ON s."actor" = u."member_id"
  WHERE u."member_id" <> u."actor_id"
  UNION ALL
  SELECT r."id", a."id", a."addressee", NULL, 200000
  FROM "actors" AS r JOIN "activities" AS a ON a."addressee" = CASE r."kind"
    WHEN 'member-state' THEN 'member-states' WHEN 'multilateral' THEN 'multilateral'
    WHEN 'civil-society' THEN 'civil-society' END
  WHERE NOT EXISTS (SELECT 1 FROM "activities_assignments" AS x WHERE x."activity_id" = a."id")
)
SELECT "actor_id", "actor_name", "role", "through", "activity_id", "activity_label",
       "addressee"
FROM (
  SELECT c."actor_id" AS "actor_id", {_NAME} AS "actor_name", c."role" AS "role",
         c."through" AS "through", a."id" AS "activity_id", a."label_en" AS "activity_label",
         a."addressee" AS "addressee", a.rowid AS "activity_order",
         MIN(c."rank") AS "rank"  -- SQLite takes the other columns from the row of the MIN
  FROM "concerns" AS c
  JOIN "activities" AS a ON a."id" = c."activity_id"
  LEFT JOIN "actors" AS r ON r."id" = c."actor_id"
  GROUP BY c."actor_id", a."id"
)
ORDER BY "actor_id", "activity_order"
""",
    "activities_by_addressee": """
SELECT a."addressee" AS "addressee", COUNT(*) AS "activities",
       SUM(a."added") AS "added_later"
FROM "activities" AS a
GROUP BY a."addressee"
ORDER BY a."addressee"
""",
    # One row per membership period; `participation` and `participation_since` are the open
    # participation period, if the data records one (Cuba: a member whose government has not
    # taken part since 2009-06-03); NULL when none is recorded.
    "member_states": f"""
SELECT r."id" AS "actor_id", {_NAME} AS "name", r."iso3" AS "iso3",
       m."position" AS "period", m."status" AS "status", m."start" AS "start", m."end" AS "end",
       p."status" AS "participation",
       p."start" AS "participation_since"
FROM "actors" AS r
LEFT JOIN "actors_participation" AS p ON p."actor_id" = r."id" AND p."end" IS NULL
     AND p."position" = (SELECT MAX(q."position") FROM "actors_participation" AS q
                         WHERE q."actor_id" = r."id" AND q."end" IS NULL)
LEFT JOIN "actors_memberships" AS m ON m."actor_id" = r."id"
WHERE r."kind" = 'member-state'
ORDER BY r.rowid, m."position"
""",
    # Declared counts against recorded activities: the same figures as
    # `Program.completeness()` (activities added later are left out of an original count).
    "completeness": """
SELECT d."id" AS "declaration_id", d."quantifier" AS "quantifier", d."count" AS "declared",
       (SELECT COUNT(*) FROM "activities" AS a
        WHERE a."addressee" IN (SELECT x."value" FROM "declarations_addressees" AS x
                                WHERE x."declaration_id" = d."id")
          AND NOT (d."original_only" = 1 AND a."added" = 1)) AS "recorded",
       CASE WHEN d."quantifier" = 'exactly'
            THEN MAX(d."count" - (SELECT COUNT(*) FROM "activities" AS a
                 WHERE a."addressee" IN (SELECT x."value" FROM "declarations_addressees" AS x
                                         WHERE x."declaration_id" = d."id")
                   AND NOT (d."original_only" = 1 AND a."added" = 1)), 0)
       END AS "missing"
FROM "declarations" AS d
ORDER BY d.rowid
""",
}


@functools.cache
def tables_sql() -> tuple[str, ...]:
    """The statements that create the database's tables."""
    meta = f'CREATE TABLE {quote(META)} ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL)'
    return (meta, *(_table_sql(t) for t in layout()))


@functools.cache
def check_violations_sql() -> tuple[tuple[str, str], ...]:
    """(table, query) for each table with CHECK constraints: the query gives the rowid of a
    row that breaks one, as SQLite judges it (NULL breaks none)."""
    found = []
    for t in layout():
        checks = [_check_sql(c.name, c.type, c.enum) for c in t.columns]
        broken = " OR ".join(f"NOT ({check})" for check in checks if check is not None)
        if broken:
            found.append((t.name, f"SELECT rowid FROM {quote(t.name)} WHERE {broken} LIMIT 1"))
    return tuple(found)


@functools.cache
def indexes_and_views_sql() -> tuple[str, ...]:
    """The statements that create the indexes and views, once the rows are in: an index
    built over the rows at once is faster than one kept up to date row by row."""
    indexes = [statement for t in layout() for statement in _indexes(t)]
    views = [f"CREATE VIEW {quote(name)} AS{query.rstrip()}" for name, query in VIEWS.items()]
    return (*indexes, *views)


# ---- writing ------------------------------------------------------------------------------


def build(program: Program, path: Path) -> None:
    """Create the database of *program* at *path* (a new file), checked."""
    rows = program_rows(program)
    relational.check_exportable(program, format_name="SQLite", rows=rows)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        # A scratch file: the host makes the output durable, and a failure discards it.
        connection.execute("PRAGMA journal_mode = MEMORY")
        connection.execute("PRAGMA synchronous = OFF")
        # The CHECK constraints (codelists, booleans) are not evaluated as the rows go in
        # but afterwards, by one query per table in `_check`: SQLite builds the list of an
        # `IN (...)` CHECK anew for every row it checks, half the inserts' time (1.0 s →
        # 0.5 s at 100k records). The file is byte for byte the same; NOT NULL and the
        # primary keys are still enforced as the rows go in.
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute("BEGIN")
        for statement in tables_sql():
            connection.execute(statement)
        connection.execute(
            f"INSERT INTO {quote(META)} VALUES (?, ?)", ("format_version", program.format_version)
        )
        for t in layout():
            marks = ", ".join("?" for _ in t.column_names)
            # sqlite3 binds True and False as the integers 1 and 0, as the schema wants.
            connection.executemany(
                f"INSERT INTO {quote(t.name)} ({_names(t.column_names)}) VALUES ({marks})",
                rows[t.name],
            )
        for statement in indexes_and_views_sql():
            connection.execute(statement)
        connection.execute("COMMIT")
        _check(connection)
    finally:
        connection.close()


def _check(connection: sqlite3.Connection) -> None:
    """Fail loudly if the database is not sound (a bug here, not bad data)."""
    # quick_check: every page, record and NOT NULL constraint. What integrity_check adds
    # holds by construction (the indexes are built from the rows, and the keys were
    # enforced as the rows went in), and cost a fifth of the export (0.35 s at 100k records
    # against 0.18 s). The CHECKs are still ignored here: quick_check would evaluate them
    # row by row (0.15 s at 100k records), the queries below take 0.035 s.
    integrity = connection.execute("PRAGMA quick_check").fetchall()
    if integrity != [("ok",)]:
        raise RuntimeError(f"quick_check failed: {integrity[:5]}")
    for name, query in check_violations_sql():
        broken = connection.execute(query).fetchone()
        if broken is not None:
            raise RuntimeError(f"CHECK constraint failed: {name} row {broken[0]}")
    # Structural keys hold by construction; a reference may name an id that is not
    # recorded (the model admits it, the validators report it): the database keeps it.
    # Only child tables have an owner key, so only they are checked: checking the entity
    # tables' references too took twice as long (0.067 s against 0.036 s at 100k records).
    for t in layout():
        if t.parent is None:
            continue
        found = connection.execute(f"PRAGMA foreign_key_check({quote(t.name)})").fetchall()
        if not found:
            continue
        keys: dict[int, tuple[str, ...]] = {}  # foreign key id -> its columns, in order
        for row in connection.execute(f"PRAGMA foreign_key_list({quote(t.name)})"):
            keys[row[0]] = (*keys.get(row[0], ()), str(row[3]))
        for _name, rowid, target, key_id in found:
            if keys.get(key_id) == t.owner_key:
                raise RuntimeError(f"foreign_key_check: {t.name} row {rowid} has no {target} row")


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    with tempfile.TemporaryDirectory(prefix="oas-program-") as folder:
        path = Path(folder) / "program.sqlite"
        build(program, path)
        # In pieces: the whole database is not held in memory a second time.
        with path.open("rb") as database:
            shutil.copyfileobj(database, stream, 1 << 20)


# ---- reading ------------------------------------------------------------------------------


def _sniff(head: bytes) -> bool:
    return head.startswith(MAGIC)


class _Reader:
    def __init__(self, connection: sqlite3.Connection, shown: str, format_version: str) -> None:
        self.connection = connection
        self.shown = shown
        self.format_version = format_version
        self.rowids: dict[str, list[int]] = {}
        self.problems: list[Problem] = []

    def where(self, name: str, index: int, column: str | None) -> Location:
        rowids = self.rowids.get(name, [])
        place = f"{name} row {rowids[index]}" if 0 <= index < len(rowids) else name
        if column is not None:
            place += f", column {column}"
        return Location(file=self.shown, place=place)

    def table(self, t: Table) -> list[dict[str, Any]]:
        info = self.connection.execute(f"PRAGMA table_info({quote(t.name)})").fetchall()
        stored = {current_label(t.name, str(row[1])): str(row[1]) for row in info}
        header = list(stored)
        found = list(
            header_problems(
                t.name,
                header,
                lambda number: Location(
                    file=self.shown,
                    place=f"{t.name}, column {header[number - 1]}" if number else t.name,
                ),
                self.format_version,
            )
        )
        if found:
            self.problems.extend(found)
            return []
        columns = [c for c in t.column_names if c in header]
        selected = ", ".join(
            quote(stored[c]) if stored[c] == c else f"{quote(stored[c])} AS {quote(c)}"
            for c in columns
        )
        query = f"SELECT rowid, {selected} FROM {quote(t.name)} ORDER BY rowid"
        rows: list[dict[str, Any]] = []
        rowids = self.rowids.setdefault(t.name, [])
        for record in self.connection.execute(query):
            rowids.append(record[0])
            row = dict(zip(columns, record[1:], strict=True))
            for column, value in row.items():
                if isinstance(value, bytes | float):
                    kind = "a BLOB" if isinstance(value, bytes) else f"a real number {value!r}"
                    place = f"{t.name} row {record[0]}, column {column}"
                    self.problems.append(
                        Problem(
                            code="type-error",
                            message=f"{column}: expected text or an integer, got {kind}",
                            file=self.shown,
                            place=place,
                        )
                    )
            rows.append(row)
        return rows


def _connect(source: ImportSource) -> sqlite3.Connection:
    size = os.stat(source.path).st_size
    if size > source.limits.max_bytes:
        raise DataError.one("too-large", f"larger than the {source.limits.size_text()} input limit")
    with open(source.path, "rb") as handle:
        # SQLite opens an empty file as an empty database: check the header first.
        if handle.read(len(MAGIC)) != MAGIC:
            raise DataError.one("format-mismatch", "not a SQLite database (no SQLite header)")
    # Read-only: reading never changes the input, not even a journal beside it.
    uri = Path(os.path.abspath(source.path)).as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        # A database from elsewhere may hold views or triggers calling functions: run none.
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
    except BaseException:
        connection.close()  # not left open for the collector to find
        raise
    return connection


def _read(source: ImportSource) -> Loaded:
    try:
        connection = _connect(source)
    except sqlite3.Error as error:
        raise DataError.one("sqlite-corrupt", f"cannot open the database: {error}") from None
    try:
        return _read_tables(connection, source.name)
    except sqlite3.DatabaseError as error:
        raise DataError.one("sqlite-corrupt", f"damaged database: {error}") from None
    except UnicodeDecodeError:
        # SQLite's own report on a damaged page can quote bytes that are not UTF-8, and the
        # sqlite3 module fails decoding that message instead of raising DatabaseError.
        raise DataError.one(
            "sqlite-corrupt", "damaged database (SQLite's report on it is not readable text)"
        ) from None
    finally:
        connection.close()


def _read_tables(connection: sqlite3.Connection, shown: str) -> Loaded:
    check = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    if check != ["ok"]:
        raise DataError.one("sqlite-corrupt", f"damaged database: {'; '.join(check[:3])}")
    kinds = dict(connection.execute("SELECT name, type FROM sqlite_master"))
    version = FORMAT_VERSION
    if kinds.get(META) == "table":
        query = f"SELECT {quote('value')} FROM {quote(META)} WHERE {quote('key')} = ?"
        found = connection.execute(query, ("format_version",)).fetchone()
        if found is not None and isinstance(found[0], str):
            version = found[0]
    present = [t for t in layout() if kinds.get(t.name) == "table"]
    problems = [
        Problem(code="missing-table", message=f"no table {t.name!r}", file=shown)
        for t in layout()
        if kinds.get(t.name) != "table" and not may_lack(t.name, version)
    ]
    if problems:
        raise DataError(problems)
    reader = _Reader(connection, shown, version)
    rows = {t.name: reader.table(t) for t in present}
    if reader.problems:
        raise DataError(reader.problems, ExitCode.UNREADABLE)
    return program_from_rows(rows, reader.where, version)


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="sqlite",
            media_type=MEDIA_TYPE,
            suffix=".sqlite",
            write=_write,
            description="SQLite database: tables with keys, indexes and views (sqlite3, Datasette)",
            lossless=True,
            binary=True,
        )
    ]


@hookimpl
def oas_program_importers() -> list[Importer]:
    return [
        Importer(
            name="sqlite",
            media_type=MEDIA_TYPE,
            suffixes=(".sqlite", ".sqlite3", ".db"),
            read=_read,
            sniff=_sniff,
            description="SQLite database written by this format (read-only)",
        )
    ]
