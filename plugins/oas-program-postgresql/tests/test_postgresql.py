"""The program in PostgreSQL, through the `oas-program` command: round trips, every command
with a URL, merges, the schema's keys, checks and views (a real server, see conftest)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from oas_program_postgresql import layout as sql
from oas_program_postgresql import store
from tests.strategies import programs

from oas_program import default_program
from oas_program.model.convert import program_from_data, program_to_data
from oas_program.model.program import FORMAT_VERSION

ROOT = Path(__file__).resolve().parents[3]
TRACKING = ROOT / "examples" / "tracking-illustrative.json"
FILLED = ROOT / "examples" / "mex-2026-filled.csv"


def _schema(url: str) -> str:
    return url.rsplit("schema=", 1)[1]


def test_the_embedded_program_round_trips(oas: Any, url: str, tmp_path: Path) -> None:
    written = oas("convert", "@embedded", url)
    assert (written.returncode, written.stdout, written.stderr) == (0, "", "")
    back = tmp_path / "back.json"
    assert oas("convert", url, str(back)).returncode == 0
    expected = tmp_path / "embedded.json"
    assert oas("export", "-f", "json", "-o", str(expected)).returncode == 0
    assert back.read_bytes() == expected.read_bytes()


def test_the_tracking_example_round_trips_and_rewrites(oas: Any, url: str, tmp_path: Path) -> None:
    assert oas("convert", "@embedded", url).returncode == 0
    assert oas("convert", str(TRACKING), url).returncode == 0  # replaces the embedded one
    back = tmp_path / "back.json"
    assert oas("convert", url, str(back)).returncode == 0
    assert json.loads(back.read_text()) == json.loads(TRACKING.read_text())


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(program=programs)
def test_generated_programs_round_trip(url: str, program: Any) -> None:
    store.write(url, program)
    assert store.read(url).program == program


def test_commands_take_a_url(oas: Any, url: str, tmp_path: Path) -> None:
    assert oas("convert", str(TRACKING), url).returncode == 0
    validated = oas("validate", url)
    assert validated.returncode == 0, validated.stderr
    # The same findings as the file gives (the summary line: places differ in their form).
    summary = oas("validate", str(TRACKING)).stdout.splitlines()[-1]
    assert validated.stdout.splitlines()[-1] == summary
    from_url = oas("progress", url, "--as-of", "2027-03-31", "--format", "json")
    from_file = oas("progress", str(TRACKING), "--as-of", "2027-03-31", "--format", "json")
    assert from_url.returncode == 0
    assert from_url.stdout == from_file.stdout
    html = tmp_path / "report.html"
    assert oas("export", url, "-f", "html", "-o", str(html)).returncode == 0
    expected = tmp_path / "expected.html"
    assert oas("export", str(TRACKING), "-f", "html", "-o", str(expected)).returncode == 0
    assert html.read_bytes() == expected.read_bytes()
    same = oas("diff", str(TRACKING), url, "--exit-code")
    assert (same.returncode, same.stdout) == (0, "no differences\n")


def test_merge_into_the_database(oas: Any, url: str, tmp_path: Path) -> None:
    assert oas("convert", str(TRACKING), url).returncode == 0
    dry = oas("merge", url, str(FILLED), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.endswith("2 added, 0 updated, 0 unchanged (dry run: nothing written)\n")
    assert oas("diff", str(TRACKING), url, "--exit-code").returncode == 0  # nothing written

    merged = oas("merge", url, str(FILLED))
    assert (merged.returncode, merged.stdout) == (0, ""), merged.stderr
    assert merged.stderr.endswith("2 added, 0 updated, 0 unchanged\n")
    expected = tmp_path / "tracked.json"
    by_file = oas("merge", str(TRACKING), str(FILLED), "-o", str(expected))
    assert by_file.returncode == 0
    assert oas("diff", str(expected), url, "--exit-code").stdout == "no differences\n"
    again = oas("merge", url, str(FILLED))
    assert again.stderr.endswith("0 added, 0 updated, 2 unchanged\n")

    # A corrected form replaces the earlier answer, in place.
    corrected = tmp_path / "mex-2026-corrected.csv"
    corrected.write_text(FILLED.read_text().replace("in-progress", "completed"))
    fixed = oas("merge", url, str(corrected))
    assert fixed.stderr.endswith("0 added, 1 updated, 1 unchanged\n"), fixed.stderr
    program = store.read(url).program
    assert program.get("obs-mex-ms-legislation-2026").status.value == "completed"


def test_a_bad_form_changes_nothing(oas: Any, url: str, tmp_path: Path) -> None:
    assert oas("convert", str(TRACKING), url).returncode == 0
    bad = tmp_path / "mex-bad.csv"
    bad.write_text(FILLED.read_text().replace("completed", "done"))
    failed = oas("merge", url, str(FILLED), str(bad))
    assert failed.returncode == 1
    assert "mex-bad.csv:" in failed.stderr
    assert "status: 'done' is not one of" in failed.stderr
    assert "[codelist]" in failed.stderr
    assert oas("diff", str(TRACKING), url, "--exit-code").returncode == 0


def test_merge_between_files_and_databases(oas: Any, url: str, tmp_path: Path) -> None:
    into = oas("merge", str(TRACKING), str(FILLED), "-o", url)
    assert into.returncode == 0, into.stderr
    out = tmp_path / "out.json"
    assert oas("merge", url, str(FILLED), "-o", str(out)).returncode == 0
    assert oas("diff", str(out), url, "--exit-code").returncode == 0


def test_output_is_input(oas: Any, server: Any, url: str) -> None:
    assert oas("convert", str(TRACKING), url).returncode == 0
    same = oas("convert", url, url.replace("postgresql://postgres@", "postgres://@"))
    assert same.returncode == 2
    assert "[output-is-input]" in same.stderr
    other = server.url(schema=_schema(url) + "_copy")
    assert oas("convert", url, other).returncode == 0
    assert oas("diff", url, other, "--exit-code").returncode == 0


def test_a_schema_with_other_tables_is_not_overwritten(oas: Any, server: Any) -> None:
    with psycopg.connect(server.url(), autocommit=True) as connection:
        connection.execute("CREATE SCHEMA theirs")
        connection.execute("CREATE TABLE theirs.payroll (id int)")
    written = oas("convert", str(TRACKING), server.url(schema="theirs"))
    assert written.returncode == 2
    assert "schema 'theirs' holds tables not written by oas-program (payroll)" in written.stderr
    assert "[output-exists]" in written.stderr


def _connect(url: str) -> psycopg.Connection[Any]:
    base, _, query = url.partition("?")
    kept = "&".join(p for p in query.split("&") if not p.startswith("schema="))
    return psycopg.connect(f"{base}?{kept}", autocommit=True)


def test_the_schema_has_keys_checks_and_meta(url: str) -> None:
    program = program_from_data(json.loads(TRACKING.read_text()))
    store.write(url, program)
    schema = _schema(url)
    with _connect(url) as connection:
        meta = dict(connection.execute(f'SELECT "key", "value" FROM {schema}.meta').fetchall())
        assert meta["format_version"] == FORMAT_VERSION
        assert meta["layout"] == sql.fingerprint()
        kinds = dict(
            connection.execute(
                "SELECT contype, count(*) FROM pg_constraint c JOIN pg_namespace n "
                "ON n.oid = c.connamespace WHERE n.nspname = %s GROUP BY contype",
                (schema,),
            ).fetchall()
        )
        assert kinds["p"] == len(sql.expected_columns())  # a primary key per table
        assert kinds["f"] > 40 and kinds["c"] > 10
        with pytest.raises(psycopg.errors.CheckViolation):
            connection.execute(f"UPDATE {schema}.observations SET status = 'done'")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            connection.execute(
                f"INSERT INTO {schema}.observations_evidence (observation_id, position) "
                "VALUES ('nobody', 1)"
            )
        types = dict(
            connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = 'activities'",
                (schema,),
            ).fetchall()
        )
        assert types["position"] == "integer"
        assert types["added"] == "boolean"
        assert types["label_en"] == "text"


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def test_views_match_the_sqlite_export(oas: Any, url: str, tmp_path: Path) -> None:
    database = tmp_path / "program.sqlite"
    assert oas("export", str(TRACKING), "-f", "sqlite", "-o", str(database)).returncode == 0
    store.write(url, program_from_data(json.loads(TRACKING.read_text())))
    lite = sqlite3.connect(database)
    with _connect(url) as connection:
        for view in sql.VIEWS:
            expected = lite.execute(f'SELECT * FROM "{view}"').fetchall()
            found = connection.execute(f'SELECT * FROM {_schema(url)}."{view}"').fetchall()
            assert [tuple(map(_plain, row)) for row in found] == expected, view
            assert expected, view
    lite.close()


def test_nul_characters_are_refused_before_writing(oas: Any, url: str, tmp_path: Path) -> None:
    data = program_to_data(default_program())
    data["title"]["en"] = "bad\u0000title"
    bad = tmp_path / "nul.json"
    bad.write_text(json.dumps(data))
    written = oas("convert", str(bad), url)
    assert written.returncode == 1
    assert written.stderr == (
        f"{url}: /title/en: NUL character (U+0000) cannot be written to PostgreSQL [control-char]\n"
    )
