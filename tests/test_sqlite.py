"""The SQLite format: a sound relational database, read back to the same program."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings

from oas_program import default_program, pipeline
from oas_program.builtin import relational, sqlite_format
from oas_program.cli import cli
from oas_program.errors import DataError, ExitCode
from oas_program.model import Program
from oas_program.model.program import FORMAT_VERSION
from oas_program.model.tables import Cell, layout, program_rows
from oas_program.plugin_api import ExportOptions
from oas_program.plugins.host import PluginHost
from tests.strategies import programs


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost(entrypoints=False, strict=True)


def database(host: PluginHost, program: Program) -> bytes:
    buffer = io.BytesIO()
    host.exporter("sqlite").write(program, buffer, ExportOptions())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def embedded(host: PluginHost, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "program.sqlite"
    path.write_bytes(database(host, default_program()))
    return path


def unique_ids(program: Program) -> bool:
    return all(
        len({e.id for e in getattr(program, t.field[0])}) == len(getattr(program, t.field[0]))
        for t in relational.entity_tables()
    )


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


# ---- lossless and deterministic -----------------------------------------------------------


def test_embedded_program_round_trips(host: PluginHost, embedded: Path) -> None:
    before = embedded.read_bytes()
    assert pipeline.read_program(embedded, host=host) == default_program()
    assert embedded.read_bytes() == before  # read-only: not even a header change


@settings(max_examples=30)
@given(programs)
def test_any_program_round_trips(
    host: PluginHost, tmp_path_factory: pytest.TempPathFactory, program: Program
) -> None:
    assume(unique_ids(program))
    path = tmp_path_factory.mktemp("sqlite") / "program.db"
    path.write_bytes(database(host, program))
    assert pipeline.read_program(path, host=host) == program


def test_output_is_deterministic(host: PluginHost) -> None:
    assert database(host, default_program()) == database(host, default_program())


def test_quotes_and_odd_text_are_bound_not_spliced(host: PluginHost, tmp_path: Path) -> None:
    program = default_program()
    odd = ("O'Brien", 'say "hi"; DROP TABLE actors; --', "a\x00b", "line\nbreak\r\n", "é")
    activities = [
        attrs.evolve(activity, label=label)
        for activity, label in zip(program.activities, odd, strict=False)
    ]
    program = attrs.evolve(program, activities=(*activities, *program.activities[len(odd) :]))
    path = tmp_path / "odd.sqlite"
    path.write_bytes(database(host, program))
    assert pipeline.read_program(path, host=host) == program


def test_a_duplicate_id_cannot_be_written(host: PluginHost) -> None:
    program = default_program()
    twin = attrs.evolve(program.actors[2], id=program.actors[0].id)
    program = attrs.evolve(program, actors=(*program.actors[:2], twin, *program.actors[3:]))
    with pytest.raises(DataError) as caught:
        database(host, program)
    assert caught.value.exit_code == ExitCode.INVALID
    assert [(p.pointer, p.code) for p in caught.value.problems] == [
        ("/actors/2/id", "duplicate-id")
    ]


def test_identifiers_are_checked_before_they_are_quoted() -> None:
    assert sqlite_format.quote("activities_by_actor") == '"activities_by_actor"'
    for bad in ('x"; DROP TABLE t; --', "Activities", "a b", "", "1x"):
        with pytest.raises(ValueError, match="refusing SQL identifier"):
            sqlite_format.quote(bad)


# ---- a sound relational database ----------------------------------------------------------


def test_integrity_and_foreign_keys_are_clean(embedded: Path) -> None:
    assert query(embedded, "PRAGMA integrity_check") == [("ok",)]
    assert query(embedded, "PRAGMA foreign_key_check") == []
    references = query(embedded, "PRAGMA foreign_key_list(activities_assignments)")
    assert {(r[2], r[3], r[4]) for r in references} == {
        ("activities", "activity_id", "id"),
        ("actors", "actor", "id"),
    }
    indexes = [r[1] for r in query(embedded, "PRAGMA index_list(activities_assignments)")]
    assert "activities_assignments__actor" in indexes
    assert query(embedded, "SELECT key, value FROM meta") == [("format_version", FORMAT_VERSION)]


def test_constraints_hold_the_codelists(embedded: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    shutil.copy(embedded, copy)
    connection = sqlite3.connect(copy, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute("UPDATE activities SET addressee = 'everyone' WHERE rowid = 1")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute("UPDATE activities SET added = 2 WHERE rowid = 1")
        with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
            connection.execute("UPDATE activities SET label_status = NULL WHERE rowid = 1")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            connection.execute("UPDATE activities_assignments SET actor = 'nobody' WHERE rowid = 1")
    finally:
        connection.close()


def test_views_answer_common_questions(embedded: Path) -> None:
    program = default_program()
    by_actor = query(
        embedded, "SELECT actor_id, COUNT(*) FROM activities_by_actor GROUP BY actor_id"
    )
    assert dict(by_actor)["iachr"] == 4
    assert query(
        embedded, "SELECT activity_id FROM activities_by_actor WHERE actor_id = 'iachr'"
    ) == [("iachr-1",), ("iachr-2",), ("iachr-3",), ("iachr-4",)]
    by_addressee = dict(
        query(embedded, "SELECT addressee, activities FROM activities_by_addressee")
    )
    assert sum(by_addressee.values()) == len(program.activities)
    expected = [
        (c.declaration.id, c.declaration.count, c.recorded, c.missing)
        for c in program.completeness()
    ]
    assert (
        query(embedded, "SELECT declaration_id, declared, recorded, missing FROM completeness")
        == expected
    )
    members = query(embedded, "SELECT DISTINCT actor_id FROM member_states")
    assert len(members) == sum(1 for a in program.actors if a.kind.value == "member-state")


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell")
def test_the_sqlite3_shell_opens_it(embedded: Path) -> None:
    shell = shutil.which("sqlite3")
    assert shell is not None
    tables = subprocess.run(
        [shell, str(embedded), ".tables"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert {"activities", "activities_by_actor", "completeness", "meta"} <= set(tables)
    checks = subprocess.run(
        [shell, str(embedded), "PRAGMA integrity_check; PRAGMA foreign_key_check;"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert checks.stdout == "ok\n"


def test_a_reference_to_an_unrecorded_id_is_kept_and_shows_in_the_check(
    host: PluginHost, tmp_path: Path
) -> None:
    # The model admits it (the validators report it): the database keeps it, and the
    # foreign-key check names exactly that row.
    program = default_program()
    first = program.activities[0]
    dangling = attrs.evolve(first, assignments=(attrs.evolve(first.assignments[0], actor="x"),))
    program = attrs.evolve(program, activities=(dangling, *program.activities[1:]))
    path = tmp_path / "dangling.sqlite"
    path.write_bytes(database(host, program))
    assert pipeline.read_program(path, host=host) == program
    assert query(path, "PRAGMA foreign_key_check") == [("activities_assignments", 1, "actors", 0)]


def _broken_rows(monkeypatch: pytest.MonkeyPatch, name: str, change: dict[str, Cell]) -> None:
    """Make `build` write rows of table *name* whose first row has *change* (a bug's rows)."""

    def broken(program: Program) -> dict[str, list[tuple[Cell, ...]]]:
        rows = program_rows(program)
        columns = next(t for t in layout() if t.name == name).column_names
        first = list(rows[name][0])
        for column, value in change.items():
            first[columns.index(column)] = value
        rows[name][0] = tuple(first)
        return rows

    monkeypatch.setattr(sqlite_format, "program_rows", broken)


def test_the_self_check_fails_on_a_codelist_value_outside_the_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The CHECKs are not evaluated as the rows go in; the self-check must still catch one.
    _broken_rows(monkeypatch, "activities", {"addressee": "everyone"})
    with pytest.raises(RuntimeError, match=r"CHECK constraint failed: activities row 1"):
        sqlite_format.build(default_program(), tmp_path / "bad.sqlite")


def test_the_check_queries_find_what_sqlite_refuses(tmp_path: Path) -> None:
    # Every table's CHECK query against SQLite's own judgement: a row whose codelist or
    # boolean cell is wrong is refused by an INSERT that checks, and found by the query.
    path = tmp_path / "p.sqlite"
    sqlite_format.build(default_program(), path)
    connection = sqlite3.connect(path, isolation_level=None)
    tried = 0
    for name, query in sqlite_format.check_violations_sql():
        t = next(t for t in layout() if t.name == name)
        if connection.execute(f'SELECT 1 FROM "{name}" WHERE rowid = 1').fetchone() is None:
            continue  # no row in the embedded program to break
        tried += 1
        for column in (c for c in t.columns if c.type == "boolean" or c.enum is not None):
            connection.execute("BEGIN")
            if not column.required:  # NULL breaks no CHECK
                connection.execute(f'UPDATE "{name}" SET "{column.name}" = NULL')
                assert connection.execute(query).fetchall() == []
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                connection.execute(f'UPDATE "{name}" SET "{column.name}" = 7 WHERE rowid = 1')
            connection.execute("PRAGMA ignore_check_constraints = ON")
            connection.execute(f'UPDATE "{name}" SET "{column.name}" = 7 WHERE rowid = 1')
            connection.execute("PRAGMA ignore_check_constraints = OFF")
            assert connection.execute(query).fetchall() == [(1,)]
            connection.execute("ROLLBACK")
    connection.close()
    assert tried >= 10  # most tables with a CHECK have rows in the embedded program


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("activities_assignments", {"activity_id": "no-such-activity"}),
        ("actors_memberships_notes_sources", {"memberships_position": 99}),
    ],
)
def test_the_self_check_fails_on_a_child_row_without_its_owner(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, change: dict[str, Cell]
) -> None:
    _broken_rows(monkeypatch, name, change)
    with pytest.raises(RuntimeError, match=f"foreign_key_check: {name} row 1 has no"):
        sqlite_format.build(default_program(), tmp_path / "bad.sqlite")


# ---- bad input ----------------------------------------------------------------------------


def test_a_codelist_typo_names_table_row_and_column(embedded: Path, tmp_path: Path) -> None:
    copy = tmp_path / "typo.sqlite"
    shutil.copy(embedded, copy)
    connection = sqlite3.connect(copy)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    connection.execute("UPDATE activities SET addressee = 'everyone' WHERE rowid = 3")
    connection.commit()
    connection.close()
    result = CliRunner().invoke(cli, ["convert", str(copy), str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{copy}[activities row 3, column addressee]: /activities/2/addressee: 'everyone' "
        "is not one of"
    )


def test_a_changed_schema_is_reported(embedded: Path, tmp_path: Path) -> None:
    copy = tmp_path / "schema.sqlite"
    shutil.copy(embedded, copy)
    connection = sqlite3.connect(copy)
    connection.execute("ALTER TABLE actors ADD COLUMN secret TEXT")
    connection.execute("DROP TABLE sources")
    connection.execute("CREATE VIEW sources AS SELECT * FROM meta")
    connection.commit()
    connection.close()
    with pytest.raises(DataError) as caught:
        pipeline.read_program(copy, display="schema.sqlite", host=PluginHost(entrypoints=False))
    assert [str(p) for p in caught.value.problems] == [
        "schema.sqlite: no table 'sources' [missing-table]"
    ]
    connection = sqlite3.connect(copy)
    connection.execute("DROP VIEW sources")
    connection.execute("CREATE TABLE sources AS SELECT * FROM meta WHERE 0")
    connection.commit()
    connection.close()
    with pytest.raises(DataError) as caught:
        pipeline.read_program(copy, display="schema.sqlite", host=PluginHost(entrypoints=False))
    found = [str(p) for p in caught.value.problems]
    assert (
        "schema.sqlite[actors, column secret]: column 20: unknown column 'secret' [unknown-column]"
        in found
    )
    assert "schema.sqlite[sources]: required column 'id' is missing [missing-label]" in found


def test_a_corrupt_database_exits_3(embedded: Path, tmp_path: Path) -> None:
    data = bytearray(embedded.read_bytes())
    data[4096 * 2 : 4096 * 40] = b"\xff" * (4096 * 38)  # wreck pages, keep the header
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["convert", str(broken), str(tmp_path / "x.json")])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{broken}: damaged database")
    assert result.stderr.rstrip().endswith("[sqlite-corrupt]")
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("content", [b"id,name\n1,x\n", b""])
def test_text_named_sqlite_is_a_format_mismatch(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "program.sqlite"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        pipeline.read_program(path, display="program.sqlite", host=PluginHost(entrypoints=False))
    assert [(p.file, p.code) for p in caught.value.problems] == [
        ("program.sqlite", "format-mismatch")
    ]
    assert caught.value.exit_code == ExitCode.UNREADABLE


# ---- atomic output ------------------------------------------------------------------------


def test_a_failure_mid_way_leaves_the_old_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "existing.sqlite"
    target.write_bytes(b"previous content")
    calls: list[str] = []
    real_layout = sqlite_format.layout

    def failing_layout() -> tuple[object, ...]:
        calls.append("layout")
        if len(calls) > 1:  # the tables are made; fail while rows are being inserted
            raise RuntimeError("disk on fire")
        return real_layout()

    sqlite_format.tables_sql.cache_clear()
    monkeypatch.setattr(sqlite_format, "layout", failing_layout)
    try:
        result = CliRunner().invoke(cli, ["export", "--format", "sqlite", "-o", str(target)])
    finally:
        sqlite_format.tables_sql.cache_clear()
    assert result.exit_code == 5
    assert "disk on fire [plugin-error]" in result.stderr
    assert target.read_bytes() == b"previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.sqlite"]


def test_every_table_of_the_layout_is_in_the_database(embedded: Path) -> None:
    tables = {r[0] for r in query(embedded, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {t.name for t in layout()} | {"meta"}


def test_every_id_field_of_the_model_is_a_declared_reference() -> None:
    # A new reference field in the model must say which entities it names.
    assert relational.unknown_reference_fields() == []
    assert relational.references()[("activities_assignments", "actor")] == "actors"
    assert relational.references()[("objectives", "parent")] == "objectives"
