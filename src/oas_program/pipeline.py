"""The one path of the data: reading and writing programs and forms, for the CLI and library.

Every command and `oas_program.load`/`dump` goes through here, so each rule is applied once:

- an input is a path, `-` (standard input), a pipe or a device; what cannot be read twice is
  copied to a temporary file first (in chunks, stopping at the size limit), so the format
  can be recognised from its first bytes and importers always get a file;
- the format comes from `--format`, else the name's longest matching ending (checked
  against the content), else the content alone;
- an output that is one of the inputs is refused, binary output is never sent to a
  terminal, and a file or directory is committed whole or not at all;
- every call into a plugin (importer, exporter, form format) runs inside `isolated`, which
  turns the plugin's own bug into a `PluginError` naming the plugin (exit 5).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from oas_program.errors import DataError, ExitCode, OasProgramError, PluginError, UsageError
from oas_program.files import canonical
from oas_program.files.limits import Limits
from oas_program.files.locations import is_url, redact_url, scheme
from oas_program.files.writing import (
    names_directory,
    refuse_output_is_input,
    write_output,
    write_output_dir,
)
from oas_program.model.located import Loaded
from oas_program.model.program import Program, unique_ids
from oas_program.plugins.descriptors import (
    Contribution,
    ExportOptions,
    ImportSource,
    check_options,
)
from oas_program.plugins.host import PluginHost, install_hint_for_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from oas_program.model.forms import FilledForm, Form
    from oas_program.plugins.descriptors import Exporter, FormFormat, Importer, Store
    from oas_program.plugins.host import Provided
    from oas_program.services.tracking.merge import MergeResult

EMBEDDED = canonical.EMBEDDED
"""Names the embedded program where a command takes a program file (merge, diff)."""

SNIFF_BYTES = 4096
"""How much of an input is looked at to recognise its format."""


# ---- isolating plugin calls -------------------------------------------------------------


class ContractBroken(Exception):
    """A plugin broke its descriptor's contract in a way the pipeline can see."""


@contextlib.contextmanager
def isolated(what: str, *, on: str | None = None) -> Iterator[None]:
    """Run a plugin's function; its own bug becomes a PluginError naming *what* (exit 5).

    *what* names the plugin's contribution and its owner (`exporter 'csv' (built-in plugin
    'csv')`); *on* the input it was working on. The library's own errors and OS errors
    pass through unchanged: they already say what went wrong and where."""
    try:
        yield
    except (OSError, OasProgramError):
        raise
    except (ContractBroken, attrs.exceptions.FrozenInstanceError) as error:
        # The model is frozen: a plugin that assigns to it gets FrozenInstanceError.
        broken = (
            "tried to change the program it was given (it is read-only)"
            if isinstance(error, attrs.exceptions.FrozenInstanceError)
            else str(error)
        )
        raise PluginError(f"{what} {broken} [plugin-contract]") from error
    except Exception as error:
        where = f" on '{on}'" if on else ""
        raise PluginError(
            f"{what} failed{where}: {type(error).__name__}: {error} [plugin-error]"
        ) from error


def _named(kind: str, provided: Provided[Any]) -> str:
    return f"{kind} '{provided.item.name}' ({provided.plugin.label})"


# ---- inputs -----------------------------------------------------------------------------


def _is_stream(location: str) -> bool:
    """Standard input, a pipe, a FIFO or a character device: readable once, size unknown."""
    if location == "-":
        return True
    try:
        mode = os.stat(location).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def _spool_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="oas-program-input-"))
    # Importers may hand back a program whose locator reads the file later (a finding's
    # line): the copy lives as long as the process.
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _spool(location: str, display: str, limits: Limits) -> Path:
    """Copy a stream input to a temporary file, in chunks, refusing it past the size limit."""
    suffix = "".join(Path(location).suffixes) if location != "-" else ""
    target = _spool_dir() / f"input{suffix}"
    try:
        source: IO[bytes] = sys.stdin.buffer if location == "-" else open(location, "rb")  # noqa: SIM115
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataError.one("input-unreadable", f"cannot read: {reason}", file=display) from None
    try:
        with open(target, "wb") as copy:
            left = limits.max_bytes + 1
            while left > 0:
                chunk = source.read(min(1024 * 1024, left))
                if not chunk:
                    break
                copy.write(chunk)
                left -= len(chunk)
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataError.one("input-unreadable", f"cannot read: {reason}", file=display) from None
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    if left <= 0:
        target.unlink()
        raise DataError.one(
            "too-large", f"larger than the {limits.size_text()} input limit", file=display
        )
    return target


def _head(path: Path, display: str) -> bytes | None:
    """The first bytes of a file (None for a directory); DataError if it cannot be read."""
    if path.is_dir():
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataError.one("input-unreadable", f"cannot read: {reason}", file=display) from None


def _longest_suffix(name: str, suffixes: Sequence[str]) -> int:
    """The length of the longest of *suffixes* that ends *name* (0: none does)."""
    return max((len(s) for s in suffixes if s and name.endswith(s)), default=0)


# How a format is named in "not a ..." messages; others are "a NAME file".
_FORMAT_NOUNS = {"sqlite": "a SQLite database"}


def _what(name: str) -> str:
    """A format as a noun phrase: `a SQLite database`, `a JSON file`, `an XLSX file`."""
    if name in _FORMAT_NOUNS:
        return _FORMAT_NOUNS[name]
    article = "an" if name[:1] in "aeiox" else "a"
    return f"{article} {name.upper()} file"


def _choose_importer(
    host: PluginHost, path: Path, display: str, *, partial: bool = False
) -> Provided[Importer]:
    """The importer for *path*: the longest matching name ending, checked against the
    content; else the first importer that recognises the content. Only partial importers
    (contributions to merge) when *partial*, only whole-program ones otherwise."""
    every = [host.importer_entry(name) for name in host.importers()]
    entries = [e for e in every if e.item.partial == partial]
    lowered = path.name.lower() + ("/" if path.is_dir() else "")
    head = _head(path, display)
    matching = [e for e in entries if _longest_suffix(lowered, e.item.suffixes)]
    if matching:
        chosen = max(matching, key=lambda e: _longest_suffix(lowered, e.item.suffixes))
        importer = chosen.item
        # A blank file is left to the importer, which says "empty" (not "not JSON").
        if importer.sniff is not None and head and head.strip() and not importer.sniff(head):
            looks = [e.item.name for e in entries if e.item.sniff and e.item.sniff(head)]
            hint = f"; content looks like {_what(looks[0])}" if looks else ""
            raise DataError.one(
                "format-mismatch", f"not {_what(importer.name)}{hint}", file=display
            )
        return chosen
    if head is not None:
        for entry in entries:
            if entry.item.sniff is not None and entry.item.sniff(head):
                return entry
    others = [
        e.item.name for e in every if e not in entries and _longest_suffix(lowered, e.item.suffixes)
    ]
    if others and not partial:
        raise UsageError(
            f"'{display}' is read by the partial importer '{others[0]}': its content is merged "
            "into a program, with `oas-program merge BASE FILE`"
        )
    endings = sorted({s for e in entries for s in e.item.suffixes})
    raise DataError.one(
        "unknown-format",
        f"cannot tell the format from the name or the content; known endings: {', '.join(endings)}"
        + install_hint_for_path(path),
        file=display,
    )


def _input_path(location: str | Path, display: str, limits: Limits) -> Path:
    text = str(location)
    return _spool(text, display, limits) if _is_stream(text) else Path(location)


def read(
    location: str | Path | None,
    *,
    host: PluginHost | None = None,
    format: str | None = None,
    display: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Loaded:
    """Read a program, with the places its values came from.

    *location* is a path, `-` for standard input, a pipe or device, or None / `@embedded`
    for the embedded program. *options* are the importer's declared options (`-I`).
    Raises `DataError` (exit 3) for what cannot be read."""
    if location is None or str(location) == EMBEDDED:
        return Loaded(program=canonical.default_program())
    host = host or PluginHost()
    if is_url(location):
        return _as_loaded("store", read_store(host, str(location)))
    display = display or str(location)
    name, result = _import(host, location, display, format, options, partial=False)
    return _as_loaded(f"importer '{name}'", result)


def _as_loaded(what: str, result: object) -> Loaded:
    if isinstance(result, Loaded):
        return result
    if isinstance(result, Program):
        return Loaded(program=result)
    raise PluginError(f"{what} returned {type(result).__name__}, not a Program [plugin-contract]")


def _import(
    host: PluginHost,
    location: str | Path,
    display: str,
    format: str | None,
    options: Mapping[str, Any] | None,
    *,
    partial: bool,
) -> tuple[str, object]:
    """Run the importer for *location* (whole programs, or contributions when *partial*)."""
    limits = Limits.from_environ(host.environ)
    path = _input_path(location, display, limits)
    if format:
        entry = host.importer_entry(format)
        if entry.item.partial != partial:
            raise UsageError(
                f"format '{format}' reads "
                + (
                    "entities to merge into a program: use `oas-program merge BASE FILE`"
                    if entry.item.partial
                    else "whole programs, not contributions to merge"
                )
            )
    else:
        entry = _choose_importer(host, path, display, partial=partial)
    what = f"importer '{entry.item.name}' ({entry.plugin.label})"
    checked = check_options(f"format '{entry.item.name}'", entry.item.options, options or {})
    source = ImportSource(path=path, name=display, limits=limits, options=checked)
    try:
        with isolated(what, on=display):
            return entry.item.name, entry.item.read(source)
    except DataError as error:
        raise error.with_file(display) from None


def read_contribution(
    location: str | Path,
    *,
    host: PluginHost | None = None,
    format: str | None = None,
    display: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Contribution:
    """Read what a partial importer gives (observations, sources) to merge into a program;
    the importer from *format*, else the file's name or content among partial importers."""
    host = host or PluginHost()
    display = display or str(location)
    name, result = _import(host, location, display, format, options, partial=True)
    if isinstance(result, Contribution):
        return result
    raise PluginError(
        f"importer '{name}' returned {type(result).__name__}, not a Contribution [plugin-contract]"
    )


def read_program(
    location: str | Path | None,
    *,
    host: PluginHost | None = None,
    format: str | None = None,
    display: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Program:
    """Read a program (see `read`), without the places of its values."""
    return read(location, host=host, format=format, display=display, options=options).program


def read_form(
    location: str | Path,
    *,
    host: PluginHost | None = None,
    format: str | None = None,
    display: str | None = None,
) -> FilledForm:
    """Read a filled reporting form; the form format from *format* or the name."""
    host = host or PluginHost()
    display = display or str(location)
    limits = Limits.from_environ(host.environ)
    entry = host.form_format_entry(format) if format else host.form_format_for_path(location)
    path = _input_path(location, display, limits)
    source = ImportSource(path=path, name=display, limits=limits)
    with isolated(_named("form format", entry), on=display):
        return entry.item.read(source)


# ---- outputs ----------------------------------------------------------------------------


def refuse_repeated_ids(program: Program) -> None:
    """DataError (exit 1) for ids used twice: no format can be read back to the same
    program, and `validate` reports the same problems with the same words."""
    problems = unique_ids(program)
    if problems:
        raise DataError(problems, ExitCode.INVALID)


def commit(output: str | Path, write_stream: Callable[[IO[bytes]], None]) -> None:
    """The one way anything is written: *write_stream* fills a stream that is committed to
    *output* whole or not at all (stdout spooled, devices in place, files atomically)."""
    write_output(output, write_stream)


def commit_directory(output: str | Path, write_into: Callable[[Path], None]) -> None:
    """The same for a directory output: built beside it, then put in its place."""
    write_output_dir(output, write_into)


def write_bytes(data: bytes, output: str | Path, *, inputs: Sequence[str | Path] = ()) -> None:
    """Write bytes the library made itself (the JSON Schema), with the same rules."""
    refuse_output_is_input(output, list(inputs))

    def write_stream(stream: IO[bytes]) -> None:
        stream.write(data)

    commit(output, write_stream)


def _stdout_is_tty() -> bool:
    return sys.stdout.isatty()


def _refuse_binary_to_terminal(kind: str, name: str, binary: bool, output: str | Path) -> None:
    if str(output) == "-" and binary and _stdout_is_tty():
        raise UsageError(f"{kind} '{name}' is binary; give -o FILE")


def write(
    program: Program,
    output: str | Path,
    *,
    host: PluginHost | None = None,
    format: str | None = None,
    options: ExportOptions | None = None,
    inputs: Sequence[str | Path] = (),
) -> None:
    """Write *program* to *output* ("-" = standard output) atomically.

    The format is *format*, else the one the output's name ends with. An output ending with
    a slash (or an existing directory) gets the format's directory form, built beside it
    and renamed into place. An output that is one of *inputs* is refused; binary formats are
    never written to a terminal; a failing exporter leaves the previous output untouched."""
    try:
        _write(program, output, host or PluginHost(), format, options, inputs)
    except DataError as error:
        # What a format cannot hold is a fact of the data: name the file it came from.
        if len(inputs) == 1 and not is_url(inputs[0]):
            raise error.with_file(str(inputs[0])) from None
        raise


def _write(
    program: Program,
    output: str | Path,
    host: PluginHost,
    format: str | None,
    options: ExportOptions | None,
    inputs: Sequence[str | Path],
) -> None:
    if is_url(output):  # a database: its store writes it in one transaction
        refuse_repeated_ids(program)
        write_store(host, program, str(output), inputs)
        return
    options = options or ExportOptions()
    entry = host.exporter_entry(format) if format else host.exporter_for_path(output)
    exporter = entry.item
    options = exporter_options(exporter, options)
    _refuse_binary_to_terminal("format", exporter.name, exporter.binary, output)
    refuse_output_is_input(output, list(inputs))
    refuse_repeated_ids(program)
    what = _named("exporter", entry)
    if names_directory(output):
        _write_directory(what, program, exporter, output, options, inputs)
        return

    def write_stream(stream: IO[bytes]) -> None:
        # Typed to return None, but a plugin may still return what it meant to write.
        with isolated(what):
            returned: object = exporter.write(program, stream, options)  # type: ignore[func-returns-value]
            if returned is not None:
                # Most likely the bytes it meant to write: failing beats an empty file.
                raise ContractBroken(
                    f"returned {type(returned).__name__}; write() must write to the stream "
                    "it is given and return None"
                )

    commit(output, write_stream)


def exporter_options(exporter: Exporter, options: ExportOptions | None) -> ExportOptions:
    """*options* with `extra` checked against the exporter's declared options (UsageError
    naming the valid ones), converted, and with the defaults filled in."""
    options = options or ExportOptions()
    extra = check_options(f"format '{exporter.name}'", exporter.options, options.extra)
    return attrs.evolve(options, extra=extra)


def _write_directory(
    what: str,
    program: Program,
    exporter: Exporter,
    output: str | Path,
    options: ExportOptions,
    inputs: Sequence[str | Path],
) -> None:
    write_dir = exporter.write_dir
    if write_dir is None:
        raise UsageError(
            f"format '{exporter.name}' writes one file, and '{output}' is a directory; "
            "give a file name [output-is-directory]"
        )
    target = Path(output).resolve()
    for source in inputs:
        if str(source) != "-" and Path(source).resolve().is_relative_to(target):
            raise UsageError(f"output '{output}' holds the input '{source}' [output-is-input]")

    def write_into(directory: Path) -> None:
        with isolated(what):
            write_dir(program, directory, options)

    commit_directory(output, write_into)


def write_form(
    form: Form,
    output: str | Path,
    *,
    host: PluginHost | None = None,
    format: str | None = None,
    options: ExportOptions | None = None,
    inputs: Sequence[str | Path] = (),
) -> None:
    """Write a blank (prefilled) reporting form, with the same rules as `write`."""
    host = host or PluginHost()
    options = options or ExportOptions()
    if format:
        entry = host.form_format_entry(format)
    elif str(output) != "-":
        entry = host.form_format_for_path(output)
    else:
        entry = host.form_format_entry("json")
    form_format: FormFormat = entry.item
    _refuse_binary_to_terminal("form format", form_format.name, form_format.binary, output)
    refuse_output_is_input(output, list(inputs))

    def write_stream(stream: IO[bytes]) -> None:
        with isolated(_named("form format", entry)):
            form_format.write(form, stream, options)

    commit(output, write_stream)


# ---- programs kept in databases (URLs) ------------------------------------------------------


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


# ---- the library's front door -------------------------------------------------------------


def load(path: str | Path, *, format: str | None = None, host: PluginHost | None = None) -> Program:
    """Read a program from *path* (`-` for standard input); the format comes from *format*,
    the name or the content.

    Raises `oas_program.DataError` (with file, place and rule code of every problem)."""
    return read_program(path, host=host, format=format)


def loads(data: str | bytes, *, format: str = "json") -> Program:
    """Read a program from text or bytes in a format (canonical JSON by default)."""
    from oas_program.files import canonical

    if format == "json":
        return canonical.loads(data)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    host = PluginHost()
    importer = host.importer(format)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{importer.suffixes[0] if importer.suffixes else ''}"
        path.write_bytes(raw)
        return read_program(path, host=host, format=format)


def dump(
    program: Program,
    path: str | Path,
    *,
    format: str | None = None,
    options: ExportOptions | None = None,
    host: PluginHost | None = None,
) -> None:
    """Write *program* to *path* atomically; the format comes from *format* or the name.

    A path ending with a slash (or an existing directory) gets a format's directory form
    (the CSV data package)."""
    write(program, path, host=host, format=format, options=options)


def dumps(program: Program, *, format: str = "json", options: ExportOptions | None = None) -> bytes:
    """The program in a format, as bytes (canonical JSON by default)."""
    entry = PluginHost().exporter_entry(format)
    refuse_repeated_ids(program)
    buffer = io.BytesIO()
    options = exporter_options(entry.item, options)
    with isolated(_named("exporter", entry)):
        entry.item.write(program, buffer, options)
    return buffer.getvalue()


def default_program() -> Program:
    """The embedded program (the data shipped with the package)."""
    from oas_program.files.canonical import default_program as embedded

    return embedded()
