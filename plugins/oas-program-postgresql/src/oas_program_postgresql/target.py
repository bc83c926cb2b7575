"""A PostgreSQL URL: where to connect, which schema, how to name it, how failures read.

`postgresql://[user@][host][:port]/database[?param=value&...]` as libpq takes it (a
Unix-socket folder as `?host=/run/postgresql`). The schema holding the program is
`schema=NAME`, a parameter of ours removed before the URL is given to libpq; or, in a URL
that `psql` also takes, libpq's own `options=-csearch_path%3DNAME`; default `oas_program`.
Passwords come from libpq's usual sources (`PGPASSWORD`, `~/.pgpass`, a service file) or
the URL, and are never shown: every message names the location by `redact_url`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import attrs
import psycopg
from psycopg.conninfo import conninfo_to_dict

from oas_program.errors import DataError, OutputError, UsageError
from oas_program.plugin_api import redact_url

if TYPE_CHECKING:
    from oas_program.errors import OasProgramError

DEFAULT_SCHEMA = "oas_program"
APPLICATION_NAME = "oas-program"
CONNECT_TIMEOUT = 10
"""Seconds to wait for the server when the URL does not say (`connect_timeout=`)."""

_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([^\s,]+)")


@attrs.frozen
class Target:
    """One program in one database: the libpq URL, the schema, the name for messages."""

    conninfo: str
    """The URL without our own parameters, for libpq."""
    schema: str
    shown: str
    """The URL as given, password redacted."""

    @classmethod
    def parse(cls, url: str, *, writing: bool = False) -> Target:
        """Split off `schema=`; a URL libpq cannot parse is refused here, before connecting."""
        shown = redact_url(url)
        base, _, query = url.partition("?")
        kept, schema = [], DEFAULT_SCHEMA
        for item in query.split("&") if query else []:
            if item.startswith("schema="):
                schema = item.removeprefix("schema=")
            else:
                kept.append(item)
        given = "schema=" in query
        target = cls(base + ("?" + "&".join(kept) if kept else ""), schema, shown)
        try:
            options = str(conninfo_to_dict(target.conninfo).get("options") or "")
        except psycopg.ProgrammingError:
            options = ""
        found = _SEARCH_PATH.search(options)
        if found and not given:
            schema = found.group(1)
            target = attrs.evolve(target, schema=schema)
        if not _SCHEMA.match(schema):
            raise target.failure(
                "postgresql-url",
                f"schema {schema!r} is not a plain lowercase name (letters, digits, _)",
                writing=writing,
            )
        try:
            conninfo_to_dict(target.conninfo)
        except psycopg.ProgrammingError as error:
            reason = one_line(str(error)).removeprefix("invalid connection option ")
            raise target.failure(
                "postgresql-url", f"not a valid PostgreSQL URL: {reason}", writing=writing
            ) from None
        return target

    def place(self) -> tuple[str | None, str | None, str | None, str]:
        """(host, port, database, schema): what two URLs must share to name one program."""
        info = conninfo_to_dict(self.conninfo)
        return (
            _text(info.get("host")),
            _text(info.get("port")),
            _text(info.get("dbname")),
            self.schema,
        )

    def failure(self, code: str, message: str, *, writing: bool) -> OasProgramError:
        """The error for a failure here: unreadable input (exit 3), or for an output a usage
        error (a bad URL, exit 2) or a failed write (exit 4)."""
        if not writing:
            return DataError.one(code, message, file=self.shown)
        text = f"cannot write '{self.shown}': {message} [{code}]"
        usage = code in ("postgresql-url", "output-exists")
        return UsageError(text) if usage else OutputError(text)

    def connect(self, *, writing: bool = False) -> psycopg.Connection[tuple[object, ...]]:
        """A connection (not autocommit); connection failures become one clear line."""
        extra: dict[str, Any] = {"application_name": APPLICATION_NAME}
        info = conninfo_to_dict(self.conninfo)
        if "connect_timeout" not in info:
            extra["connect_timeout"] = CONNECT_TIMEOUT
        try:
            # prepare_threshold=None: a whole write drops and re-creates the tables, which
            # would invalidate statements prepared on another connection's session.
            return psycopg.connect(self.conninfo, prepare_threshold=None, **extra)
        except psycopg.OperationalError as error:
            raise self.connection_failure(error, writing=writing) from None

    def connection_failure(self, error: Exception, *, writing: bool) -> OasProgramError:
        reason = server_reason(error)
        lowered = reason.lower()
        if "password authentication failed" in lowered or "no password supplied" in lowered:
            return self.failure(
                "postgresql-auth",
                f"cannot connect: {reason} (the password comes from the URL, PGPASSWORD, "
                "~/.pgpass or a service file)",
                writing=writing,
            )
        if re.search(r"invalid .* for connection option", reason):
            return self.failure(
                "postgresql-url", f"not a valid PostgreSQL URL: {reason}", writing=writing
            )
        if re.search(r'database ".*" does not exist', reason):
            return self.failure("missing-database", f"cannot connect: {reason}", writing=writing)
        return self.failure("postgresql-connect", f"cannot connect: {reason}", writing=writing)


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def one_line(text: str) -> str:
    """*text* on one line, whitespace collapsed, any URL password redacted."""
    return redact_url(" ".join(text.split()))


def server_reason(error: Exception) -> str:
    """The useful part of a driver message: the server's FATAL line when there is one."""
    text = str(error)
    for line in text.splitlines():
        if "FATAL:" in line:
            return one_line(line.split("FATAL:", 1)[1])
    reason = one_line(text) or type(error).__name__
    for prefix in ("connection failed: ", "connection is bad: "):
        reason = reason.removeprefix(prefix)
    return reason
