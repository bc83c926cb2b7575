"""Locations that are not files: a program kept in a database, addressed by URL.

A program's location is a file path, or a URL (`postgresql://…`, `postgresql:///db?host=/x`)
whose scheme chooses the store plugin (`oas_program_stores`), as a file name's ending
chooses a format. A URL has a scheme of two or more letters followed by `://`, so a Windows
path (`C:\\data`, `C://data`) stays a path. Passwords in URLs are never shown: every
message names a location through `redact_url`.

The few places that read or write programs ask here: `PluginHost.read_located` (reading),
`export.write_program` (writing), `oas-program convert` and `oas-program merge`.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

from oas_program.errors import DataError, OasProgramError, PluginError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from oas_program.host import PluginHost
    from oas_program.merge import MergeResult
    from oas_program.model.program import Program
    from oas_program.plugin_api import Store

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")
_USERINFO_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@:]*):[^\s/?#@]*@")
_QUERY_PASSWORD = re.compile(r"([?&](?:password|sslpassword)=)[^&#]*", re.IGNORECASE)


def is_url(location: str | Path | None) -> bool:
    """Whether *location* is a URL (`scheme://…`) rather than a file path."""
    return isinstance(location, str) and _URL.match(location) is not None


def scheme(location: str) -> str:
    """The URL's scheme, lowercased (`postgresql`)."""
    found = _URL.match(location)
    if found is None:
        raise ValueError(f"not a URL: {redact_url(location)!r}")
    return found.group(1).lower()


def redact_url(text: str) -> str:
    """*text* with the password of any URL in it (`user:secret@`, `?password=secret`) shown
    as `***`: for locations, and for driver messages that may quote one."""
    text = _USERINFO_PASSWORD.sub(r"\1:***@", text)
    return _QUERY_PASSWORD.sub(r"\1***", text)


def _unknown(location: str) -> str:
    return f"no installed plugin {{}} {scheme(location)}:// locations"


def store_for_input(host: PluginHost, location: str) -> Store:
    """The store that reads *location*; DataError (exit 3) naming it when none does."""
    store: Store | None = host.store_for(location)
    if store is None:
        message = "cannot read: " + _unknown(location).format("reads")
        raise DataError.one("unknown-format", message, file=redact_url(location))
    return store


def store_for_output(host: PluginHost, location: str) -> Store:
    """The store that writes *location*; UsageError (exit 2) naming it when none does."""
    store: Store | None = host.store_for(location)
    if store is None:
        reason = _unknown(location).format("writes")
        raise UsageError(f"cannot write '{redact_url(location)}': {reason} [unknown-format]")
    return store


@contextlib.contextmanager
def store_call(store: Store, location: str) -> Iterator[None]:
    """Run a store's function: the library's own errors pass (DataError naming the location),
    anything else is the plugin's bug, reported in one line with the password redacted."""
    try:
        yield
    except DataError as error:
        raise error.with_file(redact_url(location)) from None
    except OasProgramError:
        raise
    except Exception as error:
        raise PluginError(
            f"store '{store.name}' failed on '{redact_url(location)}': "
            f"{type(error).__name__}: {redact_url(str(error))} [plugin-error]"
        ) from error


def read_store(host: PluginHost, location: str) -> object:
    """What the store returns for *location* (a Program or a Loaded)."""
    store = store_for_input(host, location)
    with store_call(store, location):
        return store.read(location)


def refuse_same_store(host: PluginHost, output: str, inputs: Sequence[str | Path]) -> None:
    """UsageError when the URL *output* names the same program as one of *inputs*."""
    store = host.store_for(output)
    for source in inputs:
        if not is_url(source) or host.store_for(str(source)) is not store or store is None:
            continue
        same = store.same_place(output, str(source)) if store.same_place else output == source
        if same:
            raise UsageError(
                f"output '{redact_url(output)}' is the same program as input "
                f"'{redact_url(str(source))}' [output-is-input]"
            )


def write_store(
    host: PluginHost, program: Program, output: str, inputs: Sequence[str | Path] = ()
) -> None:
    """Replace the program at the URL *output* (one transaction, in the store)."""
    store = store_for_output(host, output)
    refuse_same_store(host, output, inputs)
    with store_call(store, output):
        store.write(output, program)


def merge_store(
    host: PluginHost, location: str, apply: Callable[[Program], MergeResult], dry_run: bool
) -> MergeResult:
    """Merge into the program at *location* in one transaction (`Store.merge`)."""
    store = store_for_input(host, location)
    if store.merge is None:
        raise UsageError(
            f"store '{store.name}' cannot merge in place; give -o OUTPUT [merge-unsupported]"
        )
    with store_call(store, location):
        return store.merge(location, apply, dry_run)
