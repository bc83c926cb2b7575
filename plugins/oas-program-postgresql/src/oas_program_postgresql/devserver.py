"""A throw-away local PostgreSQL server, for trying the plugin and for its tests.

    python -m oas_program_postgresql.devserver DIR          # start; prints the URL
    python -m oas_program_postgresql.devserver DIR --stop   # stop (DIR can then be removed)

`initdb` and `pg_ctl` from a PostgreSQL installation (Debian: `apt-get install postgresql`;
found on PATH, under /usr/lib/postgresql/*/bin, or in `OAS_PROGRAM_PG_BIN`) create a
cluster in DIR/data that listens only on a Unix socket in DIR (no TCP port), with `trust`
authentication for local connections, and a database `oas`. PostgreSQL refuses to run as
root: as root, the cluster belongs to the `postgres` user (DIR is handed to it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import attrs

DATABASE = "oas"
SUPERUSER = "postgres"
PORT = 5432
SETTINGS = (
    # A scratch server: speed over durability (the tests kill backends, not the machine).
    "-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=120"
)


def find_bindir() -> Path | None:
    """The folder holding `initdb` and `pg_ctl`, or None when PostgreSQL is not installed."""
    given = os.environ.get("OAS_PROGRAM_PG_BIN")
    if given:
        return Path(given) if (Path(given) / "pg_ctl").exists() else None
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version, reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    return None


def _version(path: Path) -> float:
    try:
        return float(path.parent.name)
    except ValueError:
        return 0.0


@attrs.frozen
class DevServer:
    """A cluster in *folder*: data in `folder/data`, the socket in *folder*."""

    folder: Path
    bindir: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = DATABASE, user: str = SUPERUSER, **query: str) -> str:
        params = "&".join([f"host={self.folder}", *(f"{k}={v}" for k, v in query.items())])
        return f"postgresql://{user}@/{database}?{params}"

    def _run(self, *command: str) -> None:
        argv = [str(self.bindir / command[0]), *command[1:]]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", SUPERUSER, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()
            raise RuntimeError(f"{command[0]} failed ({done.returncode}): {output}")

    def start(self) -> DevServer:
        """Create the cluster if needed, start it and create the database `oas`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, SUPERUSER, SUPERUSER)
        if not (self.data / "PG_VERSION").exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--locale=C",
            )  # fmt: skip
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
            "-o", f"-k {self.folder} -p {PORT} {SETTINGS}", "start",
        )  # fmt: skip
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
            ).fetchone()
            if exists is None:
                connection.execute(f'CREATE DATABASE "{DATABASE}"')
        return self

    def stop(self) -> None:
        """Stop the server at once (the data is scratch)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL is not installed (no initdb/pg_ctl); see the docstring", file=sys.stderr)
        return 3
    server = DevServer(Path(args[0]).resolve(), bindir)
    if "--stop" in args[1:]:
        server.stop()
        return 0
    try:
        server.start()
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(server.url())
    return 0


if __name__ == "__main__":
    sys.exit(main())
