"""A real PostgreSQL server for the plugin's tests, started for the run and thrown away.

`initdb` and `pg_ctl` (Debian's `postgresql` package) make a cluster in a temporary folder,
listening only on a Unix socket there; as root, the cluster runs as the `postgres` user.
Local connections are trusted, except for the role `oas_password` (password
`right-password`), for the wrong-password test. Without PostgreSQL installed the tests skip
with a message, except under CI (`CI` set), where they fail: CI must run them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from oas_program_postgresql.devserver import DevServer, find_bindir

PASSWORD_ROLE = "oas_password"
PASSWORD = "right-password"
RUN_CLI = "from oas_program.cli import main; main()"
_schemas = itertools.count(1)


@pytest.fixture(autouse=True)
def _strict_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # As in the main suite: plugin warnings are errors, and no allowlist or blocklist
    # from the environment changes which plugins load.
    monkeypatch.setenv("OAS_PROGRAM_STRICT", "1")
    for name in ("OAS_PROGRAM_LOAD_PLUGINS", "OAS_PROGRAM_DISABLE_PLUGINS", "PGPASSWORD"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture(scope="session")
def server() -> Iterator[DevServer]:
    bindir = find_bindir()
    if bindir is None:
        message = (
            "PostgreSQL is not installed (no initdb/pg_ctl): apt-get install postgresql, "
            "or set OAS_PROGRAM_PG_BIN"
        )
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the PostgreSQL tests)")
        pytest.skip(message)
    import psycopg

    folder = Path(tempfile.mkdtemp(prefix="oas-pg-"))  # short: a socket path has 107 bytes
    started = DevServer(folder, bindir)
    try:
        started.start()
        hba = started.data / "pg_hba.conf"
        hba.write_text(f"local all {PASSWORD_ROLE} scram-sha-256\n" + hba.read_text())
        with psycopg.connect(started.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
            connection.execute(f"GRANT ALL ON DATABASE oas TO {PASSWORD_ROLE}")
            connection.execute("SELECT pg_reload_conf()")
        yield started
    finally:
        if (started.data / "postmaster.pid").exists():
            started.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def url(server: DevServer) -> str:
    """A URL naming a schema of its own (nothing written there yet)."""
    return server.url(schema=f"t{next(_schemas)}")


def _oas(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=300,
    )


@pytest.fixture
def oas() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `oas-program ARGS` in a subprocess, as a user does."""
    return _oas
