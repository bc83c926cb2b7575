"""Faults: a write killed half-way, bad locations, passwords, and older databases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest
from oas_program_postgresql import layout as sql
from oas_program_postgresql import store

from oas_program.model.convert import program_from_data
from oas_program.model.text import Text, TextStatus

ROOT = Path(__file__).resolve().parents[3]
TRACKING = ROOT / "examples" / "tracking-illustrative.json"
FILLED = ROOT / "examples" / "mex-2026-filled.csv"

# The command, with the seam between loading and committing a whole write paused until a
# line arrives on stdin: the test kills the writing backend there.
PAUSED_WRITE = """
import sys
from oas_program_postgresql import store

def paused(connection, target):
    print("LOADED", connection.info.backend_pid, file=sys.stderr, flush=True)
    sys.stdin.readline()

store.after_load = paused
from oas_program.cli import main
main()
"""


def _schema(url: str) -> str:
    return url.rsplit("schema=", 1)[1]


def _connect(url: str) -> psycopg.Connection[Any]:
    base, _, query = url.partition("?")
    kept = "&".join(p for p in query.split("&") if not p.startswith("schema="))
    return psycopg.connect(f"{base}?{kept}", autocommit=True)


def _tracking() -> Any:
    return program_from_data(json.loads(TRACKING.read_text()))


def test_a_write_killed_half_way_leaves_the_previous_program(url: str) -> None:
    store.write(url, _tracking())
    writer = subprocess.Popen(
        [sys.executable, "-c", PAUSED_WRITE, "convert", "@embedded", url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stderr is not None and writer.stdin is not None
    loaded = writer.stderr.readline().split()
    assert loaded[0] == "LOADED"  # the embedded program is in, not committed
    with _connect(url) as connection:
        connection.execute("SELECT pg_terminate_backend(%s)", (int(loaded[1]),))
    writer.stdin.write("\n")
    writer.stdin.flush()
    out, err = writer.communicate(timeout=120)
    assert (writer.returncode, out) == (4, "")
    assert err.startswith(f"oas-program: cannot write '{url}': the connection was lost (")
    assert err.endswith("; the previous program is unchanged [output-failed]\n")
    assert err.count("\n") == 1
    assert store.read(url).program == _tracking()


@pytest.mark.parametrize(
    ("query", "code", "exits"),
    [
        ("&nosuch=1", "postgresql-url", (3, 2)),
        ("&port=abc", "postgresql-url", (3, 2)),
        ("&schema=Bad-Name", "postgresql-url", (3, 2)),
    ],
)
def test_a_bad_url_is_one_line(
    oas: Any, server: Any, query: str, code: str, exits: tuple[int, int]
) -> None:
    url = server.url() + query
    read = oas("progress", url)
    assert read.returncode == exits[0]
    assert read.stderr.startswith(f"{url}: not a valid PostgreSQL URL: ") or (
        read.stderr.startswith(f"{url}: schema 'Bad-Name' is not a plain lowercase name")
    )
    assert read.stderr.endswith(f" [{code}]\n")
    assert read.stderr.count("\n") == 1
    written = oas("convert", str(TRACKING), url)
    assert written.returncode == exits[1]
    assert written.stderr.startswith(f"oas-program: cannot write '{url}': ")
    assert written.stderr.count("\n") == 1


def test_missing_database_schema_and_server(oas: Any, server: Any, tmp_path: Path) -> None:
    missing_db = server.url("nope")
    read = oas("validate", missing_db)
    assert read.returncode == 3
    assert f'{missing_db}: cannot connect: database "nope" does not exist [missing-database]' in (
        read.stdout
    )
    written = oas("convert", str(TRACKING), missing_db)
    assert written.returncode == 4
    assert written.stderr == (
        f"oas-program: cannot write '{missing_db}': cannot connect: database \"nope\" does "
        "not exist [missing-database]\n"
    )
    no_schema = server.url(schema="absent")
    read = oas("progress", no_schema)
    assert read.returncode == 3
    assert read.stderr == (
        f"{no_schema}: schema 'absent' does not exist in this database; write a program there "
        "first (oas-program convert program.json URL) or name another with ?schema=NAME "
        "[missing-schema]\n"
    )
    merged = oas("merge", no_schema, str(FILLED))
    assert merged.returncode == 3
    assert merged.stderr.endswith("[missing-schema]\n")
    nowhere = f"postgresql://postgres@/oas?host={tmp_path}"
    read = oas("progress", nowhere)
    assert read.returncode == 3
    assert read.stderr.startswith(f"{nowhere}: cannot connect: connection to server on socket ")
    assert read.stderr.endswith("[postgresql-connect]\n")


def test_passwords(oas: Any, server: Any) -> None:
    wrong = server.url(user="oas_password:wrong-password", schema="secret")
    shown = wrong.replace("wrong-password", "***")
    read = oas("progress", wrong)
    assert read.returncode == 3
    assert "wrong-password" not in read.stdout + read.stderr
    assert read.stderr == (
        f'{shown}: cannot connect: password authentication failed for user "oas_password" '
        "(the password comes from the URL, PGPASSWORD, ~/.pgpass or a service file) "
        "[postgresql-auth]\n"
    )
    written = oas("convert", str(TRACKING), wrong)
    assert written.returncode == 4
    assert "wrong-password" not in written.stdout + written.stderr
    assert written.stderr.endswith("[postgresql-auth]\n")
    # The password from the environment, as libpq takes it: the URL carries none.
    right = server.url(user="oas_password", schema="secret")
    env = {"PGPASSWORD": "right-password"}
    assert oas("convert", str(TRACKING), right, env=env).returncode == 0
    again = oas("convert", str(TRACKING), right.replace("oas_password", "oas_password:pw"))
    assert "pw@" not in again.stderr
    assert oas("diff", str(TRACKING), right, "--exit-code", env=env).returncode == 0


def _make_old(url: str) -> None:
    """A database as an older layout left it: without the observation tables."""
    schema = _schema(url)
    with _connect(url) as connection:
        for name in sorted(sql.expected_columns(), reverse=True):
            if name.startswith("observations"):
                connection.execute(f'DROP TABLE "{schema}"."{name}" CASCADE')
        connection.execute(f"UPDATE \"{schema}\".meta SET value = '0' WHERE key = 'layout'")


def test_an_older_database_is_refused_until_upgraded(oas: Any, url: str) -> None:
    store.write(url, _tracking())
    _make_old(url)
    for command in (["validate", url], ["merge", url, str(FILLED)], ["convert", url, "-"]):
        refused = oas(*command, "--to", "json") if command[0] == "convert" else oas(*command)
        assert refused.returncode == 3, command
        report = refused.stdout if command[0] == "validate" else refused.stderr
        assert f"written by an older layout (0, this is {sql.fingerprint()}); " in report
        assert f"upgrade it with: oas-program postgresql upgrade '{url}' [layout-outdated]" in (
            report
        )
    upgraded = oas("postgresql", "upgrade", url)
    assert (upgraded.returncode, upgraded.stdout) == (0, ""), upgraded.stderr
    assert upgraded.stderr == f"{url}: upgraded to layout {sql.fingerprint()}\n"
    assert store.read(url).program == attrs.evolve(_tracking(), observations=())
    assert oas("postgresql", "upgrade", url).stderr == f"{url}: already up to date\n"
    assert oas("merge", url, str(FILLED)).returncode == 0


def test_a_database_of_format_1_1_is_upgraded_with_english_labels(oas: Any, url: str) -> None:
    # Before 1.2 an activity's label was one plain English column, `label`.
    store.write(url, _tracking())
    schema, table = _schema(url), f'"{_schema(url)}".activities'
    with _connect(url) as connection:
        for lang in ("es", "fr", "pt"):
            connection.execute(f'ALTER TABLE {table} DROP COLUMN "label_{lang}"')
        connection.execute(f'ALTER TABLE {table} DROP COLUMN "label_status"')
        connection.execute(f'ALTER TABLE {table} RENAME COLUMN "label_en" TO "label"')
        meta = f'"{schema}".meta'
        connection.execute(f"UPDATE {meta} SET value = '1.1' WHERE key = 'format_version'")
        connection.execute(f"UPDATE {meta} SET value = '0' WHERE key = 'layout'")
        connection.execute(f"UPDATE \"{schema}\".program SET format_version = '1.1'")
    assert oas("validate", url).returncode == 3  # an older layout: refused until upgraded
    upgraded = oas("postgresql", "upgrade", url)
    assert upgraded.returncode == 0, upgraded.stderr
    english = [
        attrs.evolve(a, label=Text(status=TextStatus.SUMMARY, en=a.label.en))
        for a in _tracking().activities
    ]
    assert store.read(url).program == attrs.evolve(_tracking(), activities=tuple(english))


def test_a_newer_database_is_refused(oas: Any, url: str) -> None:
    store.write(url, _tracking())
    schema = _schema(url)
    with _connect(url) as connection:
        connection.execute(f'ALTER TABLE "{schema}".activities ADD COLUMN "budget" text')
        connection.execute(f"UPDATE \"{schema}\".meta SET value = 'x' WHERE key = 'layout'")
    read = oas("progress", url)
    assert read.returncode == 3
    assert read.stderr.startswith(f"{url}: written by a newer layout (columns activities.budget ")
    assert read.stderr.endswith("[layout-newer]\n")


def test_readers_see_whole_programs_while_they_are_replaced(url: str) -> None:
    import threading

    from oas_program import default_program

    programs = [_tracking(), default_program()]
    store.write(url, programs[0])
    seen: list[Any] = []
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for number in range(1, 9):
                store.write(url, programs[number % 2])
        except BaseException as error:  # reported below
            errors.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    while thread.is_alive() or len(seen) < 5:
        seen.append(store.read(url).program)
    thread.join()
    assert errors == []
    assert all(program in programs for program in seen)
