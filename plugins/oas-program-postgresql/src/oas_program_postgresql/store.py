"""Reading, writing and merging a program in PostgreSQL.

Concurrency, chosen on purpose:
- Every transaction that changes a program (a whole write, a merge, an upgrade) first takes
  a transaction-scoped advisory lock named after the schema
  (`pg_advisory_xact_lock(hashtext('oas_program:' || schema))`), so changes to one program
  run one after another and each sees everything committed before it. They run at READ
  COMMITTED: every statement after the lock sees the latest committed data (REPEATABLE READ
  would freeze the snapshot at the lock statement, before the previous holder committed).
  A merge reads the program, applies the forms and writes the difference inside the lock:
  35 concurrent merges each see the ones before, and the same form merged twice at once
  is added by the first and found unchanged by the second. Readers take no lock: they read
  in one REPEATABLE READ, READ ONLY transaction, so a program is always read whole, from
  one snapshot, never half a merge. Whole writes and upgrades, which drop and re-create
  the tables, also take a second advisory lock, on the tables, which readers hold shared
  (from before their snapshot): a reader never meets tables created after its snapshot.
- Serialization failures and deadlocks (not expected under the lock, but possible with
  other clients of the database) are retried up to `ATTEMPTS` times, each retry noted on
  stderr; the merge is computed again from the program as it then is.
- The lock is released when the transaction ends, also when the connection is lost: a
  killed process never leaves a program locked.

A whole write is one transaction: drop this layout's tables in the schema (and the views on
them), create them, load the rows with COPY, add references, views and `meta`, commit.
A failure anywhere (the server stopping, the connection killed) leaves the previous program.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

import attrs
import psycopg
from psycopg import errors as pg_errors

from oas_program.builtin import relational
from oas_program.errors import DataError, OasProgramError
from oas_program.model.program import FORMAT_VERSION
from oas_program.model.tables import (
    Table,
    current_label,
    layout,
    program_from_rows,
    program_rows,
    table,
)
from oas_program.plugin_api import Loaded, Location, Store
from oas_program_postgresql import __version__
from oas_program_postgresql import layout as sql
from oas_program_postgresql.target import Target, one_line

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from oas_program.model.program import Program
    from oas_program.services.tracking.merge import MergeResult

Connection = psycopg.Connection[tuple[Any, ...]]

ATTEMPTS = 5
UPGRADE_COMMAND = "oas-program postgresql upgrade"
_RETRY = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)


class _Outdated(Exception):
    """The database's layout is not this plugin's."""


# ---- locking and retrying -----------------------------------------------------------------


def lock(connection: Connection, target: Target) -> None:
    """Take the program's advisory lock for the rest of the transaction (every change)."""
    connection.execute(
        "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"oas_program:{target.schema}",)
    )


def lock_tables(connection: Connection, target: Target) -> None:
    """Take the lock on the program's tables for the rest of the transaction (a change that
    drops and creates them: a whole write, an upgrade)."""
    connection.execute(
        "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"oas_program_tables:{target.schema}",)
    )


def share_tables(connection: Connection, target: Target) -> None:
    """Hold the lock on the program's tables, shared, until the connection ends (a reader).

    Taken in a transaction of its own, before the reading transaction's snapshot: a whole
    write drops and re-creates the tables, which PostgreSQL does not hide from a snapshot
    taken before it committed (the new tables would read as empty). Merges change rows
    only, which a snapshot sees whole: readers never wait for them."""
    connection.execute(
        "SELECT pg_advisory_lock_shared(hashtext(%s))", (f"oas_program_tables:{target.schema}",)
    )
    connection.commit()


def _retrying(target: Target, action: Callable[[], Any]) -> Any:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return action()
        except _RETRY as error:
            if attempt == ATTEMPTS:
                raise
            kind = "deadlock" if isinstance(error, pg_errors.DeadlockDetected) else "conflict"
            print(
                f"oas-program: {target.shown}: {kind} with a concurrent transaction; "
                f"retrying ({attempt + 1}/{ATTEMPTS})",
                file=sys.stderr,
            )
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def _failed(target: Target, error: psycopg.Error, *, writing: bool) -> OasProgramError:
    """A driver error during a transaction, as one line; the transaction was rolled back."""
    state = error.sqlstate or ""
    # No SQLSTATE: the client lost the server; 57: the server ended the session (shutdown,
    # pg_terminate_backend); 08: the connection failed.
    if isinstance(error, psycopg.OperationalError) and state[:2] in ("", "57", "08"):
        reason = f"the connection was lost ({one_line(str(error))})"
    else:
        reason = one_line(str(error).splitlines()[0] if str(error) else type(error).__name__)
    if writing:
        return target.failure(
            "output-failed", f"{reason}; the previous program is unchanged", writing=True
        )
    return target.failure("postgresql-error", reason, writing=False)


# ---- the state of the schema --------------------------------------------------------------


def _tables(connection: Connection, schema: str) -> dict[str, list[str]]:
    """The schema's tables with their columns in order (empty: no such schema or no table)."""
    found: dict[str, list[str]] = {}
    query = """
        SELECT c.table_name, c.column_name FROM information_schema.columns AS c
        JOIN information_schema.tables AS t
          ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = %s AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position"""
    for name, column in connection.execute(query, (schema,)):
        found.setdefault(name, []).append(column)
    return found


def _schema_exists(connection: Connection, schema: str) -> bool:
    row = connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
    return row is not None


def _meta(connection: Connection, schema: str) -> dict[str, str]:
    query = f'SELECT "key", "value" FROM {sql.qualified(schema, sql.META)}'
    return {str(k): str(v) for k, v in connection.execute(query)}


def _check_readable(connection: Connection, target: Target) -> dict[str, list[str]]:
    """The schema's tables, after checking it holds a program of this layout."""
    if not _schema_exists(connection, target.schema):
        raise target.failure(
            "missing-schema",
            f"schema {target.schema!r} does not exist in this database; write a program "
            "there first (oas-program convert program.json URL) or name another with "
            "?schema=NAME",
            writing=False,
        )
    tables = _tables(connection, target.schema)
    if sql.META not in tables:
        raise target.failure(
            "missing-table",
            f"schema {target.schema!r} holds no program written by oas-program (no meta table)",
            writing=False,
        )
    meta = _meta(connection, target.schema)
    if meta.get("layout") != sql.fingerprint():
        expected = sql.expected_columns()
        unknown = sorted(
            f"{name}.{column}"
            for name, found in tables.items()
            for column in found
            if name in expected and current_label(name, column) not in expected[name]
        )
        if unknown:
            raise target.failure(
                "layout-newer",
                f"written by a newer layout (columns {', '.join(unknown[:3])} are unknown "
                f"here); upgrade oas-program-postgresql (this is {__version__})",
                writing=False,
            )
        raise _Outdated(
            f"written by an older layout ({meta.get('layout', 'unknown')}, this is "
            f"{sql.fingerprint()}); upgrade it with: {UPGRADE_COMMAND} '{target.shown}'"
        )
    return tables


# ---- reading ------------------------------------------------------------------------------


class _Reader:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.keys: dict[str, list[str]] = {}

    def where(self, name: str, index: int, column: str | None) -> Location:
        keys = self.keys.get(name, [])
        place = f"{name} {keys[index]}" if 0 <= index < len(keys) else name
        if column is not None:
            place += f", column {column}"
        return Location(file=self.target.shown, place=place)

    def table(
        self, connection: Connection, t: Table, present: Sequence[str]
    ) -> list[dict[str, Any]]:
        # A database of an older layout names a few columns as it did then.
        stored = {current_label(t.name, c): c for c in present}
        wanted = [c for c in t.column_names if c in stored]
        selected = ", ".join(
            sql.quote(stored[c]) + ("" if stored[c] == c else f" AS {sql.quote(c)}") for c in wanted
        )
        order = sql.POSITION if sql.is_entity(t) else ", ".join(f'"{c}"' for c in t.primary_key)
        query = (
            f"SELECT {selected} FROM {sql.qualified(self.target.schema, t.name)} ORDER BY {order}"
        )
        rows = []
        keys = self.keys.setdefault(t.name, [])
        for record in connection.execute(query):
            row = dict(zip(wanted, record, strict=True))
            keys.append(" ".join(f"{c}={row.get(c)!r}" for c in t.primary_key))
            rows.append(row)
        return rows


def read_rows(connection: Connection, target: Target, tables: dict[str, list[str]]) -> Loaded:
    """The program in the schema (tables of the layout; a missing one reads as empty)."""
    reader = _Reader(target)
    rows = {
        t.name: reader.table(connection, t, tables[t.name]) if t.name in tables else []
        for t in layout()
    }
    version = _meta(connection, target.schema).get("format_version", FORMAT_VERSION)
    try:
        return program_from_rows(rows, reader.where, version)
    except DataError as error:
        raise error.with_file(target.shown) from None


def read(url: str) -> Loaded:
    target = Target.parse(url)
    with target.connect() as connection:
        try:
            share_tables(connection, target)
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            with connection.transaction():
                try:
                    tables = _check_readable(connection, target)
                except _Outdated as outdated:
                    raise target.failure("layout-outdated", str(outdated), writing=False) from None
                return read_rows(connection, target, tables)
        except psycopg.Error as error:
            raise _failed(target, error, writing=False) from None


# ---- writing ------------------------------------------------------------------------------


def _prepare_schema(connection: Connection, target: Target, *, replace: bool = True) -> None:
    """Make the schema ready for a new program: create it, or drop this layout's tables.

    A schema holding tables that are not this layout's is refused: writing never drops
    what it did not create."""
    schema = target.schema
    if not _schema_exists(connection, schema):
        connection.execute(f"CREATE SCHEMA {sql.quote(schema)}")
    tables = _tables(connection, schema)
    ours = set(sql.expected_columns())
    foreign = sorted(set(tables) - ours)
    if tables and (foreign or sql.META not in tables):
        shown = ", ".join(foreign[:3]) if foreign else ", ".join(sorted(tables)[:3])
        raise target.failure(
            "output-exists",
            f"schema {schema!r} holds tables not written by oas-program ({shown}); "
            "name another schema with ?schema=NAME",
            writing=True,
        )
    if replace:
        for name in tables:
            connection.execute(f"DROP TABLE IF EXISTS {sql.qualified(schema, name)} CASCADE")


def create_and_load(connection: Connection, target: Target, program: Program) -> None:
    """Create the layout in the (empty) schema and load *program* into it."""
    schema = target.schema
    connection.execute(sql.create_meta(schema))
    for statement in sql.tables_sql(schema):
        connection.execute(statement)
    rows = program_rows(program)
    for t in layout():
        _copy(connection, schema, t, rows[t.name])
    for t in layout():
        for statement in sql.references(schema, t):
            connection.execute(statement)
    connection.execute(f"SET LOCAL search_path TO {sql.quote(schema)}")
    for statement in sql.create_views(schema):
        connection.execute(statement)
    meta = {
        "format_version": program.format_version,
        "layout": sql.fingerprint(),
        "written_by": f"oas-program-postgresql {__version__}",
    }
    with connection.cursor() as cursor:
        cursor.executemany(
            f'INSERT INTO {sql.qualified(schema, sql.META)} ("key", "value") VALUES (%s, %s)',
            list(meta.items()),
        )


def _copy(connection: Connection, schema: str, t: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    statement = f"COPY {sql.qualified(schema, t.name)} ({sql.names(sql.columns(t))}) FROM STDIN"
    entity = sql.is_entity(t)
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for number, row in enumerate(rows, start=1):
            copy.write_row((number, *row) if entity else row)


def write(url: str, program: Program) -> None:
    relational.check_exportable(program, format_name="PostgreSQL", nul=True)
    target = Target.parse(url, writing=True)
    with target.connect(writing=True) as connection:

        def attempt() -> None:
            with connection.transaction():
                lock(connection, target)
                lock_tables(connection, target)
                _prepare_schema(connection, target)
                create_and_load(connection, target, program)
                after_load(connection, target)

        try:
            _retrying(target, attempt)
        except psycopg.Error as error:
            raise _failed(target, error, writing=True) from None


def after_load(connection: Connection, target: Target) -> None:
    """Called after a whole write has loaded everything, before it commits (a seam for the
    fault tests, which stop the server here)."""


# ---- merging ------------------------------------------------------------------------------


def _descendants(root: str) -> list[Table]:
    """The child tables under entity table *root*, parents before children."""
    found: list[Table] = []
    names = {root}
    for t in layout():
        if t.parent in names:
            found.append(t)
            names.add(t.name)
    return found


def _upsert(
    connection: Connection,
    target: Target,
    root: str,
    entities: Sequence[Any],
    positions: dict[str, int],
    rows: dict[str, list[tuple[Any, ...]]],
) -> None:
    """Insert or replace *entities* of table *root* (rows from `program_rows`), children too."""
    if not entities:
        return
    schema, t = target.schema, table(root)
    ids = [e.id for e in entities]
    wanted = set(ids)
    own = [row for row in rows[root] if row[t.column_names.index("id")] in wanted]
    columns = sql.columns(t)
    updates = ", ".join(f"{sql.quote(c)} = EXCLUDED.{sql.quote(c)}" for c in t.column_names[1:])
    statement = (
        f"INSERT INTO {sql.qualified(schema, root)} ({sql.names(columns)}) "
        f"VALUES ({', '.join('%s' for _ in columns)}) "
        f'ON CONFLICT ("id") DO UPDATE SET {updates}'
    )
    id_index = t.column_names.index("id")
    with connection.cursor() as cursor:
        cursor.executemany(statement, [(positions[row[id_index]], *row) for row in own])
        for child in _descendants(root):
            if child.parent == root:  # grandchildren go with their parents (ON DELETE CASCADE)
                cursor.execute(
                    f"DELETE FROM {sql.qualified(schema, child.name)} "
                    f"WHERE {sql.quote(child.owner_key[0])} = ANY(%s)",
                    (ids,),
                )
        for child in _descendants(root):
            mine = [row for row in rows[child.name] if row[0] in wanted]
            if mine:
                marks = ", ".join("%s" for _ in child.column_names)
                cursor.executemany(
                    f"INSERT INTO {sql.qualified(schema, child.name)} "
                    f"({sql.names(child.column_names)}) VALUES ({marks})",
                    mine,
                )


def write_changes(
    connection: Connection, target: Target, before: Program, result: MergeResult
) -> None:
    """Write what the merge changed: new and updated sources, then observations."""
    merged = result.program
    old_sources = {s.id: s for s in before.sources}
    sources = [s for s in merged.sources if old_sources.get(s.id) != s]
    observations = [*result.added, *result.updated]
    only: dict[str, Any] = {t.field[0]: () for t in relational.entity_tables()}
    only.update(sources=tuple(sources), observations=tuple(observations))
    rows = program_rows(attrs.evolve(merged, **only))
    changes: tuple[tuple[str, Sequence[Any], Sequence[Any]], ...] = (
        ("sources", sources, merged.sources),
        ("observations", observations, merged.observations),
    )
    for root, entities, collection in changes:
        positions = {e.id: number for number, e in enumerate(collection, start=1)}
        _upsert(connection, target, root, entities, positions, rows)


def merge(url: str, apply: Callable[[Program], MergeResult], dry_run: bool) -> MergeResult:
    target = Target.parse(url)
    with target.connect() as connection:

        def attempt() -> MergeResult:
            with connection.transaction() as transaction:
                lock(connection, target)
                try:
                    tables = _check_readable(connection, target)
                except _Outdated as outdated:
                    raise target.failure("layout-outdated", str(outdated), writing=False) from None
                before = read_rows(connection, target, tables).program
                result = apply(before)
                write_changes(connection, target, before, result)
                if dry_run:
                    raise psycopg.Rollback(transaction)
                return result
            return result  # after a dry run's rollback

        try:
            merged: MergeResult = _retrying(target, attempt)
        except psycopg.Error as error:
            raise _failed(target, error, writing=True) from None
        return merged


# ---- upgrading ----------------------------------------------------------------------------


def upgrade(url: str) -> str:
    """Rewrite a program of an older layout in this one, in one transaction; what was done."""
    target = Target.parse(url)
    with target.connect() as connection:

        def attempt() -> str:
            with connection.transaction():
                lock(connection, target)
                try:
                    _check_readable(connection, target)
                    return "already up to date"
                except _Outdated:
                    pass
                lock_tables(connection, target)
                tables = _tables(connection, target.schema)
                program = read_rows(connection, target, tables).program
                _prepare_schema(connection, target)
                create_and_load(connection, target, program)
                return f"upgraded to layout {sql.fingerprint()}"

        try:
            done: str = _retrying(target, attempt)
        except psycopg.Error as error:
            raise _failed(target, error, writing=True) from None
        return done


def same_place(a: str, b: str) -> bool:
    try:
        return Target.parse(a).place() == Target.parse(b).place()
    except OasProgramError:
        return False


def descriptor() -> Store:
    """The `postgresql` store, as the plugin's hook gives it to the host."""
    return Store(
        name="postgresql",
        schemes=("postgresql", "postgres"),
        read=read,
        write=write,
        merge=merge,
        same_place=same_place,
        description="PostgreSQL database (a schema per program; concurrent merges)",
    )
